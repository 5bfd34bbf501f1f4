{% macro sla_counts() -%}
    {#- The met / breached counts of finished clocks, per clock and for both (a ticket whose two
        clocks have finished counts as met only if both are met): the terms of the SLA compliance
        rate, for any GROUP BY over rows of fct_ticket_sla. -#}
    count(*) filter (where response_finished and response_status = 'met') as response_met,
    count(*) filter (where response_finished and response_status = 'breached') as response_breached,
    count(*) filter (where resolution_finished and resolution_status = 'met') as resolution_met,
    count(*) filter (where resolution_finished and resolution_status = 'breached')
        as resolution_breached,
    count(*) filter (where response_finished and resolution_finished
        and response_status = 'met' and resolution_status = 'met') as both_met,
    count(*) filter (where response_finished and resolution_finished
        and (response_status = 'breached' or resolution_status = 'breached')) as both_breached
{%- endmacro %}
