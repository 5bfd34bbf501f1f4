-- Every alert candidate at this as_of, for the alerts asset to merge into marts.alerts (it adds
-- raised_at and the delivery columns, nothing else). alert_key is stable across runs while the situation is unchanged (it names the
-- subject and its status, never as_of), so an alert is raised once and delivered once.
--   sla_at_risk / sla_breached : int_sla_alert_candidates
--   compliance_gap : every gap of mart_compliance_gaps (all bite within 60 days of as_of or
--                    already have: the alert comes 60 days before a gap bites)
--   renewal_due    : a contract in the renewal pipeline, within 90 days of its end
--   renewal_lapsed : a contract that ended in the last 90 days with no successor
--   renewal_task   : an account-manager task that is due this week or overdue
with

gaps as (
    select * from {{ ref('mart_compliance_gaps') }}
),

pipeline as (
    select * from {{ ref('mart_renewal_pipeline') }}
),

tasks as (
    select * from {{ ref('mart_renewal_tasks') }}
    where task_status in ('overdue', 'due_this_week')
),

sla as (
    select * from {{ ref('int_sla_alert_candidates') }}
)

select
    alert_key, kind, severity, subject_id, message, contract_id,
    cast(null as date) as due_date,
    ticket_id, client_id, clock, status, due_at
from sla
union all

select
    'compliance_gap:' || gap_id || ':' || status as alert_key,
    'compliance_gap' as kind,
    severity,
    contract_id as subject_id,
    case subject_type
        when 'technician' then
            'Contract ' || contract_id || ': technician ' || coalesce(subject_name, subject_id)
            || ' (' || subject_id || ') credential "' || requirement || '" ' || status
            || case when status = 'missing' then '' else ' (expires ' || {{ format_date('expires_on') }} || ')' end
        else
            'Contract ' || contract_id || ': insurance ' || requirement || ' ' || status
            || case status
                when 'below_minimum' then ' (' || cast(coverage_amount as {{ string_type() }}) || ' < required '
                    || cast(minimum_amount as {{ string_type() }}) || ')'
                when 'missing' then ' (required ' || cast(minimum_amount as {{ string_type() }}) || ')'
                else ' (expires ' || {{ format_date('expires_on') }} || ')'
            end
    end as message,
    contract_id,
    due_date,
    null as ticket_id, null as client_id, null as clock, null as status,
    cast(due_date as timestamptz) as due_at
from gaps
union all
select
    'renewal_' || pipeline_status || ':' || contract_id || ':' || {{ format_date('end_date') }}
        as alert_key,
    'renewal_' || pipeline_status as kind,
    case when pipeline_status = 'lapsed' or recommendation = 'at_risk' then 'critical'
        else 'warning' end as severity,
    contract_id as subject_id,
    'Contract ' || contract_id || ' (' || coalesce(client_name, client_id) || ') '
        || case pipeline_status
            when 'due' then 'ends ' || {{ format_date('end_date') }} || ' (in '
                || cast(days_to_end as {{ string_type() }}) || ' days)'
            else 'lapsed on ' || {{ format_date('end_date') }} || ' with no renewal'
        end
        || '; recommendation ' || recommendation || ', health ' || cast(health_score as {{ string_type() }})
        as message,
    contract_id,
    end_date as due_date,
    null as ticket_id, null as client_id, null as clock, null as status,
    cast(end_date as timestamptz) as due_at
from pipeline
union all
select
    'renewal_task:' || task_id || ':' || {{ format_date('due_date') }} as alert_key,
    'renewal_task' as kind,
    case when task_status = 'overdue' then 'warning' else 'info' end as severity,
    contract_id as subject_id,
    'Renewal ' || replace(task_type, '_', ' ') || ' for contract ' || contract_id || ' ('
        || coalesce(client_name, client_id) || ') due ' || {{ format_date('due_date') }}
        || case when task_status = 'overdue' then ' (overdue)' else '' end
        || coalesce(' - account manager ' || account_manager, '') as message,
    contract_id,
    due_date,
    null as ticket_id, null as client_id, null as clock, null as status,
    cast(due_date as timestamptz) as due_at
from tasks
