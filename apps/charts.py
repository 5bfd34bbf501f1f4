"""Altair charts for the pages: each takes a polars frame from `apps/data.py` and returns a chart."""

from __future__ import annotations

import altair as alt
import polars as pl

TIER_ORDER = ["platinum", "gold", "silver", "unknown"]
TIER_COLOURS = ["#5b6c8f", "#c9a227", "#9aa5b1", "#d0d0d0"]
FINDING_COLOURS = {
    "ok": "#4c9a5a", "underbilled": "#d1495b", "overbilled": "#edae49",
    "out_of_scope_unapproved": "#8e5ea2", "out_of_scope_unbilled": "#c27ba0",
    "not_billable": "#b0b0b0", "no_active_contract": "#7f7f7f", "contract_under_review": "#5f8fb4",
}
HEIGHT = 260


def _pd(df: pl.DataFrame):
    return df.to_pandas()


def _tier_scale() -> alt.Scale:
    return alt.Scale(domain=TIER_ORDER, range=TIER_COLOURS)


def contract_value_by_tier(df: pl.DataFrame) -> alt.Chart:
    return (
        alt.Chart(_pd(df), title="Active contract value by tier")
        .mark_bar()
        .encode(
            x=alt.X("annual_value:Q", title="annual value", axis=alt.Axis(format="~s")),
            y=alt.Y("tier:N", sort=TIER_ORDER, title=None),
            color=alt.Color("tier:N", scale=_tier_scale(), legend=None),
            tooltip=["tier", "contracts", alt.Tooltip("annual_value:Q", format=",.0f")],
        )
        .properties(height=HEIGHT)
    )


def renewal_pipeline_by_month(df: pl.DataFrame) -> alt.Chart:
    base = alt.Chart(_pd(df), title="Renewal pipeline by month of contract end")
    return (
        base.mark_bar()
        .encode(
            x=alt.X("yearmonth(month):O", title="month"),
            y=alt.Y("annual_value:Q", title="annual value", axis=alt.Axis(format="~s")),
            color=alt.Color("pipeline_status:N", title="status",
                            scale=alt.Scale(domain=["due", "lapsed"], range=["#5b8def", "#d1495b"])),
            tooltip=["yearmonth(month):O", "pipeline_status", "contracts",
                     alt.Tooltip("annual_value:Q", format=",.0f"),
                     alt.Tooltip("weighted_annual_value:Q", format=",.0f", title="health-weighted")],
        )
        .properties(height=HEIGHT)
    )


def sla_compliance_by_month_tier(df: pl.DataFrame, target: float = 0.95) -> alt.LayerChart:
    line = (
        alt.Chart(_pd(df), title="SLA compliance by month and tier")
        .mark_line(point=True)
        .encode(
            x=alt.X("yearmonth(month):O", title="month"),
            y=alt.Y("compliance_rate:Q", title="compliance", axis=alt.Axis(format="%"),
                    scale=alt.Scale(zero=False)),
            color=alt.Color("tier:N", scale=_tier_scale(), sort=TIER_ORDER),
            tooltip=["yearmonth(month):O", "tier", alt.Tooltip("compliance_rate:Q", format=".1%"),
                     "met", "breached"],
        )
    )
    rule = alt.Chart(pl.DataFrame({"target": [target]}).to_pandas()).mark_rule(
        strokeDash=[4, 4], color="#888").encode(y="target:Q")
    return (line + rule).properties(height=HEIGHT)


def margin_by_tier(df: pl.DataFrame) -> alt.Chart:
    return (
        alt.Chart(_pd(df), title="Margin by tier (to date)")
        .mark_bar()
        .encode(
            x=alt.X("tier:N", sort=TIER_ORDER, title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("margin_pct:Q", title="margin", axis=alt.Axis(format="%")),
            color=alt.Color("tier:N", scale=_tier_scale(), legend=None),
            tooltip=["tier", "contracts", alt.Tooltip("revenue:Q", format=",.0f"),
                     alt.Tooltip("cost:Q", format=",.0f"), alt.Tooltip("margin_pct:Q", format=".1%")],
        )
        .properties(height=HEIGHT)
    )


def billing_accuracy_by_month(df: pl.DataFrame) -> alt.LayerChart:
    base = alt.Chart(_pd(df), title="Billing accuracy and recoverable revenue by month")
    bars = base.mark_bar(color="#edae49", opacity=0.7).encode(
        x=alt.X("yearmonth(month):O", title="month"),
        y=alt.Y("recoverable_revenue:Q", title="recoverable", axis=alt.Axis(format="~s")),
        tooltip=["yearmonth(month):O", alt.Tooltip("recoverable_revenue:Q", format=",.0f"),
                 alt.Tooltip("billing_accuracy:Q", format=".1%")],
    )
    line = base.mark_line(point=True, color="#4c9a5a").encode(
        x="yearmonth(month):O",
        y=alt.Y("billing_accuracy:Q", title="accuracy", axis=alt.Axis(format="%"),
                scale=alt.Scale(zero=False)),
    )
    return alt.layer(bars, line).resolve_scale(y="independent").properties(height=HEIGHT)


def service_credits_by_month(df: pl.DataFrame) -> alt.Chart:
    return (
        alt.Chart(_pd(df), title="Service credits by month")
        .mark_bar(color="#d1495b")
        .encode(
            x=alt.X("yearmonth(month):O", title="month"),
            y=alt.Y("sla_credit:Q", title="credits", axis=alt.Axis(format="~s")),
            tooltip=["yearmonth(month):O", alt.Tooltip("sla_credit:Q", format=",.2f"), "breached_tickets"],
        )
        .properties(height=HEIGHT)
    )


def utilisation(df: pl.DataFrame) -> alt.Chart:
    return (
        alt.Chart(_pd(df), title="Block-hours utilisation (last 6 months)")
        .mark_bar()
        .encode(
            x=alt.X("utilisation:Q", title="used / included", axis=alt.Axis(format="%")),
            y=alt.Y("contract_id:N", sort="-x", title=None),
            color=alt.Color("usage:N", scale=alt.Scale(domain=["over-used", "under-used"],
                                                        range=["#d1495b", "#5b8def"]), title=None),
            tooltip=["contract_id", "client_name", alt.Tooltip("utilisation:Q", format=".0%")],
        )
        .properties(height=alt.Step(24))
    )


def findings_by_kind(df: pl.DataFrame) -> alt.Chart:
    return (
        alt.Chart(_pd(df), title="Time entries by finding")
        .mark_bar()
        .encode(
            x=alt.X("entries:Q", title="entries"),
            y=alt.Y("finding:N", sort="-x", title=None),
            color=alt.Color("finding:N", scale=alt.Scale(domain=list(FINDING_COLOURS),
                                                         range=list(FINDING_COLOURS.values())), legend=None),
            tooltip=["finding", "entries", alt.Tooltip("variance:Q", format=",.2f"),
                     alt.Tooltip("recoverable_revenue:Q", format=",.2f")],
        )
        .properties(height=HEIGHT)
    )


def sla_compliance_by_tier(df: pl.DataFrame) -> alt.Chart:
    # points, not bars: the differences live between 90% and 100%
    return (
        alt.Chart(_pd(df), title="SLA compliance by tier (all months)")
        .mark_point(filled=True, size=220)
        .encode(
            x=alt.X("tier:N", sort=TIER_ORDER, title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("compliance_rate:Q", title="compliance", axis=alt.Axis(format="%"),
                    scale=alt.Scale(zero=False, padding=12)),
            color=alt.Color("tier:N", scale=_tier_scale(), legend=None),
            tooltip=["tier", "met", "breached", alt.Tooltip("compliance_rate:Q", format=".1%")],
        )
        .properties(height=220)
    )


def renewal_health(df: pl.DataFrame) -> alt.Chart:
    return (
        alt.Chart(_pd(df), title="Renewal pipeline: health vs value")
        .mark_circle(size=160, opacity=0.8)
        .encode(
            x=alt.X("days_to_end:Q", title="days to end"),
            y=alt.Y("health_score:Q", title="health score", scale=alt.Scale(domain=[0, 100])),
            size=alt.Size("annual_value:Q", legend=None, scale=alt.Scale(range=[90, 900])),
            color=alt.Color("recommendation:N", title="recommendation"),
            tooltip=["contract_id", "client_label", "recommendation",
                     alt.Tooltip("annual_value:Q", format=",.0f"), "health_score"],
        )
        .properties(height=HEIGHT)
    )


def gaps_by_due_date(df: pl.DataFrame) -> alt.Chart:
    return (
        alt.Chart(_pd(df), title="Compliance gaps by month due (expiring: due at expiry; missing: due now)")
        .mark_bar()
        .encode(
            x=alt.X("yearmonth(due_date):O", title="month due"),
            y=alt.Y("count():Q", title="gaps"),
            color=alt.Color("status:N", title="status",
                            scale=alt.Scale(domain=["missing", "expired", "below_minimum", "expiring"],
                                            range=["#d1495b", "#8e5ea2", "#edae49", "#5b8def"])),
            tooltip=["yearmonth(due_date):O", "status", "count():Q"],
        )
        .properties(height=220)
    )
