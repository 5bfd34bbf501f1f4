{#- Engine-portable time constructs (issue 14). Every model calls these instead of an engine's own
    functions; each has a DuckDB implementation (what the models always wrote, so a DuckDB build
    is unchanged) and a Spark one. Conventions on Spark: every instant is a TIMESTAMP (Spark's
    TIMESTAMP_LTZ) with the session time zone pinned to UTC (see the `spark` target), so an
    instant and its UTC wall reading are the same value; a wall time in another zone is a
    TIMESTAMP whose UTC reading is that wall time (DuckDB: a naive TIMESTAMP). -#}

{% macro instant_type() -%}
    {{ return(adapter.dispatch('instant_type', 'contractops')()) }}
{%- endmacro %}
{% macro duckdb__instant_type() -%} timestamptz {%- endmacro %}
{% macro default__instant_type() -%} timestamp {%- endmacro %}

{% macro string_type() -%}
    {{ return(adapter.dispatch('string_type', 'contractops')()) }}
{%- endmacro %}
{% macro duckdb__string_type() -%} varchar {%- endmacro %}
{% macro default__string_type() -%} string {%- endmacro %}

{% macro wall_in_zone(timezone, instant) -%}
    {#- The wall-clock reading (naive timestamp) of an instant in an IANA zone. -#}
    {{ return(adapter.dispatch('wall_in_zone', 'contractops')(timezone, instant)) }}
{%- endmacro %}
{% macro duckdb__wall_in_zone(timezone, instant) -%}
    timezone({{ timezone }}, {{ instant }})
{%- endmacro %}
{% macro default__wall_in_zone(timezone, instant) -%}
    from_utc_timestamp({{ instant }}, {{ timezone }})
{%- endmacro %}

{% macro utc_wall_to_instant(wall) -%}
    {#- The instant whose UTC wall reading is `wall` (a naive timestamp). -#}
    {{ return(adapter.dispatch('utc_wall_to_instant', 'contractops')(wall)) }}
{%- endmacro %}
{% macro duckdb__utc_wall_to_instant(wall) -%}
    timezone('UTC', {{ wall }})
{%- endmacro %}
{% macro default__utc_wall_to_instant(wall) -%}
    cast({{ wall }} as timestamp)
{%- endmacro %}

{% macro instant_to_utc_wall(instant) -%}
    {#- The naive UTC wall reading of an instant (the inverse of utc_wall_to_instant). -#}
    {{ return(adapter.dispatch('instant_to_utc_wall', 'contractops')(instant)) }}
{%- endmacro %}
{% macro duckdb__instant_to_utc_wall(instant) -%}
    timezone('UTC', {{ instant }})
{%- endmacro %}
{% macro default__instant_to_utc_wall(instant) -%}
    {{ instant }}
{%- endmacro %}

{% macro epoch_us(instant) -%}
    {#- Microseconds since 1970-01-01 00:00 UTC, BIGINT. -#}
    {{ return(adapter.dispatch('epoch_us', 'contractops')(instant)) }}
{%- endmacro %}
{% macro duckdb__epoch_us(instant) -%} epoch_us({{ instant }}) {%- endmacro %}
{% macro default__epoch_us(instant) -%} unix_micros({{ instant }}) {%- endmacro %}

{% macro instant_from_epoch_us(us) -%}
    {{ return(adapter.dispatch('instant_from_epoch_us', 'contractops')(us)) }}
{%- endmacro %}
{% macro duckdb__instant_from_epoch_us(us) -%} make_timestamptz({{ us }}) {%- endmacro %}
{% macro default__instant_from_epoch_us(us) -%} timestamp_micros({{ us }}) {%- endmacro %}

{% macro add_microseconds(instant, us) -%}
    {{ return(adapter.dispatch('add_microseconds', 'contractops')(instant, us)) }}
{%- endmacro %}
{% macro duckdb__add_microseconds(instant, us) -%}
    {{ instant }} + to_microseconds({{ us }})
{%- endmacro %}
{% macro default__add_microseconds(instant, us) -%}
    timestamp_micros(unix_micros({{ instant }}) + {{ us }})
{%- endmacro %}

{% macro date_at_second(day, second) -%}
    {#- The naive wall time `second` seconds after midnight of `day`. -#}
    {{ return(adapter.dispatch('date_at_second', 'contractops')(day, second)) }}
{%- endmacro %}
{% macro duckdb__date_at_second(day, second) -%}
    {{ day }} + to_seconds({{ second }})
{%- endmacro %}
{% macro default__date_at_second(day, second) -%}
    timestamp_seconds(cast(unix_date({{ day }}) as bigint) * 86400 + {{ second }})
{%- endmacro %}

{% macro iso_dow(day) -%}
    {#- ISO day of week, 1 = Monday .. 7 = Sunday. -#}
    {{ return(adapter.dispatch('iso_dow', 'contractops')(day)) }}
{%- endmacro %}
{% macro duckdb__iso_dow(day) -%} isodow({{ day }}) {%- endmacro %}
{% macro default__iso_dow(day) -%} extract(dayofweek_iso from {{ day }}) {%- endmacro %}

{% macro days_between(start, stop) -%}
    {#- Whole days from `start` to `stop` (dates), negative when stop is earlier. -#}
    {{ return(adapter.dispatch('days_between', 'contractops')(start, stop)) }}
{%- endmacro %}
{% macro duckdb__days_between(start, stop) -%}
    date_diff('day', {{ start }}, {{ stop }})
{%- endmacro %}
{% macro default__days_between(start, stop) -%}
    datediff({{ stop }}, {{ start }})
{%- endmacro %}

{% macro seconds_between(start, stop) -%}
    {#- Whole seconds from instant `start` to instant `stop` (DuckDB's date_diff('second'):
        crossings of second boundaries). -#}
    {{ return(adapter.dispatch('seconds_between', 'contractops')(start, stop)) }}
{%- endmacro %}
{% macro duckdb__seconds_between(start, stop) -%}
    date_diff('second', {{ start }}, {{ stop }})
{%- endmacro %}
{% macro default__seconds_between(start, stop) -%}
    (floor(unix_micros({{ stop }}) / 1000000) - floor(unix_micros({{ start }}) / 1000000))
{%- endmacro %}

{% macro series(start, stop, step, cast_to=none) -%}
    {#- One row per value start, start + step, ... <= stop (a select-list set-returning call),
        each cast to `cast_to` when given (Spark allows no expression around its generator). -#}
    {{ return(adapter.dispatch('series', 'contractops')(start, stop, step, cast_to)) }}
{%- endmacro %}
{% macro duckdb__series(start, stop, step, cast_to=none) -%}
    {%- if cast_to is not none %}cast({% endif -%}
    unnest(generate_series({{ start }}, {{ stop }}, {{ step }}))
    {%- if cast_to is not none %} as {{ cast_to }}){% endif -%}
{%- endmacro %}
{% macro default__series(start, stop, step, cast_to=none) -%}
    {%- if cast_to is not none -%}
    explode(transform(sequence({{ start }}, {{ stop }}, {{ step }}), value -> cast(value as {{ cast_to }})))
    {%- else -%}
    explode(sequence({{ start }}, {{ stop }}, {{ step }}))
    {%- endif -%}
{%- endmacro %}

{% macro format_date(day) -%}
    {#- 'YYYY-MM-DD' -#}
    {{ return(adapter.dispatch('format_date', 'contractops')(day)) }}
{%- endmacro %}
{% macro duckdb__format_date(day) -%} strftime({{ day }}, '%Y-%m-%d') {%- endmacro %}
{% macro default__format_date(day) -%} date_format({{ day }}, 'yyyy-MM-dd') {%- endmacro %}

{% macro format_month(day) -%}
    {#- 'YYYY-MM' -#}
    {{ return(adapter.dispatch('format_month', 'contractops')(day)) }}
{%- endmacro %}
{% macro duckdb__format_month(day) -%} strftime({{ day }}, '%Y-%m') {%- endmacro %}
{% macro default__format_month(day) -%} date_format({{ day }}, 'yyyy-MM') {%- endmacro %}

{% macro format_instant_utc(instant) -%}
    {#- 'YYYY-MM-DD HH:MM:SS UTC' -#}
    {{ return(adapter.dispatch('format_instant_utc', 'contractops')(instant)) }}
{%- endmacro %}
{% macro duckdb__format_instant_utc(instant) -%}
    strftime({{ instant }}, '%Y-%m-%d %H:%M:%S UTC')
{%- endmacro %}
{% macro default__format_instant_utc(instant) -%}
    date_format({{ instant }}, 'yyyy-MM-dd HH:mm:ss \'UTC\'')
{%- endmacro %}
