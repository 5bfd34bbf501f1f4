with source as (
    select * from {{ source('contracts', 'coverage_windows') }}
),

renamed as (
    select * from source
)

select * from renamed
