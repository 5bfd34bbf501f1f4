-- Every contract with its health score, renewal recommendation and proposed terms.
--
-- Health score, 0-100 (higher is healthier), a weighted sum of five components each in [0, 1]:
--   40  SLA: 12-month SLA compliance (both clocks), linear from 0.80 (0) to 1.00 (1);
--       no finished ticket in 12 months = 1 (nothing failed).
--   20  Utilisation (block_hours only, others 1): 1 between 0.70 and 1.00, falling linearly to
--       0 at 0.20 below and at 1.50 above.
--   10  Ticket volume trend: covered tickets created in the last 90 days / the 90 before;
--       1 when the ratio <= 1 (flat or falling), 0 at >= 2 (doubled), linear between;
--       no tickets in the prior window = 1.
--   10  Breach trend: breached tickets in the last 90 days against the 90 before;
--       1 when not more, otherwise 1 - (increase / max(prior, 1)), floored at 0.
--   20  Margin: trailing 12-month (revenue - cost) / revenue, linear from 0 % (0) to 40 % (1);
--       no revenue and no cost = 0.5 (unknown).
-- Recommendation (spec section 3), first match wins: upgrade_tier when utilisation > 1.10;
-- at_risk when 12-month SLA compliance (both) < 0.95; right_size when utilisation < 0.50;
-- else renew. A NULL input never matches its branch.
-- Proposed terms: upgrade_tier -> next tier (silver -> gold -> platinum) and the block raised to
-- the 6-month average use rounded up to 5 h; right_size -> same tier, block lowered to 1.2 x the
-- average use rounded up to 5 h (at least 5 h); at_risk / renew -> same tier and block. The
-- proposed monthly fee scales the current fee with the block; annual value = 12 x fee (the
-- current annual value when there is no monthly fee).
with

contracts as (
    select * from {{ ref('int_contracts_resolved') }}
),

utilisation as (
    select * from {{ ref('int_contract_utilisation') }}
),

performance as (
    select * from {{ ref('int_contract_ticket_performance') }}
),

financials as (
    select * from {{ ref('int_contract_financials') }}
),

components as (
    select
        contracts.contract_id,
        performance.sla_compliance_rate_12m,
        performance.sla_compliance_rate,
        coalesce(performance.finished_tickets_12m, 0) as finished_tickets_12m,
        coalesce(performance.tickets_last_90d, 0) as tickets_last_90d,
        coalesce(performance.tickets_prior_90d, 0) as tickets_prior_90d,
        coalesce(performance.breaches_last_90d, 0) as breaches_last_90d,
        coalesce(performance.breaches_prior_90d, 0) as breaches_prior_90d,
        coalesce(performance.open_at_risk_tickets, 0) as open_at_risk_tickets,
        utilisation.utilisation,
        utilisation.avg_monthly_used_hours,
        financials.revenue_12m,
        financials.cost_12m,
        cast(
            (financials.revenue_12m - financials.cost_12m) / nullif(financials.revenue_12m, 0)
            as double
        ) as margin_pct_12m,
        case
            when performance.sla_compliance_rate_12m is null then 1.0
            else greatest(0.0, least(1.0, (performance.sla_compliance_rate_12m - 0.80) / 0.20))
        end as sla_component,
        case
            when utilisation.utilisation is null then 1.0
            when utilisation.utilisation < 0.70
                then greatest(0.0, (utilisation.utilisation - 0.20) / 0.50)
            when utilisation.utilisation > 1.00
                then greatest(0.0, (1.50 - utilisation.utilisation) / 0.50)
            else 1.0
        end as utilisation_component,
        case
            when coalesce(performance.tickets_prior_90d, 0) = 0 then 1.0
            else greatest(0.0, least(1.0,
                2.0 - cast(performance.tickets_last_90d as double) / performance.tickets_prior_90d
            ))
        end as volume_trend_component,
        case
            when coalesce(performance.breaches_last_90d, 0)
                <= coalesce(performance.breaches_prior_90d, 0) then 1.0
            else greatest(0.0, 1.0
                - cast(performance.breaches_last_90d - coalesce(performance.breaches_prior_90d, 0)
                    as double) / greatest(coalesce(performance.breaches_prior_90d, 0), 1))
        end as breach_trend_component,
        case
            when coalesce(financials.revenue_12m, 0) = 0 and coalesce(financials.cost_12m, 0) = 0
                then 0.5
            when coalesce(financials.revenue_12m, 0) <= 0 then 0.0
            else greatest(0.0, least(1.0,
                cast((financials.revenue_12m - financials.cost_12m) / financials.revenue_12m
                    as double) / 0.40))
        end as margin_component
    from contracts
    left join utilisation on utilisation.contract_id = contracts.contract_id
    left join performance on performance.contract_id = contracts.contract_id
    left join financials on financials.contract_id = contracts.contract_id
),

scored as (
    select
        components.*,
        {{ round_half_away("100 * (
            0.40 * sla_component
            + 0.20 * utilisation_component
            + 0.10 * volume_trend_component
            + 0.10 * breach_trend_component
            + 0.20 * margin_component
        )", 1) }} as health_score,
        case
            when utilisation > {{ var('renewal_upgrade_utilisation') }} then 'upgrade_tier'
            when sla_compliance_rate_12m < {{ var('renewal_at_risk_compliance') }} then 'at_risk'
            when utilisation < {{ var('renewal_right_size_utilisation') }} then 'right_size'
            else 'renew'
        end as recommendation
    from components
),

proposed as (
    select
        scored.*,
        contracts.tier,
        contracts.monthly_fee,
        contracts.included_hours_per_month,
        contracts.annual_value,
        case
            when scored.recommendation = 'upgrade_tier' then
                case contracts.tier
                    when 'silver' then 'gold'
                    when 'gold' then 'platinum'
                    else contracts.tier
                end
            else contracts.tier
        end as proposed_tier,
        case
            when scored.recommendation = 'upgrade_tier'
                then ceil(scored.avg_monthly_used_hours / 5.0) * 5
            when scored.recommendation = 'right_size'
                then greatest(5, ceil(scored.avg_monthly_used_hours * 1.2 / 5.0) * 5)
            else contracts.included_hours_per_month
        end as proposed_included_hours
    from scored
    inner join contracts on contracts.contract_id = scored.contract_id
)

select
    proposed.*,
    cast(case
        when monthly_fee is null then null
        when included_hours_per_month > 0 and proposed_included_hours is not null
            then {{ round_half_away("monthly_fee * proposed_included_hours / included_hours_per_month", 2) }}
        else monthly_fee
    end as decimal(18, 2)) as proposed_monthly_fee,
    cast(case
        when monthly_fee is null then annual_value
        when included_hours_per_month > 0 and proposed_included_hours is not null
            then {{ round_half_away("monthly_fee * proposed_included_hours / included_hours_per_month", 2) }} * 12
        else monthly_fee * 12
    end as decimal(18, 2)) as proposed_annual_value
from proposed
