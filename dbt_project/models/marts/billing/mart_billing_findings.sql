-- Per billing finding across every entry to date: how many entries and hours, and the money in
-- the reporting currency (each entry at its contract's rate; entries without a contract or a
-- rate add no money). is_reconciled / is_flagged say how the finding counts (section 3).
with

entries as (
    select * from {{ ref('fct_billing_reconciliation') }}
),

fx as (
    select contract_id, rate_to_reporting from {{ ref('int_contract_fx_rates') }}
)

select
    entries.finding,
    bool_and(entries.is_reconciled) as is_reconciled,
    bool_and(entries.is_flagged) as is_flagged,
    count(*) as entries,
    sum(entries.hours) as hours,
    cast(sum(entries.billed_amount * fx.rate_to_reporting) as decimal(18, 2)) as billed_amount,
    cast(sum(entries.expected_amount * fx.rate_to_reporting) as decimal(18, 2)) as expected_amount,
    cast(sum(entries.variance * fx.rate_to_reporting) as decimal(18, 2)) as variance,
    cast(sum(entries.recoverable_amount * fx.rate_to_reporting)
        filter (where entries.expected_amount is not null) as decimal(18, 2)) as recoverable_revenue,
    '{{ var("reporting_currency") }}' as reporting_currency
from entries
left join fx on fx.contract_id = entries.contract_id
group by entries.finding
