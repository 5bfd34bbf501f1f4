"""A mapped source in the landing zone is picked up by `materialize`: its own asset upstream of
clean/*, the same quarantine and accounting (blocking check), SLA figures for its tickets."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from connectors.mapkit import shipped_mapping
from connectors.test_servicenow_mapping import _log
from contractops.cli import app
from foundation.landing_fixture import small_landing_files
from testkit import materialize, query, write_landing

AS_OF = "2025-03-10T12:00:00Z"
REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow  # one full materialize with dbt: ~25-50 s here. .venv/bin/python -m pytest -m slow tests/connectors
def test_an_imported_source_goes_through_the_whole_pipeline(tmp_path):
    landing = write_landing(tmp_path / "landing", small_landing_files())
    mapping = shipped_mapping(tmp_path, "servicenow_incident_events", clients={"Location 1": "C1"})
    result = CliRunner().invoke(app, ["import", "--mapping", str(mapping), str(_log(tmp_path / "events.csv.gz", gz=True)),
                                      "--landing", str(landing)])
    assert result.exit_code == 0, result.output
    warehouse = tmp_path / "w.duckdb"
    outcome = materialize(landing, warehouse, AS_OF)
    assert outcome.failed_checks == []

    source = "sources/servicenow/exports/events.csv.gz"
    assert query(warehouse, "SELECT kind, rows_read, rows_clean, rows_rejected, rows_superseded FROM quarantine.file_accounting "
                            "WHERE source_file = ? ORDER BY 1", [source]) == [
        ("ticket_status_history", 6, 4, 2, 0),
        ("tickets", 6, 1, 2, 3),
    ]
    # INC1 (P2 network, MSA-1: business clock Mon-Fri 08:00-18:00 Chicago; 2025-03-01 is a
    # Saturday): created Sat 09:00, first response Sat 10:00, resolved Sat 12:00 -> 0 business
    # minutes on both clocks: met.
    assert query(warehouse, "SELECT ticket_id, contract_id, response_elapsed_minutes, response_status, "
                            "resolution_elapsed_minutes, resolution_status FROM marts.fct_ticket_sla WHERE ticket_id = 'INC1'") == [
        ("INC1", "MSA-1", 0.0, "met", 0.0, "met")
    ]
    assert query(warehouse, "SELECT row_number, reasons FROM quarantine.rejected_rows WHERE kind = 'tickets' AND source_file = ? "
                            "ORDER BY 1", [source]) == [
        (5, ["priority: '5 - Planning' not in P1..P4"]), (6, ["unknown client_id Location 9"])]



def test_source_assets_feed_the_ingest_assets_and_a_removed_source_leaves_nothing(tmp_path):
    """The connector and ingest assets alone (no dbt), through Dagster, twice."""
    import dagster as dg

    from extractors.connectors.sources import discover
    from orchestration.defs.connectors.assets import _make_source_asset, _make_sync_asset
    from orchestration.defs.ingest.assets import ingest_assets
    from orchestration.publish import make_publish_asset
    from orchestration.resources import WarehouseResource
    from foundation.landing_fixture import CLIENTS, TECHNICIANS

    landing = write_landing(tmp_path / "landing", {"clients.csv": CLIENTS, "technicians.csv": TECHNICIANS})
    mapping = shipped_mapping(tmp_path, "servicenow_incident_events", clients={"Location 1": "C1"})
    assert CliRunner().invoke(app, ["import", "--mapping", str(mapping), str(_log(tmp_path / "events.csv", gz=False)),
                                    "--landing", str(landing)]).exit_code == 0
    warehouse = tmp_path / "w.duckdb"
    resource = WarehouseResource(landing_dir=str(landing), warehouse_path=str(warehouse))
    ingest = [a for a in ingest_assets if a.key.path[1] in ("clients", "technicians", "tickets", "ticket_status_history")]

    def run(sources):
        assets = [*(_make_source_asset(s) for s in sources), _make_sync_asset([s.name for s in sources]), *ingest]
        keys = [k for a in assets for k in a.keys]
        with dg.DagsterInstance.ephemeral() as instance:
            result = dg.materialize([*assets, make_publish_asset(keys)], resources={"warehouse": resource}, instance=instance)
        assert result.success
        checks = [e.event_specific_data for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"]
        assert checks and all(c.passed for c in checks)  # rows_accounted, blocking

    run(discover(landing))
    source = "sources/servicenow/exports/events.csv"
    assert query(warehouse, "SELECT kind, rows_read, rows_clean, rows_rejected, rows_superseded FROM quarantine.file_accounting "
                            "WHERE source_file = ? ORDER BY 1", [source]) == [("ticket_status_history", 6, 4, 2, 0), ("tickets", 6, 1, 2, 3)]

    # Removed from the landing zone (and the code location not yet reloaded): mapped/sources
    # drops its tables, so its rows leave clean and quarantine too.
    shutil.rmtree(landing / "sources")
    run([])
    assert query(warehouse, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'mapped'") == [(0,)]
    assert query(warehouse, "SELECT count(*) FROM quarantine.file_accounting WHERE source_file = ?", [source]) == [(0,)]

    # Added after the code location loaded (no asset of its own yet): mapped/sources maps it.
    assert CliRunner().invoke(app, ["import", "--mapping", str(mapping), str(tmp_path / "events.csv"),
                                    "--landing", str(landing)]).exit_code == 0
    run([])
    assert query(warehouse, "SELECT count(*) FROM clean.tickets WHERE _source_file = ?", [source]) == [(1,)]


def test_each_source_is_its_own_asset_upstream_of_the_clean_tables(tmp_path):
    landing = write_landing(tmp_path / "landing", {"clients.csv": "client_id,client_name,timezone,country\n"})
    for name in ("servicenow_incident_events", "connectwise_time_entries"):
        mapping = shipped_mapping(tmp_path / name, name, clients={})
        folder = landing / "sources" / mapping.read_text().split("source: ", 1)[1].split()[0]
        (folder / "exports").mkdir(parents=True)
        shutil.copy(mapping, folder / "mapping.yaml")
        for lookup in mapping.parent.glob("*.csv"):
            shutil.copy(lookup, folder / lookup.name)
    code = (
        "import json; from orchestration.definitions import defs; import dagster as dg\n"
        "graph = defs.resolve_asset_graph()\n"
        "print(json.dumps({k: sorted(p.to_user_string() for p in graph.get(dg.AssetKey.from_user_string(k)).parent_keys)"
        " for k in ('clean/tickets', 'clean/ticket_status_history', 'clean/timesheets', 'mapped/sources')}))\n"
    )
    env = {**os.environ, "CONTRACTOPS_LANDING_DIR": str(landing)}
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, check=True)
    parents = json.loads(out.stdout.strip().splitlines()[-1])
    assert parents == {
        "clean/tickets": ["clean/clients", "clean/technicians", "mapped/servicenow", "mapped/sources"],
        "clean/ticket_status_history": ["clean/tickets", "mapped/servicenow", "mapped/sources"],
        "clean/timesheets": ["clean/clients", "clean/technicians", "clean/tickets", "mapped/connectwise_time_entries", "mapped/sources"],
        "mapped/sources": ["mapped/connectwise_time_entries", "mapped/servicenow"],
    }


def test_a_mapping_broken_in_the_landing_zone_is_quarantined_and_the_run_goes_on(tmp_path):
    import dagster as dg

    from orchestration.defs.connectors.assets import _make_sync_asset
    from orchestration.resources import WarehouseResource
    from orchestration.publish import make_publish_asset

    landing = write_landing(tmp_path / "landing", {"clients.csv": "client_id,client_name,timezone,country\n"})
    mapping = shipped_mapping(tmp_path, "servicenow_incident_events", clients={"Location 1": "C1"})
    assert CliRunner().invoke(app, ["import", "--mapping", str(mapping), str(_log(tmp_path / "events.csv", gz=False)),
                                    "--landing", str(landing)]).exit_code == 0
    landed = landing / "sources" / "servicenow" / "mapping.yaml"
    landed.write_text(landed.read_text().replace("created_at: opened_at", "created_at: opened_on"))  # edited in place
    warehouse = tmp_path / "w.duckdb"
    sync = _make_sync_asset([])
    with dg.DagsterInstance.ephemeral() as instance:
        result = dg.materialize([sync, make_publish_asset([sync.key])], instance=instance,
                                resources={"warehouse": WarehouseResource(landing_dir=str(landing), warehouse_path=str(warehouse))})
    assert result.success
    assert query(warehouse, "SELECT kind, source_file, reason FROM quarantine.rejected_files") == [(
        "source:servicenow", "sources/servicenow/mapping.yaml",
        "mapping.yaml: tickets.created_at.column: no column 'opened_on' in sources/servicenow/exports/events.csv "
        "(columns: number, incident_state, sys_mod_count, made_sla, opened_at, sys_updated_at, location, category, "
        "subcategory, u_symptom, priority, assigned_to, ...)")]
    assert query(warehouse, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'mapped'") == [(0,)]
