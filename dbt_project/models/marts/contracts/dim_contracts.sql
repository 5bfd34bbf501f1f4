-- One row per contract: the terms people read (int_contracts_resolved: the same rows the other
-- models judge with, so the mart and the judgements can never disagree). A term under review is
-- NULL here; the unsure candidate the matching uses (matched_*) is not published.
-- blocked_judgements names the judgements withheld by per-term review (int_contract_judgement_review).
with

blocked as (
    select
        contract_id,
        {{ string_agg_ordered(
            "judgement || coalesce(':' || priority, '') || coalesce(':' || rate_type, '')", "', '",
            ['judgement', 'priority', 'rate_type']
        ) }} as blocked_judgements
    from {{ ref('int_contract_judgement_review') }}
    where is_blocked
    group by contract_id
)

select
    resolved.contract_id,
    resolved.client_id,
    resolved.title,
    resolved.tier,
    resolved.start_date,
    resolved.end_date,
    resolved.auto_renew,
    resolved.renewal_notice_days,
    resolved.previous_contract_id,
    resolved.annual_value,
    resolved.currency,
    resolved.billing_model,
    resolved.monthly_fee,
    resolved.included_hours_per_month,
    resolved.overage_rate,
    resolved.rate_standard,
    resolved.rate_after_hours,
    resolved.rate_emergency,
    resolved.coverage_hours,
    resolved.coverage_is_24x7,
    resolved.coverage_timezone,
    resolved.coverage_timezone_from_client,
    resolved.public_holidays,
    resolved.credit_pct_per_breach,
    resolved.monthly_credit_cap_pct,
    resolved.special_instructions,
    resolved.review_status,
    resolved.review_reasons,
    resolved.source_pdf,
    resolved.source_yaml,
    blocked.blocked_judgements
from {{ ref('int_contracts_resolved') }} as resolved
left join blocked on blocked.contract_id = resolved.contract_id
