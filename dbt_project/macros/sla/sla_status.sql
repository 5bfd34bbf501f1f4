{% macro sla_status(elapsed, target, finished, applicable='true') -%}
    {#- Status of one SLA clock (data contract section 3): breached once elapsed > target
        (finished or not); met when finished within target; at_risk when running and at
        var('sla_at_risk_share') (0.75) of the target or more; else on_track. -#}
    case
        when not ({{ applicable }}) then 'not_applicable'
        when {{ elapsed }} > {{ target }} then 'breached'
        when {{ finished }} then 'met'
        when {{ elapsed }} >= {{ var('sla_at_risk_share') }} * {{ target }} then 'at_risk'
        else 'on_track'
    end
{%- endmacro %}
