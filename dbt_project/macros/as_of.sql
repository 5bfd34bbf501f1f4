{% macro as_of() -%}
    {#- The run's judgement instant as a TIMESTAMPTZ literal. Never now(): a run is a pure
        function of the landing zone and as_of. -#}
    cast('{{ var("as_of") }}' as {{ instant_type() }})
{%- endmacro %}

{% macro as_of_local(timezone_column) -%}
    {#- The run's as_of as wall time in a zone (contract dates, months and terms are judged there). -#}
    {{ wall_in_zone(timezone_column, as_of()) }}
{%- endmacro %}
