-- For every contract active at as_of (start_date <= as_of date <= end_date, contract time zone),
-- the technicians who work for its client: listed in assignments, or with ticket or timesheet
-- activity for the client in the 90 days before as_of. Spec section 3 "Compliance".
-- Contracts under review are judged too: review only withholds SLA and billing judgements.
with

active_contracts as (
    select * from {{ ref('int_contracts_active_at_as_of') }}
),

client_technicians as (
    select client_id, technician_id, 'assignment' as basis
    from {{ ref('stg_hr__assignments') }}
    union all
    select client_id, technician_id, 'ticket' as basis
    from {{ ref('stg_psa__tickets') }}
    where technician_id is not null
        and created_at > {{ as_of() }} - interval 90 day
        and created_at <= {{ as_of() }}
    union all
    select client_id, technician_id, 'timesheet' as basis
    from {{ ref('stg_timesheets__time_entries') }}
    where started_at > {{ as_of() }} - interval 90 day
        and started_at <= {{ as_of() }}
)

select
    active_contracts.contract_id,
    active_contracts.client_id,
    active_contracts.as_of_date,
    client_technicians.technician_id,
    {{ string_agg_sorted('client_technicians.basis', "', '", distinct=true) }}
        as basis
from active_contracts
inner join client_technicians on client_technicians.client_id = active_contracts.client_id
group by all
