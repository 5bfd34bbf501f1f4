with source as (
    select * from {{ source('contracts', 'required_credentials') }}
),

renamed as (
    select * from source
)

select * from renamed
