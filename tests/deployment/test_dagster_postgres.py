"""Dagster as deployed: the instance of deploy/dagster-postgres.yaml (run, event-log and schedule
storage in PostgreSQL, credentials from DAGSTER_PG_* variables) against a real PostgreSQL server
(Debian's package, started on a loopback port by pg_server.py and stopped afterwards).

What is checked, by querying Dagster's tables in Postgres directly (psycopg2), not through Dagster:
* a materialization of a small asset selection of the real code location records its run
  (runs: SUCCESS) and its events (event_logs: one ASSET_MATERIALIZATION per selected asset, with
  the row count of the landing file, counted here with the csv module);
* the landing sensor, evaluated by the daemon's own sensor iteration through this instance,
  stores its tick (job_ticks: SUCCESS, the run key) and queues its run (runs: QUEUED, with the
  sample's clock in run_tags), and its cursor in the instigators table;
* the schedules, evaluated by the daemon's scheduler iteration at the next cron times: sla_hourly
  stores a SKIPPED tick with its reason (the landing zone is the generated sample), the weekly
  report stores a SUCCESS tick and a queued run.
The daemon functions are called in-process (the same ones `dagster-daemon run` loops over), on
an in-process code location, so the test takes seconds rather than the minutes of starting
daemon processes; README "Deployment" says how the processes run for real.
"""

from __future__ import annotations

import csv
import logging
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from deployment.pg_server import running_server, server_binaries

pytestmark = pytest.mark.postgres

REPO_ROOT = Path(__file__).resolve().parents[2]
INSTANCE_YAML = REPO_ROOT / "deploy" / "dagster-postgres.yaml"
LOG = logging.getLogger("contractops.test.deploy")


@pytest.fixture(scope="module")
def pg():
    bindir = server_binaries()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries missing (Debian's postgresql package; "
                    "scripts/setup.sh installs it when run as root)")
    with running_server(bindir) as server:
        yield server


@pytest.fixture(scope="module")
def landing(tmp_path_factory):
    """The generated tiny landing zone (24 clients), as `contractops generate --scale tiny`."""
    from contractops.generate import generate_landing_zone

    out = tmp_path_factory.mktemp("tiny")
    generate_landing_zone(out, scale="tiny", seed=7)
    return out / "landing"


@pytest.fixture
def instance(pg, landing, tmp_path, monkeypatch, request):
    """A Dagster instance loaded from the deployment yaml, on a fresh database of its own."""
    import dagster as dg

    db_name = "dagster_" + request.node.name.removeprefix("test_")[:40]
    pg.create_database(db_name)
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copyfile(INSTANCE_YAML, home / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    for name, value in {"HOST": pg.host, "PORT": str(pg.port), "USER": pg.user,
                        "PASSWORD": pg.password, "DB": db_name}.items():
        monkeypatch.setenv(f"DAGSTER_PG_{name}", value)
    monkeypatch.setenv("CONTRACTOPS_LANDING_DIR", str(landing))
    monkeypatch.setenv("CONTRACTOPS_WAREHOUSE", str(tmp_path / "warehouse" / "w.duckdb"))
    with dg.DagsterInstance.get() as inst:
        yield inst, db_name
    # Nothing of the instance's storage went to DAGSTER_HOME's SQLite files.
    assert not list(home.rglob("*.db")), list(home.rglob("*.db"))


def _rows(pg, db_name: str, sql: str, params: tuple = ()) -> list[tuple]:
    con = pg.connect(db_name)
    try:
        with con.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall()
    finally:
        con.close()


def _workspace(instance):
    """The daemon's view of the code location (in-process: no gRPC server to start)."""
    from dagster._core.remote_origin import InProcessCodeLocationOrigin
    from dagster._core.types.loadable_target_origin import LoadableTargetOrigin
    from dagster._core.workspace.context import WorkspaceProcessContext
    from dagster._core.workspace.load_target import InProcessWorkspaceLoadTarget

    origin = InProcessCodeLocationOrigin(
        LoadableTargetOrigin(module_name="orchestration.definitions", working_directory=str(REPO_ROOT)),
        location_name="contractops",
    )
    return WorkspaceProcessContext(instance, InProcessWorkspaceLoadTarget(origin))


def _ticks(pg, db_name: str) -> dict[str, list]:
    """Every tick stored in Postgres, by instigator name, oldest first."""
    from dagster._serdes import deserialize_value

    found: dict[str, list] = {}
    for status, body in _rows(pg, db_name, "SELECT status, tick_body FROM job_ticks ORDER BY id"):
        data = deserialize_value(body)
        assert data.status.value == status
        found.setdefault(data.instigator_name, []).append(data)
    return found


def _states(pg, db_name: str, kind: str) -> dict[str, object]:
    """The instigator states (status, cursor) stored in Postgres, by name."""
    from dagster._serdes import deserialize_value

    found = {}
    for status, body in _rows(pg, db_name, "SELECT status, instigator_body FROM instigators "
                              "WHERE instigator_type = %s", (kind,)):
        state = deserialize_value(body)
        assert state.status.value == status
        found[state.instigator_name] = state
    return found


def _run_tags(pg, db_name: str, run_id: str) -> dict[str, str]:
    return dict(_rows(pg, db_name, "SELECT key, value FROM run_tags WHERE run_id = %s", (run_id,)))


def test_materialization_records_run_and_events_in_postgres(pg, instance, landing):
    import dagster as dg
    from dagster._serdes import deserialize_value

    from orchestration.definitions import defs

    inst, db_name = instance
    assert type(inst.run_storage).__name__ == "PostgresRunStorage"
    selection = [dg.AssetKey(["mapped", "sources"]), dg.AssetKey(["clean", "clients"]),
                 dg.AssetKey(["clean", "technicians"])]
    result = defs.resolve_job_def("materialize_all").execute_in_process(
        instance=inst, asset_selection=selection, raise_on_error=False,
        run_config={"resources": {"warehouse": {"config": {"as_of": "2026-11-16T15:00:00+00:00"}}}},
    )
    assert result.success

    runs = _rows(pg, db_name, "SELECT run_id, status, pipeline_name FROM runs")
    assert runs == [(result.run_id, "SUCCESS", "materialize_all")]
    materialized = _rows(pg, db_name, "SELECT asset_key, event FROM event_logs "
                         "WHERE run_id = %s AND dagster_event_type = 'ASSET_MATERIALIZATION'",
                         (result.run_id,))
    keys = sorted(dg.AssetKey.from_db_string(key).to_user_string() for key, _ in materialized)
    assert keys == ["clean/clients", "clean/technicians", "mapped/sources"]
    types = {t for (t,) in _rows(pg, db_name, "SELECT DISTINCT dagster_event_type FROM event_logs "
                                 "WHERE run_id = %s", (result.run_id,))}
    # (run-level events keep their legacy names in the event_logs table)
    assert {"PIPELINE_START", "STEP_SUCCESS", "ASSET_CHECK_EVALUATION", "PIPELINE_SUCCESS"} <= types, types

    # The figure: clean/clients read every data row of the landing file (counted here).
    with open(landing / "clients.csv", newline="", encoding="utf-8") as fh:
        expected_rows = sum(1 for _ in csv.DictReader(fh))
    assert expected_rows == 24  # the tiny scale: 24 clients
    event = next(deserialize_value(body) for key, body in materialized
                 if dg.AssetKey.from_db_string(key) == dg.AssetKey(["clean", "clients"]))
    metadata = event.dagster_event.event_specific_data.materialization.metadata
    assert metadata["rows_read"].value == expected_rows


def test_sensor_and_schedules_tick_in_postgres(pg, instance, landing):
    """One code location load for both (loading it is most of the time)."""
    from dagster._daemon.sensor import execute_sensor_iteration
    from dagster._scheduler.scheduler import launch_scheduled_runs

    from contractops.sample_clock import sample_reference_instant
    from orchestration.defs.ingest.sensors import landing_fingerprint

    inst, db_name = instance
    now = datetime.now(timezone.utc)
    days_to_monday = (7 - now.weekday()) % 7
    next_monday_7 = (now.replace(hour=7, minute=0, second=0, microsecond=0)
                     + timedelta(days=days_to_monday))
    if next_monday_7 <= now:
        next_monday_7 += timedelta(days=7)

    def iterate(ctx, at: datetime) -> None:
        list(launch_scheduled_runs(ctx, LOG, end_datetime_utc=at, iteration_times={}))

    with _workspace(inst) as ctx:
        list(execute_sensor_iteration(ctx, LOG, None, None))  # the daemon's sensor pass
        iterate(ctx, now)  # the first pass records the weekly schedule (running in code) from now on
        location = ctx.create_request_context().get_code_location("contractops")
        [repo] = location.get_repositories().values()
        hourly = repo.get_schedule("sla_hourly")  # stopped by default: started as `dagster schedule start`
        inst.start_schedule(hourly)  # from the real now on, which may have passed an hour since `now`
        next_hour = (datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0)
                     + timedelta(hours=1))
        iterate(ctx, next_hour + timedelta(seconds=30))
        inst.stop_schedule(hourly.get_remote_origin_id(), hourly.selector_id, hourly)
        iterate(ctx, next_monday_7 + timedelta(seconds=30))

    # The landing sensor: its tick, cursor and queued run.
    ticks = _ticks(pg, db_name)
    [tick] = ticks["landing_files_sensor"]
    digest, files = landing_fingerprint()
    assert files > 10  # the tiny zone's CSVs and contract documents
    assert tick.status.value == "SUCCESS"
    assert tick.run_keys == [digest] and len(tick.run_ids) == 1
    assert tick.cursor == digest

    # The run request became a queued run in Postgres (the daemon's run coordinator launches it).
    [(status, job)] = _rows(pg, db_name, "SELECT status, pipeline_name FROM runs WHERE run_id = %s",
                            (tick.run_ids[0],))
    assert (status, job) == ("QUEUED", "materialize_all")
    tags = _run_tags(pg, db_name, tick.run_ids[0])
    assert tags["contractops/trigger"] == "landing"
    assert tags["contractops/clock"] == "sample"
    assert tags["contractops/as_of"] == sample_reference_instant(landing).isoformat()
    assert tags["dagster/sensor_name"] == "landing_files_sensor"
    # The sensor's state (declared running in code) and cursor are stored there too.
    state = _states(pg, db_name, "SENSOR")["landing_files_sensor"]
    assert state.status.value == "DECLARED_IN_CODE"
    assert state.instigator_data.cursor == digest

    # The schedules: their ticks and the weekly report's queued run.
    [hourly_tick] = ticks["sla_hourly"]
    assert hourly_tick.status.value == "SKIPPED"
    assert hourly_tick.timestamp == next_hour.timestamp()
    assert "is the generated sample" in hourly_tick.skip_reason
    [weekly_tick] = ticks["weekly_executive_report_schedule"]
    assert weekly_tick.status.value == "SUCCESS"
    assert weekly_tick.timestamp == next_monday_7.timestamp()
    [run_id] = weekly_tick.run_ids
    [(status, job)] = _rows(pg, db_name, "SELECT status, pipeline_name FROM runs WHERE run_id = %s",
                            (run_id,))
    assert (status, job) == ("QUEUED", "weekly_executive_report")
    tags = _run_tags(pg, db_name, run_id)
    assert tags["contractops/trigger"] == "weekly_report"
    assert tags["dagster/schedule_name"] == "weekly_executive_report_schedule"
    # Both schedules' states live in Postgres: sla_hourly stopped again, the weekly one from code.
    states = {name: state.status.value for name, state in _states(pg, db_name, "SCHEDULE").items()}
    assert states == {"sla_hourly": "STOPPED", "weekly_executive_report_schedule": "DECLARED_IN_CODE"}
