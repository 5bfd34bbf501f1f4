{% macro instants_to_clock_us(points, keys) -%}
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
