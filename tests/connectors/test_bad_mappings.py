"""A bad mapping is one clear line naming the mapping file and key, exit 2, before anything lands."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from connectors.mapkit import shipped_mapping
from connectors.test_servicenow_mapping import _log
from contractops.cli import app

GOOD = "servicenow_incident_events"


def _import(tmp_path, mapping):
    landing = tmp_path / "landing"
    landing.mkdir(exist_ok=True)
    export = _log(tmp_path / "events.csv", gz=False)
    result = CliRunner().invoke(app, ["import", "--mapping", str(mapping), str(export), "--landing", str(landing)])
    return result, landing


@pytest.mark.parametrize(
    "edit, expected",
    [
        (lambda t: t.replace("created_at: opened_at", "created_at: opened_on"),
         "contractops: servicenow_incident_events.yaml: tickets.created_at.column: no column 'opened_on' in events.csv"),
        (lambda t: t.replace("map: priorities}", "map: priority_names}"),
         "contractops: servicenow_incident_events.yaml: tickets.priority.map: unknown value map 'priority_names' (value_maps: clients, priorities, states)"),
        (lambda t: t.replace('timestamp_formats: ["%d/%m/%Y %H:%M"]', 'timestamp_formats: ["%d/%m/%Y %H:%Q"]'),
         "contractops: servicenow_incident_events.yaml: timestamp_formats: unparseable format string '%d/%m/%Y %H:%Q': unknown directive '%Q'"),
        (lambda t: t.replace("  resolved_at: resolved_at", "  resolved_at: {column: resolved_at, format: dd/mm/yyyy}"),
         "contractops: servicenow_incident_events.yaml: tickets.resolved_at.format: unparseable format string 'dd/mm/yyyy': no date directive"),
        (lambda t: t.replace("events:", "events: [unclosed"),
         "contractops: servicenow_incident_events.yaml: invalid YAML at line"),
        (lambda t: t.replace("  status: {column: incident_state, map: states}", "  state: {column: incident_state, map: states}"),
         "contractops: servicenow_incident_events.yaml: tickets.state: not a landing column of tickets"),
        (lambda t: t.replace("file: servicenow_clients.csv", "file: no_such_clients.csv"),
         "contractops: servicenow_incident_events.yaml: value_maps.clients.file: lookup file 'no_such_clients.csv' not found beside the mapping"),
        (lambda t: t.replace("  created_at: opened_at", "  created_at: opened_at\n  summary: subcategory"),
         "contractops: servicenow_incident_events.yaml: invalid YAML at line 45, column 3: key 'summary' appears twice"),
    ],
    ids=["missing column", "unknown value map", "bad directive", "no directive", "invalid yaml", "unknown landing column", "missing lookup file", "duplicate key"],
)
def test_a_bad_mapping_is_one_line_naming_file_and_key(tmp_path, edit, expected):
    mapping = shipped_mapping(tmp_path, GOOD, clients={"Location 1": "C1"})
    mapping.write_text(edit(mapping.read_text()))
    result, landing = _import(tmp_path, mapping)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(expected), result.output
    assert "Traceback" not in result.output
    assert list(landing.rglob("*")) == []  # nothing landed


def test_a_good_mapping_lands_beside_its_lookup_files(tmp_path):
    mapping = shipped_mapping(tmp_path, GOOD, clients={"Location 1": "C1"})
    result, landing = _import(tmp_path, mapping)
    assert result.exit_code == 0, result.output
    folder = landing / "sources" / "servicenow"
    assert sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()) == [
        "exports/events.csv", "mapping.yaml", "servicenow_clients.csv",
    ]
    assert (folder / "exports" / "events.csv").read_bytes() == (tmp_path / "events.csv").read_bytes()


def test_mapping_check_shows_values_and_reasons(tmp_path):
    from foundation.landing_fixture import CLIENTS, TECHNICIANS
    from testkit import write_landing

    mapping = shipped_mapping(tmp_path, GOOD, clients={"Location 1": "C1"})
    landing = write_landing(tmp_path / "landing", {"clients.csv": CLIENTS, "technicians.csv": TECHNICIANS})
    export = _log(tmp_path / "events.csv", gz=False)
    result = CliRunner().invoke(app, ["mapping", "check", str(mapping), str(export), "--rows", "6", "--landing", str(landing)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "tickets: 6 rows -> 1 clean, 3 superseded, 2 rejected" in out
    assert "row 1: superseded: by row 4" in out
    assert "row 5: rejected: priority: '5 - Planning' not in P1..P4" in out
    assert "row 6: rejected: unknown client_id Location 9" in out
    assert '      priority          <- "P2"' in out
    assert '      created_at        <- "2025-03-01T09:00:00"' in out


def test_a_lookup_file_outside_the_mappings_folder_is_refused_before_landing(tmp_path):
    mapping = shipped_mapping(tmp_path, GOOD, clients={"Location 1": "C1"})
    outside = tmp_path / "elsewhere.csv"
    outside.write_text("source_value,client_id\nLocation 1,C1\n")
    mapping.write_text(mapping.read_text().replace("file: servicenow_clients.csv", "file: ../elsewhere.csv"))
    result, landing = _import(tmp_path, mapping)
    assert result.exit_code == 2
    assert result.output.strip() == ("contractops: servicenow_incident_events.yaml: value_maps: lookup file 'elsewhere.csv' "
                                     "is outside the mapping's folder; put it beside the mapping so it lands with it")
    assert list(landing.rglob("*")) == []
