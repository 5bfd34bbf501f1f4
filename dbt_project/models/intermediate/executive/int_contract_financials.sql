-- Per contract, up to as_of: revenue (monthly fees of the months started so far + the amounts
-- billed on billable time entries), cost (hours x technicians.cost_rate on every entry matched to
-- the contract, billable or not) and margin; also over the trailing 12 months. Everything in the
-- contract's currency: technicians' cost rates are in the reporting currency and are converted
-- (cost / rate_to_reporting), so a margin never sets rupees against dollars. No rate: NULL cost.
with

contracts as (
    select
        contract_id,
        coalesce(monthly_fee, 0) as monthly_fee,
        cast(date_trunc('month', {{ as_of_local('coverage_timezone') }}) as date)
            as as_of_month
    from {{ ref('int_contracts_resolved') }}
),

fees as (
    select
        months.contract_id,
        sum(contracts.monthly_fee) as fees_to_date,
        sum(contracts.monthly_fee) filter (
            where months.month > contracts.as_of_month - interval 12 month
        ) as fees_12m,
        count(*) as months_to_date
    from {{ ref('int_contract_months') }} as months
    inner join contracts on contracts.contract_id = months.contract_id
    group by all
),

entries as (
    select
        contract_id,
        sum(billed_amount) filter (where billable) as entries_billed_to_date,
        sum(cost_amount) as cost_to_date,
        sum(hours) as hours_to_date,
        sum(billed_amount) filter (
            where billable and started_at > {{ as_of() }} - interval 365 day
        ) as entries_billed_12m,
        sum(cost_amount) filter (where started_at > {{ as_of() }} - interval 365 day) as cost_12m
    from {{ ref('int_billing_reconciliation') }}
    where contract_id is not null and started_at <= {{ as_of() }}
    group by all
),

fx as (
    select * from {{ ref('int_contract_fx_rates') }}
)

select
    contracts.contract_id,
    coalesce(fees.months_to_date, 0) as months_to_date,
    cast(coalesce(fees.fees_to_date, 0) + coalesce(entries.entries_billed_to_date, 0)
        as decimal(18, 2)) as billed_to_date,
    cast(coalesce(entries.cost_to_date, 0) / fx.rate_to_reporting as decimal(18, 2)) as cost_to_date,
    coalesce(entries.hours_to_date, 0) as hours_to_date,
    cast(coalesce(fees.fees_12m, 0) + coalesce(entries.entries_billed_12m, 0)
        as decimal(18, 2)) as revenue_12m,
    cast(coalesce(entries.cost_12m, 0) / fx.rate_to_reporting as decimal(18, 2)) as cost_12m,
    -- the same costs as incurred, in the reporting currency (no round trip through the rate)
    cast(coalesce(entries.cost_to_date, 0) as decimal(18, 2)) as cost_to_date_reporting,
    cast(coalesce(entries.cost_12m, 0) as decimal(18, 2)) as cost_12m_reporting,
    fx.currency,
    fx.rate_to_reporting
from contracts
left join fees on fees.contract_id = contracts.contract_id
left join entries on entries.contract_id = contracts.contract_id
left join fx on fx.contract_id = contracts.contract_id
