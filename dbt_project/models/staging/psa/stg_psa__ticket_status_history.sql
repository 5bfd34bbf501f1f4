with source as (
    select * from {{ source('psa', 'ticket_status_history') }}
),

renamed as (
    select
        ticket_id,
        status,
        changed_at,
        _source_file as source_file,
        _row_number as row_number
    from source
)

select * from renamed
