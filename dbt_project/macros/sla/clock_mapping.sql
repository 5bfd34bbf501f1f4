{% macro instants_to_clock_us(points, keys) -%}
    {{ return(adapter.dispatch('instants_to_clock_us', 'contractops')(points, keys)) }}
{%- endmacro %}

{% macro duckdb__instants_to_clock_us(points, keys) -%}
    {#- Every instant of `points` (columns point_at, calendar_key, clock_kind and `keys`) as "clock
        microseconds so far": open time on the contract's business calendar (one ASOF join on
        int_sla_coverage_intervals; an instant in a closed stretch reads the last opening's end),
        epoch time on a calendar clock. The SLA clocks and the escalation steps both read instants
        this way, so they can never disagree. -#}
    select
        {% for key in keys %}{{ points }}.{{ key }}, {% endfor %}
        coalesce(
            intervals.open_us_before
            + least(epoch_us({{ points }}.point_at) - epoch_us(intervals.open_start), intervals.open_us),
            0
        ) as clock_us
    from {{ points }}
    asof left join {{ ref('int_sla_coverage_intervals') }} as intervals
        on intervals.calendar_key = {{ points }}.calendar_key
        and {{ points }}.point_at >= intervals.open_start
    where {{ points }}.clock_kind = 'business'
    union all
    select {% for key in keys %}{{ key }}, {% endfor %} epoch_us(point_at) as clock_us
    from {{ points }}
    where clock_kind = 'calendar'
{%- endmacro %}


{% macro clock_us_to_instants(readings, keys, reading_us, target_us, alias) -%}
    {{ return(adapter.dispatch('clock_us_to_instants', 'contractops')(readings, keys, reading_us, target_us, alias)) }}
{%- endmacro %}

{% macro duckdb__clock_us_to_instants(readings, keys, reading_us, target_us, alias) -%}
    {#- The way back: the instant at which the clock of each row of `readings` (columns
        calendar_key, clock_kind, created_at, `reading_us`, `target_us` and `keys`) shows
        `reading_us`, as column `alias`. A zero target is created_at; a reading exactly at an
        interval's end is that end (the window-end rule), never the next opening; past the
        published calendar, NULL. -#}
    select
        {% for key in keys %}{{ readings }}.{{ key }}, {% endfor %}
        case
            when {{ readings }}.{{ target_us }} = 0 then {{ readings }}.created_at
            when {{ readings }}.{{ reading_us }} - intervals.open_us_before <= intervals.open_us
                then intervals.open_start
                    + to_microseconds(cast({{ readings }}.{{ reading_us }} - intervals.open_us_before as bigint))
        end as {{ alias }}
    from {{ readings }}
    asof left join {{ ref('int_sla_coverage_intervals') }} as intervals
        on intervals.calendar_key = {{ readings }}.calendar_key
        and {{ readings }}.{{ reading_us }} > intervals.open_us_before
    where {{ readings }}.clock_kind = 'business'
    union all
    select {% for key in keys %}{{ key }}, {% endfor %} make_timestamptz({{ reading_us }}) as {{ alias }}
    from {{ readings }}
    where clock_kind = 'calendar'
{%- endmacro %}


{#- The same two mappings without an ASOF join (Spark has none), and without a range join: the
    points and the intervals of each calendar go through one sort, and each point takes the
    columns of the last interval before it (last(... ignore nulls) over a running window). Spark
    plans this as one shuffle by calendar_key and a sort inside each partition: parallel per
    contract calendar, linear in points + intervals, no UDF. Ties follow the ASOF conditions:
    an interval starting at the point's instant counts (>=); a reading equal to an interval's
    open_us_before does not (>). -#}
{% macro default__instants_to_clock_us(points, keys) -%}
    select
        {% for key in keys %}{{ key }}, {% endfor %}
        coalesce(
            open_us_before + least({{ epoch_us('point_at') }} - {{ epoch_us('open_start') }}, open_us),
            0
        ) as clock_us
    from (
        select
            is_point,
            {% for key in keys %}{{ key }}, {% endfor %}
            point_at,
            last(open_start, true) over running as open_start,
            last(open_us, true) over running as open_us,
            last(open_us_before, true) over running as open_us_before
        from (
            select
                calendar_key, point_at as sort_at, 1 as side, true as is_point,
                {% for key in keys %}{{ key }}, {% endfor %} point_at,
                cast(null as timestamp) as open_start, cast(null as bigint) as open_us,
                cast(null as bigint) as open_us_before
            from {{ points }}
            where clock_kind = 'business'
            union all
            select
                calendar_key, open_start, 0, false,
                {% for key in keys %}null, {% endfor %} null,
                open_start, open_us, open_us_before
            from {{ ref('int_sla_coverage_intervals') }}
        )
        window running as (
            partition by calendar_key order by sort_at, side
            rows between unbounded preceding and current row
        )
    )
    where is_point
    union all
    select {% for key in keys %}{{ key }}, {% endfor %} {{ epoch_us('point_at') }} as clock_us
    from {{ points }}
    where clock_kind = 'calendar'
{%- endmacro %}


{% macro default__clock_us_to_instants(readings, keys, reading_us, target_us, alias) -%}
    select
        {% for key in keys %}{{ key }}, {% endfor %}
        case
            when target_us = 0 then created_at
            when reading_us - open_us_before <= open_us
                then timestamp_micros({{ epoch_us('open_start') }} + reading_us - open_us_before)
        end as {{ alias }}
    from (
        select
            is_reading,
            {% for key in keys %}{{ key }}, {% endfor %}
            created_at, reading_us, target_us,
            last(open_start, true) over running as open_start,
            last(open_us, true) over running as open_us,
            last(open_us_before, true) over running as open_us_before
        from (
            select
                calendar_key, {{ reading_us }} as sort_us, 0 as side, true as is_reading,
                {% for key in keys %}{{ key }}, {% endfor %}
                created_at, {{ reading_us }} as reading_us, {{ target_us }} as target_us,
                cast(null as timestamp) as open_start, cast(null as bigint) as open_us,
                cast(null as bigint) as open_us_before
            from {{ readings }}
            where clock_kind = 'business'
            union all
            select
                calendar_key, open_us_before, 1, false,
                {% for key in keys %}null, {% endfor %} null, null, null,
                open_start, open_us, open_us_before
            from {{ ref('int_sla_coverage_intervals') }}
        )
        window running as (
            partition by calendar_key order by sort_us, side
            rows between unbounded preceding and current row
        )
    )
    where is_reading
    union all
    select {% for key in keys %}{{ key }}, {% endfor %} {{ instant_from_epoch_us(reading_us) }} as {{ alias }}
    from {{ readings }}
    where clock_kind = 'calendar'
{%- endmacro %}
