"""The weekly contract status e-mail: the weekly executive report, charts inline, sent by the
weekly job through contractops.delivery to a real SMTP server on loopback, once per ISO week.
Run through the code location's own jobs (only the e-mail asset of each), on a copy of the
sample warehouse so its delivery ledger is this test's own."""

from __future__ import annotations

import re
import shutil
import sys
from email import policy
from email.parser import BytesParser
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from alerts.smtp_server import SmtpServer

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "apps"))
from app_test_warehouse import sample_warehouse  # noqa: E402

EMAIL_ASSET = dg.AssetKey(["reports", "weekly_status_email"])
EXECUTIVE = "exec-team@example.com"


@pytest.fixture
def server():
    running = SmtpServer().start()
    yield running
    running.stop()


@pytest.fixture
def warehouse_copy(tmp_path_factory, tmp_path, monkeypatch):
    sample = sample_warehouse(tmp_path_factory)
    copy = tmp_path / "warehouse" / "contractops.duckdb"
    copy.parent.mkdir()
    shutil.copy2(sample.path, copy)
    monkeypatch.setenv("CONTRACTOPS_WAREHOUSE", str(copy))
    monkeypatch.setenv("CONTRACTOPS_AS_OF", sample.as_of.isoformat())
    monkeypatch.setenv("CONTRACTOPS_OUTBOX_DIR", str(tmp_path / "outbox"))
    monkeypatch.setenv("CONTRACTOPS_SMTP_TO", EXECUTIVE)
    return copy


def run_job(job_name: str) -> dg.ExecuteInProcessResult:
    from orchestration.definitions import defs

    job = defs.resolve_job_def(job_name)
    with dg.DagsterInstance.ephemeral() as instance:
        result = job.execute_in_process(instance=instance, asset_selection=[EMAIL_ASSET])
    assert result.success
    return result


def test_weekly_job_mails_the_report_with_inline_charts_once(warehouse_copy, server, monkeypatch):
    monkeypatch.setenv("CONTRACTOPS_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("CONTRACTOPS_SMTP_PORT", str(server.port))

    # the hourly / landing runs (materialize_all) materialize the asset too, but never mail
    run_job("materialize_all")
    assert server.recorder.messages == []

    run_job("weekly_executive_report")
    assert len(server.recorder.messages) == 1
    mail_from, rcpt, message = server.recorder.messages[0]
    assert rcpt == [EXECUTIVE]
    # the sample is judged as of Mon 2026-11-16: ISO week 2026-W47
    assert message["X-Contractops-Key"] == "weekly_status:2026-W47"
    assert message["Subject"] == "[contractops] Weekly contract status 2026-W47 (as of 2026-11-16)"

    # multipart/alternative: the text, then multipart/related with the HTML and its cid images
    assert message.get_content_type() == "multipart/alternative"
    text, related = message.get_payload()
    assert text.get_content_type() == "text/plain"
    assert related.get_content_type() == "multipart/related"
    html_part, *images = related.get_payload()
    assert html_part.get_content_type() == "text/html"
    assert [i.get_content_type() for i in images] == ["image/png"] * 3
    html = html_part.get_content()
    referenced = re.findall(r'src="cid:([^"]+)"', html)
    attached = [i["Content-ID"].strip("<>") for i in images]
    assert referenced == attached  # every chart the HTML shows is in the message, and only those
    for image in images:
        png = image.get_content()
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 2_000
        assert image.get_content_disposition() == "inline"

    # a figure an executive reads: the active contracts and total contract value of the KPI mart
    con = duckdb.connect(str(warehouse_copy), read_only=True)
    try:
        active, total = con.execute(
            "select active_contracts, total_contract_value from marts.mart_executive_kpis").fetchone()
    finally:
        con.close()
    from contractops.documents._render import money

    assert f"Active contracts: {active}" in text.get_content()
    assert f"Total contract value (annual): {money(total)}" in text.get_content()
    assert money(total) in html

    # a rerun of the weekly job in the same week sends nothing new
    run_job("weekly_executive_report")
    assert len(server.recorder.messages) == 1
    ledger = warehouse_copy.with_name(warehouse_copy.name + ".delivered.jsonl").read_text().splitlines()
    assert [line for line in ledger if "weekly_status:2026-W47" in line] and len(ledger) == 1


def test_without_smtp_the_week_lands_once_in_the_outbox(warehouse_copy, tmp_path):
    run_job("weekly_executive_report")
    run_job("weekly_executive_report")
    files = sorted((tmp_path / "outbox").glob("*.eml"))
    assert [f.name for f in files] == ["weekly_status_2026-W47.eml"]
    message = BytesParser(policy=policy.default).parse(files[0].open("rb"))
    assert message.get_body(("html",)) is not None
    assert sum(1 for p in message.walk() if p.get_content_type() == "image/png") == 3
