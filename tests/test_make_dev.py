"""`make dev` with real processes: Ctrl-C (SIGINT to the terminal's foreground process group) and
SIGTERM to make each stop every Dagster process within a few seconds, and Dagster's home is the
one given (data/dagster by default), not the repository root; after the demo, the sensor's run
republishes the demo's own figures.

Each start takes 20-40 s on the shared 2-core box (five Python processes import Dagster), so only
the Ctrl-C test is in `make test`; the others are marked slow. They serve a one-asset code location
(the process tree is the same: dagster dev, webserver, daemon, a code server and its gRPC server
per client), or the project's own `orchestration.definitions`."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
STOP_WITHIN = 10.0  # seconds: the wrapper's grace (5 s) plus a margin for a loaded machine
START_WITHIN = 240.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _proc_stat(pid: int) -> tuple[int, str, str] | None:
    """(parent pid, state, start time) of a process, or None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()
    return int(fields[1]), fields[0], fields[19]


def _tree(root: int) -> dict[int, str]:
    """Every live process below `root`, with its start time (so a reused pid is not mistaken)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            info = _proc_stat(int(entry.name))
            if info and info[1] != "Z":
                parents[int(entry.name)] = info
    found, stack = {}, [root]
    while stack:
        parent = stack.pop()
        for pid, (ppid, _, started) in parents.items():
            if ppid == parent and pid not in found:
                found[pid] = started
                stack.append(pid)
    return found


def _alive(processes: dict[int, str]) -> list[str]:
    left = []
    for pid, started in processes.items():
        info = _proc_stat(pid)
        if info and info[1] != "Z" and info[2] == started:
            left.append(Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:100])
    return left


def _cmdlines(processes: dict[int, str]) -> list[str]:
    out = []
    for pid in processes:
        try:
            out.append(Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode())
        except OSError:
            pass
    return out


def _wait_until_serving(proc: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + START_WITHIN
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=2)
            return
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"make dev exited ({proc.returncode}):\n{log.read_text()[-3000:]}")
            if time.monotonic() > deadline:
                pytest.fail(f"nothing answered on port {port}:\n{log.read_text()[-3000:]}")
            time.sleep(0.5)


def _wait_until_everything_stopped(proc: subprocess.Popen, processes: dict[int, str]) -> float:
    started = time.monotonic()
    while time.monotonic() - started < STOP_WITHIN:
        if proc.poll() is not None and not _alive(processes):
            return time.monotonic() - started
        time.sleep(0.1)
    return float("inf")


def _env(tmp_path: Path) -> dict[str, str]:
    """Everything a run writes goes under tmp_path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CONTRACTOPS_", "DAGSTER_"))}
    env["CONTRACTOPS_LANDING_DIR"] = str(tmp_path / "landing")
    env["CONTRACTOPS_WAREHOUSE"] = str(tmp_path / "warehouse" / "w.duckdb")
    for name in ("outbox", "reports", "cache"):
        env[f"CONTRACTOPS_{name.upper()}_DIR"] = str(tmp_path / name)
    return env


@pytest.fixture
def dev(tmp_path):
    """Start `make dev` on a free port in its own process group (as a terminal runs a foreground
    job), with Dagster's home and the landing zone in tmp_path; kill whatever is left at the end."""
    started: list[tuple[subprocess.Popen, dict]] = []

    def start(location: list[str]) -> tuple[subprocess.Popen, int, Path, Path]:
        port = _free_port()
        home = tmp_path / "dagster-home"
        landing = tmp_path / "landing"
        landing.mkdir(exist_ok=True)
        log = tmp_path / "dev.log"
        env = _env(tmp_path)
        cmd = ["make", "--no-print-directory", "-C", str(REPO_ROOT), "-o", "setup", "dev",
               f"DAGSTER_HOME={home}", f"DEV_LOCATION={' '.join(location)}", f"DEV_ARGS=-p {port}"]

        def foreground_job() -> None:
            os.setsid()  # its own group, like a terminal's foreground job ...
            signal.signal(signal.SIGINT, signal.SIG_DFL)  # ... where Ctrl-C is not ignored

        proc = subprocess.Popen(cmd, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, preexec_fn=foreground_job)
        started.append((proc, {}))
        _wait_until_serving(proc, port, log)
        time.sleep(2)  # let the daemon start its code server too
        started[-1] = (proc, _tree(proc.pid))
        return proc, port, home, log

    yield start
    for proc, processes in started:
        for pid in list(processes) + [proc.pid]:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def _one_asset_location(tmp_path: Path) -> list[str]:
    defs = tmp_path / "defs.py"
    defs.write_text(textwrap.dedent("""
        import dagster as dg

        @dg.asset
        def one():
            return 1

        defs = dg.Definitions(assets=[one])
    """))
    return ["-f", str(defs)]


def _check_stop(proc, processes, how: str) -> None:
    cmdlines = _cmdlines(processes)
    # the test sees the real tree: webserver, daemon and at least one code server
    assert any("dagster_webserver" in c for c in cmdlines), cmdlines
    assert any("dagster._daemon" in c for c in cmdlines), cmdlines
    assert any("code-server" in c or "api grpc" in c for c in cmdlines), cmdlines
    seconds = _wait_until_everything_stopped(proc, processes)
    assert seconds < STOP_WITHIN, f"after {how}, still running: {_alive(processes)}"


def test_ctrl_c_stops_every_dagster_process(dev, tmp_path):
    proc, port, home, log = dev(_one_asset_location(tmp_path))
    processes = _tree(proc.pid)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C does: SIGINT to the whole foreground group
    _check_stop(proc, processes, "Ctrl-C")
    # Dagster's home is the one given, with the project's instance settings; nothing in the repo
    assert (home / "dagster.yaml").read_text() == (REPO_ROOT / "dagster.yaml").read_text()
    assert (home / "history").is_dir() or (home / "storage").is_dir()
    assert not (REPO_ROOT / "storage").exists() and not (REPO_ROOT / "history").exists()


@pytest.mark.slow  # ~40 s on the loaded 2-core box, like the Ctrl-C test (which stays in `make test`)
def test_sigterm_to_make_stops_every_dagster_process(dev, tmp_path):
    proc, port, home, log = dev(_one_asset_location(tmp_path))
    processes = _tree(proc.pid)
    os.kill(proc.pid, signal.SIGTERM)  # make only: it passes SIGTERM to the recipe's process
    _check_stop(proc, processes, "SIGTERM to make")


@pytest.mark.slow
def test_ctrl_c_stops_the_projects_own_code_location(dev, tmp_path):
    proc, port, home, log = dev(["-m", "orchestration.definitions"])
    processes = _tree(proc.pid)
    os.killpg(proc.pid, signal.SIGINT)
    _check_stop(proc, processes, "Ctrl-C")


def _marts(warehouse: Path) -> dict[str, list]:
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    con.execute("SET TimeZone = 'UTC'")
    tables = [r[0] for r in con.execute(
        "select table_name from information_schema.tables where table_schema = 'marts' order by 1").fetchall()]
    snapshot = {t: con.execute(f'select * from marts."{t}" order by all').fetchall() for t in tables}
    con.close()
    return snapshot


@pytest.mark.slow  # a materialization, then dagster dev and the sensor's own run: a few minutes
def test_make_dev_after_the_demo_keeps_the_demos_figures(dev, tmp_path):
    import json
    import sys

    import duckdb

    from contractops.generate import generate_landing_zone

    generate_landing_zone(tmp_path, scale="tiny", seed=7)  # tmp_path/landing + tmp_path/ground_truth
    as_of = json.loads((tmp_path / "ground_truth" / "manifest.json").read_text())["as_of"]
    warehouse = tmp_path / "warehouse" / "w.duckdb"
    cli = Path(sys.executable).with_name("contractops")
    subprocess.run([str(cli), "materialize", "--as-of", as_of], env=_env(tmp_path), check=True,
                   capture_output=True, timeout=900)  # what `contractops demo` does
    before, published = _marts(warehouse), warehouse.stat().st_ino
    proc, port, home, log = dev(["-m", "orchestration.definitions"])
    deadline = time.monotonic() + 900
    while warehouse.stat().st_ino == published:  # the sensor's run publishes a new file
        assert time.monotonic() < deadline and proc.poll() is None, log.read_text()[-3000:]
        time.sleep(2)
    processes = _tree(proc.pid)
    os.killpg(proc.pid, signal.SIGINT)
    _check_stop(proc, processes, "Ctrl-C")
    con = duckdb.connect(str(warehouse), read_only=True)
    runs = con.execute("select as_of, sample_clock from meta.run_info order by published_at").fetchall()
    con.close()
    assert len(runs) == 2 and all(sample for _, sample in runs)
    assert runs[-1][0].isoformat().replace("+00:00", "Z") == as_of
    assert _marts(warehouse) == before
