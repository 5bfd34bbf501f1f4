-- One row per timesheet entry: what should have been charged (spec section 3 "Billing") against
-- what was billed, and the finding.
with

entries as (
    select * from {{ ref('int_time_entries_block_allocated') }}
),

technicians as (
    select technician_id, cost_rate from {{ ref('stg_hr__technicians') }}
),

expected as (
    select
        entries.*,
        case
            when contract_id is null then 'no_active_contract'
            -- per-term review: only the entries whose own terms are under review
            when is_under_review then 'contract_under_review'
            when not billable and in_scope then 'not_billable'
            when not billable then 'out_of_scope_unbilled'
            when not in_scope and not approved_out_of_scope then 'out_of_scope_unapproved'
            else 'reconcile'
        end as case_kind,
        hours * billed_rate as billed_raw
    from entries
),

priced as (
    select
        expected.*,
        case
            when case_kind in ('no_active_contract', 'contract_under_review', 'not_billable')
                then null
            -- out of scope (billed, approved or not, or unbilled): every hour at the contract rate
            when not in_scope then hours * contract_rate
            when billing_model = 'time_and_materials' then hours * contract_rate
            when billing_model = 'fixed_fee' and rate_type = 'standard' then 0
            when billing_model = 'fixed_fee' then hours * contract_rate
            when billing_model = 'block_hours' and rate_type = 'standard'
                then overage_hours * overage_rate
            when billing_model = 'block_hours' then hours * contract_rate
        end as expected_raw
    from expected
),

reconciled as (
select
    priced.entry_id,
    priced.client_id,
    priced.contract_id,
    priced.started_at,
    priced.technician_id,
    priced.service_type,
    priced.rate_type,
    priced.hours,
    priced.included_hours,
    priced.overage_hours,
    cast(priced.billed_rate as decimal(18, 2)) as billed_rate,
    cast({{ round_half_away("priced.billed_raw", 2) }} as decimal(18, 2)) as billed_amount,
    cast({{ round_half_away("priced.expected_raw", 2) }} as decimal(18, 2)) as expected_amount,
    cast({{ round_half_away("priced.billed_raw", 2) }} as decimal(18, 2))
        - cast({{ round_half_away("priced.expected_raw", 2) }} as decimal(18, 2)) as variance,
    case
        when priced.case_kind <> 'reconcile' then priced.case_kind
        -- a term the contract does not state (e.g. no after_hours rate): nothing to judge against
        when priced.expected_raw is null then 'missing_rate'
        when abs(priced.billed_raw - priced.expected_raw) < 0.005 then 'ok'
        when priced.billed_raw < priced.expected_raw then 'underbilled'
        else 'overbilled'
    end as finding,
    -- judged against the contract (billing accuracy's denominator): every case but these
    priced.case_kind not in ('not_billable', 'no_active_contract', 'contract_under_review')
        as is_reconciled,
    priced.ticket_id,
    priced.invoice_id,
    priced.billing_month,
    priced.billing_model,
    priced.tier,
    priced.billable,
    priced.approved_out_of_scope,
    priced.in_scope,
    cast(priced.contract_rate as decimal(18, 2)) as contract_rate,
    cast(priced.overage_rate as decimal(18, 2)) as overage_rate,
    cast({{ round_half_away("greatest(priced.expected_raw - priced.billed_raw, 0)", 2) }} as decimal(18, 2))
        as recoverable_amount,
    cast({{ round_half_away("priced.hours * technicians.cost_rate", 2) }} as decimal(18, 2)) as cost_amount
from priced
left join technicians on technicians.technician_id = priced.technician_id
)

select
    *,
    -- a finding that costs or owes money (finance works these first)
    finding in ('underbilled', 'overbilled', 'out_of_scope_unapproved', 'out_of_scope_unbilled')
        as is_flagged
from reconciled
