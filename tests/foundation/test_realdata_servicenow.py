"""A real ServiceNow export (UCI incident event log, ../shared/realdata) goes through the shipped
mapping (config/mappings/servicenow_incident_events.yaml) without loss."""

from __future__ import annotations

import csv
import gzip
from collections import Counter
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from extractors.connectors import uci_sample
from extractors.connectors.sources import discover, land, map_source
from extractors.landing import accounting_violations, load_kind

LOG = uci_sample.incident_log()
MAPPING = uci_sample.MAPPING
pytestmark = pytest.mark.skipif(not LOG.exists(), reason=f"real data not present at {LOG}")

# ServiceNow incident_state -> landing status, written out again here (not read from the mapping).
STATES = {"New": "open", "Active": "in_progress", "Awaiting User Info": "on_hold", "Awaiting Vendor": "on_hold",
          "Awaiting Problem": "on_hold", "Awaiting Evidence": "on_hold", "Resolved": "resolved", "Closed": "closed"}


def _rows() -> list[dict]:
    with gzip.open(LOG, "rt", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _ts(text: str) -> datetime:
    return datetime.strptime(text, "%d/%m/%Y %H:%M")


def _final_events(rows) -> dict[str, dict]:
    """Independently of the loader: each incident's last event by sys_updated_at, ties to the later row."""
    final: dict[str, tuple] = {}
    for index, row in enumerate(rows):
        key = (_ts(row["sys_updated_at"]), index)
        if row["number"] not in final or key > final[row["number"]][0]:
            final[row["number"]] = (key, row)
    return {number: row for number, (_, row) in final.items()}



@pytest.fixture(scope="module")
def source_rows():
    return _rows()


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, source_rows):
    base = tmp_path_factory.mktemp("servicenow")
    landing = base / "landing"
    uci_sample.write_user_files(landing, base / "mapping", (r["location"] for r in source_rows),
                                (r["assigned_to"] for r in source_rows))
    land(base / "mapping" / MAPPING.name, LOG, landing)
    con = duckdb.connect(str(base / "w.duckdb"))
    con.execute("SET TimeZone = 'UTC'")
    for kind in ("clients", "technicians"):
        load_kind(con, landing, kind)
    (source,) = discover(landing)
    map_source(con, source)
    for kind in ("tickets", "ticket_status_history"):
        load_kind(con, landing, kind)
    yield con
    con.close()


def test_every_event_row_is_accounted_for(loaded, source_rows):
    final = _final_events(source_rows)
    for kind in ("tickets", "ticket_status_history"):
        read, clean, rejected, superseded = loaded.execute(
            "SELECT rows_read, rows_clean, rows_rejected, rows_superseded FROM quarantine.file_accounting WHERE kind = ?", [kind]
        ).fetchone()
        assert read == len(source_rows) == 141_712
        assert read == clean + rejected + superseded
    assert accounting_violations(loaded) == []
    # Every incident is either a clean ticket or visible in quarantine with a reason.
    clean_ids = {r[0] for r in loaded.execute("SELECT ticket_id FROM clean.tickets").fetchall()}
    rejected_ids = {r[0] for r in loaded.execute(
        "SELECT raw_record->>'number' FROM quarantine.rejected_rows WHERE kind='tickets'").fetchall()}
    assert set(final) <= clean_ids | rejected_ids
    assert len(final) == 24_918


def test_the_final_state_of_each_incident_wins(loaded, source_rows):
    final = _final_events(source_rows)
    got = dict(loaded.execute("SELECT ticket_id, status FROM clean.tickets").fetchall())
    mapped = {n: STATES.get(r["incident_state"]) for n, r in final.items()}
    # Incidents whose last event was rejected keep an older valid snapshot; all others must agree.
    agree = sum(1 for n, status in got.items() if mapped[n] == status)
    assert agree / len(got) > 0.99
    closed = Counter(got.values())
    assert closed["closed"] > 20_000  # the log spans a year: most incidents are closed


def test_first_response_is_the_first_active_event(loaded, source_rows):
    first_active: dict[str, datetime] = {}
    for row in source_rows:
        if row["incident_state"] == "Active":
            t = _ts(row["sys_updated_at"])
            first_active[row["number"]] = min(t, first_active.get(row["number"], t))
    got = dict(loaded.execute(
        "SELECT ticket_id, strftime(first_response_at, '%Y-%m-%d %H:%M') FROM clean.tickets").fetchall())
    expected = {n: (first_active[n].strftime("%Y-%m-%d %H:%M") if n in first_active else None) for n in got}
    assert got == expected
    assert sum(v is not None for v in got.values()) > 14_000  # most incidents went through Active


def test_rejections_name_their_reason(loaded):
    reasons = Counter(
        r for (rs,) in loaded.execute("SELECT reasons FROM quarantine.rejected_rows WHERE kind='tickets'").fetchall() for r in rs
    )
    # `-100` is not a ServiceNow state our contract knows; `?` locations have no client.
    assert reasons["status: '-100' not in open, in_progress, on_hold, resolved, closed, cancelled"] == 5
    assert reasons["client_id: missing"] >= 1
    assert all(":" in r or r.startswith("unknown") or r.endswith("before created_at") for r in reasons)
