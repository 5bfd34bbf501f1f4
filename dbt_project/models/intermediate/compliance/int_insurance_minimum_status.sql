-- Each insurance minimum of each active contract against the company's policies of that type:
--   missing        no policy of the type in force at as_of and none that has expired
--   expired        none in force, but one that has expired (expires_on < as_of date)
--   below_minimum  in force, but the largest coverage in force is under the minimum
--   expiring       an adequate policy is in force but the latest such expires within 60 days
--   valid          otherwise (not a gap)
-- due_date = when the gap bites: as_of date for missing / below_minimum, the expiry otherwise.
with

minimums as (
    select minimums.contract_id, minimums.policy_type, minimums.minimum_amount,
        contracts.client_id, contracts.as_of_date
    from {{ ref('stg_contracts__insurance_minimums') }} as minimums
    inner join {{ ref('int_contracts_active_at_as_of') }} as contracts
        on contracts.contract_id = minimums.contract_id
),

policies as (
    select * from {{ ref('stg_hr__insurance_policies') }}
),

checked as (
    select
        minimums.contract_id,
        minimums.client_id,
        minimums.policy_type,
        minimums.minimum_amount,
        minimums.as_of_date,
        max(policies.coverage_amount) filter (
            where policies.effective_on <= minimums.as_of_date
                and policies.expires_on >= minimums.as_of_date
        ) as coverage_in_force,
        max(policies.expires_on) filter (
            where policies.effective_on <= minimums.as_of_date
                and policies.expires_on >= minimums.as_of_date
                and policies.coverage_amount >= minimums.minimum_amount
        ) as adequate_expires_on,
        max(policies.expires_on) filter (
            where policies.expires_on < minimums.as_of_date
        ) as last_expired_on
    from minimums
    left join policies on policies.policy_type = minimums.policy_type
    group by all
)

select
    contract_id,
    client_id,
    policy_type,
    cast(minimum_amount as decimal(18, 2)) as minimum_amount,
    cast(coverage_in_force as decimal(18, 2)) as coverage_in_force,
    case
        when coverage_in_force is null and last_expired_on is not null then 'expired'
        when coverage_in_force is null then 'missing'
        when coverage_in_force < minimum_amount then 'below_minimum'
        when adequate_expires_on <= as_of_date + 60 then 'expiring'
        else 'valid'
    end as status,
    case
        when coverage_in_force is null and last_expired_on is not null then last_expired_on
        when coverage_in_force is null then as_of_date
        when coverage_in_force < minimum_amount then as_of_date
        else adequate_expires_on
    end as due_date,
    coalesce(adequate_expires_on, last_expired_on) as expires_on,
    as_of_date
from checked
