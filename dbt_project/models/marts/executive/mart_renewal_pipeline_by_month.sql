-- Renewal pipeline value by the month the contracts end, with the forecast weighted by health
-- (annual_value x health_score / 100).
select
    cast(date_trunc('month', end_date) as date) as month,
    pipeline_status,
    cast(count(*) as integer) as contracts,
    cast(sum(annual_value) as decimal(18, 2)) as annual_value,
    cast(sum(weighted_annual_value) as decimal(18, 2)) as weighted_annual_value,
    cast(count(*) filter (where recommendation = 'at_risk') as integer) as at_risk_contracts
from {{ ref('mart_renewal_pipeline') }}
group by all
