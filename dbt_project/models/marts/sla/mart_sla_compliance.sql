-- SLA compliance per contract x month x priority (spec section 4). Counts are over covered,
-- non-cancelled tickets; *_met / *_breached count finished clocks only (the rate's terms):
-- rate = met / (met + breached). "Both" counts a ticket whose two clocks have finished, met only
-- if both are met. Month: creation month in the contract time zone.
with

judged as (
    select *
    from {{ ref('fct_ticket_sla') }}
    where response_status <> 'not_applicable'
)

select
    contract_id,
    created_month as month,
    priority,
    count(*) as tickets,
    {{ sla_counts() }},
    count(*) filter (where not response_finished or not resolution_finished) as open_tickets,
    count(*) filter (where not resolution_finished
        and (response_status = 'at_risk' or resolution_status = 'at_risk')) as open_at_risk,
    count(*) filter (where not resolution_finished
        and (response_status = 'breached' or resolution_status = 'breached')) as open_breached,
    {{ sla_rate('response_met', 'response_breached') }} as response_compliance_rate,
    {{ sla_rate('resolution_met', 'resolution_breached') }} as resolution_compliance_rate,
    {{ sla_rate('both_met', 'both_breached') }} as compliance_rate
from judged
group by contract_id, created_month, priority
