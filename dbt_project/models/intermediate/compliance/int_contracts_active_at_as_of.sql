-- Contracts in force at as_of: start_date <= as_of date <= end_date, the date taken in the
-- contract's time zone. Contracts under review count: review withholds only SLA and billing.
select
    contract_id,
    client_id,
    cast({{ as_of_local('coverage_timezone') }} as date) as as_of_date
from {{ ref('int_contracts_resolved') }}
where cast({{ as_of_local('coverage_timezone') }} as date) between start_date and end_date
