-- On-hold periods per ticket from the status history (spec section 3, Resolution): a hold runs
-- from a change to on_hold to the next change to any other status; a repeated on_hold does not
-- restart it; a hold never closed has no end here (it runs to the end of the clock).
{{ config(materialized='view') }}
with

all_history as (
    select ticket_id, status, changed_at, source_file, row_number
    from {{ ref('stg_psa__ticket_status_history') }}
),

history as (
    -- only tickets that were ever on hold need their changes ordered (a fraction of millions)
    select *
    from all_history
    {{ semi_join() }} (select ticket_id from all_history where status = 'on_hold') as held
        on held.ticket_id = all_history.ticket_id
),

ordered as (
    select
        ticket_id,
        status,
        changed_at,
        lag(status) over (
            partition by ticket_id order by changed_at, source_file, row_number
        ) as previous_status,
        {{ first_value_ignore_nulls("case when status <> 'on_hold' then changed_at end") }} over (
            partition by ticket_id order by changed_at, source_file, row_number
            rows between 1 following and unbounded following
        ) as next_other_change_at
    from history
)

select
    ticket_id,
    row_number() over (partition by ticket_id order by changed_at) as hold_number,
    changed_at as hold_started_at,
    next_other_change_at as hold_ended_at
from ordered
where status = 'on_hold' and previous_status is distinct from 'on_hold'
