-- One row per contract: the terms people read (int_contracts_resolved: the same rows the other
-- models judge with, so the mart and the judgements can never disagree).
select * from {{ ref('int_contracts_resolved') }}
