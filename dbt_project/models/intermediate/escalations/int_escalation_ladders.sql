-- The escalation ladder of every contract, priority and clock (spec section 3, Escalation): the
-- contract's resolved steps (stg_contracts__escalation_steps: its YAML list, else the default of
-- config/escalation.yaml). Steps stated for a priority and/or a clock replace the less specific
-- ones for that priority and clock: the most specific rows that match win, the others are unused.
-- One row per contract x priority x clock x step x recipient kind; step = 1, 2, ... by threshold.
with

steps as (
    select * from {{ ref('stg_contracts__escalation_steps') }}
),

priorities as (
    select distinct contract_id, priority from {{ ref('stg_contracts__contract_sla') }}
),

clocks as (
    select 'response' as clock
    union all
    select 'resolution'
),

matching as (
    select
        priorities.contract_id,
        priorities.priority,
        clocks.clock,
        steps.threshold_pct,
        steps.notify,
        steps.contact_level,
        steps.ladder_source,
        (case when steps.priority is not null then 2 else 0 end)
            + (case when steps.clock is not null then 1 else 0 end) as specificity
    from priorities
    cross join clocks
    inner join steps
        on steps.contract_id = priorities.contract_id
        and (steps.priority is null or steps.priority = priorities.priority)
        and (steps.clock is null or steps.clock = clocks.clock)
),

chosen as (
    select *
    from (
        select
            *,
            max(specificity) over (partition by contract_id, priority, clock) as top_specificity
        from matching
    ) as ranked
    where specificity = top_specificity
)

select distinct
    contract_id,
    priority,
    clock,
    cast(dense_rank() over (partition by contract_id, priority, clock order by threshold_pct)
        as integer) as step,
    threshold_pct,
    notify,
    contact_level,
    ladder_source
from chosen
