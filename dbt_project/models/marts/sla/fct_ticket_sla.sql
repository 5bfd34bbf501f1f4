-- The public face of intermediate.int_ticket_sla (where the logic lives, so that intermediate
-- models downstream of the SLA judgement never ref() a mart): a view, no second copy of the rows.
{{ config(materialized='view') }}
select * from {{ ref('int_ticket_sla') }}
