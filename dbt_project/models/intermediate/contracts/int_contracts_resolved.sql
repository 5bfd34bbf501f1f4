-- One row per contract: the terms people and the other marts read. The coverage time zone falls
-- back to the client's time zone when the contract is silent (data contract section 2).
-- A term under review is NULL (not a value); matched_start_date / matched_end_date still carry
-- its unsure candidate (term_provenance) so the tickets and entries it would cover are found and
-- shown as contract_under_review rather than as having no contract.
with contracts as (
    select * from {{ ref('stg_contracts__contracts') }}
),

clients as (
    select client_id, timezone from {{ ref('stg_psa__clients') }}
),

candidates as (
    select
        contract_id,
        max(try_cast(value as date)) filter (where field = 'start_date') as start_date,
        max(try_cast(value as date)) filter (where field = 'end_date') as end_date
    from {{ ref('stg_contracts__term_provenance') }}
    where field in ('start_date', 'end_date')
    group by contract_id
),

always_open as (
    select distinct contract_id
    from {{ ref('stg_contracts__coverage_windows') }}
    where is_24x7
)

select
    contracts.contract_id,
    contracts.client_id,
    contracts.title,
    contracts.tier,
    contracts.start_date,
    contracts.end_date,
    contracts.auto_renew,
    contracts.renewal_notice_days,
    contracts.previous_contract_id,
    cast(contracts.annual_value as decimal(18, 2)) as annual_value,
    contracts.currency,
    contracts.billing_model,
    cast(contracts.monthly_fee as decimal(18, 2)) as monthly_fee,
    contracts.included_hours_per_month,
    cast(contracts.overage_rate as decimal(18, 2)) as overage_rate,
    cast(contracts.rate_standard as decimal(18, 2)) as rate_standard,
    cast(contracts.rate_after_hours as decimal(18, 2)) as rate_after_hours,
    cast(contracts.rate_emergency as decimal(18, 2)) as rate_emergency,
    contracts.coverage_hours,
    -- 24x7: always open, holidays and closed dates do not apply (section 3)
    always_open.contract_id is not null as coverage_is_24x7,
    coalesce(contracts.coverage_timezone, clients.timezone) as coverage_timezone,
    contracts.coverage_timezone is null as coverage_timezone_from_client,
    contracts.public_holidays,
    contracts.credit_pct_per_breach,
    contracts.monthly_credit_cap_pct,
    contracts.special_instructions,
    contracts.review_status,
    contracts.review_reasons,
    contracts.source_pdf,
    contracts.source_yaml,
    coalesce(contracts.start_date, candidates.start_date) as matched_start_date,
    coalesce(contracts.end_date, candidates.end_date) as matched_end_date
from contracts
left join candidates on candidates.contract_id = contracts.contract_id
left join clients on clients.client_id = contracts.client_id
left join always_open on always_open.contract_id = contracts.contract_id
