-- One row per compliance gap at as_of (spec section 3 "Compliance"): a technician working for an
-- active contract's client without a valid required credential, or an insurance minimum the
-- company's policies do not meet. Valid items are not gaps. due_date is when the gap bites.
with

credentials as (
    select * from {{ ref('int_technician_credential_status') }}
    where status <> 'valid'
),

insurance as (
    select * from {{ ref('int_insurance_minimum_status') }}
    where status <> 'valid'
),

technicians as (
    select technician_id, name from {{ ref('stg_hr__technicians') }}
),

gaps as (
    select
        credentials.contract_id,
        'technician' as subject_type,
        credentials.technician_id as subject_id,
        credentials.requirement,
        credentials.status,
        credentials.due_date,
        credentials.client_id,
        technicians.name as subject_name,
        credentials.expires_on,
        credentials.basis,
        cast(null as decimal(18, 2)) as minimum_amount,
        cast(null as decimal(18, 2)) as coverage_amount,
        credentials.as_of_date
    from credentials
    left join technicians on technicians.technician_id = credentials.technician_id
    union all
    select
        contract_id,
        'insurance' as subject_type,
        policy_type as subject_id,
        policy_type as requirement,
        status,
        due_date,
        client_id,
        policy_type as subject_name,
        expires_on,
        cast(null as {{ string_type() }}) as basis,
        minimum_amount,
        coverage_in_force as coverage_amount,
        as_of_date
    from insurance
)

select
    contract_id || ':' || subject_type || ':' || subject_id || ':' || lower(requirement)
        as gap_id,
    contract_id,
    subject_type,
    subject_id,
    requirement,
    status,
    due_date,
    client_id,
    subject_name,
    expires_on,
    basis,
    minimum_amount,
    coverage_amount,
    cast({{ days_between('as_of_date', 'due_date') }} as integer) as days_until_due,
    case
        when status in ('missing', 'expired', 'below_minimum') then 'critical'
        else 'warning'
    end as severity
from gaps
