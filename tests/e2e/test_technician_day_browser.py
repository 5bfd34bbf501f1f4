"""The technician's day on a phone, in real headless Chromium: a technician (users file with a
technician_id) signs in at 390x844, lands on "My tickets", sees exactly their own open tickets
(compared with the set computed here from the landed tickets), opens each one's contract card,
and the page never overflows sideways nor shows a money figure.

Screenshots go to a temporary folder, printed at the end of the test (`pytest -s` shows it):
open the PNG files there with any image viewer, e.g. `xdg-open <folder>/my_tickets_phone.png`.
Set TECHDAY_SCREENSHOTS=/some/folder to keep them in a folder of your choice."""

from __future__ import annotations

import os
import re
from pathlib import Path

import bcrypt
import duckdb
import pytest

from apps.data import MONEY_IN_TEXT
from browser import MARKS, chromium, running_app, settled

PHONE = {"width": 390, "height": 844}
OPEN = ("open", "in_progress", "on_hold")
PASSWORD = "day-on-a-phone"

pytestmark = MARKS


def _query(warehouse, sql: str, params: list | None = None):
    con = duckdb.connect(str(warehouse.path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    """The sample plus a day of open tickets (tests/apps/app_test_warehouse.py)."""
    from app_test_warehouse import technician_day_warehouse

    return technician_day_warehouse(tmp_path_factory)


@pytest.fixture(scope="module")
def technician(warehouse) -> str:
    """The technician with the most open tickets, counted on the landed tickets (staging)."""
    return _query(warehouse, "select technician_id from staging.stg_psa__tickets where status in (?, ?, ?) "
                             "and technician_id is not null group by 1 order by count(*) desc, 1 limit 1",
                  list(OPEN))[0][0]


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    chosen = os.environ.get("TECHDAY_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("technician_day_screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def app_url(warehouse, technician, tmp_path_factory):
    folder = tmp_path_factory.mktemp("technician_day_app")
    users = folder / "app_users.yaml"  # outside the repository, as a deployment keeps it
    digest = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()
    users.write_text(f"users:\n  field:\n    name: Field Technician\n    role: technician\n"
                     f"    technician_id: {technician}\n    password_hash: '{digest}'\n")
    env = {"CONTRACTOPS_WAREHOUSE": str(warehouse.path), "CONTRACTOPS_APP_USERS": str(users)}
    with running_app(env, folder / "app.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


_settled = settled


# elements of the main area whose right edge passes the screen's (a sideways scroll on a phone)
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const main = document.querySelector('[data-testid=stMain]');
  const wide = [...main.querySelectorAll('*')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.right > width + 1;
  }).map(e => (e.getAttribute('data-testid') || e.tagName) + ': ' + (e.innerText || '').slice(0, 60));
  return {width, doc: document.documentElement.scrollWidth, main: main.scrollWidth,
          mainClient: main.clientWidth, wide: wide.slice(0, 10)};
}"""


def _no_sideways_scroll(page, where: str) -> None:
    found = page.evaluate(OVERFLOW_JS)
    assert found["width"] == PHONE["width"], found
    assert found["doc"] <= found["width"] and found["main"] <= found["mainClient"], (where, found)
    assert not found["wide"], (where, found)


def _full_page(page, path: Path) -> Path:
    """Streamlit scrolls inside its main container: grow the viewport's height (not its width) to
    fit it for a full-page shot, then return to the phone's height."""
    height = page.evaluate("() => Math.max(844, ...[...document.querySelectorAll('[data-testid=stMain], "
                           "[data-testid=stAppViewContainer]')].map(e => e.scrollHeight))")
    page.set_viewport_size({"width": PHONE["width"], "height": min(int(height) + 40, 12000)})
    _settled(page)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(PHONE)
    _settled(page)
    return path


def test_technician_day_on_a_phone(app_url, browser, warehouse, technician, screenshots):
    mine = {r[0] for r in _query(warehouse, "select ticket_id from staging.stg_psa__tickets where technician_id = ? "
                                            "and status in (?, ?, ?)", [technician, *OPEN])}
    everyone_else = {r[0] for r in _query(warehouse, "select ticket_id from staging.stg_psa__tickets "
                                                     "where technician_id is distinct from ?", [technician])}
    contracts = sorted({r[0] for r in _query(
        warehouse, "select contract_id from marts.fct_ticket_sla where technician_id = ? and contract_id is not null "
                   "and ticket_id in (select ticket_id from staging.stg_psa__tickets where status in (?, ?, ?))",
        [technician, *OPEN])})
    amounts = [float(a) for row in _query(
        warehouse, "select rate_standard, rate_after_hours, rate_emergency, overage_rate, monthly_fee, annual_value "
                   f"from marts.dim_contracts where contract_id in ({', '.join('?' for _ in contracts)})", contracts)
        for a in row if a is not None and float(a) >= 100]
    assert len(mine) >= 2 and contracts and amounts

    page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(app_url)
    page.get_by_label("Username").fill("field")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="My tickets").wait_for(timeout=30000)  # the technician's landing page
    page.locator("[data-testid=stExpander]").first.wait_for(timeout=30000)
    _settled(page)
    assert page.locator("[data-testid=stException]").count() == 0
    _no_sideways_scroll(page, "list")
    _full_page(page, screenshots / "my_tickets_phone.png")

    labels = page.locator("[data-testid=stExpander] summary").all_inner_texts()
    shown = [next(w for w in label.split() if w in mine | everyone_else) for label in labels]
    assert set(shown) == mine and len(shown) == len(mine), (shown, mine)

    # open every ticket's contract card (each one, as the technician would, then the next)
    summaries = page.locator("[data-testid=stExpander] summary")
    for i in range(summaries.count()):
        summaries.nth(i).click()
    page.get_by_text("Escalation contacts").first.wait_for(timeout=15000)
    _settled(page)
    # every card says whether the client is covered now (or why that is unknown)
    coverage = (page.get_by_text("COVERED NOW").count() + page.get_by_text("Coverage hours unknown").count()
                + page.get_by_text("outside the coverage calendar").count())
    carded = _query(warehouse, "select count(*) from marts.mart_technician_tickets where technician_id = ? "
                               "and contract_id is not null", [technician])[0][0]
    assert coverage == carded, (coverage, carded)
    _no_sideways_scroll(page, "cards open")
    _full_page(page, screenshots / "my_tickets_phone_cards.png")

    body = page.inner_text("body")
    assert not everyone_else & set(body.replace(":", " ").split())
    assert not MONEY_IN_TEXT.search(body), MONEY_IN_TEXT.search(body)
    for amount in amounts:
        for shown in (f"{amount:,.0f}", f"{amount:.2f}"):
            assert not re.search(rf"(?<![\d.,]){re.escape(shown)}(?![\d]|[.,]\d)", body), amount
    for word in ("annual value", "monthly fee", "fee", "rate", "rates", "margin", "overage"):
        assert not re.search(rf"\b{word}\b", body.lower()), word
    page.close()
    print(f"\nscreenshots of the technician's day at 390x844: {screenshots}")
    for shot in sorted(screenshots.glob("*.png")):
        assert shot.stat().st_size > 10_000
        print(f"  {shot}")
