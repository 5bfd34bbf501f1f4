-- Renewal pipeline value by the month the contracts end, with the forecast weighted by health
-- (annual_value x health_score / 100), in the reporting currency (seeds/fx_rates.csv);
-- contracts in a currency without a rate are counted but not valued.
select
    cast(date_trunc('month', pipeline.end_date) as date) as month,
    pipeline.pipeline_status,
    cast(count(*) as integer) as contracts,
    cast(sum(pipeline.annual_value * fx.rate_to_reporting) as decimal(18, 2)) as annual_value,
    cast(sum(pipeline.weighted_annual_value * fx.rate_to_reporting) as decimal(18, 2))
        as weighted_annual_value,
    cast(count(*) filter (where pipeline.recommendation = 'at_risk') as integer) as at_risk_contracts,
    cast(count(*) filter (where fx.rate_to_reporting is null) as integer) as contracts_without_fx_rate
from {{ ref('mart_renewal_pipeline') }} as pipeline
left join {{ ref('int_contract_fx_rates') }} as fx on fx.contract_id = pipeline.contract_id
group by all
