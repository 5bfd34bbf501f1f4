"""The whole pipeline through Dagster: publish safety with real processes, idempotency, CLI errors."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from testkit import materialize, query, write_landing
from foundation.landing_fixture import CONTRACT_YAML, small_landing_files

AS_OF = "2025-03-10T12:00:00Z"
CLI = str(Path(sys.executable).with_name("contractops"))
SCHEMAS = ("clean", "quarantine", "staging", "intermediate", "marts")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("pipeline")
    landing = write_landing(base / "landing", small_landing_files() | {"contracts/broken.yaml": "contract_id: [oops\n"})
    warehouse = base / "warehouse" / "contractops.duckdb"
    materialize(landing, warehouse, AS_OF)
    return landing, warehouse


def _snapshot(warehouse: Path) -> dict[str, list]:
    tables = query(
        warehouse,
        "SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema IN ? ORDER BY 1, 2",
        [list(SCHEMAS)],
    )
    return {f"{s}.{t}": query(warehouse, f'SELECT * FROM "{s}"."{t}" ORDER BY ALL') for s, t in tables}


def test_contract_terms_and_quarantine_are_published(built):
    _, warehouse = built
    rows = query(warehouse, "SELECT contract_id, client_id, review_status, coverage_timezone, billing_model, included_hours_per_month FROM marts.dim_contracts ORDER BY 1")
    # MSA-1 is silent on its time zone: the client's (Chicago) applies; MSA-2 likewise (Berlin).
    assert rows == [
        ("MSA-1", "C1", "ok", "America/Chicago", "block_hours", 40.0),
        ("MSA-2", "C2", "ok", "Europe/Berlin", "time_and_materials", 40.0),
    ]
    assert query(warehouse, "SELECT count(*) FROM marts.dim_contract_sla") == [(8,)]
    assert query(warehouse, "SELECT source_file, reason LIKE 'malformed YAML%' FROM quarantine.rejected_files") == [
        ("contracts/broken.yaml", True)
    ]
    # every landed row in exactly one place, per file (9 CSV data rows: 2+2+3+2+2... counted per kind)
    accounting = query(warehouse, "SELECT sum(rows_read), sum(rows_clean + rows_rejected + rows_superseded) FROM quarantine.file_accounting")
    assert accounting[0][0] == accounting[0][1] == 2 + 2 + 3 + 2 + 2 + 1 + 1 + 2


def test_materializing_twice_gives_identical_tables(built, tmp_path):
    landing, warehouse = built
    before = _snapshot(warehouse)
    materialize(landing, warehouse, AS_OF)
    after = _snapshot(warehouse)
    assert before.keys() == after.keys()
    assert len(before) > 20
    for name in before:
        assert before[name] == after[name], name
    assert not list(warehouse.parent.glob("*.build-*")), "a successful run leaves no build file behind"


def test_a_rerun_on_unchanged_inputs_keeps_everything_and_equals_a_full_refresh(built, tmp_path):
    from contractops.pipeline import materialize as run

    landing, warehouse = built
    before = _snapshot(warehouse)
    again = materialize(landing, warehouse, AS_OF)
    # nothing changed since the published build: no landing file read, no dbt model run
    assert again.asset_metadata["clean/tickets"]["kept"] is True
    assert again.asset_metadata["marts/fct_ticket_sla"]["kept"] is True
    full = run(landing_dir=landing, warehouse_path=warehouse, as_of=AS_OF, full_refresh=True)
    assert full.success, full.failed_steps
    assert full.asset_metadata["clean/tickets"]["kept"] is False
    assert "kept" not in full.asset_metadata["marts/fct_ticket_sla"]
    after = _snapshot(warehouse)
    assert before.keys() == after.keys()
    for name in before:
        assert before[name] == after[name], name
    # a later as_of is a new build (open clocks are judged again)
    later = materialize(landing, warehouse, "2025-03-11T12:00:00Z")
    assert "kept" not in later.asset_metadata["marts/fct_ticket_sla"]


READER = textwrap.dedent(
    """
    import sys, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    print(con.execute("SELECT count(*) FROM marts.dim_contracts").fetchone()[0], flush=True)
    sys.stdin.readline()          # the test materializes meanwhile
    print(con.execute("SELECT count(*) FROM marts.dim_contracts").fetchone()[0], flush=True)
    con.close()                   # (DuckDB shares one open instance per path within a process)
    fresh = duckdb.connect(sys.argv[1], read_only=True)
    print(fresh.execute("SELECT count(*) FROM marts.dim_contracts").fetchone()[0], flush=True)
    """
)


def test_a_reader_neither_blocks_a_run_nor_sees_it_half_done(tmp_path):
    landing = write_landing(tmp_path / "landing", small_landing_files())
    warehouse = tmp_path / "wh" / "contractops.duckdb"
    materialize(landing, warehouse, AS_OF)
    reader = subprocess.Popen([sys.executable, "-c", READER, str(warehouse)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "2"
        (landing / "contracts" / "MSA-3.yaml").write_text(CONTRACT_YAML.replace("MSA-1", "MSA-3"))
        run = subprocess.run([CLI, "materialize", "--landing", str(landing), "--warehouse", str(warehouse), "--as-of", AS_OF],
                             capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr[-2000:]
        reader.stdin.write("go\n")
        reader.stdin.flush()
        assert reader.stdout.readline().strip() == "2"  # its open connection keeps the complete old state
        assert reader.stdout.readline().strip() == "3"  # a new connection sees the new complete state
    finally:
        reader.kill()
        reader.wait()


def test_a_run_killed_half_way_leaves_the_previous_warehouse(tmp_path):
    landing = write_landing(tmp_path / "landing", small_landing_files())
    warehouse = tmp_path / "wh" / "contractops.duckdb"
    materialize(landing, warehouse, AS_OF)
    before = _snapshot(warehouse)
    (landing / "contracts" / "MSA-3.yaml").write_text(CONTRACT_YAML.replace("MSA-1", "MSA-3"))
    proc = subprocess.Popen([CLI, "materialize", "--landing", str(landing), "--warehouse", str(warehouse), "--as-of", AS_OF],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 120
    while not list(warehouse.parent.glob("*.build-*")) and time.time() < deadline:
        time.sleep(0.05)
    time.sleep(1.5)  # well inside the run: ingestion or dbt is writing the build file
    assert proc.poll() is None, "the run finished before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert list(warehouse.parent.glob("*.build-*")), "the killed run's build file is left behind"
    assert _snapshot(warehouse) == before  # readers still get the complete previous state
    materialize(landing, warehouse, AS_OF)
    assert query(warehouse, "SELECT count(*) FROM marts.dim_contracts") == [(3,)]
    assert not list(warehouse.parent.glob("*.build-*")), "the next run cleans up the stale build file"


@pytest.mark.parametrize(
    "args, message",
    [
        (["materialize", "--landing", "/nonexistent/landing"], "landing folder /nonexistent/landing does not exist"),
        (["materialize", "--as-of", "next tuesday"], "--as-of: 'next tuesday' is not an ISO 8601 date or timestamp"),
    ],
)
def test_user_mistakes_are_one_line_and_non_zero(args, message, tmp_path):
    run = subprocess.run([CLI, *args], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert run.returncode == 2
    assert message in run.stderr
    assert "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


def test_export_serves_every_format_and_refuses_unknown_tables(built, tmp_path):
    import polars as pl

    _, warehouse = built
    expected = query(warehouse, "SELECT count(*) FROM marts.dim_contracts")[0][0]
    for fmt in ("csv", "parquet", "xlsx"):
        out = tmp_path / f"dim.{fmt}"
        run = subprocess.run([CLI, "export", "dim_contracts", "--format", fmt, "--out", str(out), "--warehouse", str(warehouse)],
                             capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr
        frame = {"csv": pl.read_csv, "parquet": pl.read_parquet, "xlsx": lambda p: pl.read_excel(p, engine="openpyxl")}[fmt](out)
        assert frame.height == expected
        assert frame["contract_id"].to_list() == ["MSA-1", "MSA-2"]      # in key order, every time
    # byte-identical on a second export (the order does not depend on how the table was written)
    again = tmp_path / "again.csv"
    subprocess.run([CLI, "export", "dim_contracts", "--format", "csv", "--out", str(again), "--warehouse", str(warehouse)],
                   check=True, capture_output=True, timeout=120)
    assert again.read_bytes() == (tmp_path / "dim.csv").read_bytes()
    run = subprocess.run([CLI, "export", "no_such_mart", "--format", "csv", "--out", str(tmp_path / "x.csv"), "--warehouse", str(warehouse)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and "unknown table 'no_such_mart'" in run.stderr and "Traceback" not in run.stderr


def test_a_copy_of_the_warehouse_under_another_name_still_reads_its_views(built, tmp_path):
    import shutil

    _, warehouse = built
    copy = tmp_path / "analyst-copy.duckdb"
    shutil.copyfile(warehouse, copy)
    # staging models are views: they must not name the catalog (the file) they were built in
    assert query(copy, "SELECT count(*) FROM staging.stg_psa__tickets") == query(warehouse, "SELECT count(*) FROM clean.tickets")
