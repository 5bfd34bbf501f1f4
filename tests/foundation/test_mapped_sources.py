"""The loader's seam for mapped sources: rows a connector put in `mapped.<source>__<kind>` are
validated, de-duplicated and accounted exactly like a landing file of that kind."""

from __future__ import annotations

import duckdb
import polars as pl

from testkit import write_landing
from extractors.landing import accounting_violations, load_kind
from foundation.landing_fixture import CLIENTS, TECHNICIANS, ticket


def test_a_mapped_source_is_loaded_and_accounted_like_a_landing_file(tmp_path):
    landing = write_landing(tmp_path / "landing", {
        "clients.csv": CLIENTS, "technicians.csv": TECHNICIANS,
        "tickets.csv": [ticket("L1")],
    })
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("SET TimeZone = 'UTC'")
    for kind in ("clients", "technicians"):
        load_kind(con, landing, kind)
    # Three source rows: two versions of S1 (the later update wins, the earlier is superseded)
    # and one with a priority nobody mapped (rejected with the loader's own reason).
    rows = [
        ticket("S1", updated_at="2025-03-04T10:00:00Z", status="open"),
        ticket("S1", updated_at="2025-03-04T11:00:00Z", status="in_progress"),
        ticket("S2", priority="4 - Low"),
    ]
    mapped = pl.DataFrame(rows).with_columns(
        pl.lit("servicenow/events.csv").alias("_source_file"),
        pl.Series("_row_number", [2, 3, 4], dtype=pl.Int64),
        pl.Series("_raw_record", ['{"n": 2}', '{"n": 3}', '{"n": 4}']),
    )
    con.execute("CREATE SCHEMA mapped")
    con.register("m", mapped)
    con.execute('CREATE TABLE mapped."servicenow__tickets" AS SELECT * FROM m')
    con.unregister("m")

    report = load_kind(con, landing, "tickets")

    assert report.files == ["tickets.csv", "servicenow/events.csv"]
    clean = dict(con.execute("SELECT ticket_id, status FROM clean.tickets ORDER BY 1").fetchall())
    assert clean == {"L1": "resolved", "S1": "in_progress"}
    accounting = con.execute(
        "SELECT source_file, rows_read, rows_clean, rows_rejected, rows_superseded "
        "FROM quarantine.file_accounting WHERE kind = 'tickets' ORDER BY 1"
    ).fetchall()
    assert accounting == [("servicenow/events.csv", 3, 1, 1, 1), ("tickets.csv", 1, 1, 0, 0)]
    rejected = con.execute("SELECT row_number, reasons, raw_record FROM quarantine.rejected_rows").fetchall()
    assert rejected == [(4, ["priority: '4 - Low' not in P1..P4"], '{"n": 4}')]
    assert [v for v in accounting_violations(con) if v[0] == "tickets"] == []
