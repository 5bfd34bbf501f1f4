-- One row per time entry: the client's contract whose term contains the entry's started_at date
-- (in the contract time zone), its scope verdict for the entry's service and the contract rate
-- for the entry's rate_type. Spec section 3 "Billing".
with

entries as (
    select * from {{ ref('stg_timesheets__time_entries') }}
),

clients as (
    select client_id, timezone as client_timezone from {{ ref('stg_psa__clients') }}
),

contracts as (
    select
        dim.contract_id,
        dim.client_id,
        dim.tier,
        -- an unsure term date still finds its entries (they are then under review, not unmatched)
        dim.matched_start_date as start_date,
        dim.matched_end_date as end_date,
        dim.billing_model,
        dim.monthly_fee,
        dim.included_hours_per_month,
        dim.overage_rate,
        dim.rate_standard,
        dim.rate_after_hours,
        dim.rate_emergency,
        dim.coverage_timezone,
        dim.review_status
    from {{ ref('int_contracts_resolved') }} as dim
),

-- per-term review: the billing judgement of each rate type (int_contract_judgement_review)
billing_review as (
    select contract_id as review_contract_id, rate_type as review_rate_type, is_blocked
    from {{ ref('int_contract_judgement_review') }}
    where judgement = 'billing'
),

services as (
    select contract_id, service_type, inclusion
    from {{ ref('stg_contracts__contract_services') }}
),

matched as (
    select *
    from (
        select
            entries.*,
            clients.client_timezone,
            contracts.contract_id,
            contracts.tier,
            contracts.billing_model,
            contracts.monthly_fee,
            contracts.included_hours_per_month,
            contracts.overage_rate,
            contracts.rate_standard,
            contracts.rate_after_hours,
            contracts.rate_emergency,
            contracts.coverage_timezone,
            contracts.review_status,
            -- overlapping terms should not happen; if they do, the most recent contract wins
            row_number() over (
                partition by entries.entry_id
                order by contracts.start_date desc nulls last, contracts.contract_id desc nulls last
            ) as contract_rank
        from entries
        left join clients on clients.client_id = entries.client_id
        left join contracts
            on contracts.client_id = entries.client_id
            and cast({{ wall_in_zone('contracts.coverage_timezone', 'entries.started_at') }} as date)
                between contracts.start_date and contracts.end_date
    ) as ranked
    where contract_rank = 1
),

-- the scope terms per contract and per contract x service (joins, not EXISTS in a CASE: the same
-- verdict on every engine)
scope_terms as (
    select contract_id, bool_or(inclusion = 'included') as has_included
    from services
    group by contract_id
),

service_terms as (
    select
        contract_id,
        service_type,
        bool_or(inclusion = 'excluded') as is_excluded,
        bool_or(inclusion = 'included') as is_included
    from services
    group by contract_id, service_type
),

scoped as (
    select
        matched.*,
        case
            when matched.contract_id is null then null
            when coalesce(service_terms.is_excluded, false) then false
            when coalesce(scope_terms.has_included, false)
                and not coalesce(service_terms.is_included, false) then false
            else true
        end as in_scope
    from matched
    left join scope_terms on scope_terms.contract_id = matched.contract_id
    left join service_terms
        on service_terms.contract_id = matched.contract_id
        and service_terms.service_type = matched.service_type
)

select
    entry_id,
    client_id,
    contract_id,
    tier,
    technician_id,
    ticket_id,
    invoice_id,
    started_at,
    -- calendar month of the entry in the contract time zone (client zone when no contract)
    cast(date_trunc(
        'month', {{ wall_in_zone("coalesce(coverage_timezone, client_timezone, 'UTC')", 'started_at') }}
    ) as date) as billing_month,
    service_type,
    rate_type,
    hours,
    billable,
    coalesce(approved_out_of_scope, false) as approved_out_of_scope,
    billed_rate,
    billing_model,
    review_status,
    -- a term this entry's judgement needs is missing or under review: not judged
    coalesce(billing_review.is_blocked, false) as is_under_review,
    in_scope,
    monthly_fee,
    included_hours_per_month,
    overage_rate,
    case rate_type
        when 'standard' then rate_standard
        when 'after_hours' then rate_after_hours
        when 'emergency' then rate_emergency
    end as contract_rate
from scoped
left join billing_review
    on billing_review.review_contract_id = scoped.contract_id
    and billing_review.review_rate_type = scoped.rate_type
