"""What every browser test shares: Debian's Chromium (never a browser download), the app started
as a user starts it (`contractops app`, its own process group, waited on /_stcore/health) and the
wait for Streamlit to settle."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent (apt-get install -y chromium)"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_app(env: dict[str, str], log_path: Path | None = None, *, cwd: Path = REPO_ROOT,
                port_in_env: bool = False) -> Iterator[str]:
    """`contractops app` on a free loopback port with the environment cleared of CONTRACTOPS_* and
    STREAMLIT_* settings and ``env`` added; yields its URL and stops it (the whole process group)
    afterwards. ``port_in_env`` passes the port as STREAMLIT_SERVER_PORT, as a Streamlit user
    would, instead of --port."""
    port = free_port()
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CONTRACTOPS_", "STREAMLIT_"))}
    args = [str(Path(sys.executable).with_name("contractops")), "app"]
    if port_in_env:
        clean["STREAMLIT_SERVER_PORT"] = str(port)
    else:
        args += ["--port", str(port)]
    if log_path is not None:
        log_path.parent.mkdir(parents=True, exist_ok=True)
    log = open(log_path, "w") if log_path is not None else subprocess.DEVNULL
    proc = subprocess.Popen(args, env=clean | env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=1)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"`contractops app` did not start (log: {log_path})")
                time.sleep(0.25)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        if log is not subprocess.DEVNULL:
            log.close()


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def settled(page, quiet_ms: int = 800) -> None:
    """Streamlit has finished: no running-status widget and no stale element, and the page
    height unchanged, for `quiet_ms` in a row (the widget only shows after a short delay)."""
    deadline = time.monotonic() + 30
    quiet, last_height = 0, None
    while quiet < quiet_ms:
        busy, height = page.evaluate(
            "() => [!!document.querySelector('[data-testid=\"stStatusWidget\"]') || "
            "!!document.querySelector('[data-stale=\"true\"]'), "
            "Math.max(...[...document.querySelectorAll('[data-testid=stMain]')].map(e => e.scrollHeight), 0)]")
        quiet = 0 if busy or height != last_height else quiet + 100
        last_height = height
        if time.monotonic() > deadline:
            raise AssertionError("the page did not settle within 30 s")
        page.wait_for_timeout(100)
