with source as (
    select * from {{ source('contracts', 'insurance_minimums') }}
),

renamed as (
    select * from source
)

select * from renamed
