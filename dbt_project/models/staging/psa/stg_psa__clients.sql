with source as (
    select * from {{ source('psa', 'clients') }}
),

renamed as (
    select
        client_id,
        client_name,
        timezone,
        country,
        account_manager
    from source
)

select * from renamed
