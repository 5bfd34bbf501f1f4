{% test unique_combination_sla(model, columns) %}
{#- rows whose key columns repeat (NULLs compare equal: the all-months rows have month NULL) -#}
select {{ columns | join(', ') }}, count(*) as occurrences
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}

{% test sla_due_times_present(model) %}
{#- every judged clock has a due time, except resolution while on hold at as_of: a missing one
    means the business calendar was not built far enough ahead -#}
select ticket_id
from {{ model }}
where (response_status <> 'not_applicable' and response_due_at is null)
    or (resolution_status <> 'not_applicable' and resolution_due_at is null
        and not is_on_hold_at_as_of)
{% endtest %}
