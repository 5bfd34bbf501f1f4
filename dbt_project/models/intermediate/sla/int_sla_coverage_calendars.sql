-- One business calendar per contract that states coverage windows (24x7 contracts need none:
-- their business clock is the calendar clock): an integer key for fast ASOF joins, the coverage
-- time zone, and the span of local dates int_sla_coverage_intervals lays out: the contract's
-- tickets' instants and the days around as_of.
{{ config(materialized='table') }}

with

windows as (
    select contract_id, sum(end_second - start_second) as weekly_open_seconds
    from {{ ref('stg_contracts__coverage_windows') }}
    where not is_24x7 and end_second > start_second
    group by contract_id
),

largest_targets as (
    select contract_id, max(greatest(response_minutes, resolution_minutes)) as max_target_minutes
    from {{ ref('int_contract_sla_targets') }}
    where clock = 'business'
    group by contract_id
),

contracts as (
    select
        contract_id,
        client_id,
        coverage_timezone,
        public_holidays,
        coverage_is_24x7,
        {{ sla_wall_to_instant('coverage_timezone', 'cast(start_date as timestamp)') }}
            as term_starts_at,
        {{ sla_wall_to_instant('coverage_timezone', 'cast(end_date + 1 as timestamp)') }}
            as term_ends_at
    from {{ ref('int_contracts_resolved') }}
),

ticket_spans as (
    -- the instants the contract's tickets need mapped: from the first creation to the last end
    -- of a clock (as_of for a ticket still open); a contract without tickets needs no calendar
    select
        contracts.contract_id,
        min(tickets.created_at) as first_instant,
        max(greatest(
            tickets.created_at,
            coalesce(tickets.first_response_at, tickets.created_at),
            coalesce(tickets.resolved_at, {{ as_of() }})
        )) as last_instant
    from {{ ref('stg_psa__tickets') }} as tickets
    inner join contracts
        on contracts.client_id = tickets.client_id
        and tickets.created_at >= contracts.term_starts_at
        and tickets.created_at < contracts.term_ends_at
    group by contracts.contract_id
),

as_of_spans as (
    -- the days around as_of, for every contract in force then: the technician's "coverage now"
    -- and next openings (mart_contract_coverage) read the same calendar as the clocks
    select
        contract_id,
        {{ as_of() }} - interval {{ var('coverage_days_before_as_of') }} day as first_instant,
        {{ as_of() }} + interval {{ var('coverage_days_after_as_of') }} day as last_instant
    from contracts
    where term_starts_at <= {{ as_of() }} + interval {{ var('coverage_days_after_as_of') }} day
        and term_ends_at >= {{ as_of() }} - interval {{ var('coverage_days_before_as_of') }} day
),

spans as (
    select contract_id, min(first_instant) as first_instant, max(last_instant) as last_instant
    from (select * from ticket_spans union all select * from as_of_spans)
    group by contract_id
)

select
    cast(row_number() over (order by contracts.contract_id) as integer) as calendar_key,
    contracts.contract_id,
    contracts.client_id,
    contracts.coverage_timezone,
    coalesce(contracts.public_holidays, false) as public_holidays,
    windows.weekly_open_seconds,
    -- the day before catches a window that runs past midnight into the first ticket's day
    cast({{ wall_in_zone('contracts.coverage_timezone', 'spans.first_instant') }} as date) - 1 as first_day,
    -- a due time can lie after the last instant: extend by the weeks the largest target needs,
    -- half again for holidays and closed dates, plus three weeks (a due time that would still
    -- fall beyond the calendar is NULL, and the test sla_due_times_present watches for it)
    cast({{ wall_in_zone('contracts.coverage_timezone', 'spans.last_instant') }} as date)
        + cast(
            ceil(coalesce(largest_targets.max_target_minutes, 0) * 60.0
                / windows.weekly_open_seconds) * 7 * 1.5 + 21
            as integer
        ) as last_day
from contracts
inner join windows on windows.contract_id = contracts.contract_id
inner join spans on spans.contract_id = contracts.contract_id
left join largest_targets on largest_targets.contract_id = contracts.contract_id
where not contracts.coverage_is_24x7
