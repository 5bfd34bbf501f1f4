"""The weekly executive report (HTML and PDF): the headline figures of marts.mart_executive_kpis,
margin by tier, the renewal pipeline by month, the contracts to act on."""

from __future__ import annotations

from pathlib import Path

import duckdb

from contractops.documents.charts import bar_chart
from contractops.documents._render import (
    PdfDocument, day, money, number, one, pct, render_html, rows, write_text,
)


def executive_data(con: duckdb.DuckDBPyConnection) -> dict:
    kpis = one(con, "select * from marts.mart_executive_kpis")
    if kpis is None:
        raise ValueError("marts.mart_executive_kpis is empty: materialize the warehouse first")
    return {
        "k": kpis,
        "tiers": rows(con, "select * from marts.mart_margin_by_tier order by revenue desc"),
        "pipeline_months": rows(con, "select * from marts.mart_renewal_pipeline_by_month order by month, pipeline_status"),
        "renewals": rows(con, """
            select p.contract_id, p.client_name, p.end_date, p.days_to_end, p.annual_value,
                   p.health_score, p.recommendation, p.pipeline_status, p.proposed_tier,
                   p.proposed_annual_value, h.currency
            from marts.mart_renewal_pipeline p
            left join marts.mart_contract_health h on h.contract_id = p.contract_id
            order by p.end_date, p.contract_id"""),
        "recoverable": rows(con, """
            select contract_id, client_id, tier, recoverable_revenue, currency, billing_findings
            from marts.mart_contract_health where recoverable_revenue > 0
            order by recoverable_revenue * coalesce(fx_rate_to_reporting, 0) desc, contract_id
            limit 10"""),
        "gaps": rows(con, """
            select subject_type, status, count(*) as gaps, min(due_date) as first_due
            from marts.mart_compliance_gaps group by all order by subject_type, status"""),
        "credits_by_month": rows(con, """
            select b.month, sum(b.breached_tickets) as breached_tickets,
                   sum(b.sla_credit * h.fx_rate_to_reporting) as sla_credit,
                   sum(b.recoverable_revenue * h.fx_rate_to_reporting) as recoverable_revenue
            from marts.mart_contract_month_billing b
            left join marts.mart_contract_health h on h.contract_id = b.contract_id
            group by b.month order by b.month desc limit 6"""),
    }


def headline(k: dict) -> list[tuple[str, str]]:
    return [
        ("Active contracts", str(k["active_contracts"])),
        ("Total contract value (annual)", money(k["total_contract_value"])),
        ("Renewal pipeline (due in 90 days)", f"{money(k['renewal_pipeline_value'])} in {k['contracts_due']} contracts"),
        ("Forecast renewals, weighted by health", money(k["forecast_renewal_value"])),
        ("Lapsed (last 90 days, no successor)", f"{money(k['lapsed_value'])} in {k['contracts_lapsed']} contracts"),
        ("Renewal rate, trailing 12 months", f"{pct(k['renewal_rate_12m'])} ({k['contracts_renewed_12m']} of {k['contracts_ended_12m']})"),
        ("Billing accuracy", f"{pct(k['billing_accuracy'], 2)} of {k['reconciled_entries']} reconciled entries"),
        ("Recoverable revenue", money(k["recoverable_revenue"])),
        ("SLA compliance (term / 12 months)", f"{pct(k['sla_compliance_rate'])} / {pct(k['sla_compliance_rate_12m'])}"),
        ("Service credits owed (12 months)", money(k["service_credits_12m"])),
        ("Service-credit exposure of open at-risk tickets", money(k["service_credit_exposure_at_risk"])),
        ("Revenue / cost / margin (to date)", f"{money(k['revenue'])} / {money(k['cost'])} / {pct(k['margin_pct'])}"),
        ("Revenue / cost / margin (12 months)", f"{money(k['revenue_12m'])} / {money(k['cost_12m'])} / {pct(k['margin_pct_12m'])}"),
        ("Block contracts over / under their hours", f"{k['contracts_over_included']} over 100 % / {k['contracts_under_included']} under 50 %"),
        ("Open tickets at risk", str(k["open_at_risk_tickets"])),
        ("Compliance gaps", str(k["compliance_gaps"])),
    ]


def executive_charts(data: dict) -> list[tuple[str, str, bytes]]:
    """The report's charts as (name, title, PNG bytes), drawn from the figures executive_data
    read (no figure computed here: the series are the marts' rows, laid side by side)."""
    tiers = data["tiers"]
    months = sorted({m["month"] for m in data["pipeline_months"]})
    statuses = sorted({m["pipeline_status"] for m in data["pipeline_months"]})
    by_month = {(m["month"], m["pipeline_status"]): m["annual_value"] for m in data["pipeline_months"]}
    recent = list(reversed(data["credits_by_month"]))
    return [
        ("margin_by_tier", "Revenue and cost by tier, to date",
         bar_chart("Revenue and cost by tier, to date", [t["tier"] for t in tiers],
                   {"revenue": [t["revenue"] for t in tiers], "cost": [t["cost"] for t in tiers]})),
        ("renewal_pipeline", "Renewal pipeline by month of end date (annual value)",
         bar_chart("Renewal pipeline by month of end date (annual value)", [m.strftime("%Y-%m") for m in months],
                   {status: [by_month.get((m, status)) for m in months] for status in statuses})),
        ("breached_tickets", "Breached tickets by month, last six months",
         bar_chart("Breached tickets by month, last six months", [m["month"].strftime("%Y-%m") for m in recent],
                   {"breached tickets": [m["breached_tickets"] for m in recent]})),
    ]


def report_stamp(data: dict) -> str:
    return data["k"]["as_of"].strftime("%Y-%m-%d")


def report_html(data: dict, chart_src: dict[str, str]) -> str:
    """The report as HTML whose chart <img> sources are `chart_src[name]` (a file name beside
    the HTML file, or `cid:...` in the weekly e-mail)."""
    charts = [{"title": title, "src": chart_src[name]} for name, title, _ in data["chart_images"]]
    return render_html("executive_report.html.j2", **data, charts=charts)


def report_data(con: duckdb.DuckDBPyConnection) -> dict:
    data = executive_data(con)
    data["headline"] = headline(data["k"])
    data["chart_images"] = executive_charts(data)
    return data


def write_executive_report(con: duckdb.DuckDBPyConnection, out_dir: Path) -> dict[str, Path]:
    """Write executive_report_<as_of date>.html and .pdf under out_dir, with the charts as PNG
    files beside them (executive_report_<date>_<chart>.png); return every path."""
    data = report_data(con)
    stamp = report_stamp(data)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for name, _, png in data["chart_images"]:
        path = out / f"executive_report_{stamp}_{name}.png"
        path.write_bytes(png)
        written[f"chart_{name}"] = path
    sources = {name: written[f"chart_{name}"].name for name, _, _ in data["chart_images"]}
    html = write_text(out / f"executive_report_{stamp}.html", report_html(data, sources))
    pdf = _write_pdf(out / f"executive_report_{stamp}.pdf", data)
    return {"html": html, "pdf": pdf, **written}


def _write_pdf(path: Path, data: dict) -> Path:
    k = data["k"]
    doc = PdfDocument("Weekly executive report", f"Figures as of {day(k['as_of'])}")
    doc.heading("Headline figures")
    doc.key_values(data["headline"])
    doc.heading("Revenue, cost and margin by tier (to date)")
    doc.table(["tier", "contracts", "revenue", "cost", "margin", "margin %", "margin % 12m"],
              [(t["tier"], t["contracts"], money(t["revenue"]), money(t["cost"]), money(t["margin"]),
                pct(t["margin_pct"]), pct(t["margin_pct_12m"])) for t in data["tiers"]],
              widths=(25, 20, 30, 30, 30, 20, 25), align_right_from=1)
    doc.heading("Renewal pipeline by month of end date")
    doc.table(["month", "status", "contracts", "annual value", "weighted by health", "at risk"],
              [(m["month"].strftime("%Y-%m"), m["pipeline_status"], m["contracts"], money(m["annual_value"]),
                money(m["weighted_annual_value"]), m["at_risk_contracts"]) for m in data["pipeline_months"]],
              widths=(25, 25, 20, 35, 35, 20), align_right_from=2)
    doc.heading(f"Contracts due or lapsed ({len(data['renewals'])})")
    doc.table(["contract", "client", "ends", "days", "annual value", "health", "recommendation", "proposed"],
              [(r["contract_id"], (r["client_name"] or "")[:28], day(r["end_date"]), r["days_to_end"],
                money(r["annual_value"]), number(r["health_score"]), r["recommendation"],
                f"{r['proposed_tier']} {money(r['proposed_annual_value'])}") for r in data["renewals"]],
              widths=(25, 40, 20, 10, 22, 12, 22, 30), font_size=6.5)
    if data["recoverable"]:
        doc.heading("Most recoverable revenue")
        doc.table(["contract", "client", "tier", "recoverable", "billing findings"],
                  [(r["contract_id"], r["client_id"], r["tier"], money(r["recoverable_revenue"]),
                    r["billing_findings"]) for r in data["recoverable"]], widths=(35, 30, 25, 30, 30))
    doc.heading("Compliance gaps")
    doc.table(["subject", "status", "gaps", "first bites"],
              [(g["subject_type"], g["status"], g["gaps"], day(g["first_due"])) for g in data["gaps"]],
              widths=(35, 35, 20, 30))
    doc.heading("Last six months")
    doc.table(["month", "breached tickets", "service credits", "recoverable revenue"],
              [(m["month"].strftime("%Y-%m"), m["breached_tickets"], money(m["sla_credit"]),
                money(m["recoverable_revenue"])) for m in data["credits_by_month"]],
              widths=(25, 30, 35, 40), align_right_from=1)
    return doc.save(path)


__all__ = ["executive_charts", "executive_data", "report_data", "report_html", "write_executive_report"]
