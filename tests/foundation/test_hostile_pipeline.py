"""Hostile input through the whole pipeline (issue 13): a landing zone full of bad values still
publishes, says on stderr which files lost much (exit 3 with --strict), and a run that cannot
write is one line, with nothing half-written left behind."""

from __future__ import annotations

import errno
import subprocess
import sys
from pathlib import Path

import pytest

from testkit import query, write_landing
from foundation.landing_fixture import CONTRACT_YAML, entry, small_landing_files, ticket

AS_OF = "2025-03-10T12:00:00Z"
CLI = str(Path(sys.executable).with_name("contractops"))


def _hostile_landing(root: Path) -> Path:
    files = small_landing_files()
    files["timesheets.csv"] = files["timesheets.csv"] + [entry("E3", billed_rate="1e30")]
    header = "ticket_id,client_id,created_at,priority,service_type,status,Priority\n"
    files |= {
        "tickets_dup.csv": header + "K8,C1,2025-03-04T09:00:00,P2,network,open,P1\n",
        "tickets_extra.csv": [ticket("K9", _zone="Mars/Base", _raw_record="{}")],
        "tickets_empty.csv": "ticket_id,client_id,created_at,priority,service_type,status\n",
        "contracts/MSA-4.yaml": CONTRACT_YAML.replace("MSA-1", "MSA-4").replace("end_date: 2025-12-31", "end_date: 2027-13-01"),
        "contracts/MSA-5.yaml": CONTRACT_YAML.replace("MSA-1", "MSA-5").split("sla:")[0] + "sla: [fast, 1]\n",
    }
    return write_landing(root, files)


def test_a_hostile_landing_zone_publishes_and_names_what_it_lost(tmp_path):
    landing = _hostile_landing(tmp_path / "landing")
    warehouse = tmp_path / "wh" / "contractops.duckdb"
    run = subprocess.run([CLI, "materialize", "--landing", str(landing), "--warehouse", str(warehouse), "--as-of", AS_OF,
                          "--strict"], capture_output=True, text=True, timeout=600)
    assert "Traceback" not in run.stderr
    # Published (exit 3 only because of --strict), one warning line per file that lost much:
    # the whole duplicate-header export, and 1 of the 3 timesheet rows (33% > 1%).
    assert run.returncode == 3, run.stderr[-3000:]
    assert "materialized" in run.stdout
    assert run.stderr.strip().splitlines() == [
        "contractops: warning: tickets_dup.csv: whole file rejected: header: duplicate column 'priority' "
        "(columns 4 and 7: 'priority', 'Priority')",
        "contractops: warning: timesheets.csv: 1 of 3 rows quarantined (33.3%)",
    ]
    assert query(warehouse, "SELECT reasons FROM quarantine.rejected_rows WHERE kind = 'timesheets'") == [
        (["billed_rate: 1e30 out of range"],)]
    assert query(warehouse, "SELECT source_file, rows_read FROM quarantine.file_accounting WHERE source_file = 'tickets_empty.csv'") == [
        ("tickets_empty.csv", 0)]
    # K9's extra `_zone` column is just a column: the ticket is read in its client's zone.
    assert query(warehouse, "SELECT strftime(created_at, '%H:%M') FROM marts.fct_ticket_sla WHERE ticket_id = 'K9'") == [("15:00",)]
    # The two broken YAMLs are contracts under review, each saying which key is wrong.
    assert query(warehouse, "SELECT contract_id, review_status FROM marts.dim_contracts WHERE contract_id IN ('MSA-4', 'MSA-5') ORDER BY 1") == [
        ("MSA-4", "needs_review"), ("MSA-5", "needs_review")]
    reasons = {r for (r,) in query(warehouse, "SELECT reason FROM staging.stg_contracts__review_items WHERE contract_id IN ('MSA-4', 'MSA-5')")}
    assert "end_date: '2027-13-01' is not a date (YYYY-MM-DD)" in reasons
    assert "sla[0]: 'fast' is not a mapping of {priority, response_minutes, resolution_minutes, clock}" in reasons


def test_an_unwritable_warehouse_folder_is_one_line(tmp_path):
    if not subprocess.run(["sh", "-c", "touch /sys/.contractops-probe"], capture_output=True).returncode:
        pytest.skip("/sys is writable here")
    landing = write_landing(tmp_path / "landing", small_landing_files())
    for warehouse, message in [("/sys/contractops.duckdb", "cannot write to the warehouse folder /sys: permission denied"),
                               (str(landing / "clients.csv" / "w.duckdb"), f"cannot create the warehouse folder {landing / 'clients.csv'}")]:
        run = subprocess.run([CLI, "materialize", "--landing", str(landing), "--warehouse", warehouse, "--as-of", AS_OF],
                             capture_output=True, text=True, timeout=300)
        assert run.returncode == 2
        assert run.stderr.strip().splitlines() == [f"contractops: {message}" + run.stderr.strip().split(message, 1)[-1]]
        assert message in run.stderr and "Traceback" not in run.stderr


def test_disk_full_during_a_run_is_one_line_and_leaves_no_partial_file(tmp_path, monkeypatch):
    import shutil

    from contractops import pipeline
    from contractops import warehouse as wh

    landing = write_landing(tmp_path / "landing", small_landing_files())
    published = tmp_path / "wh" / "contractops.duckdb"
    published.parent.mkdir()
    wh.connect(published).close()
    before = published.read_bytes()

    def copy_until_the_disk_is_full(source, target):
        Path(target).write_bytes(b"\0" * 4096)  # what had fitted
        raise OSError(errno.ENOSPC, "No space left on device", str(target))

    monkeypatch.setattr(shutil, "copyfile", copy_until_the_disk_is_full)
    with pytest.raises(pipeline.PipelineError) as raised:
        pipeline.materialize(landing_dir=landing, warehouse_path=published, as_of=AS_OF)
    message = str(raised.value)
    assert message == f"no space left on device at {published.parent}; the published warehouse was left as it was"
    assert "\n" not in message
    assert sorted(p.name for p in published.parent.iterdir() if ".build-" in p.name) == []
    assert published.read_bytes() == before


def test_the_final_line_of_a_failed_run_names_the_asset_and_its_first_error():
    from datetime import datetime, timezone

    from contractops.pipeline import MaterializeResult

    result = MaterializeResult(success=False, warehouse_path=Path("w.duckdb"), as_of=datetime.now(timezone.utc),
                               failed_steps=["clean__tickets: SchemaError: column 'billed_rate' out of range", "x: y"])
    assert result.first_failure == "clean/tickets: SchemaError: column 'billed_rate' out of range"


def test_only_the_newest_dbt_run_folders_are_kept(tmp_path):
    import os

    from contractops.pipeline import prune_dbt_run_folders

    names = [f"contractops_dbt_models-{i:07x}-abcdef{i}" for i in range(6)]
    for age, name in enumerate(reversed(names)):
        (tmp_path / name).mkdir()
        os.utime(tmp_path / name, (1_000_000 - age, 1_000_000 - age))
    (tmp_path / "compiled").mkdir()
    removed = prune_dbt_run_folders(tmp_path, keep=3)
    assert sorted(p.name for p in removed) == names[:3]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["compiled"] + names[3:]


def test_run_logs_are_rotated_and_only_the_last_few_kept(tmp_path):
    from contractops.pipeline import rotate_run_logs

    log = tmp_path / "w.duckdb.last-run.log"
    for run in range(1, 6):  # five runs, each writing its log after the rotation
        rotate_run_logs(log, keep=3)
        log.write_text(f"run {run}")
    (tmp_path / "w.duckdb.last-run.log.7").write_text("left by an older version")
    rotate_run_logs(log, keep=3)
    log.write_text("run 6")
    assert {p.name: p.read_text() for p in tmp_path.iterdir()} == {
        "w.duckdb.last-run.log": "run 6", "w.duckdb.last-run.log.1": "run 5", "w.duckdb.last-run.log.2": "run 4"}


def test_a_failed_run_names_the_failing_asset_and_the_error_that_started_it(tmp_path, monkeypatch):
    import extractors.schemas
    from contractops import pipeline

    def broken_check(kind, frame):
        if getattr(kind, "name", kind) == "technicians":
            raise RuntimeError("loader bug: technicians schema\nsecond line")

    monkeypatch.setattr(extractors.schemas, "validate_clean", broken_check)
    landing = write_landing(tmp_path / "landing", small_landing_files())
    result = pipeline.materialize(landing_dir=landing, warehouse_path=tmp_path / "wh" / "w.duckdb", as_of=AS_OF)
    assert not result.success
    assert result.first_failure == "clean/technicians: RuntimeError: loader bug: technicians schema"
    assert not (tmp_path / "wh" / "w.duckdb").exists()  # nothing published
