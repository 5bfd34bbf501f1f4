-- The SLA monitor's queue at as_of: every covered ticket with a clock still running that is
-- at_risk or already breached, soonest due first. One row per ticket; `clock` names the clocks
-- in the queue, `due_at` the earlier of their due times, `minutes_left` is due_at - as_of
-- (negative once overdue; NULL while the resolution clock is paused on hold).
with

tickets as (
    select * from {{ ref('fct_ticket_sla') }}
    where entitlement = 'covered'
),

clients as (
    select client_id, client_name from {{ ref('stg_psa__clients') }}
),

technicians as (
    select technician_id, name as technician_name from {{ ref('stg_hr__technicians') }}
),

queued as (
    select
        *,
        not response_finished and response_status in ('at_risk', 'breached') as response_in_queue,
        not resolution_finished and resolution_status in ('at_risk', 'breached')
            as resolution_in_queue
    from tickets
),

due as (
    select
        *,
        least(
            case when response_in_queue then response_due_at end,
            case when resolution_in_queue then resolution_due_at end
        ) as due_at
    from queued
    where response_in_queue or resolution_in_queue
)

select
    due.ticket_id,
    due.client_id,
    clients.client_name,
    due.contract_id,
    due.tier,
    due.priority,
    due.service_type,
    due.technician_id,
    technicians.technician_name,
    due.created_at,
    case
        when due.response_in_queue and due.resolution_in_queue then 'response + resolution'
        when due.response_in_queue then 'response'
        else 'resolution'
    end as clock,
    case
        when (due.response_in_queue and due.response_status = 'breached')
            or (due.resolution_in_queue and due.resolution_status = 'breached') then 'breached'
        else 'at_risk'
    end as sla_state,
    due.due_at,
    round({{ seconds_between(as_of(), 'due.due_at') }} / 60.0, 1) as minutes_left,
    due.response_status,
    due.resolution_status,
    {{ as_of() }} as as_of
from due
left join clients on clients.client_id = due.client_id
left join technicians on technicians.technician_id = due.technician_id
