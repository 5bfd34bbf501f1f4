-- Each contract's coverage around as_of (vars coverage_days_before_as_of / _after_as_of): the
-- open intervals of the same business calendar the SLA clocks count in (int_sla_coverage_intervals:
-- windows, time zone, DST, public holidays, closed dates), so "covered now" in the technician's
-- lookup and the clocks can never disagree. A 24x7 contract is one always_open row spanning the
-- window; a contract that states no coverage hours has no row.
with

window_bounds as (
    select
        {{ as_of() }} - interval {{ var('coverage_days_before_as_of') }} day as window_start,
        {{ as_of() }} + interval {{ var('coverage_days_after_as_of') }} day as window_end
),

calendars as (
    select calendar_key, contract_id, coverage_timezone from {{ ref('int_sla_coverage_calendars') }}
),

intervals as (
    select calendar_key, open_start, open_end from {{ ref('int_sla_coverage_intervals') }}
),

contracts as (
    select contract_id, coverage_timezone, coverage_is_24x7 from {{ ref('int_contracts_resolved') }}
)

select
    calendars.contract_id,
    calendars.coverage_timezone,
    false as always_open,
    intervals.open_start,
    intervals.open_end,
    window_bounds.window_start,
    window_bounds.window_end
from intervals
inner join calendars on calendars.calendar_key = intervals.calendar_key
cross join window_bounds
where intervals.open_end > window_bounds.window_start
    and intervals.open_start < window_bounds.window_end
union all
select
    contracts.contract_id,
    contracts.coverage_timezone,
    true as always_open,
    window_bounds.window_start as open_start,
    window_bounds.window_end as open_end,
    window_bounds.window_start,
    window_bounds.window_end
from contracts
cross join window_bounds
where contracts.coverage_is_24x7
