"""The shipped ConnectWise, Autotask and HaloPSA mappings on small exports written in the layouts
of ../shared/realdata/psa-export-layouts/LAYOUTS.md (field names there; values made up).

Clients: C1 is America/Chicago (UTC-6 on 2025-03-04), C2 Europe/Berlin (UTC+1)."""

from __future__ import annotations

import openpyxl

from connectors.mapkit import accounting, load_through, reasons, shipped_mapping, write_jsonl
from testkit import write_landing

STATUSES = "open, in_progress, on_hold, resolved, closed, cancelled"


def _cw_ticket(id_, status="Waiting Customer", priority="Priority 1 - Critical", company="ACME", **extra):
    record = {
        "id": id_, "summary": "Printer offline", "recordType": "ServiceTicket",
        "board": {"id": 1, "name": "Service Desk"}, "status": {"id": 7, "name": status},
        "company": {"id": 250, "identifier": company, "name": "Acme Corp"},
        "priority": {"id": 1, "name": priority, "sort": 1}, "type": {"id": 3, "name": "Onsite Repair"},
        "owner": {"id": 11, "identifier": "T1", "name": "Ann Tech"},
        "dateResponded": "2025-03-04T15:20:00Z", "dateResolved": None,
        "_info": {"dateEntered": "2025-03-04T15:00:00Z", "lastUpdated": "2025-03-04T16:00:00Z"},
    }
    record.update(extra)
    return record


def test_connectwise_tickets_nested_paths_and_both_schemas(tmp_path):
    mapping = shipped_mapping(tmp_path, "connectwise_tickets", clients={"ACME": "C1", "BETA": "C2"})
    older = _cw_ticket(102, status="Closed", priority="Priority 3 - Normal", company="BETA",
                       dateResolved="2025-03-05T09:00:00Z")
    older["dateEntered"] = older["_info"].pop("dateEntered")  # the older schema's top-level date
    export = write_jsonl(tmp_path / "tickets.jsonl.gz", [
        _cw_ticket(101), older, _cw_ticket(103, status="Needs Triage"), _cw_ticket(104, company="GAMMA"),
    ], gz=True)
    con = load_through(tmp_path, mapping, export)
    assert accounting(con, "tickets") == (4, 2, 2, 0)
    rows = con.execute(
        "SELECT ticket_id, client_id, priority, status, service_type, technician_id, strftime(created_at, '%d %H:%M'), "
        "strftime(first_response_at, '%H:%M'), strftime(resolved_at, '%d %H:%M') FROM clean.tickets ORDER BY 1"
    ).fetchall()
    assert rows == [
        ("101", "C1", "P1", "on_hold", "onsite_repair", "T1", "04 15:00", "15:20", None),
        ("102", "C2", "P3", "closed", "onsite_repair", "T1", "04 15:00", "15:20", "05 09:00"),
    ]
    assert reasons(con, "tickets") == {
        3: [f"status: 'Needs Triage' not in {STATUSES}"],
        4: ["unknown client_id GAMMA"],
    }


def _cw_entry(id_, billable="Billable", work_type="Remote Support", **extra):
    record = {
        "id": id_, "company": {"id": 250, "identifier": "ACME"}, "chargeToId": 101, "chargeToType": "ServiceTicket",
        "member": {"id": 11, "identifier": "T1"}, "workType": {"id": 2, "name": work_type},
        "timeStart": "2025-03-04T15:00:00Z", "timeEnd": "2025-03-04T16:30:00Z", "actualHours": 1.5,
        "billableOption": billable, "hourlyRate": 150.0, "invoice": {"id": 9, "identifier": "INV-9"},
    }
    record.update(extra)
    return record


def test_connectwise_time_entries_billable_option_and_rate_type(tmp_path):
    mapping = shipped_mapping(tmp_path, "connectwise_time_entries", clients={"ACME": "C1"})
    export = write_jsonl(tmp_path / "time.jsonl", [
        _cw_entry(1),
        _cw_entry(2, billable="DoNotBill", work_type="After Hours Onsite", ticket={"id": 777, "summary": "x"}),
        _cw_entry(3, billable="NoDefault"),
    ])
    con = load_through(tmp_path, mapping, export, kinds=("timesheets",))
    assert accounting(con, "timesheets") == (3, 2, 1, 0)
    rows = con.execute(
        "SELECT entry_id, client_id, technician_id, strftime(started_at, '%H:%M'), hours, service_type, rate_type, "
        "billable, billed_rate, ticket_id, invoice_id FROM clean.timesheets ORDER BY 1"
    ).fetchall()
    assert [tuple(map(str, r)) for r in rows] == [
        ("1", "C1", "T1", "15:00", "1.5", "remote_support", "standard", "True", "150.00", "101", "INV-9"),
        # ticket.id (the newer schema) wins over chargeToId
        ("2", "C1", "T1", "15:00", "1.5", "after_hours_onsite", "after_hours", "False", "150.00", "777", "INV-9"),
    ]
    assert reasons(con, "timesheets") == {3: ["billable: not a boolean"]}


def test_autotask_tickets_picklist_ids(tmp_path):
    mapping = shipped_mapping(tmp_path, "autotask_tickets", clients={"29684": "C1"})
    base = {"id": 5001, "ticketNumber": "T20250304.0001", "title": "VPN down", "companyID": 29684, "status": 5,
            "priority": 4, "issueType": 12, "assignedResourceID": "T1", "createDate": "2025-03-04T15:00:00.000Z",
            "firstResponseDateTime": "2025-03-04T15:10:00Z", "resolvedDateTime": None,
            "completedDate": "2025-03-04T18:00:00", "lastTrackedModificationDateTime": "2025-03-04T18:05:00Z"}
    export = write_jsonl(tmp_path / "tickets.jsonl", [
        base,
        {**base, "id": 5002, "ticketNumber": "T20250304.0002", "status": 42, "priority": 2},
    ])
    con = load_through(tmp_path, mapping, export)
    assert accounting(con, "tickets") == (2, 1, 1, 0)
    row = con.execute(
        "SELECT ticket_id, client_id, priority, status, service_type, strftime(created_at, '%H:%M'), "
        "strftime(first_response_at, '%H:%M'), strftime(resolved_at, '%H:%M') FROM clean.tickets"
    ).fetchall()
    # priority 4 = Critical -> P1; status 5 = Complete; completedDate has no Z but the API is UTC.
    assert row == [("T20250304.0001", "C1", "P1", "closed", "12", "15:00", "15:10", "18:00")]
    assert reasons(con, "tickets") == {2: [f"status: '42' not in {STATUSES}"]}


AUTOTASK_ENTRIES = [
    {"Time Entry ID": "9001", "Autotask Ticket Number": "T20250304.0001", "Organization": "Acme Corp",
     "Resource": "T1", "Start Date/Time": "03/04/2025 9:00 AM", "End Date/Time": "03/04/2025 10:30 AM",
     "Hours Worked": "1.5", "Work Type": "Remote Support", "Non-Billable": "No", "Hourly Rate": "150.00"},
    {"Time Entry ID": "9002", "Autotask Ticket Number": "T20250304.0001", "Organization": "Acme Corp",
     "Resource": "T2", "Start Date/Time": "03/04/2025 8:00 PM", "End Date/Time": "03/04/2025 9:00 PM",
     "Hours Worked": "1", "Work Type": "Emergency Onsite", "Non-Billable": "Yes", "Hourly Rate": "300.00"},
    {"Time Entry ID": "9003", "Autotask Ticket Number": "", "Organization": "Acme Corp", "Resource": "T1",
     "Start Date/Time": "2025.03.04 09:00", "End Date/Time": "", "Hours Worked": "30", "Work Type": "Remote Support",
     "Non-Billable": "No", "Hourly Rate": "150.00"},
]
AUTOTASK_EXPECTED = [
    # 9:00 AM Chicago wall time = 15:00Z; 8:00 PM = 02:00Z next day; Non-Billable inverted.
    ("9001", "C1", "T1", "03-04 15:00", "1.5", "remote_support", "standard", "True", "150.00", "T20250304.0001"),
    ("9002", "C1", "T2", "03-05 02:00", "1.0", "emergency_onsite", "emergency", "False", "300.00", "T20250304.0001"),
]


def _autotask_rows(con):
    rows = con.execute(
        "SELECT entry_id, client_id, technician_id, strftime(started_at, '%m-%d %H:%M'), hours, service_type, "
        "rate_type, billable, billed_rate, ticket_id FROM clean.timesheets ORDER BY 1"
    ).fetchall()
    return [tuple(map(str, r)) for r in rows]


def test_autotask_time_entries_csv(tmp_path):
    mapping = shipped_mapping(tmp_path, "autotask_time_entries", clients={"Acme Corp": "C1"})
    export = write_landing(tmp_path / "export", {"time.csv": AUTOTASK_ENTRIES}) / "time.csv"
    con = load_through(tmp_path, mapping, export, kinds=("timesheets",))
    assert accounting(con, "timesheets") == (3, 2, 1, 0)
    assert _autotask_rows(con) == AUTOTASK_EXPECTED
    # No format reads 2025.03.04: it passes raw and the loader names it (row checks such as the
    # 30 hours run only on rows whose fields are valid).
    assert reasons(con, "timesheets") == {3: ["started_at: not a timestamp"]}


def test_autotask_time_entries_from_a_spreadsheet(tmp_path):
    mapping = shipped_mapping(tmp_path, "autotask_time_entries", clients={"Acme Corp": "C1"},
                              edit=lambda t: t.replace("format: csv", "format: xlsx"))
    book = openpyxl.Workbook()
    sheet = book.active
    header = list(AUTOTASK_ENTRIES[0])
    sheet.append(header)
    for entry in AUTOTASK_ENTRIES:
        sheet.append([float(entry[h]) if h == "Hours Worked" else entry[h] for h in header])
    sheet.append([None] * len(header))  # a blank trailing row is formatting, not a record
    book.save(tmp_path / "time.xlsx")
    con = load_through(tmp_path, mapping, tmp_path / "time.xlsx", kinds=("timesheets",))
    assert accounting(con, "timesheets")[:3] == (3, 2, 1)
    assert _autotask_rows(con) == AUTOTASK_EXPECTED


def test_halopsa_tickets_never_set_dates_are_missing(tmp_path):
    mapping = shipped_mapping(tmp_path, "halopsa_tickets", clients={"Beta GmbH": "C2"})
    base = {"id": 77, "summary": "Laptop", "client_id": 12, "client_name": "Beta GmbH", "status_id": 2,
            "priority_id": 3, "category_1": "Desktop Support", "agent_id": "T2",
            "dateoccurred": "2025-03-04T08:00:00", "responsedate": "1900-01-01T00:00:00",
            "dateclosed": "1900-01-01T00:00:00", "lastactiondate": "2025-03-04T09:30:00.123"}
    export = write_jsonl(tmp_path / "tickets.jsonl", [base, {**base, "id": 78, "priority_id": 7}])
    con = load_through(tmp_path, mapping, export)
    assert accounting(con, "tickets") == (2, 1, 1, 0)
    row = con.execute(
        "SELECT ticket_id, client_id, priority, status, service_type, strftime(created_at, '%H:%M'), "
        "first_response_at, resolved_at FROM clean.tickets"
    ).fetchall()
    # timezone: UTC in the mapping: 08:00 is 08:00Z (not Berlin wall time); 1900-01-01 = never set.
    assert row == [("77", "C2", "P3", "in_progress", "desktop_support", "08:00", None, None)]
    assert reasons(con, "tickets") == {2: ["priority: '7' not in P1..P4"]}
