"""The sign-in page, in real headless Chromium, shows no developer menu ("Deploy"): the project's
.streamlit/config.toml sets client.toolbarMode = "viewer". The app is started as a Streamlit user
would, with the port in STREAMLIT_SERVER_PORT."""

from __future__ import annotations

import duckdb
import pytest

from browser import MARKS, chromium, running_app

pytestmark = MARKS


@pytest.fixture
def sign_in_url(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    duckdb.connect(str(warehouse)).close()  # the sign-in page needs no marts
    with running_app({"CONTRACTOPS_WAREHOUSE": str(warehouse)}, cwd=tmp_path, port_in_env=True) as url:
        yield url


def test_the_sign_in_page_has_no_deploy_button(sign_in_url):
    with chromium() as browser:
        page = browser.new_page()
        page.goto(sign_in_url)
        page.get_by_role("button", name="Sign in").wait_for(timeout=30000)
        page.wait_for_selector("[data-testid=stToolbar]", state="attached", timeout=30000)
        page.wait_for_timeout(500)
        assert page.locator("[data-testid=stAppDeployButton]").count() == 0
        assert page.get_by_role("button", name="Deploy").count() == 0
