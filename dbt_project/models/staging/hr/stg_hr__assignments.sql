with source as (
    select * from {{ source('hr', 'assignments') }}
),

renamed as (
    select
        technician_id,
        client_id
    from source
)

select * from renamed
