-- The executive headline figures at as_of, one row. Definitions:
--   total_contract_value     sum of annual_value of contracts active at as_of
--   renewal_pipeline_value   sum of annual_value of contracts due for renewal (90 days)
--   forecast_renewal_value   the same weighted by health (annual_value x health_score / 100)
--   renewal_rate_12m         contracts that ended in the 365 days before as_of with a successor
--                            / contracts that ended then
--   billing_accuracy         ok entries / reconciled entries (all entries to date)
--   recoverable_revenue      sum of max(expected - billed, 0) over all entries
--   sla_compliance_rate(_12m) met / finished over covered tickets, both clocks
--   service_credits_*        credits owed (capped) to date / over the trailing 12 months; the
--                            exposure still to come is what open at-risk tickets would add
--   revenue / cost / margin  to date and trailing 12 months (see mart_contract_health)
--   contracts_over_included  active block_hours contracts with utilisation > 1.00
--   contracts_under_included active block_hours contracts with utilisation < 0.50
-- Money is added up in the reporting currency (var reporting_currency; each contract's amounts
-- x its rate in seeds/fx_rates.csv). A contract whose currency has no rate is left out of the
-- money totals and counted in contracts_without_fx_rate; costs are incurred in the reporting
-- currency already (technicians.cost_rate).
with

fx as (
    select * from {{ ref('int_contract_fx_rates') }}
),

health as (
    select * from {{ ref('mart_contract_health') }}
),

status as (
    select * from {{ ref('int_contracts_renewal_status') }}
),

contracts as (
    select contract_id, start_date, end_date from {{ ref('dim_contracts') }}
),

active as (
    select health.*
    from health
    inner join status on status.contract_id = health.contract_id
    where status.as_of_date between health.start_date and health.end_date
),

pipeline as (
    select
        sum(pipeline.annual_value * fx.rate_to_reporting) filter (
            where pipeline.pipeline_status = 'due') as renewal_pipeline_value,
        sum(pipeline.weighted_annual_value * fx.rate_to_reporting) filter (
            where pipeline.pipeline_status = 'due') as forecast_renewal_value,
        count(*) filter (where pipeline.pipeline_status = 'due') as contracts_due,
        count(*) filter (where pipeline.pipeline_status = 'lapsed') as contracts_lapsed,
        sum(pipeline.annual_value * fx.rate_to_reporting) filter (
            where pipeline.pipeline_status = 'lapsed') as lapsed_value
    from {{ ref('mart_renewal_pipeline') }} as pipeline
    left join fx on fx.contract_id = pipeline.contract_id
),

renewal_rate as (
    select
        count(*) as contracts_ended_12m,
        count(*) filter (where successor_contract_id is not null) as contracts_renewed_12m
    from status
    where end_date < as_of_date and end_date >= as_of_date - 365
),

billing as (
    select
        count(*) filter (where entries.is_reconciled) as reconciled_entries,
        count(*) filter (where entries.finding = 'ok') as ok_entries,
        sum(entries.recoverable_amount * fx.rate_to_reporting) as recoverable_revenue
    from {{ ref('fct_billing_reconciliation') }} as entries
    left join fx on fx.contract_id = entries.contract_id
),

credits as (
    select
        sum(months.sla_credit * fx.rate_to_reporting) as service_credits_to_date,
        sum(months.sla_credit * fx.rate_to_reporting) filter (
            where months.month > cast({{ instant_to_utc_wall(as_of()) }} as date) - interval 12 month
        ) as service_credits_12m,
        sum((months.sla_credit_with_at_risk - months.sla_credit) * fx.rate_to_reporting)
            as service_credit_exposure_at_risk
    from {{ ref('mart_contract_month_billing') }} as months
    left join fx on fx.contract_id = months.contract_id
),

sla as (
    select
        sum(performance.finished_tickets) as finished_tickets,
        sum(performance.met_tickets) as met_tickets,
        sum(performance.finished_tickets_12m) as finished_tickets_12m,
        sum(performance.met_tickets_12m) as met_tickets_12m
    from {{ ref('int_contract_ticket_performance') }} as performance
),

money as (
    select
        sum(billed_to_date * rate_to_reporting) as revenue,
        sum(cost_to_date_reporting) filter (where rate_to_reporting is not null) as cost,
        sum(revenue_12m * rate_to_reporting) as revenue_12m,
        sum(cost_12m_reporting) filter (where rate_to_reporting is not null) as cost_12m,
        count(*) filter (where rate_to_reporting is null) as contracts_without_fx_rate
    from {{ ref('int_contract_financials') }}
)

select
    {{ as_of() }} as as_of,
    cast((select count(*) from active) as integer) as active_contracts,
    cast(coalesce((select sum(annual_value * fx_rate_to_reporting) from active), 0)
        as decimal(18, 2)) as total_contract_value,
    cast(coalesce(pipeline.renewal_pipeline_value, 0) as decimal(18, 2))
        as renewal_pipeline_value,
    cast(coalesce(pipeline.forecast_renewal_value, 0) as decimal(18, 2))
        as forecast_renewal_value,
    cast(coalesce(pipeline.contracts_due, 0) as integer) as contracts_due,
    cast(coalesce(pipeline.contracts_lapsed, 0) as integer) as contracts_lapsed,
    cast(coalesce(pipeline.lapsed_value, 0) as decimal(18, 2)) as lapsed_value,
    cast(renewal_rate.contracts_ended_12m as integer) as contracts_ended_12m,
    cast(renewal_rate.contracts_renewed_12m as integer) as contracts_renewed_12m,
    cast(renewal_rate.contracts_renewed_12m as double)
        / nullif(renewal_rate.contracts_ended_12m, 0) as renewal_rate_12m,
    cast(billing.reconciled_entries as integer) as reconciled_entries,
    cast(billing.ok_entries as double) / nullif(billing.reconciled_entries, 0)
        as billing_accuracy,
    cast(coalesce(billing.recoverable_revenue, 0) as decimal(18, 2)) as recoverable_revenue,
    cast(sla.met_tickets as double) / nullif(sla.finished_tickets, 0) as sla_compliance_rate,
    cast(sla.met_tickets_12m as double) / nullif(sla.finished_tickets_12m, 0)
        as sla_compliance_rate_12m,
    cast(coalesce(credits.service_credits_to_date, 0) as decimal(18, 2))
        as service_credits_to_date,
    cast(coalesce(credits.service_credits_12m, 0) as decimal(18, 2)) as service_credits_12m,
    cast(coalesce(credits.service_credit_exposure_at_risk, 0) as decimal(18, 2))
        as service_credit_exposure_at_risk,
    cast(coalesce(money.revenue, 0) as decimal(18, 2)) as revenue,
    cast(coalesce(money.cost, 0) as decimal(18, 2)) as cost,
    cast((money.revenue - money.cost) / nullif(money.revenue, 0) as double) as margin_pct,
    cast(coalesce(money.revenue_12m, 0) as decimal(18, 2)) as revenue_12m,
    cast(coalesce(money.cost_12m, 0) as decimal(18, 2)) as cost_12m,
    cast((money.revenue_12m - money.cost_12m) / nullif(money.revenue_12m, 0)
        as double) as margin_pct_12m,
    cast((select count(*) from active
        where billing_model = 'block_hours' and utilisation > 1.0) as integer)
        as contracts_over_included,
    cast((select count(*) from active
        where billing_model = 'block_hours' and utilisation < {{ var('renewal_right_size_utilisation') }}) as integer)
        as contracts_under_included,
    cast((select coalesce(sum(open_at_risk_tickets), 0) from active) as integer)
        as open_at_risk_tickets,
    cast((select coalesce(sum(compliance_gaps), 0) from active) as integer) as compliance_gaps,
    '{{ var("reporting_currency") }}' as reporting_currency,
    cast(money.contracts_without_fx_rate as integer) as contracts_without_fx_rate
from pipeline
cross join renewal_rate
cross join billing
cross join credits
cross join sla
cross join money
