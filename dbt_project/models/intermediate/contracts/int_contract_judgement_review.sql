-- Per-term review (data contract section 2): which terms each judgement needs, and, per contract,
-- whether one of them is missing or under review. One row per contract x judgement:
--   sla      x priority P1..P4          (entitlement, clocks, escalation of that priority's tickets)
--   billing  x rate_type               (the reconciliation of that rate type's time entries)
--   invoice                            (the month's net expected invoice: monthly fee, credits)
-- A judgement is blocked (its rows show contract_under_review) only when a review item names a
-- term it needs. The review items (stg_contracts__review_items) name terms by field path
-- (`sla.P1.response_minutes`, `billing.rates.emergency`, `start_date`); a low-confidence term is
-- one of them (and NULL in the clean tables). An item naming no known term blocks everything: an
-- unknown problem is never taken to be harmless.
-- This is the one place the rule lives; the SLA and billing models read is_blocked.
with

contracts as (
    select contract_id, billing_model from {{ ref('stg_contracts__contracts') }}
),

judgements as (
    select * from (values
        ('sla', 'P1', null), ('sla', 'P2', null), ('sla', 'P3', null), ('sla', 'P4', null),
        ('billing', null, 'standard'), ('billing', null, 'after_hours'),
        ('billing', null, 'emergency'),
        ('invoice', null, null)
    ) as j (judgement, priority, rate_type)
),

-- judgement, priority ('*' = every priority), billing model and rate type ('*' = any),
-- term pattern (SQL LIKE on the review item's field)
needs as (
    select * from (values
        -- identity: without them no row can be attributed to the contract
        ('*', '*', '*', '*', 'contract_id'),
        ('*', '*', '*', '*', 'client_id'),
        -- the term
        ('*', '*', '*', '*', 'start_date'),
        ('*', '*', '*', '*', 'end_date'),
        -- scope: decides covered / out_of_scope and in_scope
        ('sla', '*', '*', '*', 'included_services'),
        ('sla', '*', '*', '*', 'excluded_services'),
        ('billing', '*', '*', '*', 'included_services'),
        ('billing', '*', '*', '*', 'excluded_services'),
        -- SLA: coverage and the SLA row of the ticket's priority
        ('sla', '*', '*', '*', 'coverage'),
        ('sla', '*', '*', '*', 'coverage.%'),
        ('sla', '*', '*', '*', 'sla'),
        ('sla', '*', '*', '*', 'sla[%'),
        ('sla', 'P1', '*', '*', 'sla.P1'), ('sla', 'P1', '*', '*', 'sla.P1.%'),
        ('sla', 'P2', '*', '*', 'sla.P2'), ('sla', 'P2', '*', '*', 'sla.P2.%'),
        ('sla', 'P3', '*', '*', 'sla.P3'), ('sla', 'P3', '*', '*', 'sla.P3.%'),
        ('sla', 'P4', '*', '*', 'sla.P4'), ('sla', 'P4', '*', '*', 'sla.P4.%'),
        -- billing: the model, the rate of the entry's rate type (out-of-scope work is charged at
        -- it under every model), and for block_hours' standard work the block terms
        ('billing', '*', '*', '*', 'billing'),
        ('billing', '*', '*', '*', 'billing.model'),
        ('billing', '*', '*', '*', 'billing.rates'),
        ('billing', '*', '*', 'standard', 'billing.rates.standard'),
        ('billing', '*', '*', 'after_hours', 'billing.rates.after_hours'),
        ('billing', '*', '*', 'emergency', 'billing.rates.emergency'),
        ('billing', '*', 'block_hours', 'standard', 'billing.included_hours_per_month'),
        ('billing', '*', 'block_hours', 'standard', 'billing.overage_rate'),
        -- the invoice: every entry's terms plus the monthly fee and the service-credit terms
        ('invoice', '*', '*', '*', 'billing'),
        ('invoice', '*', '*', '*', 'billing.%'),
        ('invoice', '*', '*', '*', 'included_services'),
        ('invoice', '*', '*', '*', 'excluded_services'),
        ('invoice', '*', '*', '*', 'penalties'),
        ('invoice', '*', '*', '*', 'penalties.%')
    ) as n (judgement, priority, billing_model, rate_type, term)
),

-- terms no SLA or billing judgement reads (renewals, compliance, people-facing text). The
-- contract's escalation ladder is not one of the SLA judgement's terms (spec section 2): while it
-- is under review the default ladder applies (clean.escalation_steps source
-- 'default_under_review') and the SLA clocks are judged as usual.
judged_by_none as (
    select * from (values
        ('title'), ('tier'), ('auto_renew'), ('renewal_notice_days'), ('previous_contract_id'),
        ('annual_value'), ('currency'), ('escalation_contacts'), ('escalation'), ('special_instructions'),
        ('compliance'), ('compliance.%'), ('penalties'), ('penalties.%'), ('billing.monthly_fee')
    ) as t (term)
),

items as (
    select distinct contract_id, field
    from {{ ref('stg_contracts__review_items') }}
),

known_items as (
    select items.contract_id, items.field
    from items
    where exists (select 1 from needs where items.field like needs.term)
        or exists (select 1 from judged_by_none where items.field like judged_by_none.term)
),

blocking as (
    select
        contracts.contract_id,
        judgements.judgement,
        judgements.priority,
        judgements.rate_type,
        items.field
    from contracts
    cross join judgements
    inner join items on items.contract_id = contracts.contract_id
    left join known_items
        on known_items.contract_id = items.contract_id and known_items.field = items.field
    where known_items.field is null
        or exists (
            select 1 from needs
            where needs.judgement in (judgements.judgement, '*')
                and needs.priority in (coalesce(judgements.priority, '*'), '*')
                and needs.rate_type in (coalesce(judgements.rate_type, '*'), '*')
                and needs.billing_model in (coalesce(contracts.billing_model, '*'), '*')
                and items.field like needs.term
        )
)

select
    contracts.contract_id,
    judgements.judgement,
    judgements.priority,
    judgements.rate_type,
    count(blocking.field) > 0 as is_blocked,
    {{ string_agg_sorted('blocking.field', "', '", distinct=true) }} as blocking_terms
from contracts
cross join judgements
left join blocking
    on blocking.contract_id = contracts.contract_id
    and blocking.judgement = judgements.judgement
    and blocking.priority is not distinct from judgements.priority
    and blocking.rate_type is not distinct from judgements.rate_type
group by all
