-- Revenue, cost and margin by contract tier, to date (as mart_contract_health) and over the
-- trailing 12 months. Cost = hours x technicians.cost_rate.
with

health as (
    select * from {{ ref('mart_contract_health') }}
),

financials as (
    select * from {{ ref('int_contract_financials') }}
)

select
    coalesce(health.tier, 'unknown') as tier,
    cast(count(*) as integer) as contracts,
    cast(sum(health.billed_to_date) as decimal(18, 2)) as revenue,
    cast(sum(health.cost_to_date) as decimal(18, 2)) as cost,
    cast(sum(health.billed_to_date) - sum(health.cost_to_date) as decimal(18, 2)) as margin,
    cast((sum(health.billed_to_date) - sum(health.cost_to_date))
        / nullif(sum(health.billed_to_date), 0) as double) as margin_pct,
    cast(sum(financials.revenue_12m) as decimal(18, 2)) as revenue_12m,
    cast(sum(financials.cost_12m) as decimal(18, 2)) as cost_12m,
    cast((sum(financials.revenue_12m) - sum(financials.cost_12m))
        / nullif(sum(financials.revenue_12m), 0) as double) as margin_pct_12m,
    sum(financials.hours_to_date) as hours
from health
left join financials on financials.contract_id = health.contract_id
group by all
