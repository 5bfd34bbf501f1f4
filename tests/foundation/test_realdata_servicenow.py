"""A real ServiceNow export (UCI incident event log, ../shared/realdata) goes through without loss."""

from __future__ import annotations

import csv
import gzip
from collections import Counter
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from extractors import servicenow
from extractors.landing import accounting_violations, load_kind

LOG = Path(__file__).resolve().parents[2].parent / "shared" / "realdata" / "uci-incident-log" / "incident_event_log.csv.gz"
pytestmark = pytest.mark.skipif(not LOG.exists(), reason=f"real data not present at {LOG}")


def _final_events() -> tuple[int, dict[str, dict]]:
    """Independently of the loader: each incident's last event by sys_updated_at, ties to the later row."""
    with gzip.open(LOG, "rt", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    final: dict[str, tuple] = {}
    for index, row in enumerate(rows):
        key = (datetime.strptime(row["sys_updated_at"], "%d/%m/%Y %H:%M"), index)
        if row["number"] not in final or key > final[row["number"]][0]:
            final[row["number"]] = (key, row)
    return len(rows), {number: row for number, (_, row) in final.items()}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    base = tmp_path_factory.mktemp("servicenow")
    servicenow.write_landing(servicenow.convert(servicenow.read_event_log(LOG)), base / "landing")
    con = duckdb.connect(str(base / "w.duckdb"))
    con.execute("SET TimeZone = 'UTC'")
    for kind in ("clients", "technicians", "tickets", "ticket_status_history"):
        load_kind(con, base / "landing", kind)
    yield con
    con.close()


def test_every_event_row_is_accounted_for(loaded):
    events, final = _final_events()
    read, clean, rejected, superseded = loaded.execute(
        "SELECT rows_read, rows_clean, rows_rejected, rows_superseded FROM quarantine.file_accounting WHERE kind='tickets'"
    ).fetchone()
    assert read == events == 141_712
    assert read == clean + rejected + superseded
    assert accounting_violations(loaded) == []
    # Every incident is either a clean ticket or visible in quarantine with a reason.
    clean_ids = {r[0] for r in loaded.execute("SELECT ticket_id FROM clean.tickets").fetchall()}
    rejected_ids = {r[0] for r in loaded.execute(
        "SELECT raw_record->>'ticket_id' FROM quarantine.rejected_rows WHERE kind='tickets'").fetchall()}
    assert set(final) <= clean_ids | rejected_ids
    assert len(final) == 24_918


def test_the_final_state_of_each_incident_wins(loaded):
    _, final = _final_events()
    got = dict(loaded.execute("SELECT ticket_id, status FROM clean.tickets").fetchall())
    mapped = {n: servicenow.STATES.get(r["incident_state"]) for n, r in final.items()}
    # Incidents whose last event was rejected keep an older valid snapshot; all others must agree.
    agree = sum(1 for n, status in got.items() if mapped[n] == status)
    assert agree / len(got) > 0.99
    closed = Counter(got.values())
    assert closed["closed"] > 20_000  # the log spans a year: most incidents are closed


def test_rejections_name_their_reason(loaded):
    reasons = Counter(
        r for (rs,) in loaded.execute("SELECT reasons FROM quarantine.rejected_rows WHERE kind='tickets'").fetchall() for r in rs
    )
    # `-100` is not a ServiceNow state our contract knows; `?` locations have no client.
    assert reasons["status: '-100' not in open, in_progress, on_hold, resolved, closed, cancelled"] == 5
    assert reasons["client_id: missing"] >= 1
    assert all(":" in r or r.startswith("unknown") or r.endswith("before created_at") for r in reasons)
