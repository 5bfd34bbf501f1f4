-- Service credits (spec section 3): each covered ticket whose response or resolution is breached
-- costs credit_pct_per_breach % of monthly_fee in the month (contract time zone) it was created,
-- one credit per ticket, capped per contract-month at monthly_credit_cap_pct % of monthly_fee.
-- A contract that states no credit percentage owes no credit; one that states no cap is uncapped.
-- Open tickets already at_risk are the exposure still to come (same price, same cap).
with

tickets as (
    select * from {{ ref('int_ticket_sla') }}
    where entitlement = 'covered' and contract_id is not null
),

contracts as (
    select
        dim.contract_id,
        dim.coverage_timezone,
        coalesce(dim.monthly_fee, 0) as monthly_fee,
        dim.credit_pct_per_breach,
        dim.monthly_credit_cap_pct
    from {{ ref('int_contracts_resolved') }} as dim
),

per_month as (
    select
        tickets.contract_id,
        cast(date_trunc('month', {{ wall_in_zone('contracts.coverage_timezone', 'tickets.created_at') }}) as date)
            as month,
        count(*) as covered_tickets,
        count(*) filter (
            where tickets.response_status = 'breached' or tickets.resolution_status = 'breached'
        ) as breached_tickets,
        count(*) filter (
            where not (tickets.response_status = 'breached' or tickets.resolution_status = 'breached')
                and (tickets.response_status = 'at_risk' or tickets.resolution_status = 'at_risk')
        ) as at_risk_tickets
    from tickets
    inner join contracts on contracts.contract_id = tickets.contract_id
    group by all
)

select
    per_month.contract_id,
    per_month.month,
    per_month.covered_tickets,
    per_month.breached_tickets,
    per_month.at_risk_tickets,
    contracts.monthly_fee,
    contracts.credit_pct_per_breach,
    contracts.monthly_credit_cap_pct,
    cast({{ round_half_away("least(
        per_month.breached_tickets * coalesce(contracts.credit_pct_per_breach, 0) / 100.0
            * contracts.monthly_fee,
        coalesce(contracts.monthly_credit_cap_pct / 100.0 * contracts.monthly_fee, 1e18)
    )", 2) }} as decimal(18, 2)) as sla_credit,
    -- what the month would owe if every at-risk ticket breached too (cap still applies)
    cast({{ round_half_away("least(
        (per_month.breached_tickets + per_month.at_risk_tickets)
            * coalesce(contracts.credit_pct_per_breach, 0) / 100.0 * contracts.monthly_fee,
        coalesce(contracts.monthly_credit_cap_pct / 100.0 * contracts.monthly_fee, 1e18)
    )", 2) }} as decimal(18, 2)) as sla_credit_with_at_risk
from per_month
inner join contracts on contracts.contract_id = per_month.contract_id
