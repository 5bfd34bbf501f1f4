"""Every page of the Streamlit app, for every role, with AppTest: it renders without an exception,
its figures equal the marts' (computed here with DuckDB), and a technician cannot reach the
finance pages and never sees rates."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from apps.auth import ROLE_PAGES, User, authenticate
from apps.pages import PAGES
from contractops import warehouse as wh

APP = str(Path(__file__).resolve().parents[2] / "apps" / "streamlit_app.py")
PAGE_FILES = {key: page[0] for key, page in PAGES.items()}
TITLES = {key: page[1] for key, page in PAGES.items()}
# CPU seconds of this process (the page runs in it, DuckDB's threads too): what a render costs,
# whatever else the machine is doing (wall time on a shared 2-core box measures the neighbours)
RENDER_BUDGET_S = 1.0


def query(warehouse, sql: str, params: list | None = None):
    con = duckdb.connect(str(warehouse.path), read_only=True)
    try:
        con.execute("SET TimeZone = 'UTC'")
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def has_table(warehouse, name: str) -> bool:
    schema, table = name.split(".")
    with wh.read_only(warehouse.path) as con:
        return wh.has_table(con, schema, table)


def signed_in(role: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["user"] = User(username=f"test-{role}", name=f"Test {role}", role=role)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_page(at: AppTest, key: str) -> AppTest:
    at.switch_page(PAGE_FILES[key])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metric(at: AppTest, label: str) -> str:
    found = [m.value for m in at.metric if m.label == label]
    assert found, f"no metric {label!r}; metrics: {[m.label for m in at.metric]}"
    return found[0]


def money(value) -> str:
    return f"{float(value):,.0f}"


def pct(value) -> str:
    return f"{float(value) * 100:.1f}%"


def frame_with(at: AppTest, *columns: str):
    """The first dataframe on the page that has these columns."""
    for element in at.dataframe:
        if set(columns) <= set(element.value.columns):
            return element.value
    raise AssertionError(f"no dataframe with {columns}")


def all_text(at: AppTest) -> str:
    parts = [str(e.value) for kind in ("markdown", "caption", "info", "success", "error", "warning", "title",
                                       "subheader", "text") for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    return "\n".join(parts)


# --------------------------------------------------------------------------------------------
# sign-in and roles


def test_sign_in_with_the_demo_users_and_reject_a_wrong_password():
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert [b.label for b in at.button] == ["Sign in"]
    at.text_input(key="sign_in_username").input("finance")
    at.text_input(key="sign_in_password").input("not-the-password")
    at.button[0].click().run()
    assert any("wrong password" in e.value for e in at.error)
    assert "user" not in at.session_state

    at.text_input(key="sign_in_password").input("finance-demo")
    at.button[0].click().run()
    assert at.session_state["user"].role == "finance"
    assert [t.value for t in at.title] == ["Billing reconciliation"]  # finance lands on billing


def test_demo_users_file_has_one_user_per_role_with_documented_passwords():
    for username, password, role in [("exec", "exec-demo", "executive"), ("finance", "finance-demo", "finance"),
                                     ("tech", "tech-demo", "technician"), ("admin", "admin-demo", "contract_admin")]:
        user = authenticate(username, password)
        assert user is not None and user.role == role
        assert authenticate(username, password + "x") is None
    assert authenticate("nobody", "exec-demo") is None


def test_users_file_path_comes_from_the_settings(tmp_path, monkeypatch):
    import bcrypt

    users = tmp_path / "users.yaml"
    digest = bcrypt.hashpw(b"s3cret", bcrypt.gensalt(rounds=4)).decode()
    users.write_text(f"users:\n  dana:\n    name: Dana\n    role: technician\n    technician_id: T001\n"
                     f"    password_hash: '{digest}'\n")
    monkeypatch.setenv("CONTRACTOPS_APP_USERS", str(users))
    assert authenticate("dana", "s3cret").role == "technician"
    assert authenticate("exec", "exec-demo") is None


@pytest.mark.parametrize("role", sorted(ROLE_PAGES))
def test_every_page_of_every_role_renders_fast_and_others_are_unreachable(role):
    at = signed_in(role)
    assert [t.value for t in at.title] == [TITLES[ROLE_PAGES[role][0]]]
    for key in PAGE_FILES:
        if key in ROLE_PAGES[role]:
            at.switch_page(PAGE_FILES[key])
            started = time.process_time()
            at.run()
            first = time.process_time() - started
            assert not at.exception, (key, [e.value for e in at.exception])
            assert [t.value for t in at.title] == [TITLES[key]], key
            assert not [e.value for e in at.error], (key, [e.value for e in at.error])
            started = time.process_time()
            at.run()  # cached: what a user sees on every interaction
            again = time.process_time() - started
            assert first < 3 * RENDER_BUDGET_S, (key, first)
            assert again < RENDER_BUDGET_S, (key, again)
        else:
            with pytest.raises(ValueError):  # not in this role's navigation: no such page
                at.switch_page(PAGE_FILES[key])


@pytest.mark.parametrize("key", ["overview", "sla", "billing", "renewals", "compliance"])
def test_technician_opening_a_finance_page_directly_is_refused(key):
    page = str(Path(APP).parent / PAGE_FILES[key])
    at = AppTest.from_file(page, default_timeout=60)
    at.session_state["user"] = User("t", "T", "technician")
    at.run()
    assert [e.value for e in at.error] == ["You do not have access to this page."]
    assert not at.dataframe and not at.metric


def test_finance_cannot_open_the_executive_overview_directly():
    at = AppTest.from_file(str(Path(APP).parent / PAGE_FILES["overview"]), default_timeout=60)
    at.session_state["user"] = User("f", "F", "finance")
    at.run()
    assert [e.value for e in at.error] == ["You do not have access to this page."]


def test_signed_out_visitor_sees_only_the_sign_in_form():
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.metric and not at.dataframe
    with pytest.raises(ValueError):
        at.switch_page(PAGE_FILES["billing"])


# --------------------------------------------------------------------------------------------
# figures equal the marts'


def test_executive_overview_figures_equal_the_kpi_mart(warehouse):
    if not has_table(warehouse, "marts.mart_executive_kpis"):
        at = open_page(signed_in("executive"), "overview")
        assert "not built" in all_text(at) or "does not have yet" in all_text(at)
        pytest.skip("marts.mart_executive_kpis is not built yet; the page says so")
    (value, pipeline, sla12, accuracy, recoverable, credits12, exposure, margin12) = query(
        warehouse,
        "select total_contract_value, renewal_pipeline_value, sla_compliance_rate_12m, billing_accuracy, "
        "recoverable_revenue, service_credits_12m, service_credit_exposure_at_risk, margin_pct_12m "
        "from marts.mart_executive_kpis")[0]
    at = open_page(signed_in("executive"), "overview")
    assert metric(at, "Active contract value") == money(value)
    assert metric(at, "Renewal pipeline (next 90 days)") == money(pipeline)
    assert metric(at, "SLA compliance (12 months)") == pct(sla12)
    assert metric(at, "Billing accuracy") == pct(accuracy)
    assert metric(at, "Recoverable revenue") == money(recoverable)
    assert metric(at, "Service credits (12 months)") == money(credits12)
    assert metric(at, "Credit exposure (open at-risk)") == money(exposure)
    assert metric(at, "Margin (12 months)") == pct(margin12)
    # charts, not only tables: value by tier, pipeline, SLA trend, margin, billing, credits
    assert len(at.get("vega_lite_chart")) >= 6


def test_overview_billing_trend_adds_up_to_the_mart_accuracy(warehouse):
    """The monthly billing chart is computed in the app: its months together give the KPI."""
    from apps import data

    if not has_table(warehouse, "marts.mart_executive_kpis"):
        pytest.skip("marts.mart_executive_kpis is not built yet")
    data.st.cache_data.clear()
    by_month = data.billing_by_month(months=1000)
    kpi_accuracy, kpi_recoverable = query(
        warehouse, "select billing_accuracy, recoverable_revenue from marts.mart_executive_kpis")[0]
    assert by_month["ok_entries"].sum() / by_month["reconciled_entries"].sum() == pytest.approx(kpi_accuracy)
    assert by_month["recoverable_revenue"].sum() == pytest.approx(float(kpi_recoverable), abs=0.01)


def test_sla_monitor_queue_and_compliance_equal_the_marts(warehouse):
    at = signed_in("executive")
    if not has_table(warehouse, "marts.fct_ticket_sla"):
        open_page(at, "sla")
        assert "does not have yet" in all_text(at)
        pytest.skip("marts.fct_ticket_sla is not built yet; the page says so")
    open_page(at, "sla")
    expected_queue = query(
        warehouse,
        "select count(*) from marts.fct_ticket_sla where entitlement = 'covered' and ("
        " (response_status in ('at_risk', 'breached') and not response_finished) or"
        " (resolution_status in ('at_risk', 'breached') and not resolution_finished))")[0][0]
    assert metric(at, "Open tickets in the queue") == f"{expected_queue:,}"
    tiers = dict((r[0], (r[1], r[2])) for r in query(
        warehouse,
        "select coalesce(c.tier, 'unknown'), sum(s.both_met), sum(s.both_breached) "
        "from marts.mart_sla_compliance s join marts.dim_contracts c using (contract_id) group by 1"))
    table = frame_with(at, "tier", "met", "breached", "compliance_rate")
    for row in table.itertuples():
        met, breached = tiers[row.tier]
        assert (row.met, row.breached) == (met, breached)
        assert row.compliance_rate == pytest.approx(met / (met + breached))
    # drill down: the tier's contracts, then a contract's tickets
    tier = at.selectbox(key="sla_drill_tier").value
    contracts = frame_with(at, "contract_id", "client_id", "met", "breached")
    expected = query(warehouse, "select count(distinct s.contract_id) from marts.mart_sla_compliance s "
                                "join marts.dim_contracts c using (contract_id) where c.tier = ?", [tier])[0][0]
    assert len(contracts) == expected
    contract = at.selectbox(key="sla_drill_contract").value
    tickets = frame_with(at, "ticket_id", "response_status", "resolution_due_at")
    assert len(tickets) == query(warehouse, "select count(*) from marts.fct_ticket_sla where contract_id = ?",
                                 [contract])[0][0]


def test_sla_queue_sorted_by_time_left_and_filtered(warehouse, tmp_path, monkeypatch):
    """The queue's rule is dbt's (mart_sla_queue, unit-tested in _sla_queue__models.yml); the
    page shows its rows. Put four known rows in a copy's queue and check figures, order, filters."""
    import shutil

    if not has_table(warehouse, "marts.mart_sla_queue"):
        pytest.skip("marts.mart_sla_queue is not built yet")
    copy = tmp_path / warehouse.path.name  # same name: views name their catalog
    shutil.copyfile(warehouse.path, copy)
    con = duckdb.connect(str(copy))
    con.execute("SET TimeZone = 'UTC'")
    picked = [r[0] for r in con.execute(
        "select ticket_id from marts.fct_ticket_sla where entitlement = 'covered' order by ticket_id limit 4").fetchall()]
    as_of = warehouse.as_of
    con.execute("delete from marts.mart_sla_queue")
    for minutes, ticket in zip([30, -90, 240, 5], picked):
        state = "breached" if minutes < 0 else "at_risk"
        con.execute(
            "insert into marts.mart_sla_queue select t.ticket_id, t.client_id, null, t.contract_id, t.tier, "
            "t.priority, t.service_type, t.technician_id, null, t.created_at, 'resolution', ?, "
            "?::timestamptz + to_minutes(?::bigint), ?, t.response_status, ?, ?::timestamptz "
            "from marts.fct_ticket_sla t where t.ticket_id = ?",
            [state, as_of, minutes, float(minutes), state, as_of, ticket])
    con.close()
    monkeypatch.setenv("CONTRACTOPS_WAREHOUSE", str(copy))
    at = open_page(signed_in("executive"), "sla")
    assert metric(at, "Open tickets in the queue") == "4"
    assert metric(at, "Breached") == "1"
    queue = frame_with(at, "ticket_id", "minutes_left", "sla_state")
    assert list(queue["minutes_left"]) == [-90.0, 5.0, 30.0, 240.0]  # most urgent first
    assert list(queue["sla_state"]) == ["breached", "at_risk", "at_risk", "at_risk"]
    priority = queue["priority"].iloc[0]
    at.multiselect(key="sla_priority").select(priority).run()
    filtered = frame_with(at, "ticket_id", "minutes_left", "sla_state")
    assert set(filtered["priority"]) == {priority}


def test_billing_figures_drill_and_downloads(warehouse):
    if not has_table(warehouse, "marts.mart_contract_month_billing"):
        pytest.skip("marts.mart_contract_month_billing is not built yet")
    ok, reconciled = query(
        warehouse,
        "select count(*) filter (where finding = 'ok'), count(*) filter (where finding not in "
        "('not_billable', 'no_active_contract', 'contract_under_review')) from marts.fct_billing_reconciliation")[0]
    # in the reporting currency, as the executive mart adds it up (a separate SQL path)
    recoverable = query(warehouse, "select recoverable_revenue from marts.mart_executive_kpis")[0][0]
    at = open_page(signed_in("finance"), "billing")
    assert metric(at, "Billing accuracy") == pct(ok / reconciled)
    assert metric(at, "Recoverable revenue") == f"{float(recoverable):,.2f}"
    kinds = dict(query(warehouse, "select finding, count(*) from marts.fct_billing_reconciliation group by 1"))
    table = at.dataframe[0].value
    assert dict(zip(table["finding"], table["entries"])) == kinds
    # contract-month drill to entries
    contract = at.selectbox(key="billing_contract").value
    month = at.selectbox(key="billing_month").value
    entries = at.dataframe[-1].value
    assert len(entries) == query(
        warehouse, "select count(*) from marts.fct_billing_reconciliation where contract_id = ? "
                   "and billing_month = ?", [contract, month])[0][0]
    labels = [b.label for b in at.get("download_button")]
    assert {"Download CSV", "Download XLSX", "Entries CSV", "Entries XLSX"} <= set(labels)
    # the billing backup document on request
    at.button(key="prepare_backup").click().run()
    assert not at.exception
    labels = [b.label for b in at.get("download_button")]
    assert not at.error, [e.value for e in at.error]
    assert "Billing backup (PDF)" in labels


def test_xlsx_and_csv_exports_round_trip():
    import io

    import openpyxl
    import polars as pl

    from apps import data

    frame = pl.DataFrame({"entry_id": ["E1"], "billed_amount": [12.5],
                          "started_at": [dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.timezone.utc)]})
    assert data.to_csv_bytes(frame).decode().splitlines()[0] == "entry_id,billed_amount,started_at"
    book = openpyxl.load_workbook(io.BytesIO(data.to_xlsx_bytes(frame, "x")))
    rows = list(book.active.values)
    # the same workbook as `contractops export`: the instant is a real date-time cell, in UTC
    assert rows[0] == ("entry_id", "billed_amount", "started_at (UTC)")
    assert rows[1] == ("E1", 12.5, dt.datetime(2026, 1, 2, 3, 4))


def test_renewals_pipeline_and_tasks_equal_the_marts(warehouse):
    if not has_table(warehouse, "marts.mart_renewal_pipeline"):
        pytest.skip("marts.mart_renewal_pipeline is not built yet")
    due = query(warehouse, "select count(*) from marts.mart_renewal_pipeline where pipeline_status = 'due'")[0][0]
    # in the reporting currency, as the executive mart adds it up (a separate SQL path)
    value = query(warehouse, "select renewal_pipeline_value from marts.mart_executive_kpis")[0][0]
    at = open_page(signed_in("finance"), "renewals")
    assert metric(at, "Due in the next 90 days") == str(due)
    assert metric(at, "Pipeline value") == money(value)
    if due or query(warehouse, "select count(*) from marts.mart_renewal_pipeline")[0][0]:
        assert len(at.dataframe[0].value) == query(warehouse, "select count(*) from marts.mart_renewal_pipeline")[0][0]
        if has_table(warehouse, "marts.mart_renewal_tasks"):
            assert len(at.dataframe[-1].value) == query(warehouse, "select count(*) from marts.mart_renewal_tasks")[0][0]
        at.button(key="prepare_proposal").click().run()
        assert not at.exception and not at.error, [e.value for e in at.error]
        assert "Download proposal (HTML)" in [b.label for b in at.get("download_button")]


def test_compliance_gaps_equal_the_mart(warehouse):
    if not has_table(warehouse, "marts.mart_compliance_gaps"):
        pytest.skip("marts.mart_compliance_gaps is not built yet")
    total, missing = query(warehouse, "select count(*), count(*) filter (where status = 'missing') "
                                      "from marts.mart_compliance_gaps")[0]
    at = open_page(signed_in("executive"), "compliance")
    assert metric(at, "Open gaps") == str(total)
    assert metric(at, "Missing") == str(missing)
    if total:
        assert len(at.dataframe[0].value) == total


def test_contract_terms_with_provenance_for_an_executive(warehouse):
    at = open_page(signed_in("executive"), "contracts")
    contract_id = at.selectbox(key="contract_pick").value
    sla = query(warehouse, "select priority, response_minutes, resolution_minutes from marts.dim_contract_sla "
                           "where contract_id = ? order by priority", [contract_id])
    shown = at.dataframe[0].value
    assert [tuple(r) for r in shown[["priority", "response_minutes", "resolution_minutes"]].itertuples(index=False)] \
        == [tuple(r) for r in sla]
    provenance = [d.value for d in at.dataframe if "page" in d.value.columns and "source" in d.value.columns]
    assert provenance, "no term provenance table"
    expected = query(warehouse, "select count(*) from staging.stg_contracts__term_provenance where contract_id = ?",
                     [contract_id])[0][0]
    assert len(provenance[0]) == expected
    annual = query(warehouse, "select annual_value from marts.dim_contracts where contract_id = ?", [contract_id])[0][0]
    assert metric(at, "Annual value").startswith(money(annual))


def test_contract_search_shows_the_ranked_hits_and_opens_a_contract(warehouse):
    pytest.importorskip("contractops.search")

    from contractops.search import search_contracts

    query_text = "service level response"
    with wh.read_only(warehouse.path) as con:
        try:
            expected = search_contracts(con, query_text, 20)
        except duckdb.CatalogException:
            pytest.skip("this warehouse has no search index yet")
    at = open_page(signed_in("executive"), "contracts")
    at.text_input(key="contract_search").input(query_text).run()
    assert not at.exception
    # one box per contract, contracts in the order of their best page, each page under it
    headers = [m.value for m in at.markdown if m.value.startswith("**") and m.value.rstrip("s").endswith(" page")]
    order = list(dict.fromkeys(hit["contract_id"] for hit in expected))
    assert [h.split("**")[1] for h in headers] == order
    pages = [c.value for c in at.caption if c.value.startswith("page ") and " - score " in c.value]
    assert len(pages) == len(expected)
    assert expected, "the sample contracts should mention service levels"
    assert any("**service**" in m.value.lower() for m in at.markdown)  # matched words are bold
    at.button(key="hit_0").click().run()
    assert at.selectbox(key="contract_pick").value == expected[0]["contract_id"]


def test_technician_search_hides_amounts_in_snippets(warehouse):
    pytest.importorskip("contractops.search")
    import re

    from apps import data

    assert data.redact_money("Standard Rate | $160.00 per hour; Value: CAD 48,960; 5,690 INR; 64,500.00") == (
        "Standard Rate | [amount hidden] per hour; Value: [amount hidden]; [amount hidden]; [amount hidden]")
    at = open_page(signed_in("technician"), "contracts")
    at.text_input(key="contract_search").input("standard rate per hour monthly fee").run()
    assert not at.exception
    snippets = [m.value for m in at.markdown if "hidden" in m.value or "Rate" in m.value]
    if not snippets:
        pytest.skip("no search hits in this warehouse")
    for text in snippets:
        assert not re.search(r"\d+\\?\.\d{2}|\d{1,3}\\?,\d{3}", text), text


MONEY_TOKENS = {"rate", "rates", "fee", "margin", "overage", "annual", "credit", "penalties", "cost", "billed",
                "expected", "variance"}


def is_money_name(name) -> bool:
    import re

    return bool(MONEY_TOKENS & set(re.split(r"[._\s]+", str(name).lower())))


@pytest.mark.parametrize("pick", [0, 1, 2])
def test_technician_sees_contract_terms_without_rates_or_margins(warehouse, pick):
    at = open_page(signed_in("technician"), "contracts")
    ids = [r[0] for r in query(warehouse, "select contract_id from marts.dim_contracts order by contract_id")]
    contract_id = ids[min(pick * 7, len(ids) - 1)]
    at.selectbox(key="contract_pick").set_value(contract_id).run()
    assert not at.exception
    rates = query(warehouse, "select rate_standard, rate_after_hours, rate_emergency, overage_rate, monthly_fee, "
                             "annual_value from marts.dim_contracts where contract_id = ?",
                  [contract_id])[0]
    for frame in (d.value for d in at.dataframe):
        for column in frame.columns:
            assert not is_money_name(column), column
        if "field" in frame.columns:
            for field in frame["field"]:
                assert not is_money_name(field), field
        if "term" in frame.columns:
            for term in frame["term"]:
                assert not is_money_name(term), term
    assert "Annual value" not in [m.label for m in at.metric]
    text = all_text(at)
    for amount in rates:
        if amount is not None and float(amount) >= 100:
            assert f"{float(amount):,.0f}" not in text and f"{float(amount):.2f}" not in text


def test_technician_lookup_coverage_and_scope(warehouse):

    from contractops.lookup import contract_card, coverage_now

    at = open_page(signed_in("technician"), "lookup")
    # the page's "now": the warehouse's own as_of when it was judged at the sample's clock (the
    # app tests' warehouse is the generated sample, judged at its reference instant), else now
    run = query(warehouse, "select as_of, sample_clock from meta.run_info order by published_at desc limit 1") \
        if query(warehouse, "select count(*) from information_schema.tables where table_schema = 'meta'")[0][0] else []
    on_sample = bool(run and run[0][1])
    moment = run[0][0].astimezone(dt.timezone.utc) if on_sample else dt.datetime.now(dt.timezone.utc)
    if on_sample:
        assert any("Sample data" in i.value and f"{moment:%Y-%m-%d %H:%M}" in i.value for i in at.info)
    today = moment.date()
    in_force = [r[0] for r in query(warehouse, "select contract_id from marts.dim_contracts where start_date <= ? "
                                               "and end_date >= ? order by contract_id", [today, today])]
    assert in_force and len(at.selectbox(key="lookup_client").options) == len(in_force)
    # prefer a contract that excludes something, to see an out-of-scope answer
    excluded = dict(query(warehouse, "select contract_id, min(service_type) from "
                                     "staging.stg_contracts__contract_services where inclusion = 'excluded' group by 1"))
    contract_id = next((c for c in in_force if c in excluded), in_force[0])
    at.selectbox(key="lookup_client").set_value(contract_id).run()
    assert not at.exception
    with wh.read_only(warehouse.path) as con:
        card = contract_card(con, contract_id)
    status = coverage_now(card.calendar, moment)
    known = not status.unknown and not status.outside_published
    banner = (at.success[0].value if status.is_open else at.error[0].value) if known else at.warning[0].value
    # the page's banner agrees with the coverage computed here for the same moment (whichever it
    # is when the test runs: open or closed)
    if known:
        expected = "**COVERED NOW**" if status.is_open else "**NOT COVERED NOW**"
        assert banner.startswith(expected), (banner, status)
    text = all_text(at)
    for contact in card.contacts:
        assert contact["name"] in text
    for row in card.sla:
        assert f"**{row['priority']}**" in text
    if contract_id in excluded:
        at.text_input(key="lookup_service").input(excluded[contract_id].replace("_", " ").title()).run()
        assert any("OUT OF SCOPE" in e.value for e in at.error)
        assert any("quote" in i.value for i in at.info)  # the scope-expansion script
    at.text_input(key="lookup_service").input("definitely_not_excluded_service").run()
    if not card.included_services:
        assert any("IN SCOPE" in s.value for s in at.success)
    # a technician's lookup shows no money either
    assert not any(w in text.lower() for w in ("rate_", "monthly_fee", "annual value", "margin"))


def test_page_without_its_mart_says_so(warehouse, tmp_path, monkeypatch):
    """A warehouse without the SLA / billing marts (as before those are built): the pages say so."""
    stripped = tmp_path / "stripped.duckdb"
    con = duckdb.connect(str(stripped))
    con.execute(f"attach '{warehouse.path}' as src (read_only)")
    con.execute("create schema marts")
    con.execute("create schema staging")
    for table in ("dim_contracts", "dim_contract_sla"):
        con.execute(f"create table marts.{table} as select * from src.marts.{table}")
    # staging views name the catalog they were built in: copy the client rows from `clean`
    con.execute("create table staging.stg_psa__clients as select client_id, client_name, timezone, country "
                "from src.clean.clients")
    con.close()
    monkeypatch.setenv("CONTRACTOPS_WAREHOUSE", str(stripped))
    at = signed_in("executive")
    for key in ("overview", "sla", "billing", "renewals", "compliance"):
        open_page(at, key)
        assert any("does not have yet" in i.value for i in at.info), key


# --------------------------------------------------------------------------------------------
# the app never blocks a materialization and picks up a new publish


def test_app_holds_no_connection_and_shows_a_new_publish(warehouse, tmp_path, monkeypatch):
    import os
    import shutil
    import subprocess
    import sys

    if not has_table(warehouse, "marts.mart_executive_kpis"):
        pytest.skip("marts.mart_executive_kpis is not built yet")
    published = tmp_path / "published" / warehouse.path.name
    published.parent.mkdir()
    shutil.copyfile(warehouse.path, published)
    monkeypatch.setenv("CONTRACTOPS_WAREHOUSE", str(published))
    at = signed_in("executive")
    for key in ("overview", "sla", "billing", "contracts", "lookup"):
        open_page(at, key)
    # a writer in another process can take the file at once: no connection is left open
    writer = subprocess.run(
        [sys.executable, "-c", "import duckdb, sys; duckdb.connect(sys.argv[1]).close()", str(published)],
        capture_output=True, text=True, timeout=60)
    assert writer.returncode == 0, writer.stderr

    # publish a new warehouse the way a run does: build beside it, then rename over it
    build = published.with_name(published.name + ".build-test")
    shutil.copyfile(published, build)
    con = duckdb.connect(str(build))
    con.execute("update marts.mart_executive_kpis set total_contract_value = 123456789")
    con.close()
    os.replace(build, published)
    open_page(at, "overview")
    assert metric(at, "Active contract value") == "123,456,789"
