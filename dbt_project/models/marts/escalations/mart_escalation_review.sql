-- Escalation steps that name a contact level the contract has no contact (with an e-mail) for:
-- listed for review with the contract; such a step goes to the account manager instead
-- (spec section 3, Escalation). One row per contract x priority x clock x step x missing level.
with

ladders as (
    select * from {{ ref('int_escalation_ladders') }} where notify = 'level'
),

contacts as (
    select distinct contract_id, level
    from {{ ref('stg_contracts__escalation_contacts') }}
    where nullif(trim(email), '') is not null
)

select
    ladders.contract_id,
    ladders.priority,
    ladders.clock,
    ladders.step,
    ladders.threshold_pct,
    ladders.contact_level,
    ladders.ladder_source,
    'escalation step ' || ladders.step || ' (' || cast(ladders.threshold_pct as {{ string_type() }})
        || '% of ' || ladders.clock || ', ' || ladders.priority
        || ') names escalation contact level ' || ladders.contact_level
        || ', which the contract has no contact for: sent to the account manager' as reason
from ladders
{{ anti_join() }} contacts
    on contacts.contract_id = ladders.contract_id and contacts.level = ladders.contact_level
