with source as (
    select * from {{ source('contracts', 'contract_document_pages') }}
),

renamed as (
    select * from source
)

select * from renamed
