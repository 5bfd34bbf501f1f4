"""Executive overview: the headline figures of marts.mart_executive_kpis with their trends."""

import polars as pl
import streamlit as st

from apps import charts, data, ui

ui.page_guard("overview", "Executive overview")
ui.as_of_caption()
kpis = data.executive_kpis()
k = kpis or {}
currency = k.get("reporting_currency") or "USD"
missing = k.get("contracts_without_fx_rate") or 0
st.caption(f"Money in {currency}: each contract's amounts converted at the rates in "
           f"dbt_project/seeds/fx_rates.csv; per-contract figures stay in the contract's currency."
           + (f" {missing} contracts have a currency without a rate and are left out of the totals."
              if missing else ""))

row1 = st.columns(4)
row1[0].metric("Active contract value", ui.money(k.get("total_contract_value")),
               help=f"{ui.count(k.get('active_contracts'))} contracts in force; annual value")
row1[1].metric("Renewal pipeline (next 90 days)", ui.money(k.get("renewal_pipeline_value")),
               help="annual value of contracts due for renewal")
row1[2].metric("SLA compliance (12 months)", ui.pct(k.get("sla_compliance_rate_12m")),
               help="tickets met on both clocks / tickets with both clocks finished")
row1[3].metric("Margin (12 months)", ui.pct(k.get("margin_pct_12m")))
row2 = st.columns(4)
row2[0].metric("Billing accuracy", ui.pct(k.get("billing_accuracy")),
               help="ok entries / reconciled entries")
row2[1].metric("Recoverable revenue", ui.money(k.get("recoverable_revenue")),
               help="sum of max(expected - billed, 0)")
row2[2].metric("Service credits (12 months)", ui.money(k.get("service_credits_12m")),
               help="credits owed for breached tickets, capped per contract-month")
row2[3].metric("Credit exposure (open at-risk)", ui.money(k.get("service_credit_exposure_at_risk")),
               help=f"{ui.count(k.get('open_at_risk_tickets'))} open tickets at risk")

left, right = st.columns(2)
with left:
    st.altair_chart(charts.contract_value_by_tier(data.active_contract_value_by_tier()), width="stretch")
with right:
    ui.chart(data.renewal_pipeline_by_month(), "marts.mart_renewal_pipeline_by_month", "Renewal pipeline by month",
             charts.renewal_pipeline_by_month, empty="No contracts due or lapsed in the renewal window.")

left, right = st.columns(2)
with left:
    ui.chart(data.sla_compliance_by_month_tier(), "marts.mart_sla_compliance", "SLA compliance",
             charts.sla_compliance_by_month_tier)
with right:
    ui.chart(data.margin_by_tier(), "marts.mart_margin_by_tier", "Margin by tier", charts.margin_by_tier)

left, right = st.columns(2)
with left:
    ui.chart(data.billing_by_month(), "marts.mart_billing_by_month", "Billing accuracy",
             charts.billing_accuracy_by_month)
with right:
    ui.chart(data.service_credits_by_month(), "marts.mart_contract_month_billing", "Service credits",
             charts.service_credits_by_month)

health = data.contract_health()
active = health.filter(pl.col("is_active_at_as_of"))

st.subheader("At-risk contracts")
# the flag and its rule are the mart's (mart_contract_health.is_at_risk)
sla_col = "sla_compliance_rate_12m"
at_risk = active.filter(pl.col("is_at_risk")).sort(
    ["open_at_risk_tickets", sla_col], descending=[True, False], nulls_last=True)
st.caption(f"{at_risk.height} active contracts below 95% SLA compliance (12 months), recommended "
           f"'at_risk' for renewal, or with open tickets at risk")
st.dataframe(
    at_risk.select(["contract_id", "client_name", "tier", "annual_value", "currency", sla_col, "recommendation",
                                "open_at_risk_tickets", "margin_pct", "compliance_gaps", "end_date"]),
    hide_index=True, width="stretch",
    column_config={
        "annual_value": st.column_config.NumberColumn("annual value", format="%,.0f"),
        sla_col: st.column_config.ProgressColumn("SLA compliance", format="percent", min_value=0.0, max_value=1.0),
        "open_at_risk_tickets": st.column_config.NumberColumn("open at risk"),
        "compliance_gaps": st.column_config.NumberColumn("compliance gaps"),
        "margin_pct": st.column_config.NumberColumn("margin", format="percent"),
    },
)

st.subheader("Over- and under-used contracts")
usage = active.filter(pl.col("usage_flag").is_not_null()).rename({"usage_flag": "usage"}).sort(
    "utilisation", descending=True)
st.caption(f"block-hours contracts using more than 110% or less than 50% of their included hours "
           f"({k.get('contracts_over_included', '-')} over, {k.get('contracts_under_included', '-')} under 100%/50% in the KPI mart)")
if usage.is_empty():
    st.info("No active block-hours contract is over 110% or under 50% of its included hours.")
else:
    left, right = st.columns([3, 2])
    with left:
        # the ten most over- and under-used; every one is in the table
        extremes = pl.concat([usage.filter(pl.col("usage") == "over-used").head(10),
                              usage.filter(pl.col("usage") == "under-used").tail(10)])
        st.altair_chart(charts.utilisation(extremes), width="stretch")
        st.caption(f"The 10 most over- and under-used of {usage.height}; all of them in the table.")
    with right:
        st.dataframe(usage.select(["contract_id", "client_name", "tier", "utilisation", "usage"]), hide_index=True,
                     width="stretch", height=min(38 + 35 * usage.height, 560),
                     column_config={"utilisation": st.column_config.NumberColumn(format="percent")})
