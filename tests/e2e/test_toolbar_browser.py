"""The sign-in page, in real headless Chromium, shows no developer menu ("Deploy"): the project's
.streamlit/config.toml sets client.toolbarMode = "viewer". The app is started as a Streamlit user
would, with the port in STREAMLIT_SERVER_PORT."""

from __future__ import annotations

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

CHROMIUM = Path("/usr/bin/chromium")
REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent (apt-get install -y chromium)"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def sign_in_url(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    duckdb.connect(str(warehouse)).close()  # the sign-in page needs no marts
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CONTRACTOPS_", "STREAMLIT_"))}
    env |= {"CONTRACTOPS_WAREHOUSE": str(warehouse), "STREAMLIT_SERVER_PORT": str(port)}
    proc = subprocess.Popen([str(Path(sys.executable).with_name("contractops")), "app"], env=env, cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=1)
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, "contractops app did not start"
                time.sleep(0.25)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def test_the_sign_in_page_has_no_deploy_button(sign_in_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(sign_in_url)
            page.get_by_role("button", name="Sign in").wait_for(timeout=30000)
            page.wait_for_selector("[data-testid=stToolbar]", state="attached", timeout=30000)
            page.wait_for_timeout(500)
            assert page.locator("[data-testid=stAppDeployButton]").count() == 0
            assert page.get_by_role("button", name="Deploy").count() == 0
        finally:
            browser.close()
