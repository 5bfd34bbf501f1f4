-- The whole days each contract's coverage is closed from the day before as_of to the end of the
-- published coverage window (int_contract_closed_days: public holidays, closed dates), with the
-- reason. 24x7 contracts are never closed (section 3) and have no rows.
with

closed as (
    select * from {{ ref('int_contract_closed_days') }}
),

contracts as (
    select contract_id, coverage_timezone, coverage_is_24x7 from {{ ref('int_contracts_resolved') }}
)

select closed.contract_id, closed.closed_date, closed.reason
from closed
inner join contracts on contracts.contract_id = closed.contract_id
where not contracts.coverage_is_24x7
    and closed.closed_date >= cast({{ as_of_local('contracts.coverage_timezone') }} as date)
        - {{ var('coverage_days_before_as_of') }}
    and closed.closed_date <= cast({{ as_of_local('contracts.coverage_timezone') }} as date)
        + {{ var('coverage_days_after_as_of') }}
