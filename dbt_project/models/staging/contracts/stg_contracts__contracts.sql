with source as (
    select * from {{ source('contracts', 'contracts') }}
),

renamed as (
    select * from source
)

select * from renamed
