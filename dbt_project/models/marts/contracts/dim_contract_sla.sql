-- The SLA matrix: one row per contract and priority, targets in minutes (int_contract_sla_targets).
select * from {{ ref('int_contract_sla_targets') }}
