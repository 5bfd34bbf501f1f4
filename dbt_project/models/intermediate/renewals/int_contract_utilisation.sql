-- Utilisation (spec section 3, block_hours only): billable in-scope standard hours (included
-- and overage) in the last 6 full calendar months before as_of (contract time zone)
-- / (6 x included_hours_per_month). NULL for other billing models, and for a contract whose
-- standard-rate billing is under review (int_contract_judgement_review: its block entries are not
-- judged, so its hours are unknown rather than zero).
with

contracts as (
    select
        contract_id,
        billing_model,
        included_hours_per_month,
        cast(date_trunc('month', {{ as_of_local('coverage_timezone') }}) as date)
            as as_of_month
    from {{ ref('int_contracts_resolved') }}
),

standard_billing_review as (
    select contract_id, is_blocked
    from {{ ref('int_contract_judgement_review') }}
    where judgement = 'billing' and rate_type = 'standard'
),

block_hours as (
    select
        entries.contract_id,
        sum(entries.included_hours + entries.overage_hours) as used_hours_6m
    from {{ ref('int_time_entries_block_allocated') }} as entries
    inner join contracts on contracts.contract_id = entries.contract_id
    where entries.consumes_block
        and entries.billing_month >= contracts.as_of_month - interval 6 month
        and entries.billing_month < contracts.as_of_month
    group by all
)

select
    contracts.contract_id,
    contracts.billing_model,
    contracts.included_hours_per_month,
    coalesce(block_hours.used_hours_6m, 0) as used_hours_6m,
    coalesce(block_hours.used_hours_6m, 0) / 6.0 as avg_monthly_used_hours,
    case
        when contracts.billing_model = 'block_hours'
            and not coalesce(standard_billing_review.is_blocked, false)
            and contracts.included_hours_per_month > 0
            then coalesce(block_hours.used_hours_6m, 0)
                / (6.0 * contracts.included_hours_per_month)
    end as utilisation
from contracts
left join block_hours on block_hours.contract_id = contracts.contract_id
left join standard_billing_review on standard_billing_review.contract_id = contracts.contract_id
