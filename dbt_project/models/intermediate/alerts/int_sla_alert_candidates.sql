-- One row per ticket clock that is at_risk or breached and worth an alert at this as_of:
-- every clock at_risk; every clock breached while still running, or that finished breached
-- within var('alert_lookback_hours') of as_of (older breaches are history: the compliance marts
-- show them, no alert does). alert_key names the ticket, clock and status, never as_of, so a
-- clock raises at most one at_risk and one breached alert, ever.
with

tickets as (
    select * from {{ ref('int_ticket_sla') }}
),

clocks as (
    select
        ticket_id, client_id, contract_id, priority, 'response' as clock,
        response_status as status, response_finished as finished,
        coalesce(first_response_at, resolved_at) as ended_at,
        response_elapsed_minutes as elapsed_minutes, response_target_minutes as target_minutes,
        response_due_at as due_at, clock_kind
    from tickets
    union all
    select
        ticket_id, client_id, contract_id, priority, 'resolution',
        resolution_status, resolution_finished, resolved_at,
        resolution_elapsed_minutes, resolution_target_minutes, resolution_due_at, clock_kind
    from tickets
)

select
    'sla:' || ticket_id || ':' || clock || ':' || status as alert_key,
    'sla_' || status as kind,
    case status when 'breached' then 'critical' else 'warning' end as severity,
    ticket_id as subject_id,
    'SLA ' || replace(status, '_', ' ') || ': ticket ' || ticket_id || ' (' || priority
        || ', client ' || client_id || ', contract ' || contract_id || ') ' || clock || ' clock at '
        || cast(round(elapsed_minutes, 1) as {{ string_type() }}) || ' of ' || cast(target_minutes as {{ string_type() }})
        || ' ' || clock_kind || ' minutes; due '
        || coalesce({{ format_instant_utc('due_at') }}, 'paused (on hold)')
        || case when finished then ' (clock finished)' else '' end as message,
    ticket_id,
    contract_id,
    client_id,
    clock,
    status,
    due_at
from clocks
where status = 'at_risk'
    or (status = 'breached'
        and (not finished
            or ended_at >= {{ as_of() }} - interval {{ var('alert_lookback_hours') }} hour))
