{% macro sla_rate(met, breached) -%}
    {#- SLA compliance rate met / (met + breached); NULL when no clock has finished -#}
    cast({{ met }} as double) / nullif({{ met }} + {{ breached }}, 0)
{%- endmacro %}
