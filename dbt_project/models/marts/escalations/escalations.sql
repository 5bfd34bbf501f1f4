-- Public mart (spec section 4): one row per running ticket clock x escalation step reached at
-- as_of. delivered_at and the delivery columns are filled by the escalation delivery asset after
-- every build (orchestration/defs/alerts/escalations.py), from the warehouse's delivery ledger.
select
    escalation_key,
    ticket_id,
    contract_id,
    client_id,
    priority,
    clock,
    step,
    threshold_pct,
    reached_at,
    recipients,
    cast(null as timestamptz) as delivered_at,
    cast(null as {{ string_type() }}) as delivery_error,
    is_paused,
    is_immediate,
    review_reason,
    as_of
from {{ ref('mart_escalation_ladder') }}
where is_reached
