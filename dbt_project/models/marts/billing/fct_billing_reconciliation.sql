-- The public face of intermediate.int_billing_reconciliation (where the logic lives, so that
-- intermediate models downstream of the billing judgement never ref() a mart): a view.
{{ config(materialized='view') }}
select * from {{ ref('int_billing_reconciliation') }}
