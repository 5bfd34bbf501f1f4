-- The technician's day: every open ticket (status open, in_progress or on_hold) assigned to a
-- technician, whatever its SLA state, soonest due first. `due_at` is the next due time of the
-- ticket's running clocks (response while not responded, else resolution), `minutes_left` is
-- due_at - as_of (negative once overdue; NULL while the resolution clock is paused on hold, and
-- for tickets with no SLA: out of scope, no contract). No money: this mart is read by technicians.
with

tickets as (
    select * from {{ ref('fct_ticket_sla') }}
    where technician_id is not null
        and status in ('open', 'in_progress', 'on_hold')
),

summaries as (
    select ticket_id, summary from {{ ref('stg_psa__tickets') }}
),

clients as (
    select client_id, client_name from {{ ref('stg_psa__clients') }}
),

technicians as (
    select technician_id, name as technician_name from {{ ref('stg_hr__technicians') }}
),

running as (
    select
        *,
        -- a clock runs when it is judged (covered, with a target) and not finished yet
        coalesce(not response_finished and response_status <> 'not_applicable', false)
            as response_running,
        coalesce(not resolution_finished and resolution_status <> 'not_applicable', false)
            as resolution_running
    from tickets
),

due as (
    select
        *,
        case
            when response_running then 'response'
            when resolution_running then 'resolution'
        end as next_clock,
        case
            when response_running then response_due_at
            when resolution_running then resolution_due_at
        end as due_at,
        case
            when (response_running and response_status = 'breached')
                or (resolution_running and resolution_status = 'breached') then 'breached'
            when (response_running and response_status = 'at_risk')
                or (resolution_running and resolution_status = 'at_risk') then 'at_risk'
            when response_running or resolution_running then 'on_track'
            else 'not_applicable'
        end as sla_state
    from running
)

select
    due.ticket_id,
    due.technician_id,
    technicians.technician_name,
    due.client_id,
    clients.client_name,
    due.contract_id,
    due.tier,
    due.priority,
    due.service_type,
    summaries.summary,
    due.status,
    due.entitlement,
    due.created_at,
    due.sla_clock,
    due.response_target_minutes,
    due.resolution_target_minutes,
    due.response_status,
    due.resolution_status,
    due.response_due_at,
    due.resolution_due_at,
    due.is_on_hold_at_as_of,
    due.next_clock,
    due.due_at,
    round({{ seconds_between(as_of(), 'due.due_at') }} / 60.0, 1) as minutes_left,
    due.sla_state,
    row_number() over (
        partition by due.technician_id order by due.due_at nulls last, due.created_at, due.ticket_id
    ) as day_order,
    {{ as_of() }} as as_of
from due
left join summaries on summaries.ticket_id = due.ticket_id
left join clients on clients.client_id = due.client_id
left join technicians on technicians.technician_id = due.technician_id
