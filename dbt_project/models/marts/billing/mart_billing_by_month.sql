-- Billing accuracy and recoverable revenue per calendar month (the entry's month in the contract
-- time zone), across contracts: the executive trend. Billing accuracy = ok entries / reconciled
-- entries (section 3); recoverable revenue in the reporting currency (each entry at its
-- contract's rate; entries with no contract or no rate are not money anyone can recover).
with

entries as (
    select * from {{ ref('fct_billing_reconciliation') }}
),

fx as (
    select contract_id, rate_to_reporting from {{ ref('int_contract_fx_rates') }}
)

select
    entries.billing_month as month,
    count(*) as entries,
    count(*) filter (where entries.finding = 'ok') as ok_entries,
    count(*) filter (where entries.is_reconciled) as reconciled_entries,
    cast(count(*) filter (where entries.finding = 'ok') as double)
        / nullif(count(*) filter (where entries.is_reconciled), 0) as billing_accuracy,
    cast(sum(entries.recoverable_amount * fx.rate_to_reporting)
        filter (where entries.expected_amount is not null) as decimal(18, 2))
        as recoverable_revenue,
    '{{ var("reporting_currency") }}' as reporting_currency
from entries
left join fx on fx.contract_id = entries.contract_id
group by entries.billing_month
