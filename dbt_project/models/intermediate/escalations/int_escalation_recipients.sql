-- Who each step of each running ticket clock goes to (spec section 3, Escalation): technician ->
-- the assigned technician's e-mail (technicians.csv); level N -> the contract's escalation
-- contacts of level N; account_manager -> the client's account manager. A recipient kind that
-- finds no address (a level the contract has no contact for, a technician without e-mail) falls
-- back to the account manager and says why in review_reason: never dropped silently.
with

steps as (
    select * from {{ ref('int_escalation_ticket_steps') }}
),

targets as (
    select steps.ticket_id, steps.clock, steps.step, ladders.notify, ladders.contact_level,
        steps.contract_id, steps.client_id, steps.technician_id
    from steps
    inner join {{ ref('int_escalation_ladders') }} as ladders
        on ladders.contract_id = steps.contract_id
        and ladders.priority = steps.priority
        and ladders.clock = steps.clock
        and ladders.step = steps.step
),

contacts as (
    select contract_id, level, lower(trim(email)) as email
    from {{ ref('stg_contracts__escalation_contacts') }}
    where nullif(trim(email), '') is not null
),

addressed as (
    select
        targets.ticket_id, targets.clock, targets.step, targets.notify, targets.contact_level,
        nullif(lower(trim(clients.account_manager)), '') as account_manager,
        case targets.notify
            when 'technician' then nullif(lower(trim(technicians.email)), '')
            when 'account_manager' then nullif(lower(trim(clients.account_manager)), '')
            else contacts.email
        end as email
    from targets
    left join {{ ref('stg_hr__technicians') }} as technicians
        on targets.notify = 'technician' and technicians.technician_id = targets.technician_id
    left join {{ ref('stg_psa__clients') }} as clients
        on clients.client_id = targets.client_id
    left join contacts
        on targets.notify = 'level' and contacts.contract_id = targets.contract_id
        and contacts.level = targets.contact_level
),

notes as (
    select
        *,
        case
            when email is not null then null
            when notify = 'level' then 'no escalation contact at level ' || contact_level
            when notify = 'technician' then 'no e-mail for the assigned technician'
            else 'the client has no account manager'
        end || case when account_manager is null then ' and no account manager' else '' end
            as review_note
    from addressed
)

select
    ticket_id,
    clock,
    step,
    {{ string_agg_sorted('coalesce(email, account_manager)', "', '", distinct=true) }} as recipients,
    -- ordered, so two runs on the same inputs give the same text
    {{ string_agg_sorted('review_note', "'; '", distinct=true) }} as review_reason
from notes
group by ticket_id, clock, step
