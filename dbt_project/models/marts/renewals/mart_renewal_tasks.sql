-- The account manager's renewal task list: for each contract in the renewal pipeline a health
-- check 90 days before the end date, a proposal at 60, a follow-up at 30, and an escalation when
-- the contract has lapsed (due the day after it ended). task_status compares due_date with the
-- as_of date (contract time zone): overdue (past), due_this_week (within 7 days), upcoming.
with

pipeline as (
    select * from {{ ref('mart_renewal_pipeline') }}
),

steps as (
    select * from (values
        ('health_check', 90, 1),
        ('proposal', 60, 2),
        ('follow_up', 30, 3)
    ) as t(task_type, days_before_end, step)
),

tasks as (
    select
        pipeline.contract_id,
        steps.task_type,
        steps.step,
        cast(pipeline.end_date - steps.days_before_end as date) as due_date
    from pipeline
    cross join steps
    where pipeline.pipeline_status = 'due'
    union all
    select
        contract_id,
        'escalation' as task_type,
        4 as step,
        cast(end_date + 1 as date) as due_date
    from pipeline
    where pipeline_status = 'lapsed'
)

select
    tasks.contract_id || ':' || tasks.task_type as task_id,
    tasks.contract_id,
    pipeline.client_id,
    pipeline.client_name,
    pipeline.account_manager,
    tasks.task_type,
    cast(tasks.step as integer) as step,
    tasks.due_date,
    cast({{ days_between('pipeline.as_of_date', 'tasks.due_date') }} as integer) as days_until_due,
    case
        when tasks.due_date < pipeline.as_of_date then 'overdue'
        when tasks.due_date <= pipeline.as_of_date + 7 then 'due_this_week'
        else 'upcoming'
    end as task_status,
    pipeline.end_date,
    pipeline.pipeline_status,
    pipeline.recommendation,
    pipeline.health_score,
    cast(pipeline.annual_value as decimal(18, 2)) as annual_value
from tasks
inner join pipeline on pipeline.contract_id = tasks.contract_id
