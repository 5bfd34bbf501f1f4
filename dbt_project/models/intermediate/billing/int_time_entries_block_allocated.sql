-- Block-hours allocation (spec section 3 "Billing", block_hours): billable, in-scope,
-- standard-rate hours of a block_hours contract consume the month's included_hours_per_month in
-- started_at order (ties by entry_id), calendar month in the contract time zone. The entry that
-- crosses the block boundary is split: the part that still fits is included, the rest is overage.
-- Set-based: a running sum per contract-month, then each entry's share of what was left.
with

entries as (
    select * from {{ ref('int_time_entries_matched_to_contracts') }}
),

block_consumers as (
    select
        entry_id,
        hours,
        coalesce(included_hours_per_month, 0) as block_hours,
        sum(hours) over (
            partition by contract_id, billing_month
            order by started_at, entry_id
            rows between unbounded preceding and current row
        ) - hours as hours_before
    from entries
    where billing_model = 'block_hours'
        and not is_under_review
        and billable
        and in_scope
        and rate_type = 'standard'
),

allocated as (
    select
        entry_id,
        -- rounding keeps float noise (0.1 + 0.2) out of the split
        {{ round_half_away("greatest(0, least(hours, block_hours - hours_before))", 6) }} as included_hours
    from block_consumers
)

select
    entries.*,
    allocated.entry_id is not null as consumes_block,
    coalesce(allocated.included_hours, 0) as included_hours,
    case
        when allocated.entry_id is null then 0
        else {{ round_half_away("entries.hours - allocated.included_hours", 6) }}
    end as overage_hours
from entries
left join allocated on allocated.entry_id = entries.entry_id
