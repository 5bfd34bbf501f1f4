"""The escalation ladder's YAML shape (config/escalation.yaml and a contract's `escalation:` list):
parsed to one row per step and recipient kind; bad input is a specific review reason."""

from pathlib import Path

import pytest

from extractors.contract_terms import (
    TermError,
    contract_rows,
    load_escalation_config,
    parse_escalation_steps,
    read_yaml_terms,
    review_contract,
)
from contractops.settings import DEFAULT_ESCALATION_CONFIG


def test_default_config_is_the_spec_ladder():
    rows = load_escalation_config(DEFAULT_ESCALATION_CONFIG)
    assert [(r["threshold_pct"], r["notify"], r["contact_level"]) for r in rows] == [
        (50.0, "technician", None), (75.0, "level", 1),
        (100.0, "account_manager", None), (100.0, "level", 2), (150.0, "level", 3)]
    assert all(r["priority"] is None and r["clock"] is None for r in rows)


def test_notify_spellings_and_priority_clock():
    rows = parse_escalation_steps([{"threshold_pct": "62.5", "notify": ["Level 2", 3, "Account Manager"],
                                    "priority": "p1", "clock": "Response"}])
    assert [(r["priority"], r["clock"], r["threshold_pct"], r["notify"], r["contact_level"]) for r in rows] == [
        ("P1", "response", 62.5, "account_manager", None), ("P1", "response", 62.5, "level", 2),
        ("P1", "response", 62.5, "level", 3)]


@pytest.mark.parametrize("steps, message", [
    ([{"threshold_pct": 50, "notify": ["the boss"]}], "step 1: notify 'the boss': not technician"),
    ([{"threshold_pct": -5, "notify": "technician"}], "step 1: threshold_pct must be a number > 0"),
    ([{"threshold_pct": "half", "notify": "technician"}], "step 1: threshold_pct 'half' is not a number"),
    ([{"threshold_pct": 50}], "step 1: notify is missing"),
    ([{"threshold_pct": 50, "notify": "technician", "priority": "P9"}], "step 1: priority 'P9' not in"),
    ([{"threshold_pct": 50, "notify": "technician", "when": 1}], "step 1: unknown key(s) when"),
    ([], "must be a non-empty list"),
])
def test_bad_steps_say_what_is_wrong(steps, message):
    with pytest.raises(TermError, match=None) as caught:
        parse_escalation_steps(steps)
    assert str(caught.value).startswith(message), str(caught.value)


def test_contract_yaml_ladder_replaces_the_default_and_bad_ladder_is_reviewed(tmp_path: Path):
    default = load_escalation_config(DEFAULT_ESCALATION_CONFIG)
    good = tmp_path / "K1.yaml"
    good.write_text("contract_id: K1\nescalation:\n  - {threshold_pct: 90, notify: [level 1]}\n")
    doc = read_yaml_terms(good, "contracts/K1.yaml")
    rows = contract_rows(doc, [], default)["escalation_steps"]
    assert [(r["threshold_pct"], r["notify"], r["contact_level"], r["source"]) for r in rows] == [
        (90.0, "level", 1, "contract")]
    plain = tmp_path / "K2.yaml"
    plain.write_text("contract_id: K2\n")
    rows = contract_rows(read_yaml_terms(plain, "contracts/K2.yaml"), [], default)["escalation_steps"]
    assert len(rows) == 5 and {r["source"] for r in rows} == {"default"}
    bad = tmp_path / "K3.yaml"
    bad.write_text("contract_id: K3\nescalation:\n  - {threshold_pct: 90, notify: [ceo]}\n")
    doc = read_yaml_terms(bad, "contracts/K3.yaml")
    assert ("escalation", "escalation: step 1: notify 'ceo': not technician, account_manager or level N") \
        in review_contract(doc)


def test_a_ladder_under_review_can_be_confirmed_in_the_review_queue(tmp_path: Path):
    # The review queue shows the term as term_provenance.value and "Confirm as read" writes that
    # text back: it must be the YAML shape (a flow list), and the written YAML must read back to
    # the same rows (with `contact_level`, the clean rows are not the YAML shape).
    from contractops.corrections import parse_answer, write_correction
    from extractors.contract_terms import ContractDocument, ExtractedField

    steps = [{"threshold_pct": 25, "notify": ["technician"], "priority": "P1", "clock": "response"},
             {"threshold_pct": 100, "notify": ["level 2", "account_manager"], "clock": "resolution"}]
    rows = parse_escalation_steps(steps)
    doc = ContractDocument(stem="K9", pdf_file="contracts/K9.pdf", fields={
        "contract_id": ExtractedField("K9"), "escalation": ExtractedField(rows, 2, "9. Escalation", 0.6)})
    shown = {r["field"]: r["value"] for r in contract_rows(doc, [])["term_provenance"]}["escalation"]
    assert shown.startswith("[{") and "contact_level" not in shown
    value = parse_answer("escalation", shown)
    assert value == rows
    path = write_correction(tmp_path, "contracts/K9.yaml", "K9", "escalation", value)
    assert read_yaml_terms(path, "contracts/K9.yaml").fields["escalation"].value == rows
