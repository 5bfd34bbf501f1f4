-- Each contract's resolved escalation ladder (its YAML `escalation:` list, else the default ladder
-- of config/escalation.yaml): one row per step and recipient kind.
with source as (
    select * from {{ source('contracts', 'escalation_steps') }}
),

renamed as (
    select
        contract_id,
        priority,
        clock,
        threshold_pct,
        notify,
        contact_level,
        source as ladder_source
    from source
)

select * from renamed
