-- The SLA monitor's escalation ladder of every running covered ticket clock at as_of: every step,
-- reached or not, with the instant it is (or will be) reached and who it goes to. The app reads
-- this; it computes nothing.
with

steps as (
    select * from {{ ref('int_escalation_ticket_steps') }}
),

recipients as (
    select * from {{ ref('int_escalation_recipients') }}
)

select
    'esc:' || steps.ticket_id || ':' || steps.clock || ':'
        || cast(steps.threshold_pct as {{ string_type() }}) as escalation_key,
    steps.ticket_id,
    steps.contract_id,
    steps.client_id,
    steps.priority,
    steps.technician_id,
    steps.clock,
    steps.clock_kind,
    steps.step,
    steps.threshold_pct,
    steps.reached_at,
    coalesce(steps.reached_at <= {{ as_of() }}, false) as is_reached,
    steps.is_paused,
    -- a breach (100% and beyond) of a P1 or P2 clock goes out alone, at once
    steps.threshold_pct >= 100 and steps.priority in ('P1', 'P2') as is_immediate,
    recipients.recipients,
    recipients.review_reason,
    {{ as_of() }} as as_of
from steps
left join recipients
    on recipients.ticket_id = steps.ticket_id
    and recipients.clock = steps.clock
    and recipients.step = steps.step
