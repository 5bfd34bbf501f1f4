with source as (
    select * from {{ source('contracts', 'closed_dates') }}
),

renamed as (
    select * from source
)

select * from renamed
