{% test unique_combination(model, columns) %}
-- Rows whose combination of `columns` repeats (a composite-key uniqueness test without packages).
select {{ columns | join(', ') }}, count(*) as n
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}
