-- Each contract's resolved escalation ladder (its YAML `escalation:` list or the clause its PDF
-- states, else the default ladder of config/escalation.yaml): one row per step and recipient kind.
-- ladder_source: contract | default | default_under_review (the contract states a ladder that is
-- listed for review; the default applies until it is confirmed).
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
