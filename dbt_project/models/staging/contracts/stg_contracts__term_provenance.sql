with source as (
    select * from {{ source('contracts', 'term_provenance') }}
),

renamed as (
    select * from source
)

select * from renamed
