-- One row per ticket: the contract in force on its creation date (in the contract time zone),
-- its entitlement, and the SLA targets and clock that apply to it (spec section 3, Entitlement).
{{ config(materialized='view') }}

with

tickets as (
    select * from {{ ref('stg_psa__tickets') }}
),

contracts as (
    -- the term as instants, so tickets join on plain comparisons (a time zone conversion per
    -- ticket costs seconds at scale)
    select
        contract_id,
        client_id,
        tier,
        -- an unsure term date still finds its tickets (they are then under review, not unmatched)
        matched_start_date as start_date,
        matched_end_date as end_date,
        coverage_timezone,
        {{ sla_wall_to_instant('coverage_timezone', 'cast(matched_start_date as timestamp)') }}
            as term_starts_at,
        {{ sla_wall_to_instant('coverage_timezone', 'cast(matched_end_date + 1 as timestamp)') }}
            as term_ends_at
    from {{ ref('int_contracts_resolved') }}
),

month_starts as (
    -- the first instant of every month in every contract time zone the tickets need
    select
        coverage_timezone,
        month,
        month_starts_at,
        lead(month_starts_at) over (partition by coverage_timezone order by month)
            as month_ends_at
    from (
    select
        coverage_timezone,
        cast(month_start as date) as month,
        {{ sla_wall_to_instant('coverage_timezone', 'month_start') }} as month_starts_at
    from (
        select
            zones.coverage_timezone,
            {{ series(
                "cast(date_trunc('month', bounds.first_created_at) as timestamp) - interval 1 month",
                "cast(date_trunc('month', bounds.last_created_at) as timestamp) + interval 1 month",
                'interval 1 month'
            ) }} as month_start
        from (select distinct coverage_timezone from contracts) as zones
        cross join (
            select min(created_at) as first_created_at, max(created_at) as last_created_at
            from tickets
        ) as bounds
    )
    )
),

coverage as (
    -- a contract's calendar: 24x7, weekly windows, or nothing stated
    select
        contract_id,
        bool_or(is_24x7) as is_24x7,
        count(*) filter (where not is_24x7 and end_second > start_second) as window_count
    from {{ ref('stg_contracts__coverage_windows') }}
    group by contract_id
),

services as (
    select
        contract_id,
        service_type,
        bool_or(inclusion = 'included') as is_included,
        bool_or(inclusion = 'excluded') as is_excluded
    from {{ ref('stg_contracts__contract_services') }}
    group by contract_id, service_type
),

included_counts as (
    select contract_id, count(*) as included_services
    from services
    where is_included
    group by contract_id
),

segments as (
    -- a client's timeline cut at every term boundary: within a segment the same contracts are in
    -- force, so the one that started last is chosen once per segment, not once per ticket
    select
        client_id,
        boundary_at as segment_starts_at,
        lead(boundary_at) over (partition by client_id order by boundary_at) as segment_ends_at
    from (
        select client_id, term_starts_at as boundary_at from contracts
        union
        select client_id, term_ends_at from contracts
    )
),

segment_contracts as (
    select client_id, segment_starts_at, segment_ends_at, contract_id, tier, coverage_timezone
    from (
        select
            segments.client_id,
            segments.segment_starts_at,
            segments.segment_ends_at,
            contracts.contract_id,
            contracts.tier,
            contracts.coverage_timezone,
            row_number() over (
                partition by segments.client_id, segments.segment_starts_at
                order by contracts.start_date desc, contracts.contract_id desc
            ) as contract_rank
        from segments
        inner join contracts
            on contracts.client_id = segments.client_id
            and contracts.term_starts_at <= segments.segment_starts_at
            and contracts.term_ends_at >= segments.segment_ends_at
    ) as ranked
    where contract_rank = 1
),

contract_in_force as (
    select
        tickets.ticket_id,
        segment_contracts.contract_id,
        segment_contracts.tier,
        segment_contracts.coverage_timezone
    from tickets
    inner join segment_contracts
        on segment_contracts.client_id = tickets.client_id
        and tickets.created_at >= segment_contracts.segment_starts_at
        and tickets.created_at < segment_contracts.segment_ends_at
),

-- per-term review: the SLA judgement of each priority (int_contract_judgement_review)
sla_review as (
    select contract_id, priority, is_blocked
    from {{ ref('int_contract_judgement_review') }}
    where judgement = 'sla'
),

sla_targets as (
    select contract_id, priority, response_minutes, resolution_minutes, clock
    from {{ ref('int_contract_sla_targets') }}
),

entitled as (
    select
        tickets.ticket_id,
        tickets.client_id,
        contract_in_force.contract_id,
        contract_in_force.tier,
        tickets.priority,
        tickets.service_type,
        tickets.technician_id,
        tickets.status,
        tickets.created_at,
        tickets.first_response_at,
        tickets.resolved_at,
        contract_in_force.coverage_timezone as contract_timezone,
        case
            when contract_in_force.contract_id is null then 'no_active_contract'
            when coalesce(sla_review.is_blocked, false) then 'contract_under_review'
            when coalesce(services.is_excluded, false) then 'out_of_scope'
            when coalesce(included_counts.included_services, 0) > 0
                and not coalesce(services.is_included, false) then 'out_of_scope'
            else 'covered'
        end as entitlement,
        sla_targets.response_minutes as response_target_minutes,
        sla_targets.resolution_minutes as resolution_target_minutes,
        sla_targets.clock as sla_clock,
        -- the clock that measures this ticket: business minutes on a 24x7 contract are calendar
        -- minutes; a business clock without any stated window cannot be measured (NULL)
        case
            when sla_targets.clock = 'calendar' then 'calendar'
            when coalesce(coverage.is_24x7, false) then 'calendar'
            when coalesce(coverage.window_count, 0) > 0 then 'business'
        end as clock_kind
    from tickets
    left join contract_in_force
        on contract_in_force.ticket_id = tickets.ticket_id
    left join services
        on services.contract_id = contract_in_force.contract_id
        and services.service_type = tickets.service_type
    left join included_counts
        on included_counts.contract_id = contract_in_force.contract_id
    left join sla_targets
        on sla_targets.contract_id = contract_in_force.contract_id
        and sla_targets.priority = tickets.priority
    left join coverage
        on coverage.contract_id = contract_in_force.contract_id
    left join sla_review
        on sla_review.contract_id = contract_in_force.contract_id
        and sla_review.priority = tickets.priority
)

select
    entitled.*,
    -- the month a ticket counts in: its creation month in the contract time zone
    month_starts.month as created_month,
    -- judged: covered, not cancelled, with a target and a measurable clock
    entitlement = 'covered'
        and status <> 'cancelled'
        and response_target_minutes is not null
        and resolution_target_minutes is not null
        and clock_kind is not null as is_judged
from entitled
left join month_starts
    on month_starts.coverage_timezone = entitled.contract_timezone
    and entitled.created_at >= month_starts.month_starts_at
    and entitled.created_at < month_starts.month_ends_at
