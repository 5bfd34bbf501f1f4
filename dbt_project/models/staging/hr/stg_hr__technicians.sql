with source as (
    select * from {{ source('hr', 'technicians') }}
),

renamed as (
    select
        technician_id,
        name,
        email,
        cost_rate,
        active
    from source
)

select * from renamed
