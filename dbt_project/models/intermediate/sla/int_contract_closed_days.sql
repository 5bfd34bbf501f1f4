-- Whole days a contract's coverage is closed (spec section 3, Clock): the client's country's
-- public holidays when the contract says public_holidays, and the contract's closed dates.
-- One row per contract and day, with the reason a person reads ("public holiday: Christmas Day").
-- The business calendars (int_sla_coverage_intervals) and the technician's coverage view
-- (mart_contract_coverage) both read this, so they cannot disagree.
with

contracts as (
    select contract_id, client_id, public_holidays from {{ ref('int_contracts_resolved') }}
),

clients as (
    select client_id, country from {{ ref('stg_psa__clients') }}
),

holidays as (
    select
        contracts.contract_id,
        public_holidays.holiday_date as closed_date,
        'public holiday: ' || public_holidays.name as reason
    from contracts
    inner join clients on clients.client_id = contracts.client_id
    inner join {{ source('sla_reference', 'public_holidays') }} as public_holidays
        on public_holidays.country = clients.country
    where contracts.public_holidays
),

stated as (
    select contract_id, closed_date, 'closed date' as reason
    from {{ ref('stg_contracts__closed_dates') }}
)

select contract_id, closed_date, {{ string_agg_sorted('reason', "'; '") }} as reason
from (select * from holidays union all select * from stated)
group by contract_id, closed_date
