-- The whole days each contract's coverage is closed from the day before as_of to the end of the
-- published coverage window (int_contract_closed_days: public holidays, closed dates), with the
-- reason. 24x7 contracts are never closed (section 3) and have no rows.
with

closed as (
    select * from {{ ref('int_contract_closed_days') }}
),

contracts as (
    select contract_id, coverage_timezone from {{ ref('int_contracts_resolved') }}
),

always_open as (
    select distinct contract_id
    from {{ ref('stg_contracts__coverage_windows') }}
    where is_24x7
)

select closed.contract_id, closed.closed_date, closed.reason
from closed
inner join contracts on contracts.contract_id = closed.contract_id
where closed.contract_id not in (select contract_id from always_open)
    and closed.closed_date >= cast({{ as_of_local('contracts.coverage_timezone') }} as date)
        - {{ var('coverage_days_before_as_of') }}
    and closed.closed_date <= cast({{ as_of_local('contracts.coverage_timezone') }} as date)
        + {{ var('coverage_days_after_as_of') }}
