-- Contract x calendar month (contract time zone): block hours, expected against billed money,
-- service credits, billing accuracy and recoverable revenue. Money sums are over the month's
-- reconciled time entries (spec section 3); monthly_fee is shown beside them, and
-- net_expected_invoice = monthly_fee + expected_amount - sla_credit is what the invoice should say.
with

contracts as (
    select * from {{ ref('dim_contracts') }}
),

entries as (
    select * from {{ ref('fct_billing_reconciliation') }}
    where contract_id is not null
),

-- per-term review: the invoice needs the monthly fee and the service-credit terms too
invoice_review as (
    select contract_id, is_blocked
    from {{ ref('int_contract_judgement_review') }}
    where judgement = 'invoice'
),

-- every billing judgement of the contract withheld (e.g. its billing model under review): even a
-- month without entries has no known expected figure
billing_review as (
    select contract_id, bool_and(is_blocked) as billing_blocked
    from {{ ref('int_contract_judgement_review') }}
    where judgement = 'billing'
    group by contract_id
),

credits as (
    select * from {{ ref('int_service_credits_by_contract_month') }}
),

spine as (
    select contract_id, month from {{ ref('int_contract_months') }}
    union
    select contract_id, billing_month from entries
    union
    select contract_id, month from credits
),

entry_months as (
    select
        contract_id,
        billing_month as month,
        count(*) as entries,
        count(*) filter (where is_reconciled) as reconciled_entries,
        count(*) filter (where finding = 'ok') as ok_entries,
        count(*) filter (where is_flagged) as flagged_entries,
        count(*) filter (where finding = 'contract_under_review') as held_entries,
        sum(hours) as total_hours,
        sum(included_hours) as included_hours_used,
        sum(included_hours + overage_hours) as used_hours,
        sum(overage_hours) as overage_hours,
        sum(expected_amount) as expected_amount,
        sum(billed_amount) filter (where is_reconciled) as billed_amount,
        sum(recoverable_amount) as recoverable_revenue
    from entries
    group by all
)

select
    spine.contract_id,
    spine.month,
    cast(case when contracts.billing_model = 'block_hours'
        then contracts.included_hours_per_month end as double) as included_hours,
    coalesce(entry_months.used_hours, 0) as used_hours,
    coalesce(entry_months.overage_hours, 0) as overage_hours,
    -- a month with entries held for review has no complete expected figure (NULL, not a part sum)
    cast(case when coalesce(entry_months.held_entries, 0) = 0
        and not coalesce(billing_review.billing_blocked, false)
        then coalesce(entry_months.expected_amount, 0) end as decimal(18, 2)) as expected_amount,
    cast(coalesce(entry_months.billed_amount, 0) as decimal(18, 2)) as billed_amount,
    cast(case when coalesce(entry_months.held_entries, 0) = 0
        and not coalesce(billing_review.billing_blocked, false)
        then coalesce(entry_months.billed_amount, 0) - coalesce(entry_months.expected_amount, 0)
    end as decimal(18, 2)) as variance,
    coalesce(credits.breached_tickets, 0) as breached_tickets,
    cast(coalesce(credits.sla_credit, 0) as decimal(18, 2)) as sla_credit,
    contracts.client_id,
    contracts.billing_model,
    contracts.review_status,
    coalesce(entry_months.included_hours_used, 0) as included_hours_used,
    cast(contracts.monthly_fee as decimal(18, 2)) as monthly_fee,
    cast(case when coalesce(entry_months.held_entries, 0) = 0
        and not coalesce(invoice_review.is_blocked, false) then
        coalesce(contracts.monthly_fee, 0) + coalesce(entry_months.expected_amount, 0)
        - coalesce(credits.sla_credit, 0)
    end as decimal(18, 2)) as net_expected_invoice,
    coalesce(entry_months.entries, 0) as entries,
    coalesce(entry_months.held_entries, 0) as held_entries,
    coalesce(entry_months.reconciled_entries, 0) as reconciled_entries,
    coalesce(entry_months.ok_entries, 0) as ok_entries,
    coalesce(entry_months.flagged_entries, 0) as flagged_entries,
    cast(entry_months.ok_entries as double)
        / nullif(entry_months.reconciled_entries, 0) as billing_accuracy,
    cast(coalesce(entry_months.recoverable_revenue, 0) as decimal(18, 2)) as recoverable_revenue,
    coalesce(credits.at_risk_tickets, 0) as at_risk_tickets,
    cast(coalesce(credits.sla_credit_with_at_risk, 0) as decimal(18, 2)) as sla_credit_with_at_risk
from spine
inner join contracts on contracts.contract_id = spine.contract_id
left join entry_months
    on entry_months.contract_id = spine.contract_id and entry_months.month = spine.month
left join credits on credits.contract_id = spine.contract_id and credits.month = spine.month
left join invoice_review on invoice_review.contract_id = spine.contract_id
left join billing_review on billing_review.contract_id = spine.contract_id
