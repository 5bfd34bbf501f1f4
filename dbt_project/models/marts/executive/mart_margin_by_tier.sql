-- Revenue, cost and margin by contract tier, to date (as mart_contract_health) and over the
-- trailing 12 months, in the reporting currency (seeds/fx_rates.csv). Cost = hours x
-- technicians.cost_rate. Contracts in a currency without a rate are left out (and counted).
with

health as (
    select * from {{ ref('mart_contract_health') }}
),

financials as (
    select * from {{ ref('int_contract_financials') }}
),

converted as (
    -- NULL revenue and cost for a contract whose currency has no rate: left out of the sums
    select
        coalesce(health.tier, 'unknown') as tier,
        health.billed_to_date * financials.rate_to_reporting as revenue,
        case when financials.rate_to_reporting is not null
            then financials.cost_to_date_reporting end as cost,
        financials.revenue_12m * financials.rate_to_reporting as revenue_12m,
        case when financials.rate_to_reporting is not null
            then financials.cost_12m_reporting end as cost_12m,
        financials.hours_to_date as hours,
        financials.rate_to_reporting is null as without_rate
    from health
    left join financials on financials.contract_id = health.contract_id
)

select
    tier,
    cast(count(*) as integer) as contracts,
    cast(sum(revenue) as decimal(18, 2)) as revenue,
    cast(sum(cost) as decimal(18, 2)) as cost,
    cast(sum(revenue) - sum(cost) as decimal(18, 2)) as margin,
    cast((sum(revenue) - sum(cost)) / nullif(sum(revenue), 0) as double) as margin_pct,
    cast(sum(revenue_12m) as decimal(18, 2)) as revenue_12m,
    cast(sum(cost_12m) as decimal(18, 2)) as cost_12m,
    cast((sum(revenue_12m) - sum(cost_12m)) / nullif(sum(revenue_12m), 0) as double)
        as margin_pct_12m,
    sum(hours) as hours,
    cast(count(*) filter (where without_rate) as integer) as contracts_without_fx_rate
from converted
group by all
