with source as (
    select * from {{ source('hr', 'credentials') }}
),

renamed as (
    select
        technician_id,
        credential,
        issued_on,
        expires_on
    from source
)

select * from renamed
