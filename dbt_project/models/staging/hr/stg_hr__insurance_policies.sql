with source as (
    select * from {{ source('hr', 'insurance_policies') }}
),

renamed as (
    select
        policy_id,
        policy_type,
        coverage_amount,
        effective_on,
        expires_on,
        insurer
    from source
)

select * from renamed
