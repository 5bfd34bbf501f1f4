with source as (
    select * from {{ source('timesheets', 'timesheets') }}
),

renamed as (
    select
        entry_id,
        client_id,
        technician_id,
        started_at,
        hours,
        service_type,
        rate_type,
        billable,
        billed_rate,
        ticket_id,
        approved_out_of_scope,
        invoice_id
    from source
)

select * from renamed
