-- Every step of the ladder of every running ticket clock at as_of (spec section 3, Escalation),
-- with the instant it is reached: like a due time, with the target scaled to the step's
-- threshold. The same machinery as int_sla_ticket_clocks: instants map to "clock microseconds so
-- far" on the contract's business calendar (int_sla_coverage_intervals, one ASOF join) or epoch
-- time on a calendar clock; holds (resolution only) push the reading later by the clock time they
-- paused before it was reached; the reading maps back with a second ASOF join.
-- Only running clocks: a finished clock raises no further step. A reading not reached while the
-- ticket is on hold at as_of has no reached_at (NULL, like a due time) until the ticket resumes.
with

tickets as (
    select *
    from {{ ref('int_ticket_sla') }}
    where entitlement = 'covered'
        and (
            (response_status <> 'not_applicable' and not response_finished)
            or (resolution_status <> 'not_applicable' and not resolution_finished)
        )
),

running_clocks as {{ materialized_cte() }} (
    select
        tickets.ticket_id, tickets.contract_id, tickets.client_id, tickets.priority,
        tickets.technician_id, tickets.created_at, tickets.clock_kind,
        'response' as clock, tickets.response_target_minutes as target_minutes,
        false as is_paused,
        calendars.calendar_key
    from tickets
    left join {{ ref('int_sla_coverage_calendars') }} as calendars
        on calendars.contract_id = tickets.contract_id and tickets.clock_kind = 'business'
    where tickets.response_status <> 'not_applicable' and not tickets.response_finished
    union all
    select
        tickets.ticket_id, tickets.contract_id, tickets.client_id, tickets.priority,
        tickets.technician_id, tickets.created_at, tickets.clock_kind,
        'resolution', tickets.resolution_target_minutes,
        tickets.is_on_hold_at_as_of,
        calendars.calendar_key
    from tickets
    left join {{ ref('int_sla_coverage_calendars') }} as calendars
        on calendars.contract_id = tickets.contract_id and tickets.clock_kind = 'business'
    where tickets.resolution_status <> 'not_applicable' and not tickets.resolution_finished
),

holds as (
    -- holds of running resolution clocks, clipped to [created_at, as_of]
    select
        running_clocks.ticket_id,
        holds.hold_number,
        greatest(holds.hold_started_at, running_clocks.created_at) as hold_started_at,
        least(coalesce(holds.hold_ended_at, {{ as_of() }}), {{ as_of() }}) as hold_ended_at
    from {{ ref('int_sla_ticket_holds') }} as holds
    inner join running_clocks
        on running_clocks.ticket_id = holds.ticket_id and running_clocks.clock = 'resolution'
    where least(coalesce(holds.hold_ended_at, {{ as_of() }}), {{ as_of() }})
        > greatest(holds.hold_started_at, running_clocks.created_at)
),

points as (
    select ticket_id, clock, 'created' as point, 0 as hold_number, created_at as point_at
    from running_clocks
    union all
    select ticket_id, 'resolution', 'hold_start', hold_number, hold_started_at from holds
    union all
    select ticket_id, 'resolution', 'hold_end', hold_number, hold_ended_at from holds
),

points_with_clock as (
    select points.*, running_clocks.calendar_key, running_clocks.clock_kind
    from points
    inner join running_clocks
        on running_clocks.ticket_id = points.ticket_id and running_clocks.clock = points.clock
),

mapped_points as (
    {{ instants_to_clock_us('points_with_clock', ['ticket_id', 'clock', 'point', 'hold_number']) }}
),

created as (
    select ticket_id, clock, clock_us as created_us from mapped_points where point = 'created'
),

hold_progress as (
    -- each hold's pause and the clock reading when it started (elapsed minus earlier holds)
    select
        starts.ticket_id,
        ends.clock_us - starts.clock_us as paused_us,
        starts.clock_us - created.created_us - cast(coalesce(sum(ends.clock_us - starts.clock_us) over (
            partition by starts.ticket_id order by starts.hold_number
            rows between unbounded preceding and 1 preceding
        ), 0) as bigint) as clock_at_hold_start_us
    from mapped_points as starts
    inner join mapped_points as ends
        on ends.ticket_id = starts.ticket_id and ends.clock = starts.clock
        and ends.hold_number = starts.hold_number and ends.point = 'hold_end'
    inner join created on created.ticket_id = starts.ticket_id and created.clock = starts.clock
    where starts.point = 'hold_start'
),

ladder_steps as (
    select distinct contract_id, priority, clock, step, threshold_pct
    from {{ ref('int_escalation_ladders') }}
),

clock_steps as (
    select
        running_clocks.*,
        ladder_steps.step,
        ladder_steps.threshold_pct,
        created.created_us,
        cast(round(running_clocks.target_minutes * 60000000 * ladder_steps.threshold_pct / 100.0)
            as bigint) as threshold_us
    from running_clocks
    inner join ladder_steps
        on ladder_steps.contract_id = running_clocks.contract_id
        and ladder_steps.priority = running_clocks.priority
        and ladder_steps.clock = running_clocks.clock
    inner join created
        on created.ticket_id = running_clocks.ticket_id and created.clock = running_clocks.clock
),

readings as (
    -- the reading at which the step is reached: every hold that started before it pushes it
    select
        clock_steps.*,
        clock_steps.created_us + clock_steps.threshold_us + coalesce((
            select cast(sum(hold_progress.paused_us) as bigint)
            from hold_progress
            where hold_progress.ticket_id = clock_steps.ticket_id
                and clock_steps.clock = 'resolution'
                and hold_progress.clock_at_hold_start_us < clock_steps.threshold_us
        ), 0) as reached_us,
        clock_steps.threshold_us <= coalesce((
            select max(hold_progress.clock_at_hold_start_us)
            from hold_progress
            where hold_progress.ticket_id = clock_steps.ticket_id and clock_steps.clock = 'resolution'
        ), -1) as reached_before_last_hold
    from clock_steps
),

reached as (
    {{ clock_us_to_instants('readings', ['ticket_id', 'clock', 'step'], 'reached_us', 'threshold_us', 'reached_at') }}
)

select
    readings.ticket_id,
    readings.contract_id,
    readings.client_id,
    readings.priority,
    readings.technician_id,
    readings.clock,
    readings.clock_kind,
    readings.target_minutes,
    readings.step,
    readings.threshold_pct,
    readings.is_paused,
    -- on hold at as_of: a step not reached before the hold has no instant yet (like a due time)
    case
        when readings.is_paused and not readings.reached_before_last_hold then null
        else reached.reached_at
    end as reached_at
from readings
inner join reached
    on reached.ticket_id = readings.ticket_id
    and reached.clock = readings.clock
    and reached.step = readings.step
