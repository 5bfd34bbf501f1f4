with source as (
    select * from {{ source('contracts', 'security_clauses') }}
),

renamed as (
    select * from source
)

select * from renamed
