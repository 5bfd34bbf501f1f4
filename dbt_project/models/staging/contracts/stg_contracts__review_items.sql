with source as (
    select * from {{ source('contracts', 'review_items') }}
),

renamed as (
    select * from source
)

select * from renamed
