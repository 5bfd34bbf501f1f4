-- Response and resolution clocks of every judged ticket (spec section 3: Clock, Response,
-- Resolution, Due time, Status), set-based: every instant a ticket needs (creation, clock ends,
-- hold edges) maps to "clock microseconds so far" (open time on a business calendar, epoch time
-- on a calendar clock) with one ASOF join; elapsed time is a subtraction; due times map back with
-- a second ASOF join. Microseconds are BIGINT so "exactly the target" compares exactly.
-- Every ticket is here (clock columns NULL when not judged). A view: fct_ticket_sla is its only
-- reader, so the 2M-row intermediate is never written (writing wide tables dominates at scale).
{{ config(materialized='view') }}

with

entitled as {{ materialized_cte() }} (
    -- an integer key for the joins below (row_number() over () needs no sort)
    select *, {{ row_key('ticket_id') }} as ticket_key
    from {{ ref('int_sla_tickets_entitled') }}
    {{ sla_unsettled_only('created_at', 'first_response_at', 'resolved_at') }}
),

judged as {{ materialized_cte() }} (
    select
        entitled.ticket_id,
        entitled.ticket_key,
        entitled.contract_id,
        -- a business clock reads the contract's calendar; integer keys keep the ASOF joins fast
        case when entitled.clock_kind = 'business' then calendars.calendar_key end
            as calendar_key,
        entitled.clock_kind,
        entitled.created_at,
        entitled.first_response_at is not null or entitled.resolved_at is not null
            as response_finished,
        entitled.resolved_at is not null as resolution_finished,
        -- a clock never ends before it starts (a ticket created after as_of has elapsed 0)
        greatest(
            coalesce(entitled.first_response_at, entitled.resolved_at, {{ as_of() }}),
            entitled.created_at
        ) as response_ended_at,
        greatest(coalesce(entitled.resolved_at, {{ as_of() }}), entitled.created_at)
            as resolution_ended_at,
        cast(round(cast(entitled.response_target_minutes as double) * 60000000) as bigint)
            as response_target_us,
        cast(round(cast(entitled.resolution_target_minutes as double) * 60000000) as bigint)
            as resolution_target_us
    from entitled
    left join {{ ref('int_sla_coverage_calendars') }} as calendars
        on calendars.contract_id = entitled.contract_id
    where entitled.is_judged
),

recorded_holds as {{ materialized_cte() }} (
    select * from {{ ref('int_sla_ticket_holds') }}
),

holds as (
    -- holds clipped to the resolution clock; an unclosed hold runs to the end of the clock
    select
        judged.ticket_key,
        holds.hold_number,
        greatest(holds.hold_started_at, judged.created_at) as hold_started_at,
        least(coalesce(holds.hold_ended_at, judged.resolution_ended_at), judged.resolution_ended_at)
            as hold_ended_at
    from recorded_holds as holds
    inner join judged on judged.ticket_id = holds.ticket_id
    where least(coalesce(holds.hold_ended_at, judged.resolution_ended_at), judged.resolution_ended_at)
        > greatest(holds.hold_started_at, judged.created_at)
),

on_hold_at_as_of as (
    select distinct judged.ticket_key
    from recorded_holds as holds
    inner join judged on judged.ticket_id = holds.ticket_id
    where not judged.resolution_finished
        and holds.hold_started_at <= {{ as_of() }}
        and (holds.hold_ended_at is null or holds.hold_ended_at > {{ as_of() }})
),

points as (
    select ticket_key, 'created' as point, 0 as hold_number, created_at as point_at from judged
    union all
    select ticket_key, 'response_end', 0, response_ended_at from judged
    union all
    select ticket_key, 'resolution_end', 0, resolution_ended_at from judged
    union all
    select ticket_key, 'hold_start', hold_number, hold_started_at from holds
    union all
    select ticket_key, 'hold_end', hold_number, hold_ended_at from holds
),

points_with_clock as (
    select points.*, judged.calendar_key, judged.clock_kind
    from points
    inner join judged on judged.ticket_key = points.ticket_key
),

mapped_points as (
    {{ instants_to_clock_us('points_with_clock', ['ticket_key', 'point', 'hold_number']) }}
),

ticket_points as (
    select
        ticket_key,
        any_value(clock_us) filter (where point = 'created') as created_us,
        any_value(clock_us) filter (where point = 'response_end') as response_end_us,
        any_value(clock_us) filter (where point = 'resolution_end') as resolution_end_us
    from mapped_points
    where point in ('created', 'response_end', 'resolution_end')
    group by ticket_key
),

hold_clocks as (
    select
        hold_starts.ticket_key,
        hold_starts.hold_number,
        hold_starts.clock_us as start_us,
        hold_ends.clock_us - hold_starts.clock_us as paused_us
    from mapped_points as hold_starts
    inner join mapped_points as hold_ends
        on hold_ends.ticket_key = hold_starts.ticket_key
        and hold_ends.hold_number = hold_starts.hold_number
        and hold_ends.point = 'hold_end'
    where hold_starts.point = 'hold_start'
),

hold_progress as (
    -- the clock reading when each hold starts: elapsed minus the holds before it
    select
        hold_clocks.ticket_key,
        hold_clocks.paused_us,
        cast(coalesce(sum(hold_clocks.paused_us) over (
            partition by hold_clocks.ticket_key order by hold_clocks.hold_number
            rows between unbounded preceding and 1 preceding
        ), 0) as bigint) as paused_before_us,
        hold_clocks.start_us - ticket_points.created_us - coalesce(sum(hold_clocks.paused_us) over (
            partition by hold_clocks.ticket_key order by hold_clocks.hold_number
            rows between unbounded preceding and 1 preceding
        ), 0) as clock_at_hold_start_us
    from hold_clocks
    inner join ticket_points on ticket_points.ticket_key = hold_clocks.ticket_key
),

pauses as (
    -- the pause that pushes the due time: every hold that started before the target was reached
    select
        hold_progress.ticket_key,
        cast(sum(hold_progress.paused_us) as bigint) as paused_us,
        min(hold_progress.paused_before_us) filter (
            where hold_progress.clock_at_hold_start_us >= judged.resolution_target_us
        ) as paused_before_target_us
    from hold_progress
    inner join judged on judged.ticket_key = hold_progress.ticket_key
    group by hold_progress.ticket_key
),

clocks as (
    select
        judged.ticket_key,
        judged.calendar_key,
        judged.clock_kind,
        judged.created_at,
        judged.response_finished,
        judged.resolution_finished,
        judged.response_target_us,
        judged.resolution_target_us,
        ticket_points.created_us,
        greatest(ticket_points.response_end_us - ticket_points.created_us, 0) as response_elapsed_us,
        greatest(
            ticket_points.resolution_end_us - ticket_points.created_us
            - coalesce(pauses.paused_us, 0),
            0
        ) as resolution_elapsed_us,
        coalesce(pauses.paused_us, 0) as resolution_paused_us,
        on_hold_at_as_of.ticket_key is not null as is_on_hold_at_as_of,
        ticket_points.created_us + judged.response_target_us as response_due_us,
        ticket_points.created_us + judged.resolution_target_us
            + coalesce(pauses.paused_before_target_us, pauses.paused_us, 0) as resolution_due_us
    from judged
    inner join ticket_points on ticket_points.ticket_key = judged.ticket_key
    left join pauses on pauses.ticket_key = judged.ticket_key
    left join on_hold_at_as_of on on_hold_at_as_of.ticket_key = judged.ticket_key
),

due_readings as (
    select ticket_key, calendar_key, clock_kind, created_at, 'response' as clock,
        response_target_us as target_us, response_due_us as due_us
    from clocks
    union all
    select ticket_key, calendar_key, clock_kind, created_at, 'resolution',
        resolution_target_us, resolution_due_us
    from clocks
    where not is_on_hold_at_as_of
),

dues as (
    {{ clock_us_to_instants('due_readings', ['ticket_key', 'clock'], 'due_us', 'target_us', 'due_at') }}
)

select
    entitled.*,
    clocks.clock_kind as measured_clock,
    clocks.response_finished,
    clocks.resolution_finished,
    coalesce(clocks.is_on_hold_at_as_of, false) as is_on_hold_at_as_of,
    clocks.response_elapsed_us / 60000000.0 as response_elapsed_minutes,
    clocks.resolution_elapsed_us / 60000000.0 as resolution_elapsed_minutes,
    clocks.resolution_paused_us / 60000000.0 as resolution_paused_minutes,
    response_due.due_at as response_due_at,
    resolution_due.due_at as resolution_due_at,
    {{ sla_status('clocks.response_elapsed_us', 'clocks.response_target_us',
                    'clocks.response_finished', 'clocks.ticket_key is not null') }} as response_status,
    {{ sla_status('clocks.resolution_elapsed_us', 'clocks.resolution_target_us',
                    'clocks.resolution_finished', 'clocks.ticket_key is not null') }} as resolution_status
from entitled
left join clocks on clocks.ticket_key = entitled.ticket_key
left join dues as response_due
    on response_due.ticket_key = clocks.ticket_key and response_due.clock = 'response'
left join dues as resolution_due
    on resolution_due.ticket_key = clocks.ticket_key and resolution_due.clock = 'resolution'
