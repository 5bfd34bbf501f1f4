-- Contracts due for renewal (end date within 90 days of as_of) or lapsed (ended in the last
-- 90 days), none with a successor; with health score, recommendation and proposed terms
-- (definitions in int_contracts_health_scored).
with

status as (
    select * from {{ ref('int_contracts_renewal_status') }}
    where renewal_status in ('due', 'lapsed')
),

scored as (
    select * from {{ ref('int_contracts_health_scored') }}
),

contracts as (
    select * from {{ ref('dim_contracts') }}
),

clients as (
    select client_id, client_name, account_manager from {{ ref('stg_psa__clients') }}
)

select
    status.contract_id,
    status.client_id,
    status.end_date,
    cast(status.days_to_end as integer) as days_to_end,
    cast(contracts.annual_value as decimal(18, 2)) as annual_value,
    scored.sla_compliance_rate_12m as sla_compliance_rate,
    scored.utilisation,
    scored.health_score,
    scored.recommendation,
    status.renewal_status as pipeline_status,
    clients.client_name,
    clients.account_manager,
    contracts.tier,
    contracts.billing_model,
    contracts.start_date,
    contracts.auto_renew,
    contracts.renewal_notice_days,
    status.as_of_date,
    scored.finished_tickets_12m,
    scored.avg_monthly_used_hours,
    cast(contracts.included_hours_per_month as double) as included_hours_per_month,
    scored.margin_pct_12m,
    scored.tickets_last_90d,
    scored.tickets_prior_90d,
    scored.breaches_last_90d,
    scored.breaches_prior_90d,
    scored.sla_component,
    scored.utilisation_component,
    scored.volume_trend_component,
    scored.breach_trend_component,
    scored.margin_component,
    scored.proposed_tier,
    cast(scored.proposed_included_hours as double) as proposed_included_hours,
    cast(scored.proposed_monthly_fee as decimal(18, 2)) as proposed_monthly_fee,
    cast(scored.proposed_annual_value as decimal(18, 2)) as proposed_annual_value,
    cast({{ round_half_away("contracts.annual_value * scored.health_score / 100.0", 2) }} as decimal(18, 2))
        as weighted_annual_value,
    contracts.review_status
from status
inner join contracts on contracts.contract_id = status.contract_id
inner join scored on scored.contract_id = status.contract_id
left join clients on clients.client_id = status.client_id
