"""The review queue page (AppTest): it lists exactly the mart's items, only executives and contract
admins open it, and an answer lands as the contract's YAML in the landing zone."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from apps.auth import ROLE_PAGES, User
from apps.pages import PAGES
from contractops.corrections import correctable, parse_answer
from extractors.contract_terms import FIELDS, read_yaml_terms
from test_app_pages import frame_with, open_page, query, signed_in

PAGE = str(Path(__file__).resolve().parents[2] / "apps" / PAGES["review"][0])


def _items(warehouse):
    return query(warehouse, "select contract_id, field, candidate_value from marts.mart_review_queue order by contract_id, field")


def test_contract_admin_lands_on_the_queue_of_every_term_under_review(warehouse):
    at = signed_in("contract_admin")
    assert [t.value for t in at.title] == ["Review queue"]
    items = _items(warehouse)
    assert items, "the tiny sample has contracts under review (a scan, a PDF without SLA)"
    table = frame_with(at, "contract_id", "field", "reasons", "page", "snippet", "confidence")
    assert list(zip(table["contract_id"], table["field"])) == [(c, f) for c, f, _ in items]
    assert at.selectbox(key="review_pick").options == [f"{c} | {f}" for c, f, _ in items]


@pytest.mark.parametrize("role", ["technician", "finance"])
def test_other_roles_cannot_open_the_queue(role):
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["user"] = User("u", "U", role)
    at.run()
    assert [e.value for e in at.error] == ["You do not have access to this page."]
    assert not at.dataframe


def test_an_answer_is_written_as_the_contracts_yaml(warehouse, tmp_path, monkeypatch):
    monkeypatch.setenv("CONTRACTOPS_LANDING_DIR", str(tmp_path))
    items = {(c, f): v for c, f, v in _items(warehouse)}
    # a correctable term with a candidate; its contract's id is answered first when under review
    contract, field = next((c, f) for (c, f), v in items.items() if correctable(f) and f != "contract_id")
    correction_file = query(warehouse, "select correction_file from marts.mart_review_queue "
                            "where contract_id = ? and field = ?", [contract, field])[0][0]
    at = open_page(signed_in("executive"), "review")
    if (contract, "contract_id") in items:
        at.selectbox(key="review_pick").select(f"{contract} | {field}").run()
        at.text_input(key=f"review_value|{contract} | {field}").input("2099-01-01" if "date" in field else "x")
        at.button(key="review_save").click().run()
        assert any("contract_id is under review too" in e.value for e in at.error)
        at.selectbox(key="review_pick").select(f"{contract} | contract_id").run()
        at.button(key="review_confirm").click().run()
        assert not at.error, [e.value for e in at.error]
    typed = {"date": "2025-12-31", "tier": "gold", "currency": "CAD", "money": "250.00", "minutes": "60",
             "clock": "calendar"}.get(FIELDS[field], items[(contract, field)])
    at.selectbox(key="review_pick").select(f"{contract} | {field}").run()
    at.text_input(key=f"review_value|{contract} | {field}").input(typed)  # a form: sent by its button
    at.button(key="review_save").click().run()
    assert not at.exception and not at.error, (field, typed, [e.value for e in at.error])
    assert any(correction_file in s.value for s in at.success)
    written = read_yaml_terms(tmp_path / correction_file, correction_file)
    assert not written.problems
    assert written.fields[field].value == parse_answer(field, typed)
    assert written.fields["contract_id"].value == contract


def test_no_page_writes_the_landing_zone_but_the_queues_answer(warehouse, tmp_path, monkeypatch):
    """Every page of the executive (who sees all but a technician's own "My tickets"), used as a reader would: the landing
    zone is untouched; an answer in the queue adds exactly its contract's YAML."""
    (tmp_path / "contracts").mkdir()
    (tmp_path / "clients.csv").write_text("client_id,client_name,timezone,country\n")
    monkeypatch.setenv("CONTRACTOPS_LANDING_DIR", str(tmp_path))

    def listing() -> dict[str, bytes]:
        return {str(p.relative_to(tmp_path)): p.read_bytes() if p.is_file() else b"" for p in tmp_path.rglob("*")}

    before = listing()
    at = signed_in("executive")
    for key in ROLE_PAGES["executive"]:
        open_page(at, key)
    at.switch_page(PAGES["contracts"][0])
    at.run()
    at.text_input(key="contract_search").input("service level").run()
    assert listing() == before
    items = [(c, f) for c, f, _ in _items(warehouse) if correctable(f) and (c, "contract_id") not in
             {(c2, f2) for c2, f2, _ in _items(warehouse)} and FIELDS[f] == "clock"]
    if not items:
        pytest.skip("no answerable clock term in this sample's queue")
    contract, field = items[0]
    open_page(at, "review")
    at.selectbox(key="review_pick").select(f"{contract} | {field}").run()
    at.text_input(key=f"review_value|{contract} | {field}").input("business")
    at.button(key="review_save").click().run()
    after = listing()
    added = set(after) - set(before)
    assert len(added) == 1 and added.pop().startswith("contracts/") and set(before) <= set(after)
    assert {k: after[k] for k in before} == before
