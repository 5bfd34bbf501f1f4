"""Billing backup: for one contract-month, the document finance attaches to the invoice - every
time entry with its rate, the included and overage hours, what was expected against what was
billed, and the service credits owed - as CSV (the entries) and as HTML and PDF (the whole)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import duckdb

from contractops.documents._render import (
    PdfDocument, hours, money, pct, render_html, rows, safe_name, write_text,
)

ENTRY_COLUMNS = [
    "entry_id", "started_at_local", "technician_id", "ticket_id", "service_type", "rate_type",
    "hours", "included_hours", "overage_hours", "contract_rate", "overage_rate",
    "expected_amount", "billed_rate", "billed_amount", "variance", "finding", "invoice_id",
]


def _month_start(value: dt.date) -> dt.date:
    return value.replace(day=1)


def _month_data(con: duckdb.DuckDBPyConnection, month: dt.date, contract_id: str | None = None) -> dict[str, dict]:
    """Everything the backups of one month need, in three queries (one contract or all)."""
    month = _month_start(month)
    where, params = ("and c.contract_id = ?", [contract_id]) if contract_id else ("", [])
    contracts = rows(con, f"""
        select c.*, cl.client_name, m.* exclude (contract_id, client_id, billing_model, review_status, monthly_fee)
        from marts.mart_contract_month_billing as m
        inner join marts.dim_contracts as c using (contract_id)
        left join staging.stg_psa__clients as cl on cl.client_id = c.client_id
        where m.month = ? {where} order by c.contract_id""", [month, *params])
    entries = rows(con, f"""
        select e.*, strftime(timezone(c.coverage_timezone, e.started_at), '%Y-%m-%d %H:%M') as started_at_local
        from marts.fct_billing_reconciliation as e
        inner join marts.dim_contracts as c using (contract_id)
        where e.billing_month = ? {where} order by e.contract_id, e.started_at, e.entry_id""", [month, *params])
    breached = rows(con, f"""
        select t.contract_id, t.ticket_id, t.priority, t.response_status, t.resolution_status,
               strftime(timezone(c.coverage_timezone, t.created_at), '%Y-%m-%d %H:%M') as created_local
        from marts.fct_ticket_sla as t
        inner join marts.dim_contracts as c using (contract_id)
        where t.entitlement = 'covered'
          and (t.response_status = 'breached' or t.resolution_status = 'breached')
          and cast(date_trunc('month', timezone(c.coverage_timezone, t.created_at)) as date) = ? {where}
        order by t.contract_id, t.created_at, t.ticket_id""", [month, *params])
    out: dict[str, dict] = {}
    summary_columns = ("included_hours", "used_hours", "overage_hours", "expected_amount", "billed_amount",
                       "variance", "breached_tickets", "sla_credit", "monthly_fee", "net_expected_invoice",
                       "billing_accuracy", "recoverable_revenue", "reconciled_entries", "ok_entries")
    for c in contracts:
        summary = {k: c[k] for k in summary_columns if k in c}
        summary["monthly_fee"] = c["monthly_fee"]
        out[c["contract_id"]] = {"contract": c, "summary": summary, "entries": [], "breached": [],
                                 "findings": {}, "month": month, "timezone": c["coverage_timezone"] or "UTC"}
    for e in entries:
        if e["contract_id"] in out:
            data = out[e["contract_id"]]
            data["entries"].append(e)
            data["findings"][e["finding"]] = data["findings"].get(e["finding"], 0) + 1
    for b in breached:
        if b["contract_id"] in out:
            out[b["contract_id"]]["breached"].append(b)
    for data in out.values():
        data["findings"] = dict(sorted(data["findings"].items()))
    return out


def backup_data(con: duckdb.DuckDBPyConnection, contract_id: str, month: dt.date) -> dict | None:
    return _month_data(con, month, contract_id).get(contract_id)


def _write_backup(data: dict, out_dir: Path) -> dict[str, Path]:
    folder = Path(out_dir) / data["month"].strftime("%Y-%m")
    stem = safe_name(data["contract"]["contract_id"])
    return {
        "csv": _write_csv(folder / f"{stem}.csv", data["entries"]),
        "html": write_text(folder / f"{stem}.html", render_html("billing_backup.html.j2", **data)),
        "pdf": _write_pdf(folder / f"{stem}.pdf", data),
    }


def write_billing_backup(con: duckdb.DuckDBPyConnection, contract_id: str, month: dt.date,
                         out_dir: Path) -> dict[str, Path]:
    """Write <out_dir>/<YYYY-MM>/<contract>.csv, .html and .pdf; {} when there is no such month."""
    data = backup_data(con, contract_id, month)
    return _write_backup(data, out_dir) if data else {}


def write_billing_backups(con: duckdb.DuckDBPyConnection, out_dir: Path, month: dt.date) -> list[Path]:
    """One backup per contract with a row in mart_contract_month_billing for `month`."""
    written: list[Path] = []
    for data in _month_data(con, month).values():
        written.extend(_write_backup(data, out_dir).values())
    return written


def _write_csv(path: Path, entries: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(ENTRY_COLUMNS)
        for entry in entries:
            writer.writerow(["" if entry.get(c) is None else entry.get(c) for c in ENTRY_COLUMNS])
    tmp.replace(path)
    return path


def _write_pdf(path: Path, data: dict) -> Path:
    c, s = data["contract"], data["summary"]
    cur = c.get("currency") or ""
    doc = PdfDocument(
        f"Billing backup - {c['contract_id']} - {data['month']:%B %Y}",
        f"{c.get('client_name') or c['client_id']} ({c['client_id']}) - {c.get('billing_model')} - "
        f"times in {data['timezone']} - review status {c.get('review_status')}",
    )
    if c.get("review_status") != "ok":
        doc.paragraph("This contract needs review: its time entries are listed but not judged.")
    doc.heading("Summary")
    doc.key_values([
        ("Monthly fee", money(s["monthly_fee"], cur)),
        ("Included hours (block)", hours(s["included_hours"])),
        ("Hours used against the block", hours(s["used_hours"])),
        ("Overage hours", hours(s["overage_hours"])),
        ("Expected on time entries", money(s["expected_amount"], cur)),
        ("Billed on time entries", money(s["billed_amount"], cur)),
        ("Variance (billed - expected)", money(s["variance"], cur)),
        ("Breached tickets", s["breached_tickets"]),
        ("Service credit owed", money(s["sla_credit"], cur)),
        ("Expected invoice (fee + entries - credit)", money(s["net_expected_invoice"], cur)),
        ("Billing accuracy", pct(s["billing_accuracy"])),
        ("Recoverable revenue", money(s["recoverable_revenue"], cur)),
    ])
    if data["findings"]:
        doc.heading("Findings")
        doc.table(["finding", "entries"], [(k, v) for k, v in data["findings"].items()], widths=(60, 30))
    doc.heading(f"Time entries ({len(data['entries'])})")
    doc.table(
        ["entry", "started", "tech", "service", "rate", "hours", "incl.", "over.", "expected", "billed", "variance", "finding"],
        [(e["entry_id"], e["started_at_local"], e["technician_id"], e["service_type"], e["rate_type"],
          hours(e["hours"]), hours(e["included_hours"]), hours(e["overage_hours"]),
          money(e["expected_amount"]), money(e["billed_amount"]), money(e["variance"]), e["finding"])
         for e in data["entries"]],
        widths=(17, 21, 10, 20, 14, 9, 9, 9, 15, 15, 15, 26), font_size=6.5,
    )
    if data["breached"]:
        doc.heading(f"Breached tickets ({len(data['breached'])}) - credit {c.get('credit_pct_per_breach')} % "
                    f"of the monthly fee each, capped at {c.get('monthly_credit_cap_pct')} %")
        doc.table(["ticket", "priority", "created", "response", "resolution"],
                  [(b["ticket_id"], b["priority"], b["created_local"], b["response_status"],
                    b["resolution_status"]) for b in data["breached"]], widths=(30, 20, 35, 30, 30))
    doc.paragraph("Source: marts.mart_contract_month_billing, marts.fct_billing_reconciliation, "
                  "marts.fct_ticket_sla.")
    return doc.save(path)
