{% macro as_of() -%}
    {#- The run's judgement instant as a TIMESTAMPTZ literal. Never now(): a run is a pure
        function of the landing zone and as_of. -#}
    cast('{{ var("as_of") }}' as timestamptz)
{%- endmacro %}
