-- The reporting currency converts to itself at exactly 1 (and is in the table).
select '{{ var("reporting_currency") }}' as currency
where not exists (
    select 1 from {{ ref('fx_rates') }}
    where currency = '{{ var("reporting_currency") }}' and rate_to_reporting = 1
)
