"""The documents written by the reports assets during a run (billing backup, renewal proposal,
risk report, executive report, renewal e-mail), on the billing scenario (as_of 2026-03-10)."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import email

import duckdb
import pdfplumber
import pytest

from billing.scenario import billing_warehouse, documents_of  # noqa: F401  (session fixture)
from contractops.settings import load_settings


@pytest.fixture(scope="module")
def reports(billing_warehouse):  # noqa: F811
    return documents_of(billing_warehouse)[0]


def pdf_text(path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_billing_backup_of_the_last_full_month(reports):
    folder = reports / "billing_backup" / "2026-02"
    with open(folder / "K1.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    # February's 13 entries of K1 (E02 .. E14), in started_at order (E05 before E06 at the same instant)
    assert [r["entry_id"] for r in rows] == [f"E{i:02d}" for i in range(2, 15)]
    e04 = rows[2]
    assert (e04["included_hours"], e04["overage_hours"], e04["expected_amount"], e04["finding"]) == ("1.0", "3.0", "495.00", "ok")
    assert rows[-1]["started_at_local"] == "2026-02-28 23:30"          # America/Chicago
    html = (folder / "K1.html").read_text(encoding="utf-8")
    for figure in ("4,290.00", "2,865.00", "2,235.00", "-630.00", "75.00", "out_of_scope_unbilled"):
        assert figure in html
    text = pdf_text(folder / "K1.pdf")
    assert "Billing backup - K1 - February 2026" in text
    assert "4,290.00" in text and "E05" in text and "underbilled" in text


def test_renewal_proposal(reports):
    html = (reports / "renewal_proposals" / "K1.html").read_text(encoding="utf-8")
    # 12-month compliance 0.25 < 0.95 -> at risk (utilisation 0.30 is also low, but at_risk comes first)
    assert "Recommendation: at risk" in html
    assert "25.0 %" in html and "30.0 %" in html
    assert "2026-02" in html and "16.00" in html                  # February: 16 h used of 10
    assert sorted(p.name for p in (reports / "renewal_proposals").glob("*.html")) == ["K1.html", "K2.html", "K3.html", "K4.html"]


def test_risk_reports(reports):
    folder = reports / "compliance_risk"
    assert (folder / "index.html").exists()
    assert "No compliance gaps" in (folder / "K1.html").read_text(encoding="utf-8")


def test_executive_report(reports):
    folder = reports / "executive"
    html = (folder / "executive_report_2026-03-10.html").read_text(encoding="utf-8")
    # total contract value in USD: K1 18000 + K3 12000 GBP x 1.27 + K4 12000 = 45,240.00
    assert "45,240.00" in html and "61.1 %" not in html           # billing accuracy is shown with 2 decimals
    assert "61.11 % of 18 reconciled entries" in html and "Totals in USD" in html
    assert "12,000.00 GBP" in html                                # K3's own row, in its currency
    text = pdf_text(folder / "executive_report_2026-03-10.pdf")
    assert "Weekly executive report" in text and "45,240.00" in text
    # its charts: PNG files beside the HTML, which shows each of them
    import re

    charts = re.findall(r'<img src="([^"]+)"', html)
    assert charts == [f"executive_report_2026-03-10_{n}.png"
                      for n in ("margin_by_tier", "renewal_pipeline", "breached_tickets")]
    for name in charts:
        assert (folder / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_renewal_email_delivered_once(billing_warehouse):  # noqa: F811
    settings = dataclasses.replace(load_settings(), outbox_dir=documents_of(billing_warehouse)[1])
    emails = sorted(settings.outbox_dir.glob("renewal_tasks*.eml"))
    assert emails, "the run delivered the account manager's reminder to the outbox"
    message = email.message_from_bytes(emails[0].read_bytes())
    assert message["To"] == "am@example.com"
    body = message.get_payload()
    assert "K1" in body and "OVERDUE" in body
    # a second delivery of the same tasks is recognised and not sent again
    from contractops.documents.renewal_emails import deliver_renewal_emails

    con = duckdb.connect(str(billing_warehouse), read_only=True)
    try:
        results = deliver_renewal_emails(con, settings)
    finally:
        con.close()
    assert results and all(r.already_delivered for r in results)


def test_writers_on_demand(billing_warehouse, tmp_path):  # noqa: F811
    from contractops.documents import write_billing_backup

    con = duckdb.connect(str(billing_warehouse), read_only=True)
    try:
        paths = write_billing_backup(con, "K3", dt.date(2026, 2, 1), tmp_path)
        assert write_billing_backup(con, "NOPE", dt.date(2026, 2, 1), tmp_path) == {}
    finally:
        con.close()
    assert sorted(paths) == ["csv", "html", "pdf"]
    assert paths["pdf"].read_bytes().startswith(b"%PDF")


def test_reports_assets_and_weekly_schedule():
    import dagster as dg

    from orchestration.definitions import defs

    schedule = defs.resolve_schedule_def("weekly_executive_report_schedule")
    assert (schedule.cron_schedule, schedule.job_name) == ("0 7 * * 1", "weekly_executive_report")
    graph = defs.resolve_asset_graph()
    report = graph.get(dg.AssetKey(["reports", "executive_report"]))
    assert dg.AssetKey(["marts", "mart_executive_kpis"]) in report.parent_keys
    # the documents are written before the warehouse is published, in every run
    published = graph.get(dg.AssetKey(["warehouse", "published"]))
    assert {dg.AssetKey(["reports", n]) for n in ("billing_backups", "renewal_proposals",
            "compliance_risk_reports", "executive_report", "renewal_emails")} <= published.parent_keys
