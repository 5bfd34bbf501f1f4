with source as (
    select * from {{ source('contracts', 'escalation_contacts') }}
),

renamed as (
    select * from source
)

select * from renamed
