-- The business calendar of every contract measured on a business clock, as open intervals
-- (absolute instants) with the open time accumulated before each. Any instant then maps to
-- "open microseconds so far" with one ASOF join (int_sla_ticket_clocks), so elapsed business
-- time is a subtraction and a due time a second ASOF join.
--
-- Spec section 3 (Clock): windows in the coverage time zone, whole days closed on the client's
-- country's public holidays (when public_holidays) and on the closed dates (a closed date closes
-- the windows that start on it); a wall-clock edge skipped by a spring-forward change moves to
-- the next existing instant, one repeated by a fall-back change is its first occurrence.
{{ config(materialized='table') }}

with

calendars as (
    select calendar_key, contract_id, client_id, coverage_timezone, public_holidays,
        first_day, last_day
    from {{ ref('int_sla_coverage_calendars') }}
),

windows as (
    select contract_id, iso_dow, start_second, end_second
    from {{ ref('stg_contracts__coverage_windows') }}
    where not is_24x7 and end_second > start_second
),

days as (
    select
        calendar_key,
        contract_id,
        coverage_timezone,
        {{ series('first_day', 'last_day', 'interval 1 day', cast_to='date') }} as calendar_date
    from calendars
),

closed_dates as (
    select contract_id, closed_date from {{ ref('int_contract_closed_days') }}
),

open_windows as (
    select
        days.calendar_key,
        days.coverage_timezone,
        {{ date_at_second('days.calendar_date', 'windows.start_second') }} as local_start,
        {{ date_at_second('days.calendar_date', 'windows.end_second') }} as local_end
    from days
    inner join windows
        on windows.contract_id = days.contract_id
        and windows.iso_dow = {{ iso_dow('days.calendar_date') }}
    {{ anti_join() }} closed_dates
        on closed_dates.contract_id = days.contract_id
        and closed_dates.closed_date = days.calendar_date
),

edges as (
    select distinct coverage_timezone, local_edge
    from (
        select coverage_timezone, local_start as local_edge from open_windows
        union all
        select coverage_timezone, local_end as local_edge from open_windows
    )
),

edge_candidates as (
    -- a zone changes its offset at most once within four days, so the instant of a wall time is
    -- the wall time minus the offset in force two days before or the one two days after
    select
        coverage_timezone,
        local_edge,
        offset_after,
        {{ utc_wall_to_instant('local_edge') }} - offset_before as instant_before,
        {{ utc_wall_to_instant('local_edge') }} - offset_after as instant_after
    from (
        select
            coverage_timezone,
            local_edge,
            {{ wall_in_zone('coverage_timezone', utc_wall_to_instant('local_edge') ~ ' - interval 2 day') }}
                - (local_edge - interval 2 day) as offset_before,
            {{ wall_in_zone('coverage_timezone', utc_wall_to_instant('local_edge') ~ ' + interval 2 day') }}
                - (local_edge + interval 2 day) as offset_after
        from edges
    )
),

edge_existence as (
    select
        *,
        {{ wall_in_zone('coverage_timezone', 'instant_before') }} = local_edge as before_exists,
        {{ wall_in_zone('coverage_timezone', 'instant_after') }} = local_edge as after_exists
    from edge_candidates
),

skipped_edges as (
    -- a wall time in a spring-forward gap: the next existing instant is the change itself, the
    -- first minute at which the later offset holds (the gap lies between the two candidates)
    select coverage_timezone, local_edge, min(probe) as edge_instant
    from (
        select
            coverage_timezone,
            local_edge,
            offset_after,
            {{ series("date_trunc('minute', instant_after)", 'instant_before', 'interval 1 minute') }}
                as probe
        from edge_existence
        where not before_exists and not after_exists
    )
    where {{ wall_in_zone('coverage_timezone', 'probe') }} - {{ instant_to_utc_wall('probe') }} = offset_after
    group by coverage_timezone, local_edge
),

edge_instants as (
    select
        coverage_timezone,
        local_edge,
        -- a wall time that occurs twice: its first occurrence
        case
            when before_exists and after_exists then least(instant_before, instant_after)
            when before_exists then instant_before
            else instant_after
        end as edge_instant
    from edge_existence
    where before_exists or after_exists
    union all
    select coverage_timezone, local_edge, edge_instant
    from skipped_edges
),

intervals as (
    select
        open_windows.calendar_key,
        window_start.edge_instant as open_start,
        window_end.edge_instant as open_end
    from open_windows
    inner join edge_instants as window_start
        on window_start.coverage_timezone = open_windows.coverage_timezone
        and window_start.local_edge = open_windows.local_start
    inner join edge_instants as window_end
        on window_end.coverage_timezone = open_windows.coverage_timezone
        and window_end.local_edge = open_windows.local_end
    where window_end.edge_instant > window_start.edge_instant
),

islands as (
    -- overlapping or touching windows merge, so no open minute is counted twice
    select
        calendar_key,
        open_start,
        open_end,
        sum(case when open_start <= previous_end then 0 else 1 end) over (
            partition by calendar_key order by open_start, open_end rows unbounded preceding
        ) as island
    from (
        select
            *,
            max(open_end) over (
                partition by calendar_key order by open_start, open_end
                rows between unbounded preceding and 1 preceding
            ) as previous_end
        from intervals
    )
),

merged as (
    select calendar_key, min(open_start) as open_start, max(open_end) as open_end
    from islands
    group by calendar_key, island
)

select
    calendar_key,
    open_start,
    open_end,
    {{ epoch_us('open_end') }} - {{ epoch_us('open_start') }} as open_us,
    cast(coalesce(sum({{ epoch_us('open_end') }} - {{ epoch_us('open_start') }}) over (
        partition by calendar_key order by open_start
        rows between unbounded preceding and 1 preceding
    ), 0) as bigint) as open_us_before
from merged
