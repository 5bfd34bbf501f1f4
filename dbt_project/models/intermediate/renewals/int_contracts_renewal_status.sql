-- Each contract's place in the renewal cycle at as_of (dates in the contract time zone).
-- Spec section 3 "Renewals": due when as_of <= end_date <= as_of + 90 days with no successor
-- (no contract names it as previous_contract_id); lapsed when the end date passed in the last
-- 90 days with no successor.
with

contracts as (
    select
        *,
        cast({{ as_of_local('coverage_timezone') }} as date) as as_of_date
    from {{ ref('int_contracts_resolved') }}
),

successors as (
    select
        previous_contract_id as contract_id,
        min(contract_id) as successor_contract_id
    from {{ ref('int_contracts_resolved') }}
    where previous_contract_id is not null
    group by all
)

select
    contracts.contract_id,
    contracts.client_id,
    contracts.as_of_date,
    contracts.end_date,
    {{ days_between('contracts.as_of_date', 'contracts.end_date') }} as days_to_end,
    successors.successor_contract_id,
    case
        when successors.successor_contract_id is not null then 'renewed'
        when contracts.end_date between contracts.as_of_date and contracts.as_of_date + 90
            then 'due'
        when contracts.end_date < contracts.as_of_date
            and contracts.end_date >= contracts.as_of_date - 90 then 'lapsed'
        when contracts.end_date < contracts.as_of_date then 'ended'
        when contracts.start_date > contracts.as_of_date then 'not_started'
        else 'active'
    end as renewal_status
from contracts
left join successors on successors.contract_id = contracts.contract_id
