-- SLA compliance by every dimension the spec lists (client, contract, tier, service type,
-- priority, technician, month) in one long table: one row per dimension x dimension_value x
-- month, plus an all-months row (month NULL) per dimension value. Same counting rules as
-- mart_sla_compliance. dimension 'month' has dimension_value = the month (YYYY-MM).
with

judged as (
    -- the finest grain first: a few hundred thousand rows instead of millions per dimension
    select
        client_id,
        contract_id,
        coalesce(tier, '(none)') as tier,
        service_type,
        priority,
        coalesce(technician_id, '(unassigned)') as technician_id,
        created_month,
        count(*) as tickets,
        {{ sla_counts() }}
    from {{ ref('fct_ticket_sla') }}
    where response_status <> 'not_applicable'
    group by all
),

long as (
    select 'client' as dimension, client_id as dimension_value, * from judged
    union all by name
    select 'contract' as dimension, contract_id as dimension_value, * from judged
    union all by name
    select 'tier' as dimension, tier as dimension_value, * from judged
    union all by name
    select 'service_type' as dimension, service_type as dimension_value, * from judged
    union all by name
    select 'priority' as dimension, priority as dimension_value, * from judged
    union all by name
    select 'technician' as dimension, technician_id as dimension_value, * from judged
    union all by name
    select 'month' as dimension, {{ format_month('created_month') }} as dimension_value, * from judged
),

counted as (
    select
        dimension,
        dimension_value,
        created_month as month,
        cast(sum(tickets) as bigint) as tickets,
        cast(sum(response_met) as bigint) as response_met,
        cast(sum(response_breached) as bigint) as response_breached,
        cast(sum(resolution_met) as bigint) as resolution_met,
        cast(sum(resolution_breached) as bigint) as resolution_breached,
        cast(sum(both_met) as bigint) as both_met,
        cast(sum(both_breached) as bigint) as both_breached
    from long
    group by grouping sets ((dimension, dimension_value, created_month), (dimension, dimension_value))
)

select
    dimension,
    dimension_value,
    month,
    tickets,
    response_met,
    response_breached,
    resolution_met,
    resolution_breached,
    both_met,
    both_breached,
    {{ sla_rate('response_met', 'response_breached') }} as response_compliance_rate,
    {{ sla_rate('resolution_met', 'resolution_breached') }} as resolution_compliance_rate,
    {{ sla_rate('both_met', 'both_breached') }} as compliance_rate
from counted
