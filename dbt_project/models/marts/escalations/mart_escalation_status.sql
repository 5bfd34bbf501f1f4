-- The SLA monitor's ladder view: one row per running covered ticket clock at as_of, the steps it
-- has reached, the highest one, and the next step with when it will be reached (NULL while the
-- ticket is on hold) and to whom. Read from mart_escalation_ladder; the app computes nothing.
with

ladder as (
    select * from {{ ref('mart_escalation_ladder') }}
),

next_steps as (
    select ticket_id, clock, step, threshold_pct, reached_at, recipients
    from (
        select
            ticket_id, clock, step, threshold_pct, reached_at, recipients,
            row_number() over (partition by ticket_id, clock order by step) as step_rank
        from ladder
        where not is_reached
    ) as ranked
    where step_rank = 1
)

select
    ladder.ticket_id,
    any_value(ladder.contract_id) as contract_id,
    any_value(ladder.client_id) as client_id,
    any_value(ladder.priority) as priority,
    any_value(ladder.technician_id) as technician_id,
    ladder.clock,
    cast(count(*) filter (where ladder.is_reached) as integer) as steps_reached,
    cast(count(*) as integer) as steps_total,
    {{ string_agg_ordered(
        "regexp_replace(cast(ladder.threshold_pct as " ~ string_type() ~ "), '\\.0$', '') || '%'", "', '",
        ['ladder.step'], filter='ladder.is_reached'
    ) }} as reached_thresholds,
    max(ladder.threshold_pct) filter (where ladder.is_reached) as highest_threshold_pct,
    max(ladder.reached_at) filter (where ladder.is_reached) as last_reached_at,
    any_value(next_steps.step) as next_step,
    any_value(next_steps.threshold_pct) as next_threshold_pct,
    any_value(next_steps.reached_at) as next_step_at,
    any_value(next_steps.recipients) as next_recipients,
    bool_or(ladder.is_paused) as is_paused,
    {{ string_agg_sorted('ladder.review_reason', "'; '", distinct=true) }} as review_reason,
    any_value(ladder.as_of) as as_of
from ladder
left join next_steps
    on next_steps.ticket_id = ladder.ticket_id and next_steps.clock = ladder.clock
group by ladder.ticket_id, ladder.clock
