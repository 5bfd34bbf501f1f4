"""Landing ingestion (extractors.landing): every row ends in exactly one place, with a specific reason."""

from __future__ import annotations

import csv
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pytest

from testkit import write_landing
from extractors.landing import KINDS, accounting_violations, load_kind
from foundation.landing_fixture import CLIENTS, TECHNICIANS, entry, ticket

UTC = timezone.utc

BAD_TICKETS = [
    # (row, the reason quarantine must give)
    (ticket("B1", priority="P9"), "priority: 'P9' not in P1..P4"),
    (ticket("B2", created_at="yesterday"), "created_at: not a timestamp"),
    (ticket("B3", client_id="C999"), "unknown client_id C999"),
    (ticket("B4", created_at="2025-03-04T09:00:00", resolved_at="2025-03-04T08:00:00"), "resolved_at before created_at"),
    (ticket("B5", first_response_at="2025-03-04T08:59:00"), "first_response_at before created_at"),
    (ticket("B6", status="waiting"), "status: 'waiting' not in open, in_progress, on_hold, resolved, closed, cancelled"),
    (ticket("B7", resolved_at="2025-02-30T10:00:00"), "resolved_at: not a timestamp"),
    (ticket("B8", created_at=""), "created_at: missing"),
    (ticket("B9", technician_id="T404"), "unknown technician_id T404"),
]
BAD_ENTRIES = [
    (entry("X1", hours="0"), "hours: must be > 0 and <= 24"),
    (entry("X2", hours="25"), "hours: must be > 0 and <= 24"),
    (entry("X3", hours="two"), "hours: not a number"),
    (entry("X4", rate_type="weekend"), "rate_type: 'weekend' not in standard, after_hours, emergency"),
    (entry("X5", billable="maybe"), "billable: not a boolean"),
    (entry("X6", billed_rate="-5"), "billed_rate: must be >= 0"),
    (entry("X7", client_id="C999"), "unknown client_id C999"),
    (entry("X8", started_at="2025-13-01T09:00:00"), "started_at: not a timestamp"),
]


def _data_rows(path: Path) -> int:
    with open(path, newline="", encoding="utf-8") as handle:
        return sum(1 for _ in csv.DictReader(handle))


@pytest.fixture()
def con(tmp_path):
    connection = duckdb.connect(str(tmp_path / "w.duckdb"))
    connection.execute("SET TimeZone = 'UTC'")
    yield connection
    connection.close()


def _load_all(con, landing: Path) -> dict:
    return {name: load_kind(con, landing, name) for name in KINDS}


def test_every_bad_row_is_quarantined_with_its_specific_reason(con, tmp_path):
    good_tickets = [ticket("G1"), ticket("G2", client_id="C2")]
    landing = write_landing(
        tmp_path / "landing",
        {
            "clients.csv": CLIENTS + [{"client_id": "C3", "client_name": "Gamma", "timezone": "Mars/Base", "country": "XX"}],
            "technicians.csv": TECHNICIANS,
            "tickets.csv": good_tickets + [row for row, _ in BAD_TICKETS],
            "timesheets.csv": [entry("OK1", billed_rate="150")] + [row for row, _ in BAD_ENTRIES],
            "credentials.csv": [
                {"technician_id": "T1", "credential": "A+", "issued_on": "2024-05-01", "expires_on": "2024-01-01"},
                {"technician_id": "T1", "credential": "Net+", "issued_on": "01/05/2024", "expires_on": ""},
            ],
        },
    )
    reports = _load_all(con, landing)
    reasons = {
        (kind, n): r
        for kind, n, r in con.execute("SELECT kind, row_number, reasons FROM quarantine.rejected_rows").fetchall()
    }
    # Row numbers are 1-based data rows: the good rows come first in each file.
    for i, (_, expected) in enumerate(BAD_TICKETS, start=len(good_tickets) + 1):
        assert reasons[("tickets", i)] == [expected]
    for i, (_, expected) in enumerate(BAD_ENTRIES, start=2):
        assert reasons[("timesheets", i)] == [expected]
    assert reasons[("clients", 3)] == ["timezone: 'Mars/Base' not an IANA time zone", "country: 'XX' not an ISO-3166 alpha-2 code"]
    assert reasons[("credentials", 1)] == ["expires_on before issued_on"]
    assert reasons[("credentials", 2)] == ["issued_on: not a date"]
    # The raw record is kept as JSON, exactly as read.
    raw = con.execute("SELECT raw_record->>'priority' FROM quarantine.rejected_rows WHERE kind='tickets' AND row_number=3").fetchone()[0]
    assert raw == "P9"
    # Accounting per file, against an independent count of the CSV's data rows.
    for kind_name, report in reports.items():
        for name in report.files:
            read, clean, rejected, superseded = con.execute(
                "SELECT rows_read, rows_clean, rows_rejected, rows_superseded FROM quarantine.file_accounting WHERE kind=? AND source_file=?",
                [kind_name, name],
            ).fetchone()
            assert read == _data_rows(landing / name)
            assert read == clean + rejected + superseded
    assert con.execute("SELECT count(*) FROM clean.tickets").fetchone()[0] == 2
    assert con.execute("SELECT count(*) FROM clean.timesheets").fetchone()[0] == 1
    assert accounting_violations(con) == []


def test_duplicates_across_exports_keep_the_latest_instant(con, tmp_path):
    landing = write_landing(
        tmp_path / "landing",
        {
            "clients.csv": CLIENTS,
            "technicians.csv": TECHNICIANS,
            # D1: b is newer.  D2: a is newer although its file sorts first.  D3: same instant -> b (sorts last).
            # D4: +02:00 10:00 is 08:00Z, earlier than 09:00Z in a, whatever the wall clock says.
            "tickets_a.csv": [
                ticket("D1", status="open", updated_at="2025-03-04T10:00:00Z"),
                ticket("D2", status="closed", updated_at="2025-03-09T10:00:00Z"),
                ticket("D3", status="open", updated_at="2025-03-04T10:00:00Z"),
                ticket("D4", status="closed", updated_at="2025-03-04T09:00:00Z"),
            ],
            "tickets_b.csv": [
                ticket("D1", status="closed", updated_at="2025-03-05T10:00:00Z"),
                ticket("D2", status="open", updated_at="2025-03-05T10:00:00Z"),
                ticket("D3", status="resolved", updated_at="2025-03-04T04:00:00-06:00"),
                ticket("D4", status="open", updated_at="2025-03-04T10:00:00+02:00"),
            ],
            "timesheets_1.csv": [entry("E1", hours="1")],
            "timesheets_2.csv": [entry("E1", hours="2")],
        },
    )
    _load_all(con, landing)
    winners = dict(con.execute("SELECT ticket_id, status || '@' || _source_file FROM clean.tickets").fetchall())
    assert winners == {
        "D1": "closed@tickets_b.csv",
        "D2": "closed@tickets_a.csv",
        "D3": "resolved@tickets_b.csv",
        "D4": "closed@tickets_a.csv",
    }
    assert con.execute("SELECT hours, _source_file FROM clean.timesheets").fetchall() == [(2.0, "timesheets_2.csv")]
    assert con.execute("SELECT sum(rows_superseded) FROM quarantine.file_accounting").fetchone()[0] == 5
    assert accounting_violations(con) == []


def test_offset_less_timestamps_are_wall_time_in_the_clients_zone(con, tmp_path):
    landing = write_landing(
        tmp_path / "landing",
        {
            "clients.csv": CLIENTS,
            "technicians.csv": TECHNICIANS,
            "tickets.csv": [
                ticket("W1", client_id="C1", created_at="2025-01-02T08:00:00"),  # Chicago CST, UTC-6 -> 14:00Z
                ticket("W2", client_id="C1", created_at="2025-07-02 08:00"),  # Chicago CDT, UTC-5 -> 13:00Z
                ticket("W3", client_id="C2", created_at="2025-01-02T08:00:00"),  # Berlin CET, UTC+1 -> 07:00Z
                ticket("W4", client_id="C2", created_at="2025-07-02T08:00:00"),  # Berlin CEST, UTC+2 -> 06:00Z
                ticket("W5", client_id="C2", created_at="2025-07-02T08:00:00Z"),  # absolute -> 08:00Z
                ticket("W6", client_id="C1", created_at="2025-07-02T08:00:00+05:30"),  # absolute -> 02:30Z
            ],
            "ticket_status_history.csv": [{"ticket_id": "W3", "status": "on_hold", "changed_at": "2025-01-02T09:15:00"}],
        },
    )
    _load_all(con, landing)
    got = dict(con.execute("SELECT ticket_id, created_at FROM clean.tickets").fetchall())
    assert got == {
        "W1": datetime(2025, 1, 2, 14, 0, tzinfo=UTC),
        "W2": datetime(2025, 7, 2, 13, 0, tzinfo=UTC),
        "W3": datetime(2025, 1, 2, 7, 0, tzinfo=UTC),
        "W4": datetime(2025, 7, 2, 6, 0, tzinfo=UTC),
        "W5": datetime(2025, 7, 2, 8, 0, tzinfo=UTC),
        "W6": datetime(2025, 7, 2, 2, 30, tzinfo=UTC),
    }
    # History rows have no client column: the ticket's client gives the zone (Berlin, UTC+1).
    assert con.execute("SELECT changed_at FROM clean.ticket_status_history").fetchone()[0] == datetime(2025, 1, 2, 8, 15, tzinfo=UTC)


LATIN1 = "ticket_id,client_id,created_at,priority,service_type,status\nA4,C1,2025-03-04T09:00:00,P1,R\xe9seau,open\n".encode("latin-1")
LATIN1_BAD_OFFSET = LATIN1.index("\xe9".encode("latin-1"))  # where UTF-8 decoding must stop


def test_unreadable_files_are_recorded_and_the_rest_goes_on(con, tmp_path):
    landing = write_landing(
        tmp_path / "landing",
        {
            "clients.csv": CLIENTS,
            "technicians.csv": TECHNICIANS,
            "tickets_1.csv": [ticket("A1")],
            "tickets_2.csv": "ticket_id,client_id,created_at\nA2,C1,2025-03-04T09:00:00\n",
            "tickets_3.csv": b"\x00\x01\x02PK\x03\x04 garbage \xff",
            "tickets_4.csv": LATIN1,
        },
    )
    _load_all(con, landing)
    files = dict(con.execute("SELECT source_file, reason FROM quarantine.rejected_files WHERE kind='tickets'").fetchall())
    assert files == {
        "tickets_2.csv": "missing required columns: priority, service_type, status",
        "tickets_3.csv": "not a CSV text file (binary content)",
        "tickets_4.csv": f"not valid UTF-8 text (byte 0xe9 at offset {LATIN1_BAD_OFFSET}; wrong encoding?)",
    }
    assert con.execute("SELECT ticket_id FROM clean.tickets").fetchall() == [("A1",)]


def test_loading_twice_gives_the_same_tables(con, tmp_path):
    landing = write_landing(
        tmp_path / "landing",
        {"clients.csv": CLIENTS, "technicians.csv": TECHNICIANS, "tickets.csv": [ticket("R1"), ticket("R2", priority="P7")]},
    )
    _load_all(con, landing)
    first = [con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in ("clean.tickets", "quarantine.rejected_rows", "quarantine.file_accounting")]
    _load_all(con, landing)
    second = [con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in ("clean.tickets", "quarantine.rejected_rows", "quarantine.file_accounting")]
    assert first == second
    assert con.execute("SELECT count(*) FROM quarantine.rejected_rows").fetchone()[0] == 1


def test_wall_times_match_a_per_row_conversion_across_dst_changes(con, tmp_path):
    """The loader looks a zone's offset up once per half hour; compare with converting every row
    on its own (DuckDB's timezone()), every 7 minutes through DST changes in five zones."""
    from datetime import timedelta

    zones = {"Z1": "America/New_York", "Z2": "Europe/Berlin", "Z3": "Australia/Sydney", "Z4": "Australia/Lord_Howe", "Z5": "Asia/Kolkata"}
    days = ["2025-03-09", "2025-11-02", "2025-03-30", "2025-10-26", "2025-04-06", "2025-10-05"]
    clients = [{"client_id": cid, "client_name": cid, "timezone": tz, "country": "US"} for cid, tz in zones.items()]
    tickets, n = [], 0
    for cid in zones:
        for day in days:
            start = datetime.fromisoformat(day + "T00:00:00")
            for step in range(0, 24 * 60, 7):
                n += 1
                tickets.append(ticket(f"Q{n}", client_id=cid, created_at=(start + timedelta(minutes=step)).isoformat(), technician_id=""))
    landing = write_landing(tmp_path / "landing", {"clients.csv": clients, "technicians.csv": TECHNICIANS, "tickets.csv": tickets})
    _load_all(con, landing)
    mismatches = con.execute(
        """
        SELECT r.ticket_id, r.created_at, c.created_at, timezone(k.timezone, r.created_at::TIMESTAMP)
        FROM raw.tickets r JOIN clean.tickets c USING (ticket_id) JOIN clean.clients k ON k.client_id = r.client_id
        WHERE c.created_at IS DISTINCT FROM timezone(k.timezone, r.created_at::TIMESTAMP)
        LIMIT 5
        """
    ).fetchall()
    assert con.execute("SELECT count(*) FROM clean.tickets").fetchone()[0] == len(tickets)
    assert mismatches == []


def _tables(con) -> list:
    return [con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
            for t in ("clean.tickets", "raw.tickets", "quarantine.rejected_rows", "quarantine.file_accounting")]


def test_unchanged_files_are_not_reread_and_a_change_reloads_downstream_too(con, tmp_path):
    landing = write_landing(
        tmp_path / "landing",
        {"clients.csv": CLIENTS, "technicians.csv": TECHNICIANS,
         "tickets_2025.csv": [ticket("R1"), ticket("R2", priority="P7")]},
    )
    first = _load_all(con, landing)
    assert not any(r.kept for r in first.values())
    before = _tables(con)
    # same content: every kind is kept, with the report of its last load (1 row read, 1 clean, 1 rejected)
    second = _load_all(con, landing)
    assert all(r.kept for r in second.values())
    assert (second["tickets"].rows_read, second["tickets"].rows_clean, second["tickets"].rows_rejected) == (2, 1, 1)
    assert _tables(con) == before
    hashes = con.execute("SELECT source_file, size_bytes FROM state.landing_files WHERE kind = 'tickets'").fetchall()
    assert hashes == [("tickets_2025.csv", (landing / "tickets_2025.csv").stat().st_size)]

    # a new export of tickets: tickets reload (3 rows read), clients stay kept
    write_landing(landing, {"tickets_2026.csv": [ticket("R3")]})
    third = _load_all(con, landing)
    assert third["clients"].kept and not third["tickets"].kept
    assert con.execute("SELECT count(*) FROM clean.tickets").fetchone()[0] == 2
    assert con.execute("SELECT source_file, rows_read, rows_clean FROM quarantine.file_accounting "
                       "WHERE kind = 'tickets' ORDER BY 1").fetchall() == [("tickets_2025.csv", 2, 1), ("tickets_2026.csv", 1, 1)]

    # an upstream change (a client removed) reloads the tickets that refer to it, though their file did not change
    write_landing(landing, {"clients.csv": CLIENTS[:1]})
    fourth = _load_all(con, landing)
    assert not fourth["clients"].kept and not fourth["tickets"].kept
    # and --full-refresh reads everything whatever the hashes say
    fifth = {name: load_kind(con, landing, name, full_refresh=True) for name in KINDS}
    assert not any(r.kept for r in fifth.values())
