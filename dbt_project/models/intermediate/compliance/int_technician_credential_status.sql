-- Each required credential of each active contract, for each technician working for its client:
-- missing, expired (expires_on < as_of date), expiring (expires_on within 60 days of as_of) or
-- valid. Names match case-insensitively (and trimmed); of several credentials with the same
-- name, the latest expiry counts (a blank expiry never expires). A credential issued after as_of
-- is not held yet.
with

assigned as (
    select * from {{ ref('int_contract_technicians_assigned') }}
),

required as (
    select contract_id, credential as requirement, lower(trim(credential)) as credential_key
    from {{ ref('stg_contracts__required_credentials') }}
),

held as (
    select
        credentials.technician_id,
        lower(trim(credentials.credential)) as credential_key,
        credentials.issued_on,
        credentials.expires_on
    from {{ ref('stg_hr__credentials') }} as credentials
),

checked as (
    select
        assigned.contract_id,
        assigned.client_id,
        assigned.technician_id,
        assigned.basis,
        assigned.as_of_date,
        required.requirement,
        count(held.credential_key) as credentials_held,
        -- NULL expiry = never expires: it outranks any date
        max(coalesce(held.expires_on, date '9999-12-31')) as latest_expiry
    from assigned
    inner join required on required.contract_id = assigned.contract_id
    left join held
        on held.technician_id = assigned.technician_id
        and held.credential_key = required.credential_key
        and held.issued_on <= assigned.as_of_date
    group by all
)

select
    contract_id,
    client_id,
    technician_id,
    basis,
    requirement,
    case when latest_expiry = date '9999-12-31' then null else latest_expiry end as expires_on,
    case
        when credentials_held = 0 then 'missing'
        when latest_expiry < as_of_date then 'expired'
        when latest_expiry <= as_of_date + 60 then 'expiring'
        else 'valid'
    end as status,
    case
        when credentials_held = 0 then as_of_date
        else case when latest_expiry = date '9999-12-31' then null else latest_expiry end
    end as due_date,
    as_of_date
from checked
