{#- Incremental SLA judgement (docs/ARCHITECTURE.md, "Incremental runs").

    intermediate.int_ticket_sla is incremental: an incremental run re-judges only the tickets
    whose clocks had not both finished by the previous as_of; the others keep their rows (a
    finished clock's elapsed time, due time and status do not depend on as_of). The pipeline
    runs it incrementally only when as_of moved forward and no other input changed (same clean
    tables, same dbt project); any other change is a --full-refresh build.

    The settled cut-off travels as a session variable, set by int_ticket_sla's pre-hook to the
    as_of its rows were judged at and reset by its post-hook, so that int_sla_ticket_clocks (a
    view: its body is the clock machinery) leaves settled tickets out only while int_ticket_sla
    is being built. Anyone else reading the view has no such variable and sees every ticket. -#}

{% macro sla_settled_before_set() -%}
    {{ return(adapter.dispatch('sla_settled_before_set', 'contractops')()) }}
{%- endmacro %}

{% macro default__sla_settled_before_set() -%}
    {%- if is_incremental() -%}
        set variable contractops_sla_settled_before = (select max(as_of) from {{ this }})
    {%- else -%}
        reset variable contractops_sla_settled_before
    {%- endif -%}
{%- endmacro %}

{% macro sla_settled_before_reset() -%}
    {{ return(adapter.dispatch('sla_settled_before_reset', 'contractops')()) }}
{%- endmacro %}

{% macro default__sla_settled_before_reset() -%}
    reset variable contractops_sla_settled_before
{%- endmacro %}

{% macro sla_unsettled_only(created_at, first_response_at, resolved_at) -%}
    {{ return(adapter.dispatch('sla_unsettled_only', 'contractops')(created_at, first_response_at, resolved_at)) }}
{%- endmacro %}

{% macro default__sla_unsettled_only(created_at, first_response_at, resolved_at) -%}
    {#- A where clause: every ticket, unless the cut-off is set; then only those whose clocks had
        not both finished by it. -#}
    where getvariable('contractops_sla_settled_before') is null
        or not coalesce(
            {{ resolved_at }} <= getvariable('contractops_sla_settled_before')
            and coalesce({{ first_response_at }}, {{ resolved_at }}) <= getvariable('contractops_sla_settled_before')
            and {{ created_at }} <= getvariable('contractops_sla_settled_before'),
            false
        )
{%- endmacro %}
