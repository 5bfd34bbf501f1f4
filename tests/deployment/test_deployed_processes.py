"""The deployment as the README runs it, with real processes: PostgreSQL (pg_server.py), the code
location's gRPC server (`dagster code-server start`), `dagster-daemon run` and
`dagster-webserver`, all on the instance of deploy/dagster-postgres.yaml and the workspace of
deploy/workspace.yaml (its port changed to a free one). On the tiny generated landing zone the
landing sensor starts `materialize_all` by itself; the run must succeed, be recorded in Postgres,
be listed by the webserver, and be the run that published the warehouse (meta.run_info).

Four Python processes import Dagster and the run builds every model: several minutes on the
shared 2-core box, so it is marked slow (`make test-all`); the fast test of the same instance is
test_dagster_postgres.py."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
import yaml

from deployment.pg_server import running_server, server_binaries

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

REPO_ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
WITHIN = 900.0  # seconds for the sensor's run on a loaded machine


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _signal_group(process: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        pass


def _graphql(port: int, query: str) -> dict:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/graphql", method="POST",
                                     data=json.dumps({"query": query}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def test_sensor_run_under_daemon_webserver_and_code_server(tmp_path):
    from contractops.generate import generate_landing_zone
    from contractops.sample_clock import sample_reference_instant

    bindir = server_binaries()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries missing (Debian's postgresql package)")
    generate_landing_zone(tmp_path / "tiny", scale="tiny", seed=7)
    landing = tmp_path / "tiny" / "landing"
    warehouse = tmp_path / "warehouse" / "contractops.duckdb"
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copyfile(REPO_ROOT / "deploy" / "dagster-postgres.yaml", home / "dagster.yaml")
    grpc_port, web_port = _free_port(), _free_port()
    workspace = yaml.safe_load((REPO_ROOT / "deploy" / "workspace.yaml").read_text())
    workspace["load_from"][0]["grpc_server"]["port"] = grpc_port
    (tmp_path / "workspace.yaml").write_text(yaml.safe_dump(workspace))

    started: list[subprocess.Popen] = []
    with running_server(bindir) as pg:
        pg.create_database("dagster")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("CONTRACTOPS_", "DAGSTER_"))}
        env.update({
            "DAGSTER_HOME": str(home), "DAGSTER_PG_HOST": pg.host, "DAGSTER_PG_PORT": str(pg.port),
            "DAGSTER_PG_USER": pg.user, "DAGSTER_PG_PASSWORD": pg.password, "DAGSTER_PG_DB": "dagster",
            "CONTRACTOPS_LANDING_DIR": str(landing), "CONTRACTOPS_WAREHOUSE": str(warehouse),
            "CONTRACTOPS_OUTBOX_DIR": str(tmp_path / "outbox"),
            "CONTRACTOPS_REPORTS_DIR": str(tmp_path / "reports"),
            "CONTRACTOPS_CACHE_DIR": str(tmp_path / "cache"),
            "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        })
        commands = {
            "code-server": [str(BIN / "dagster"), "code-server", "start", "-m", "orchestration.definitions",
                            "-h", "127.0.0.1", "-p", str(grpc_port), "--location-name", "contractops"],
            "daemon": [str(BIN / "dagster-daemon"), "run", "-w", str(tmp_path / "workspace.yaml")],
            "webserver": [str(BIN / "dagster-webserver"), "-w", str(tmp_path / "workspace.yaml"),
                          "-h", "127.0.0.1", "-p", str(web_port)],
        }
        logs = {name: open(tmp_path / f"{name}.log", "w") for name in commands}
        try:
            for name, command in commands.items():
                started.append(subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=logs[name],
                                                stderr=subprocess.STDOUT, start_new_session=True))
            deadline = time.monotonic() + WITHIN
            run = None
            while run is None or run[1] not in ("SUCCESS", "FAILURE", "CANCELED"):
                assert time.monotonic() < deadline, f"no finished run within {WITHIN} s: {run}\n" + "".join(
                    f"--- {n}\n{(tmp_path / f'{n}.log').read_text()[-2500:]}" for n in commands)
                for process, name in zip(started, commands):
                    assert process.poll() is None, f"{name} exited:\n{(tmp_path / f'{name}.log').read_text()[-3000:]}"
                time.sleep(3)
                with pg.connect("dagster") as con, con.cursor() as cur:
                    try:
                        cur.execute("SELECT run_id, status, pipeline_name FROM runs")
                        rows = cur.fetchall()
                    except Exception:  # the tables are created by the first process to start
                        con.rollback()
                        rows = []
                con.close()
                assert len(rows) <= 1, rows
                run = rows[0] if rows else None
            run_id, status, job = run
            assert (status, job) == ("SUCCESS", "materialize_all"), (tmp_path / "daemon.log").read_text()[-3000:]

            with pg.connect("dagster") as con, con.cursor() as cur:
                cur.execute("SELECT key, value FROM run_tags WHERE run_id = %s", (run_id,))
                tags = dict(cur.fetchall())
                cur.execute("SELECT count(*) FROM event_logs WHERE run_id = %s "
                            "AND dagster_event_type = 'ASSET_MATERIALIZATION'", (run_id,))
                [(materializations,)] = cur.fetchall()
            con.close()
            assert tags["dagster/sensor_name"] == "landing_files_sensor"
            assert materializations > 50  # every clean/, dbt, report asset and warehouse/published

            # The webserver reads the same run from Postgres.
            answer = _graphql(web_port, "{ runsOrError { ... on Runs { results { runId status } } } }")
            assert answer["data"]["runsOrError"]["results"] == [{"runId": run_id, "status": "SUCCESS"}]

            # The published warehouse is that run's, judged at the sample's clock (as `contractops demo`).
            con = duckdb.connect(str(warehouse), read_only=True)
            try:
                [(published_run, as_of)] = con.execute("SELECT run_id, as_of FROM meta.run_info").fetchall()
            finally:
                con.close()
            assert published_run == run_id
            assert as_of == sample_reference_instant(landing)
            assert as_of == datetime.fromisoformat("2026-11-16T15:00:00+00:00")
        finally:
            # Each process leads its own group (its gRPC children are in it): stop the groups.
            for process in started:
                _signal_group(process, signal.SIGINT)
            for process in started:
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    pass
                _signal_group(process, signal.SIGKILL)
                process.wait(timeout=10)
            for fh in logs.values():
                fh.close()
