"""`contractops generate --scale tiny`: a small landing zone in seconds (a first look, a bug report)
that the loader takes whole, every row accounted as the ground truth says."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from contractops import warehouse as wh
from extractors.landing import KINDS, accounting_violations, load_kind

CLI = str(Path(sys.executable).with_name("contractops"))


def test_generate_tiny_writes_a_valid_small_landing_zone(tmp_path):
    run = subprocess.run([CLI, "generate", "--scale", "tiny", "--seed", "7", "--out", str(tmp_path)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    summary = json.loads(run.stdout)
    assert summary["scale"] == "tiny" and summary["as_of"] == "2026-11-16T15:00:00Z"
    landing, truth = tmp_path / "landing", tmp_path / "ground_truth"
    counts = json.loads((truth / "manifest.json").read_text())["counts"]
    assert counts["clients"] == 24 and counts["tickets"] < 2_000  # small: the demo has ~40,000
    assert len(list((landing / "contracts").glob("*.pdf"))) == counts["contract_pdfs"] > 0

    con = wh.connect(tmp_path / "check.duckdb")
    reports = {name: load_kind(con, landing, name) for name in KINDS}
    assert not [f for r in reports.values() for f in r.rejected_files]  # every file readable
    assert accounting_violations(con) == []  # rows_read = clean + rejected + superseded, per file
    con.close()
    labels = Counter(json.loads(line)["kind"] for line in (truth / "anomalies.jsonl").read_text().splitlines())
    # the rows quarantined are exactly the bad rows and older duplicates the generator planted
    assert sum(r.rows_rejected for r in reports.values()) == labels["bad_row"] > 0
    assert sum(r.rows_superseded for r in reports.values()) == labels["superseded_duplicate"] > 0
    assert reports["tickets"].rows_read == counts["tickets"]
    assert reports["timesheets"].rows_read == counts["timesheet_entries"]


def test_an_unknown_scale_is_one_line(tmp_path):
    run = subprocess.run([CLI, "generate", "--scale", "huge", "--out", str(tmp_path)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert run.stderr.strip() == "contractops: --scale must be one of tiny, demo, large, not 'huge'"
