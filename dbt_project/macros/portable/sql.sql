{#- Engine-portable SQL forms other than time (issue 14): aggregates, joins, CTE hints. -#}

{% macro string_agg_sorted(expression, separator, distinct=false) -%}
    {#- The non-NULL values of `expression` joined by `separator` in ascending order (each
        value once when distinct); NULL when there is none. -#}
    {{ return(adapter.dispatch('string_agg_sorted', 'contractops')(expression, separator, distinct)) }}
{%- endmacro %}
{% macro duckdb__string_agg_sorted(expression, separator, distinct=false) -%}
    string_agg({% if distinct %}distinct {% endif %}{{ expression }}, {{ separator }} order by {{ expression }})
{%- endmacro %}
{% macro default__string_agg_sorted(expression, separator, distinct=false) -%}
    case when count({{ expression }}) > 0 then array_join(array_sort(
        {% if distinct %}collect_set{% else %}collect_list{% endif %}({{ expression }})), {{ separator }}) end
{%- endmacro %}

{% macro semi_join() -%}
    {{ return(adapter.dispatch('semi_join', 'contractops')()) }}
{%- endmacro %}
{% macro duckdb__semi_join() -%} semi join {%- endmacro %}
{% macro default__semi_join() -%} left semi join {%- endmacro %}

{% macro anti_join() -%}
    {{ return(adapter.dispatch('anti_join', 'contractops')()) }}
{%- endmacro %}
{% macro duckdb__anti_join() -%} anti join {%- endmacro %}
{% macro default__anti_join() -%} left anti join {%- endmacro %}

{% macro materialized_cte() -%}
    {#- `as materialized` hint of a CTE read more than once (DuckDB computes it once); other
        engines plan it themselves. Use: `name as {{ materialized_cte() }} (...)` -#}
    {{ return(adapter.dispatch('materialized_cte', 'contractops')()) }}
{%- endmacro %}
{% macro duckdb__materialized_cte() -%} materialized {%- endmacro %}
{% macro default__materialized_cte() -%} {%- endmacro %}

{% macro string_agg_ordered(expression, separator, order_by, filter=none) -%}
    {#- The non-NULL values of `expression` joined by `separator`, ordered by the list of
        expressions `order_by` (ascending), of the rows matching `filter` (a condition, or none);
        NULL when there is none. -#}
    {{ return(adapter.dispatch('string_agg_ordered', 'contractops')(expression, separator, order_by, filter)) }}
{%- endmacro %}
{% macro duckdb__string_agg_ordered(expression, separator, order_by, filter=none) -%}
    string_agg({{ expression }}, {{ separator }} order by {{ order_by | join(', ') }})
    {%- if filter is not none %} filter (where {{ filter }}){% endif %}
{%- endmacro %}
{% macro default__string_agg_ordered(expression, separator, order_by, filter=none) -%}
    {%- set where = (' filter (where ' ~ filter ~ ')') if filter is not none else '' -%}
    case when count({{ expression }}){{ where }} > 0 then array_join(transform(array_sort(
        collect_list(named_struct(
            {%- for key in order_by %}'k{{ loop.index }}', {{ key }}, {% endfor -%}
            'v', {{ expression }})){{ where }}), x -> x.v), {{ separator }}) end
{%- endmacro %}

{% macro row_key(unique_column) -%}
    {#- An integer-like join key for the rows of a CTE read several times: DuckDB numbers the
        rows (an integer joins faster than a text id); elsewhere the unique column itself (a row
        number without an order is not repeatable across the several reads of a CTE). -#}
    {{ return(adapter.dispatch('row_key', 'contractops')(unique_column)) }}
{%- endmacro %}
{% macro duckdb__row_key(unique_column) -%} row_number() over () {%- endmacro %}
{% macro default__row_key(unique_column) -%} {{ unique_column }} {%- endmacro %}

{% macro starts_with(text, prefix) -%}
    {{ return(adapter.dispatch('starts_with', 'contractops')(text, prefix)) }}
{%- endmacro %}
{% macro duckdb__starts_with(text, prefix) -%} starts_with({{ text }}, {{ prefix }}) {%- endmacro %}
{% macro default__starts_with(text, prefix) -%} startswith({{ text }}, {{ prefix }}) {%- endmacro %}

{% macro first_value_ignore_nulls(expression) -%}
    {#- first_value skipping NULLs, as a window function: `{{ first_value_ignore_nulls(x) }} over (...)` -#}
    {{ return(adapter.dispatch('first_value_ignore_nulls', 'contractops')(expression)) }}
{%- endmacro %}
{% macro duckdb__first_value_ignore_nulls(expression) -%}
    first_value({{ expression }} ignore nulls)
{%- endmacro %}
{% macro default__first_value_ignore_nulls(expression) -%}
    first({{ expression }}, true)
{%- endmacro %}

{% macro round_half_away(expression, digits) -%}
    {#- round() as DuckDB rounds a DOUBLE: the value times 10^digits rounded half away from zero,
        divided back. Spark's round(double, d) rounds the shortest decimal text of the double
        instead (35.035 -> 35.04 where DuckDB gives 35.03), so money could differ by a cent. -#}
    {{ return(adapter.dispatch('round_half_away', 'contractops')(expression, digits)) }}
{%- endmacro %}
{% macro duckdb__round_half_away(expression, digits) -%}
    round({{ expression }}, {{ digits }})
{%- endmacro %}
{% macro default__round_half_away(expression, digits) -%}
    (round(({{ expression }}) * {{ 10 ** digits }}, 0) / {{ 10 ** digits }})
{%- endmacro %}
