with source as (
    select * from {{ source('contracts', 'contract_sla') }}
),

renamed as (
    select * from source
)

select * from renamed
