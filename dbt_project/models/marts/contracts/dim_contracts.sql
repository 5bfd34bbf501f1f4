-- One row per contract: the terms people read (int_contracts_resolved: the same rows the other
-- models judge with, so the mart and the judgements can never disagree). A term under review is
-- NULL here; the unsure candidate the matching uses (matched_*) is not published.
-- blocked_judgements names the judgements withheld by per-term review (int_contract_judgement_review).
with

blocked as (
    select
        contract_id,
        string_agg(
            judgement || coalesce(':' || priority, '') || coalesce(':' || rate_type, ''), ', '
            order by judgement, priority, rate_type
        ) as blocked_judgements
    from {{ ref('int_contract_judgement_review') }}
    where is_blocked
    group by contract_id
)

select
    resolved.* exclude (matched_start_date, matched_end_date),
    blocked.blocked_judgements
from {{ ref('int_contracts_resolved') }} as resolved
left join blocked on blocked.contract_id = resolved.contract_id
