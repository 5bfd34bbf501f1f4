{#- Relations are rendered without the database (DuckDB catalog) name. A DuckDB catalog is named
    after its file, and the pipeline builds in `<warehouse>.build-<run>` before publishing, while
    analysts copy warehouses freely: a view that names its catalog breaks under another file
    name. Schema-qualified names resolve in whichever file the view lives in. -#}
{% macro ref() -%}
    {%- set relation = builtins.ref(*varargs, **kwargs) -%}
    {%- if relation is not none and relation.include is defined -%}
        {%- do return(relation.include(database=False)) -%}
    {%- endif -%}
    {%- do return(relation) -%}
{%- endmacro %}

{% macro source() -%}
    {%- set relation = builtins.source(*varargs, **kwargs) -%}
    {%- if relation is not none and relation.include is defined -%}
        {%- do return(relation.include(database=False)) -%}
    {%- endif -%}
    {%- do return(relation) -%}
{%- endmacro %}
