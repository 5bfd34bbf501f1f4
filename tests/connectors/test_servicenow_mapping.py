"""The shipped ServiceNow event-log mapping on a small log in the UCI export's layout.

C1 is America/Chicago (UTC-6 in March 2025): a wall time 09:00 is 15:00Z."""

from __future__ import annotations

import gzip
import io
import csv

from connectors.mapkit import accounting, load_through, reasons, shipped_mapping

HEADER = ["number", "incident_state", "sys_mod_count", "made_sla", "opened_at", "sys_updated_at", "location",
          "category", "subcategory", "u_symptom", "priority", "assigned_to", "resolved_at"]


def _event(number, state, mod, updated, location="Location 1", priority="2 - High", resolved="?", assigned="T1"):
    return [number, state, str(mod), "true", "1/3/2025 09:00", updated, location, "Network", "Subcategory 7",
            "Symptom 2", priority, assigned, resolved]


EVENTS = [
    _event("INC1", "New", 0, "1/3/2025 09:05"),
    _event("INC1", "Active", 1, "1/3/2025 10:00"),
    _event("INC1", "Awaiting User Info", 2, "1/3/2025 11:00"),
    _event("INC1", "Resolved", 3, "1/3/2025 12:00", resolved="1/3/2025 12:00"),
    _event("INC2", "New", 0, "1/3/2025 09:10", priority="5 - Planning", assigned="?"),
    _event("INC3", "Active", 1, "1/3/2025 09:30", location="Location 9"),
]


def _log(path, gz):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(EVENTS)
    data = buffer.getvalue().encode()
    path.write_bytes(gzip.compress(data) if gz else data)
    return path


def test_an_event_log_collapses_to_the_final_state_with_first_response_and_history(tmp_path):
    mapping = shipped_mapping(tmp_path, "servicenow_incident_events", clients={"Location 1": "C1"})
    con = load_through(tmp_path, mapping, _log(tmp_path / "events.csv.gz", gz=True), kinds=("tickets", "ticket_status_history"))

    # 6 events: INC1's last update wins (3 older snapshots superseded), INC2 and INC3 rejected.
    assert accounting(con, "tickets") == (6, 1, 2, 3)
    row = con.execute(
        "SELECT ticket_id, client_id, priority, status, service_type, technician_id, summary, "
        "strftime(created_at, '%Y-%m-%d %H:%M'), strftime(first_response_at, '%Y-%m-%d %H:%M'), "
        "strftime(resolved_at, '%Y-%m-%d %H:%M'), _row_number FROM clean.tickets"
    ).fetchall()
    # created 09:00 CST = 15:00Z; first response = the first Active event, 10:00 CST = 16:00Z.
    assert row == [("INC1", "C1", "P2", "resolved", "network", "T1", "Subcategory 7 / Symptom 2",
                    "2025-03-01 15:00", "2025-03-01 16:00", "2025-03-01 18:00", 4)]
    assert reasons(con, "tickets") == {
        5: ["priority: '5 - Planning' not in P1..P4"],
        6: ["unknown client_id Location 9"],
    }
    # Every event is one status-history row; INC2 and INC3 have no clean ticket.
    assert accounting(con, "ticket_status_history") == (6, 4, 2, 0)
    history = con.execute(
        "SELECT status, strftime(changed_at, '%H:%M') FROM clean.ticket_status_history ORDER BY changed_at"
    ).fetchall()
    assert history == [("open", "15:05"), ("in_progress", "16:00"), ("on_hold", "17:00"), ("resolved", "18:00")]


def test_the_same_log_uncompressed_gives_the_same_rows(tmp_path):
    mapping = shipped_mapping(tmp_path, "servicenow_incident_events", clients={"Location 1": "C1"})
    con = load_through(tmp_path, mapping, _log(tmp_path / "events.csv", gz=False))
    assert accounting(con, "tickets") == (6, 1, 2, 3)
