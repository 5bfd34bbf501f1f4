"""The whole pipeline on the real ServiceNow log through the shipped mapping (about 2 minutes here):

    .venv/bin/python -m pytest -m slow tests/connectors/test_realdata_pipeline.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks"))

from extractors.connectors import uci_sample  # noqa: E402
from foundation.test_realdata_servicenow import LOG, MAPPING, _final_events, _rows  # noqa: E402
from testkit import materialize, query  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not LOG.exists(), reason=f"real data not present at {LOG}")]


def test_the_real_log_goes_through_end_to_end(tmp_path):
    from realdata_pipeline import AS_OF, contracts

    from extractors.connectors.sources import land

    rows = _rows()
    landing = tmp_path / "landing"
    uci_sample.write_user_files(landing, tmp_path / "mapping", (r["location"] for r in rows),
                                (r["assigned_to"] for r in rows))
    assert contracts(landing) == 224
    land(tmp_path / "mapping" / MAPPING.name, LOG, landing)
    warehouse = tmp_path / "w.duckdb"
    result = materialize(landing, warehouse, AS_OF)
    assert result.failed_checks == []

    # All 141,712 events accounted, as ticket rows and as status-history rows.
    for kind in ("tickets", "ticket_status_history"):
        read, placed = query(warehouse, "SELECT rows_read, rows_clean + rows_rejected + rows_superseded "
                                        "FROM quarantine.file_accounting WHERE kind = ? AND source_file LIKE 'sources/%'", [kind])[0]
        assert read == placed == len(rows) == 141_712
    # 24,918 incidents = clean tickets + incidents all of whose events were rejected (with reasons).
    clean = {r[0] for r in query(warehouse, "SELECT ticket_id FROM clean.tickets")}
    rejected = {r[0]: r[1] for r in query(warehouse, "SELECT raw_record->>'number', reasons FROM quarantine.rejected_rows WHERE kind = 'tickets'")}
    assert set(_final_events(rows)) == clean | set(rejected)
    assert len(clean | set(rejected)) == 24_918
    assert all(rejected.values())
    # SLA figures for every clean incident; all are closed, so both clocks finished.
    sla = query(warehouse, "SELECT entitlement, response_status IN ('met','breached'), resolution_status IN ('met','breached'), count(*) "
                           "FROM marts.fct_ticket_sla GROUP BY ALL")
    assert sla == [("covered", True, True, len(clean))]
