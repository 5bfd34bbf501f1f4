"""`contractops app` follows Streamlit's conventions: STREAMLIT_SERVER_PORT and the project's
.streamlit/config.toml apply unless a flag is given; the config file hides the developer menu."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
CLI = str(Path(sys.executable).with_name("contractops"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(port: int) -> bool:
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
        return True
    except OSError:
        return False


@pytest.fixture
def start_app(tmp_path):
    """Start `contractops app` on an (empty) warehouse with the given environment and flags;
    stop its whole process group afterwards."""
    warehouse = tmp_path / "w.duckdb"
    duckdb.connect(str(warehouse)).close()
    started = []

    def start(extra_env: dict, *flags: str) -> subprocess.Popen:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("CONTRACTOPS_", "STREAMLIT_"))}
        env |= {"CONTRACTOPS_WAREHOUSE": str(warehouse)} | extra_env
        log = open(tmp_path / f"app-{len(started)}.log", "w")
        proc = subprocess.Popen([CLI, "app", *flags], env=env, cwd=tmp_path, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
        started.append((proc, log))
        return proc

    yield start
    for proc, log in started:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


def _wait_for(proc: subprocess.Popen, port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not _answers(port):
        assert proc.poll() is None, "contractops app exited"
        assert time.monotonic() < deadline, f"nothing answered on port {port}"
        time.sleep(0.25)


def test_the_port_comes_from_streamlit_server_port(start_app):
    port = _free_port()
    proc = start_app({"STREAMLIT_SERVER_PORT": str(port)})
    _wait_for(proc, port)  # (not 8501, the config file's port: the environment beats the file)


def test_a_port_flag_beats_the_environment(start_app):
    env_port, flag_port = _free_port(), _free_port()
    proc = start_app({"STREAMLIT_SERVER_PORT": str(env_port)}, "--port", str(flag_port))
    _wait_for(proc, flag_port)
    assert not _answers(env_port)


def test_the_config_file_hides_the_developer_menu_and_keeps_the_app_on_loopback():
    # Ask Streamlit itself, from the folder `contractops app` starts it in, what it resolves.
    probe = ("import json, streamlit.config as c; c.get_config_options(force_reparse=True); "
             "print(json.dumps({k: c.get_option(k) for k in ('client.toolbarMode', 'server.address', "
             "'server.port', 'server.headless', 'browser.gatherUsageStats')}))")
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    run = subprocess.run([sys.executable, "-c", probe], cwd=REPO_ROOT, env=env, capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 0, run.stderr
    options = json.loads(run.stdout.strip().splitlines()[-1])
    assert options == {"client.toolbarMode": "viewer", "server.address": "127.0.0.1", "server.port": 8501,
                       "server.headless": True, "browser.gatherUsageStats": False}
    # and the app does not override it at run time
    assert "toolbarMode" not in (REPO_ROOT / "apps" / "streamlit_app.py").read_text()
