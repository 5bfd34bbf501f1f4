"""On generated sample data, quarantine agrees with the generator's labels, row for row."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from extractors.landing import KINDS, accounting_violations, load_kind

ID_COLUMN = {"tickets": "ticket_id", "timesheets": "entry_id"}


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    from contractops.generate import generate_landing_zone

    base = tmp_path_factory.mktemp("generated")
    generate_landing_zone(base, scale="tiny", seed=11)
    con = duckdb.connect(str(base / "w.duckdb"))
    con.execute("SET TimeZone = 'UTC'")
    for kind in KINDS:
        load_kind(con, base / "landing", kind)
    labels = [json.loads(line) for line in (base / "ground_truth" / "anomalies.jsonl").read_text().splitlines()]
    yield con, labels
    con.close()


def test_every_labelled_bad_row_and_nothing_else_is_rejected_with_the_labelled_reason(generated):
    con, labels = generated
    expected = {
        (a["file"], a.get("ticket_id") or a.get("entry_id"), a["expected_reason"]) for a in labels if a["kind"] == "bad_row"
    }
    got = set()
    for kind, source_file, raw, reasons in con.execute(
        "SELECT kind, source_file, raw_record::VARCHAR, reasons FROM quarantine.rejected_rows"
    ).fetchall():
        record = json.loads(raw)
        for reason in reasons:
            got.add((source_file, record.get(ID_COLUMN.get(kind, "")), reason))
    assert expected, "the generator labels some bad rows"
    assert got == expected


def test_superseded_duplicates_match_the_labels(generated):
    con, labels = generated
    expected = {
        (a.get("ticket_id") or a.get("entry_id"), a["superseded_file"], a["winning_file"])
        for a in labels
        if a["kind"] == "superseded_duplicate"
    }
    got = set(con.execute("SELECT record_key, source_file, kept_file FROM quarantine.superseded_rows").fetchall())
    assert got == expected
    assert accounting_violations(con) == []
