-- The SLA matrix: one row per contract and priority, targets in minutes.
select
    contract_id,
    priority,
    response_minutes,
    resolution_minutes,
    clock
from {{ ref('stg_contracts__contract_sla') }}
