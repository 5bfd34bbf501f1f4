"""The technician's day in the app ("My tickets"): a technician signed in with a technician_id
lands on their own open tickets, soonest due first, each opening the client's contract card, and
no money anywhere on the page. Compared with sets computed here from the landed tickets."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from apps.auth import UsersFileError, User, authenticate, load_users
from apps.data import MONEY_IN_TEXT

@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    """The sample plus a day of open tickets (app_test_warehouse.technician_day_warehouse)."""
    from app_test_warehouse import technician_day_warehouse

    return technician_day_warehouse(tmp_path_factory)


APP = str(Path(__file__).resolve().parents[2] / "apps" / "streamlit_app.py")
OPEN = ("open", "in_progress", "on_hold")


def query(warehouse, sql: str, params: list | None = None):
    con = duckdb.connect(str(warehouse.path), read_only=True)
    try:
        con.execute("SET TimeZone = 'UTC'")
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def standalone(number: str, text: str) -> bool:
    """`number` appears as a number of its own (not inside a phone number or a longer figure)."""
    return bool(re.search(rf"(?<![\d.,]){re.escape(number)}(?![\d]|[.,]\d)", text))


def busiest_technician(warehouse) -> str:
    return query(warehouse, "select technician_id from staging.stg_psa__tickets where status in (?, ?, ?) "
                            "and technician_id is not null group by 1 order by count(*) desc, 1 limit 1",
                 list(OPEN))[0][0]


def signed_in_technician(technician_id: str | None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["user"] = User("tech-test", "Test Technician", "technician", technician_id)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def page_text(at: AppTest) -> str:
    parts = [str(e.value) for kind in ("markdown", "caption", "info", "success", "error", "warning", "title",
                                       "subheader", "text") for e in getattr(at, kind)]
    parts += [e.label for e in at.expander]
    return "\n".join(parts)


def test_technician_lands_on_only_their_open_tickets_soonest_due_first(warehouse):
    technician = busiest_technician(warehouse)
    mine = {r[0] for r in query(warehouse, "select ticket_id from staging.stg_psa__tickets where technician_id = ? "
                                           "and status in (?, ?, ?)", [technician, *OPEN])}
    others = {r[0] for r in query(warehouse, "select ticket_id from staging.stg_psa__tickets "
                                             "where technician_id is distinct from ?", [technician])}
    assert len(mine) >= 2
    at = signed_in_technician(technician)
    assert [t.value for t in at.title] == ["My tickets"]  # the technician's landing page
    labels = [e.label for e in at.expander]
    shown = [label.split()[1] for label in labels]  # "P2 TK00123 - Client: ..."
    assert set(shown) == mine and len(shown) == len(mine)
    assert not others & set(page_text(at).replace(":", " ").split())
    # soonest due first: the due times on the labels' tickets, from the SLA fact, never decrease
    due = dict(query(warehouse, "select ticket_id, case when response_status <> 'not_applicable' and not "
                                "response_finished then response_due_at when resolution_status <> 'not_applicable' "
                                "and not resolution_finished then resolution_due_at end from marts.fct_ticket_sla "
                                "where technician_id = ?", [technician]))
    dated = [due[t] for t in shown if due[t] is not None]
    assert dated == sorted(dated)
    assert all(due[t] is None for t in shown[len(dated):])  # the undated ones come last


def test_each_ticket_opens_its_contract_card_without_money(warehouse):
    technician = busiest_technician(warehouse)
    at = signed_in_technician(technician)
    text = page_text(at)
    tickets = query(warehouse, "select t.ticket_id, t.contract_id, t.priority from marts.mart_technician_tickets t "
                               "where t.technician_id = ? and t.contract_id is not null order by day_order",
                    [technician])
    assert tickets
    contracts = sorted({c for _, c, _ in tickets})
    for ticket_id, contract_id, priority in tickets:
        assert f"contract {contract_id}" in text
        assert f"SLA for {priority}" in text
    contacts = query(warehouse, "select name from staging.stg_contracts__escalation_contacts where contract_id in "
                                f"({', '.join('?' for _ in contracts)})", contracts)
    for (name,) in contacts:
        assert name in text
    instructions = query(warehouse, "select special_instructions from marts.dim_contracts where contract_id in "
                                    f"({', '.join('?' for _ in contracts)}) and special_instructions is not null",
                         contracts)
    for (note,) in instructions:
        assert note in text
    # the ticket's SLA row: the target of the first ticket's priority, as the contract states it
    first_id, first_contract, first_priority = tickets[0]
    response, resolution = query(warehouse, "select response_minutes, resolution_minutes from marts.dim_contract_sla "
                                            "where contract_id = ? and priority = ?", [first_contract, first_priority])[0]
    from contractops.lookup import minutes_text

    assert f"**{first_priority}**: respond {minutes_text(response)}, resolve {minutes_text(resolution)}" in text
    # no money: no amount-looking text, and none of these contracts' rates, fees or values
    assert not MONEY_IN_TEXT.search(text), MONEY_IN_TEXT.search(text)
    amounts = query(warehouse, "select rate_standard, rate_after_hours, rate_emergency, overage_rate, monthly_fee, "
                               f"annual_value from marts.dim_contracts where contract_id in "
                               f"({', '.join('?' for _ in contracts)})", contracts)
    for row in amounts:
        for amount in row:
            if amount is not None and float(amount) >= 100:
                for shown in (f"{float(amount):,.0f}", f"{float(amount):.2f}"):
                    assert not standalone(shown, text), (amount, text)
    for word in ("annual value", "monthly fee", "rate", "rates", "margin", "overage", "fee"):
        assert not re.search(rf"\b{word}\b", text.lower()), word
    # coverage now, as contractops.lookup computes it from the published calendar at this moment
    # (the real now here: this warehouse is not the untouched sample, whose clock stands still)
    import datetime as dt

    from contractops import warehouse as wh
    from contractops.lookup import contract_card, coverage_now

    moment = dt.datetime.now(dt.timezone.utc)
    with wh.read_only(warehouse.path) as con:
        for contract_id in contracts:
            status = coverage_now(contract_card(con, contract_id).calendar, moment)
            if status.unknown:
                assert "Coverage hours unknown" in text
            elif status.outside_published:
                assert status.summary() in text
            else:
                assert ("**COVERED NOW**" if status.is_open else "**NOT COVERED NOW**") in text


def test_technician_without_a_technician_id_is_told_so(warehouse):
    at = signed_in_technician(None)
    assert [t.value for t in at.title] == ["My tickets"]
    assert any("not linked to a technician" in w.value for w in at.warning)
    assert not at.expander


def test_users_file_ties_a_technician_to_a_technician_id(tmp_path):
    import bcrypt

    digest = bcrypt.hashpw(b"pw", bcrypt.gensalt(rounds=4)).decode()
    users = tmp_path / "users.yaml"
    users.write_text(f"users:\n  dana:\n    name: Dana\n    role: technician\n    password_hash: '{digest}'\n")
    with pytest.raises(UsersFileError, match="technician 'dana' needs a technician_id"):
        load_users(users)
    users.write_text(f"users:\n  dana:\n    name: Dana\n    role: technician\n    technician_id: T007\n"
                     f"    password_hash: '{digest}'\n")
    assert authenticate("dana", "pw", path=users).technician_id == "T007"
    # the demo's technician is T034 (a technician of the demo-scale sample)
    assert authenticate("tech", "tech-demo").technician_id == "T034"
