-- One row per contract and calendar month (contract time zone) of its term that has started by
-- as_of: the spine that monthly billing, credits and revenue hang on.
with

contracts as (
    select
        contract_id,
        start_date,
        end_date,
        cast({{ as_of_local('coverage_timezone') }} as date) as as_of_date
    from {{ ref('int_contracts_resolved') }}
),

months as (
    select
        contract_id,
        {{ series(
            "cast(date_trunc('month', start_date) as timestamp)",
            "cast(date_trunc('month', least(end_date, as_of_date)) as timestamp)",
            'interval 1 month', cast_to='date'
        ) }} as month
    from contracts
    where start_date <= as_of_date
)

select
    contract_id,
    month
from months
