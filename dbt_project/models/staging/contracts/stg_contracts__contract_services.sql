with source as (
    select * from {{ source('contracts', 'contract_services') }}
),

renamed as (
    select * from source
)

select * from renamed
