-- Per contract: SLA compliance (both clocks) over the 365 days before as_of and over the whole
-- term, ticket and breach volume in the last 90 days against the 90 before (the trend), and the
-- open tickets already at risk. A ticket counts when covered and both clocks have finished
-- (fct_ticket_sla's response_finished / resolution_finished) with a met or breached verdict.
with

sla as (
    select * from {{ ref('int_ticket_sla') }}
    where contract_id is not null
),

judged as (
    select
        sla.contract_id,
        sla.created_at,
        sla.entitlement,
        sla.response_status,
        sla.resolution_status,
        sla.entitlement = 'covered'
            and sla.response_finished
            and sla.resolution_finished
            and sla.response_status in ('met', 'breached')
            and sla.resolution_status in ('met', 'breached') as both_finished,
        sla.response_status = 'met' and sla.resolution_status = 'met' as both_met,
        sla.entitlement = 'covered'
            and (sla.response_status = 'breached' or sla.resolution_status = 'breached')
            as breached,
        sla.entitlement = 'covered'
            and (sla.response_status = 'at_risk' or sla.resolution_status = 'at_risk')
            as at_risk,
        sla.created_at > {{ as_of() }} - interval 365 day
            and sla.created_at <= {{ as_of() }} as in_last_365d,
        sla.created_at > {{ as_of() }} - interval 90 day
            and sla.created_at <= {{ as_of() }} as in_last_90d,
        sla.created_at > {{ as_of() }} - interval 180 day
            and sla.created_at <= {{ as_of() }} - interval 90 day as in_prior_90d
    from sla
)

select
    contract_id,
    count(*) filter (where both_finished and in_last_365d) as finished_tickets_12m,
    count(*) filter (where both_finished and in_last_365d and both_met) as met_tickets_12m,
    cast(count(*) filter (where both_finished and in_last_365d and both_met) as double)
        / nullif(count(*) filter (where both_finished and in_last_365d), 0)
        as sla_compliance_rate_12m,
    count(*) filter (where both_finished) as finished_tickets,
    count(*) filter (where both_finished and both_met) as met_tickets,
    cast(count(*) filter (where both_finished and both_met) as double)
        / nullif(count(*) filter (where both_finished), 0) as sla_compliance_rate,
    count(*) filter (where in_last_90d and entitlement = 'covered') as tickets_last_90d,
    count(*) filter (where in_prior_90d and entitlement = 'covered') as tickets_prior_90d,
    count(*) filter (where in_last_90d and breached) as breaches_last_90d,
    count(*) filter (where in_prior_90d and breached) as breaches_prior_90d,
    count(*) filter (where at_risk and not breached) as open_at_risk_tickets
from judged
group by all
