"""End to end: `contractops app` on loopback, driven by real headless Chromium (Debian's, through
Playwright). Signs in, visits every page, checks a real figure against the mart, and saves a
full-page screenshot of each page under test-artifacts/app/ (git-ignored)."""

from __future__ import annotations

import time
from pathlib import Path

import duckdb
import pytest

from apps.auth import ROLE_PAGES
from browser import MARKS, REPO_ROOT, chromium, running_app, settled
from apps.pages import PAGES as APP_PAGES

ARTIFACTS = REPO_ROOT / "test-artifacts" / "app"
EXECUTIVE_PAGES = ROLE_PAGES["executive"]
PAGES = [(key, page[1]) for key, page in APP_PAGES.items() if key in EXECUTIVE_PAGES]

pytestmark = MARKS


@pytest.fixture(scope="module")
def app_url(warehouse):
    with running_app({"CONTRACTOPS_WAREHOUSE": str(warehouse.path)}, ARTIFACTS / "app.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def _ready(page) -> None:
    """The script run is over as far as the page shows (for timing; _settled is stricter)."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]') && "
        "!document.querySelector('[data-stale=\"true\"]')", timeout=30000)


_settled = settled


def _screenshot(page, name: str, width: int) -> Path:
    """Full page: Streamlit scrolls inside its main container, so grow the viewport to fit it."""
    height = page.evaluate(
        "() => Math.max(900, ...[...document.querySelectorAll('[data-testid=stMain], "
        "[data-testid=stAppViewContainer]')].map(e => e.scrollHeight))")
    page.set_viewport_size({"width": width, "height": min(int(height) + 40, 8000)})
    _settled(page)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def _sign_in(page, url: str, username: str, password: str) -> None:
    page.goto(url)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_executive_visits_every_page(app_url, browser, warehouse):
    con = duckdb.connect(str(warehouse.path), read_only=True)
    try:
        has_kpis = con.execute("select count(*) from information_schema.tables where table_schema = 'marts' "
                               "and table_name = 'mart_executive_kpis'").fetchone()[0]
        value = con.execute("select total_contract_value from marts.mart_executive_kpis").fetchone()[0] \
            if has_kpis else None
    finally:
        con.close()

    page = browser.new_page(viewport={"width": 1400, "height": 900})
    _sign_in(page, app_url, "exec", "exec-demo")
    page.get_by_role("heading", name="Executive overview").wait_for(timeout=30000)
    timings = {}
    for slug, title in PAGES:
        started = time.perf_counter()
        page.get_by_role("link", name=title).click()
        page.get_by_role("heading", name=title).wait_for(timeout=30000)
        _ready(page)
        timings[slug] = time.perf_counter() - started
        _settled(page)
        assert page.get_by_text("Traceback").count() == 0, slug
        assert page.locator("[data-testid=stException]").count() == 0, slug
        if slug == "overview" and value is not None:
            # a real figure: the active contract value equals the mart's
            page.get_by_text(f"{float(value):,.0f}", exact=True).first.wait_for(timeout=10000)
        if slug == "renewals" and page.get_by_role("button", name="Prepare the proposal document").count():
            page.get_by_role("button", name="Prepare the proposal document").click()
            page.get_by_role("button", name="Download proposal (HTML)").wait_for(timeout=15000)
            _settled(page)
        if slug == "lookup":
            page.locator("[data-testid=stSelectbox]").first.click()
            page.get_by_role("option").first.click()
            page.get_by_text("COVERED NOW").or_(page.get_by_text("NOT COVERED NOW")).or_(
                page.get_by_text("Coverage hours unknown")).first.wait_for(timeout=15000)
            _settled(page)
        assert _screenshot(page, f"executive_{slug}", 1400).stat().st_size > 10_000
        page.set_viewport_size({"width": 1400, "height": 900})
    # the first visit also loads the chart library into the browser: time a second visit too
    for slug, title in PAGES[:3]:
        started = time.perf_counter()
        page.get_by_role("link", name=title).click()
        page.get_by_role("heading", name=title).wait_for(timeout=30000)
        _ready(page)
        timings[f"{slug} (again)"] = time.perf_counter() - started
        _settled(page)
    (ARTIFACTS / "timings.txt").write_text("".join(f"{k} {v:.2f}s\n" for k, v in timings.items()))
    page.close()


def test_technician_on_a_phone_sees_only_lookup_and_contracts(app_url, browser):
    # the technician lands on "My tickets" (tests/e2e/test_technician_day_browser.py); open the
    # lookup from the navigation, then look at it at phone width
    page = browser.new_page(viewport={"width": 1200, "height": 800}, has_touch=True)
    _sign_in(page, app_url, "tech", "tech-demo")
    page.get_by_role("heading", name="My tickets").wait_for(timeout=30000)
    page.get_by_role("link", name="Technician lookup").click()
    page.get_by_role("heading", name="Technician lookup").wait_for(timeout=30000)
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator("[data-testid=stSelectbox]").first.click()
    page.get_by_role("option").first.click()
    page.get_by_text("Is it in scope?").wait_for(timeout=15000)
    page.get_by_label("Requested service").fill("hardware procurement")
    page.get_by_label("Requested service").press("Enter")
    page.get_by_text("IN SCOPE").or_(page.get_by_text("OUT OF SCOPE")).first.wait_for(timeout=15000)
    _settled(page)
    _screenshot(page, "technician_lookup_phone", 390)
    # the finance pages are not in a technician's navigation
    page.set_viewport_size({"width": 1200, "height": 800})
    _settled(page)
    links = page.locator("[data-testid=stSidebarNav] a").all_inner_texts()
    assert links and all("Billing" not in t and "Executive" not in t for t in links), links
    # contract terms without rates, fees or values
    page.get_by_role("link", name="Contracts").click()
    page.get_by_role("heading", name="Contracts").wait_for(timeout=30000)
    _settled(page)
    _screenshot(page, "technician_contracts", 1200)
    body = page.inner_text("body")
    assert "Annual value" not in body and "billing.rates" not in body and "monthly_fee" not in body
    page.close()
