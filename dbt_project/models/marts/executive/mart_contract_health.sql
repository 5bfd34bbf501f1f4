-- One row per contract: money to date, SLA, utilisation, open risk, compliance and renewal
-- status at as_of. billed_to_date = monthly fees of the months started + amounts billed on
-- billable entries; cost_to_date = hours x technicians.cost_rate; margin_pct = (billed - cost) /
-- billed. sla_compliance_rate is over the whole term (both clocks, finished covered tickets).
-- Money is in the contract's currency (cost converted from the reporting currency); the rate to
-- the reporting currency is alongside, for totals across contracts.
with

contracts as (
    select * from {{ ref('dim_contracts') }}
),

financials as (
    select * from {{ ref('int_contract_financials') }}
),

scored as (
    select * from {{ ref('int_contracts_health_scored') }}
),

status as (
    select * from {{ ref('int_contracts_renewal_status') }}
),

gaps as (
    select contract_id, count(*) as compliance_gaps
    from {{ ref('mart_compliance_gaps') }}
    group by all
),

flags as (
    select
        contract_id,
        count(*) filter (
            where finding in ('underbilled', 'overbilled', 'out_of_scope_unapproved',
                'out_of_scope_unbilled')
        ) as billing_findings,
        cast(sum(recoverable_amount) as decimal(18, 2)) as recoverable_revenue
    from {{ ref('fct_billing_reconciliation') }}
    where contract_id is not null
    group by all
)

select
    contracts.contract_id,
    contracts.client_id,
    contracts.tier,
    cast(contracts.annual_value as decimal(18, 2)) as annual_value,
    cast(financials.billed_to_date as decimal(18, 2)) as billed_to_date,
    cast(financials.cost_to_date as decimal(18, 2)) as cost_to_date,
    cast((financials.billed_to_date - financials.cost_to_date)
        / nullif(financials.billed_to_date, 0) as double) as margin_pct,
    scored.sla_compliance_rate,
    scored.utilisation,
    cast(scored.open_at_risk_tickets as integer) as open_at_risk_tickets,
    cast(coalesce(gaps.compliance_gaps, 0) as integer) as compliance_gaps,
    status.renewal_status,
    contracts.billing_model,
    contracts.start_date,
    contracts.end_date,
    contracts.review_status,
    scored.sla_compliance_rate_12m,
    scored.health_score,
    scored.recommendation,
    cast(coalesce(flags.billing_findings, 0) as integer) as billing_findings,
    cast(coalesce(flags.recoverable_revenue, 0) as decimal(18, 2)) as recoverable_revenue,
    status.successor_contract_id,
    contracts.currency,
    financials.rate_to_reporting as fx_rate_to_reporting,
    cast(financials.cost_to_date_reporting as decimal(18, 2)) as cost_to_date_reporting,
    cast(contracts.annual_value * financials.rate_to_reporting as decimal(18, 2))
        as annual_value_reporting,
    coalesce(status.as_of_date between contracts.start_date and contracts.end_date, false)
        as is_active_at_as_of,
    -- the executive overview's at-risk list: a renewal at risk, 12-month compliance below the
    -- renewal rule's threshold, or open tickets already at risk
    coalesce(scored.sla_compliance_rate_12m < {{ var('renewal_at_risk_compliance') }}, false)
        or coalesce(scored.open_at_risk_tickets > 0, false)
        or coalesce(scored.recommendation = 'at_risk', false) as is_at_risk,
    case
        when scored.utilisation > {{ var('renewal_upgrade_utilisation') }} then 'over-used'
        when scored.utilisation < {{ var('renewal_right_size_utilisation') }} then 'under-used'
    end as usage_flag
from contracts
left join financials on financials.contract_id = contracts.contract_id
left join scored on scored.contract_id = contracts.contract_id
left join status on status.contract_id = contracts.contract_id
left join gaps on gaps.contract_id = contracts.contract_id
left join flags on flags.contract_id = contracts.contract_id
