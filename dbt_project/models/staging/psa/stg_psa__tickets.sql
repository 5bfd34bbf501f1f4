with source as (
    select * from {{ source('psa', 'tickets') }}
),

renamed as (
    select
        ticket_id,
        client_id,
        created_at,
        priority,
        service_type,
        status,
        first_response_at,
        resolved_at,
        technician_id,
        summary,
        updated_at
    from source
)

select * from renamed
