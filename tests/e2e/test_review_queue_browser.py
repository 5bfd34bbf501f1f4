"""The review queue round trip in real Chromium: a contract admin corrects a term, the answer is
the contract's YAML in the landing zone, the next run reads it (the item leaves the queue and
dim_contracts shows the value); a technician cannot reach the page.

Runs on a copy of the session's sample landing zone and warehouse (the tiny sample holds a
scanned contract and one without an SLA section, both under review)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest

from contractops.corrections import correctable
from extractors.contract_terms import read_yaml_terms
from browser import MARKS, chromium, running_app
from test_app_browser import ARTIFACTS, _screenshot, _settled, _sign_in

pytestmark = MARKS

# review field -> the mart column that shows it after the next run, and the answer typed. The
# generator's tiny sample always has a PDF without an SLA section (case pdf_without_sla), so the
# last entry is there whatever the reader learns to read from the scanned contract.
ANSWERS = {
    "end_date": ("dim_contracts", "end_date", "2025-12-31"),
    "start_date": ("dim_contracts", "start_date", "2025-01-01"),
    "tier": ("dim_contracts", "tier", "gold"),
    "billing.rates.emergency": ("dim_contracts", "rate_emergency", "420.00"),
    "currency": ("dim_contracts", "currency", "CAD"),
    "sla.P1.clock": ("dim_contract_sla", "clock", "calendar"),
}

def _query(path: Path, sql: str, params: list | None = None):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def zone(warehouse, tmp_path_factory):
    """A private landing zone + warehouse (this test writes and re-materializes them)."""
    landing = Path(os.environ.get("APP_TEST_LANDING") or warehouse.path.parent.parent / "landing")
    if not (landing / "contracts").is_dir():
        pytest.fail(f"no landing zone beside the sample warehouse at {landing} (set APP_TEST_LANDING)")
    root = tmp_path_factory.mktemp("review_zone")
    shutil.copytree(landing, root / "landing")
    (root / "warehouse").mkdir()
    shutil.copy2(warehouse.path, root / "warehouse" / "contractops.duckdb")
    return root / "landing", root / "warehouse" / "contractops.duckdb", warehouse.as_of


@pytest.fixture(scope="module")
def review_app(zone):
    landing, warehouse, _ = zone
    env = {"CONTRACTOPS_WAREHOUSE": str(warehouse), "CONTRACTOPS_LANDING_DIR": str(landing)}
    with running_app(env, ARTIFACTS / "review_app.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def _pick(page, label: str) -> None:
    box = page.locator("[data-testid=stSelectbox]").filter(has_text="Term to review")
    box.click()
    page.keyboard.type(label)
    page.get_by_role("option", name=label, exact=True).click()
    _settled(page)


def _options(page, text: str) -> list[str]:
    box = page.locator("[data-testid=stSelectbox]").filter(has_text="Term to review")
    box.click()
    page.keyboard.type(text)
    page.wait_for_timeout(300)
    found = page.get_by_role("option").all_inner_texts()
    page.keyboard.press("Escape")
    return found


def test_admin_corrects_a_term_and_the_next_run_reads_it(review_app, browser, zone):
    landing, warehouse, as_of = zone
    items = _query(warehouse, "select contract_id, field, correction_file from marts.mart_review_queue")
    under_review = {(c, f) for c, f, _ in items}
    contract, field, correction_file = next(
        (c, f, y) for key in ANSWERS for c, f, y in sorted(items) if f == key and correctable(f))
    table, column, typed = ANSWERS[field]

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    _sign_in(page, review_app, "admin", "admin-demo")
    page.get_by_role("heading", name="Review queue").wait_for(timeout=30000)
    _settled(page)
    links = page.locator("[data-testid=stSidebarNav] a").all_inner_texts()
    assert any("Review queue" in t for t in links) and not any("Billing" in t for t in links), links

    # the evidence: an item read from a page shows that page as an image
    with_page = _query(warehouse, "select contract_id, field from marts.mart_review_queue where page is not null "
                       "order by contract_id, field limit 1")
    if with_page:
        _pick(page, f"{with_page[0][0]} | {with_page[0][1]}")
        page.locator("[data-testid=stImage] img").first.wait_for(timeout=90000)  # a scan is OCR'd first
        _settled(page)
        _screenshot(page, "review_queue_evidence", 1400)

    if (contract, "contract_id") in under_review:
        # the contract's own id is unsure: a correction file names its contract, so it comes first
        _pick(page, f"{contract} | {field}")
        page.get_by_label("Value", exact=True).fill(typed)
        page.get_by_role("button", name="Save correction").click()
        page.get_by_text("contract_id is under review too").wait_for(timeout=15000)
        _pick(page, f"{contract} | contract_id")
        page.get_by_role("button", name="Confirm as read").click()
        page.get_by_text(f"Written to {correction_file}").wait_for(timeout=15000)

    _pick(page, f"{contract} | {field}")
    page.locator("[data-testid=stImage] img").or_(page.get_by_text("No page to show")).first.wait_for(timeout=60000)
    page.get_by_label("Value", exact=True).fill(typed)
    page.get_by_role("button", name="Save correction").click()
    page.get_by_text(f"Written to {correction_file}: {field} = ").wait_for(timeout=15000)
    _settled(page)
    _screenshot(page, "review_queue_answered", 1400)

    # the answer is the contract's YAML in the landing zone, read back by the pipeline's own reader
    written = read_yaml_terms(landing / correction_file, correction_file)
    assert not written.problems, written.problems
    assert str(written.fields[field].value) == typed
    assert written.fields["contract_id"].value == contract

    # the next run picks it up
    from contractops.pipeline import materialize

    result = materialize(landing_dir=landing, warehouse_path=warehouse, as_of=as_of.isoformat())
    assert result.success, result.failed_steps
    left = {(c, f) for c, f, _ in _query(warehouse, "select contract_id, field, correction_file from marts.mart_review_queue")}
    assert (contract, field) not in left
    assert (contract, "contract_id") not in left
    where = " and priority = 'P1'" if table == "dim_contract_sla" else ""
    shown = _query(warehouse, f"select cast({column} as varchar) from marts.{table} where contract_id = ?{where}", [contract])
    assert shown == [(typed,)]
    source = _query(warehouse, "select source from staging.stg_contracts__term_provenance "
                    "where contract_id = ? and field = ?", [contract, field])
    assert source == [("yaml",)]

    # and the page, opened again on the new publish, no longer lists it
    _sign_in(page, review_app, "admin", "admin-demo")  # a reload is a new session
    page.get_by_role("heading", name="Review queue").wait_for(timeout=30000)
    _settled(page)
    assert f"{contract} | {field}" not in _options(page, f"{contract} | {field}")
    page.close()


def test_technician_cannot_see_the_review_queue(review_app, browser):
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    _sign_in(page, review_app, "tech", "tech-demo")
    page.get_by_role("heading", name="My tickets").wait_for(timeout=30000)  # a technician lands there
    _settled(page)
    links = page.locator("[data-testid=stSidebarNav] a").all_inner_texts()
    assert links and not any("Review" in t for t in links), links
    # by its URL: not one of the technician's pages, so the queue never renders
    page.goto(review_app + "/review")
    page.get_by_label("Username").wait_for(timeout=30000)
    _settled(page)
    dialog = page.get_by_role("dialog")
    if dialog.count():  # Streamlit: "Page not found" (no such page before sign-in)
        assert "not found" in dialog.inner_text().lower(), dialog.inner_text()
        page.keyboard.press("Escape")
        dialog.wait_for(state="detached", timeout=10000)
    assert page.get_by_text("Term to review").count() == 0
    page.get_by_label("Username").fill("tech")
    page.get_by_label("Password", exact=True).fill("tech-demo")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="My tickets").wait_for(timeout=30000)  # a technician lands there
    _settled(page)
    assert page.get_by_role("heading", name="Review queue").count() == 0
    assert page.get_by_text("Term to review").count() == 0
    page.close()
