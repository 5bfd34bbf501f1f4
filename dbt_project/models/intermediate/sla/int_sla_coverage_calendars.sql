-- One business calendar per contract that states coverage windows (24x7 contracts need none:
-- their business clock is the calendar clock): an integer key for fast ASOF joins, the coverage
-- time zone, and the span of local dates int_sla_coverage_intervals lays out.
{{ config(materialized='table') }}

with

windows as (
    select contract_id, sum(end_second - start_second) as weekly_open_seconds
    from {{ ref('stg_contracts__coverage_windows') }}
    where not is_24x7 and end_second > start_second
    group by contract_id
),

always_open as (
    select distinct contract_id
    from {{ ref('stg_contracts__coverage_windows') }}
    where is_24x7
),

largest_targets as (
    select contract_id, max(greatest(response_minutes, resolution_minutes)) as max_target_minutes
    from {{ ref('dim_contract_sla') }}
    where clock = 'business'
    group by contract_id
),

last_instant as (
    -- no clock ends after the latest instant any ticket states, or as_of
    select greatest(
        max(created_at), max(first_response_at), max(resolved_at), {{ as_of() }}
    ) as last_instant
    from {{ ref('stg_psa__tickets') }}
),

contracts as (
    select contract_id, client_id, start_date, coverage_timezone, public_holidays
    from {{ ref('dim_contracts') }}
)

select
    cast(row_number() over (order by contracts.contract_id) as integer) as calendar_key,
    contracts.contract_id,
    contracts.client_id,
    contracts.coverage_timezone,
    coalesce(contracts.public_holidays, false) as public_holidays,
    windows.weekly_open_seconds,
    -- tickets start inside the term; the day before catches a window running past midnight
    contracts.start_date - 1 as first_day,
    -- a due time can lie after the last instant: extend by the weeks the largest target needs,
    -- half again for holidays and closed dates, plus three weeks (a due time that would still
    -- fall beyond the calendar is NULL, and the test sla_due_times_present watches for it)
    timezone(contracts.coverage_timezone, last_instant.last_instant)::date
        + cast(
            ceil(coalesce(largest_targets.max_target_minutes, 0) * 60.0
                / windows.weekly_open_seconds) * 7 * 1.5 + 21
            as integer
        ) as last_day
from contracts
inner join windows on windows.contract_id = contracts.contract_id
cross join last_instant
left join largest_targets on largest_targets.contract_id = contracts.contract_id
where contracts.contract_id not in (select contract_id from always_open)
