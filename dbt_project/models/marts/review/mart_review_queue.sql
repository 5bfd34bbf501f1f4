-- The review queue: one row per contract term under review (spec section 2), with what the
-- reader found for it (candidate value, page, snippet, confidence) and the YAML file a correction
-- goes to. Several reasons for one term are one row (reasons joined); the provenance row is the
-- term's own (exact field), else the least sure of its sub-terms ('sla.P1' -> 'sla.P1.clock').
with review_items as (
    select contract_id, field, reason
    from {{ ref('stg_contracts__review_items') }}
),

terms as (
    select contract_id, client_id, source_pdf, source_yaml
    from {{ ref('int_contracts_resolved') }}
),

provenance as (
    select contract_id, field, value, source, page, snippet, confidence
    from {{ ref('stg_contracts__term_provenance') }}
),

items as (
    select contract_id, field,
           {{ string_agg_sorted('reason', "'; '", distinct=true) }} as reasons,
           count(*) as reason_count
    from review_items
    group by contract_id, field
),

evidence as (
    select contract_id, field, evidence_field, value, source, page, snippet, confidence
    from (
        select i.contract_id, i.field, p.field as evidence_field, p.value, p.source, p.page, p.snippet, p.confidence,
            row_number() over (
                partition by i.contract_id, i.field
                order by (p.field = i.field) desc, p.confidence nulls first, p.field) as evidence_rank
        from items i
        join provenance p
          on p.contract_id = i.contract_id
         and (p.field = i.field or {{ starts_with('p.field', "i.field || '.'") }})
    ) as ranked
    where evidence_rank = 1
)

select
    i.contract_id,
    t.client_id,
    i.field,
    i.reasons,
    i.reason_count,
    e.evidence_field,
    e.value as candidate_value,
    e.source as candidate_source,
    e.page,
    e.snippet,
    e.confidence,
    t.source_pdf,
    t.source_yaml,
    -- the correction goes to the YAML with the document's file stem (YAML wins field by field)
    coalesce(t.source_yaml, regexp_replace(t.source_pdf, '\.[^./]+$', '') || '.yaml',
             'contracts/' || i.contract_id || '.yaml') as correction_file
from items i
left join evidence e on e.contract_id = i.contract_id and e.field = i.field
left join terms t on t.contract_id = i.contract_id
