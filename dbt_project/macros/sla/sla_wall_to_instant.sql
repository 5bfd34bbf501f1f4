{% macro sla_wall_to_instant(timezone, wall) -%}
    {#-
        The instant of a naive wall time in an IANA zone (spec section 3, DST): a wall time that
        occurs twice is its first occurrence; one skipped by a spring-forward change is the change
        itself, exact when the gap begins at that wall time (as at midnight: term and month
        boundaries). A zone changes its offset at most once in four days, so the instant is the
        wall time minus the offset in force two days before or the one two days after.
        int_sla_coverage_intervals refines the skipped case for edges inside a gap.
    -#}
    {%- set as_utc = utc_wall_to_instant(wall) -%}
    {%- set before = "(" ~ as_utc ~ " - (" ~ wall_in_zone(timezone, as_utc ~ " - interval 2 day") ~ " - ("
        ~ wall ~ " - interval 2 day)))" -%}
    {%- set after = "(" ~ as_utc ~ " - (" ~ wall_in_zone(timezone, as_utc ~ " + interval 2 day") ~ " - ("
        ~ wall ~ " + interval 2 day)))" -%}
    case
        when {{ wall_in_zone(timezone, before) }} = {{ wall }}
            and {{ wall_in_zone(timezone, after) }} = {{ wall }}
            then least({{ before }}, {{ after }})
        when {{ wall_in_zone(timezone, after) }} = {{ wall }} then {{ after }}
        else {{ before }}
    end
{%- endmacro %}
