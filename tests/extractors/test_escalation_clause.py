"""The escalation clause read from contract PDFs written here with fpdf2, in wordings and layouts
the sample-data renderer never uses (extractors/reader_escalation.py). Expected ladders are
written out by hand from the text of each document, in the YAML shape of `escalation:`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from testkit import block_pdf

from contractops.generate.pdf_render import LAYOUTS, render_contract_pdf
from extractors.contract_pdf import CONFIDENT, _Para, extract_contract_pdf
from extractors.contract_terms import parse_escalation_steps
from extractors.reader_escalation import escalation_ladder, find_roles, find_thresholds


def _pdf(path: Path, blocks: list[tuple[str, object]], font: str = "Helvetica") -> Path:
    return block_pdf(path, blocks, font, margin_x=22, body=(10, 5.2, 1.5))


TERMS = {
    "contract_id": "MSA-2025-0142", "client_id": "C0042", "title": "Managed IT Field Support",
    "tier": "gold", "start_date": date(2025, 1, 1), "end_date": date(2025, 12, 31),
    "billing": {"model": "time_and_materials",
                "rates": {"standard": 150, "after_hours": 225, "emergency": 300}},
    "coverage": {"timezone": "America/Chicago", "hours": "Mon-Fri 08:00-18:00", "public_holidays": True},
    "sla": [{"priority": p, "response_minutes": 60 * n, "resolution_minutes": 240 * n,
             "clock": "business"} for n, p in enumerate(("P1", "P2", "P3", "P4"), start=1)],
    "escalation_contacts": [
        {"level": 1, "name": "Dana Ortiz", "role": "Service Desk Lead", "email": "dana@example.com",
         "phone": "+1 312 555 0101"},
        {"level": 2, "name": "Sam Lee", "role": "Account Manager", "email": "sam.lee@example.com",
         "phone": "+1 312 555 0102"}],
}
CLIENT = {"client_id": "C0042", "client_name": "Acme Dental LLC", "timezone": "America/Chicago",
          "country": "US", "account_manager": "am@msp.example"}

HEAD = [("h", "Managed Support Agreement"),
        ("p", "Contract No.: MSA-2026-0310. Customer ID: C0310."),
        ("p", "Term: 1 March 2026 - 28 February 2027")]


def _ladder(path: Path):
    res = extract_contract_pdf(path)
    got = res.fields.get("escalation")
    return (got.value, got.confidence, got.page, res.problems) if got else (None, None, None, res.problems)


# ------------------------------------------------------------------------- wordings
def test_matrix_with_step_threshold_and_escalate_to_columns(tmp_path):
    path = _pdf(tmp_path / "matrix.pdf", HEAD + [
        ("h", "7. Escalation Matrix"),
        ("p", "Thresholds are measured against the resolution target of the incident's priority."),
        ("table", [["Step", "Trigger", "Escalate to"],
                   ["1", "50% of target elapsed", "Assigned technician"],
                   ["2", "75% of target elapsed", "Level 1 escalation contact"],
                   ["3", "Target breached", "Level 2 contact and Account Manager"],
                   ["4", "150% of target", "Level 3 contact"]]),
        ("h", "8. Governing Law"),
        ("p", "This Agreement is governed by the laws of England and Wales."),
    ])
    value, conf, page, _ = _ladder(path)
    # every step on the resolution clock (the lead sentence), for every priority
    assert value == [
        {"threshold_pct": 50, "notify": ["technician"], "clock": "resolution"},
        {"threshold_pct": 75, "notify": ["level 1"], "clock": "resolution"},
        {"threshold_pct": 100, "notify": ["level 2", "account_manager"], "clock": "resolution"},
        {"threshold_pct": 150, "notify": ["level 3"], "clock": "resolution"},
    ]
    assert conf >= CONFIDENT and page == 1
    # the shape parse_escalation_steps reads: one row per step and recipient kind (5 rows)
    rows = parse_escalation_steps(value)
    assert [(r["threshold_pct"], r["notify"], r["contact_level"], r["clock"]) for r in rows] == [
        (50.0, "technician", None, "resolution"), (75.0, "level", 1, "resolution"),
        (100.0, "account_manager", None, "resolution"), (100.0, "level", 2, "resolution"),
        (150.0, "level", 3, "resolution")]


def test_legal_prose_with_number_words_breach_and_one_and_a_half_times(tmp_path):
    path = _pdf(tmp_path / "prose.pdf", HEAD + [
        ("h", "Clause 9 - Escalation"),
        ("p", "9.1 Where an incident reaches fifty per cent (50%) of its resolution target, the "
              "assigned engineer shall be reminded by the service desk. At seventy-five per cent "
              "(75%) of the resolution target the Provider shall notify the Level 1 escalation "
              "contact. Upon breach of the resolution target, the Provider shall notify the Level 2 "
              "escalation contact and the Service Delivery Manager."),
        ("p", "9.2 If an incident remains unresolved at one and a half times its resolution target, "
              "the matter is escalated to the third-level contact."),
        ("h", "Clause 10 - Fees"),
        ("p", "Fees are payable monthly in advance."),
    ], font="Times")
    value, conf, _, _ = _ladder(path)
    assert value == [
        {"threshold_pct": 50, "notify": ["technician"], "clock": "resolution"},
        {"threshold_pct": 75, "notify": ["level 1"], "clock": "resolution"},
        {"threshold_pct": 100, "notify": ["level 2", "account_manager"], "clock": "resolution"},
        {"threshold_pct": 150, "notify": ["level 3"], "clock": "resolution"},
    ]
    assert conf >= CONFIDENT


def test_per_priority_lists_on_two_clocks(tmp_path):
    path = _pdf(tmp_path / "prio.pdf", HEAD + [
        ("h", "Escalation Procedure"),
        ("p", "Priority 1 (Critical) incidents:"),
        ("p", "- at 25% of the response time: the assigned technician"),
        ("p", "- at 50% of the response time: Tier 1 contact"),
        ("p", "- at the target: Tier 2 contact and the account manager"),
        ("p", "All other priorities:"),
        ("p", "- at 75% of the resolution target: Tier 1 contact"),
        ("p", "- on breach: Tier 2 contact"),
        ("h", "Service Credits"),
        ("p", "A credit of 5% of the monthly fee applies per breach."),
    ])
    value, conf, _, _ = _ladder(path)
    assert value == [
        {"threshold_pct": 75, "notify": ["level 1"], "clock": "resolution"},
        {"threshold_pct": 100, "notify": ["level 2"], "clock": "resolution"},
        {"threshold_pct": 25, "notify": ["technician"], "priority": "P1", "clock": "response"},
        {"threshold_pct": 50, "notify": ["level 1"], "priority": "P1", "clock": "response"},
        {"threshold_pct": 100, "notify": ["level 2", "account_manager"], "priority": "P1",
         "clock": "response"},
    ]
    assert conf >= CONFIDENT


def test_grid_with_severities_as_rows_and_thresholds_as_columns(tmp_path):
    path = _pdf(tmp_path / "grid.pdf", HEAD + [
        ("h", "Schedule 4 - Escalation"),
        ("p", "Percentages are of the response target."),
        ("table", [["Severity", "50%", "100%", "150%"],
                   ["Sev 1", "Technician", "Level 2, account manager", "Level 3"],
                   ["Sev 2", "Technician", "Level 1", "Level 2"]]),
    ])
    value, conf, _, _ = _ladder(path)
    assert value == [
        {"threshold_pct": 50, "notify": ["technician"], "priority": "P1", "clock": "response"},
        {"threshold_pct": 100, "notify": ["level 2", "account_manager"], "priority": "P1",
         "clock": "response"},
        {"threshold_pct": 150, "notify": ["level 3"], "priority": "P1", "clock": "response"},
        {"threshold_pct": 50, "notify": ["technician"], "priority": "P2", "clock": "response"},
        {"threshold_pct": 100, "notify": ["level 1"], "priority": "P2", "clock": "response"},
        {"threshold_pct": 150, "notify": ["level 2"], "priority": "P2", "clock": "response"},
    ]
    assert conf >= CONFIDENT


def test_one_sentence_people_first_and_no_clock_named(tmp_path):
    # no clock named: the steps apply to both clocks (no `clock`)
    path = _pdf(tmp_path / "one.pdf", HEAD + [
        ("p", "Escalation: the assigned technician is alerted at 50% of the SLA target, the "
              "second-level contact at 75% and the account manager at 100%."),
    ])
    value, conf, _, _ = _ladder(path)
    assert value == [{"threshold_pct": 50, "notify": ["technician"]},
                     {"threshold_pct": 75, "notify": ["level 2"]},
                     {"threshold_pct": 100, "notify": ["account_manager"]}]
    assert conf >= CONFIDENT


# ------------------------------------------------------------------------- no ladder / unsure
def test_contacts_only_escalation_section_is_no_ladder(tmp_path):
    path = _pdf(tmp_path / "contacts.pdf", HEAD + [
        ("h", "6. Escalation Contacts"),
        ("table", [["Level", "Name", "Role", "Email", "Phone"],
                   ["1", "Dana Ortiz", "Service Desk Lead", "dana@example.com", "+1 312 555 0101"],
                   ["2", "Sam Lee", "Account Manager", "sam@example.com", "+1 312 555 0102"]]),
        ("p", "Level 3: Ira Quinn, Chief Operating Officer - ira@example.com - +1 312 555 0103"),
    ])
    res = extract_contract_pdf(path)
    assert "escalation" not in res.fields
    assert [c["level"] for c in res.fields["escalation_contacts"].value] == [1, 2, 3]
    assert not any(p.startswith("escalation:") for p in res.problems)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_sample_contracts_state_no_ladder(tmp_path, layout):
    # the renderer prints escalation contacts (a heading "Escalation ...") and no thresholds
    path = tmp_path / f"{layout}.pdf"
    render_contract_pdf(TERMS, CLIENT, path, layout, 3)
    res = extract_contract_pdf(path)
    assert "escalation" not in res.fields


def test_a_step_naming_someone_unknown_sends_the_ladder_to_review(tmp_path):
    path = _pdf(tmp_path / "unsure.pdf", HEAD + [
        ("h", "Escalation"),
        ("p", "At 50% of the resolution target the assigned technician is reminded. At 75% of "
              "the resolution target the Provider notifies the Customer's Operations Director."),
    ])
    value, conf, _, problems = _ladder(path)
    # the step it could read is kept as the suggestion; the ladder is below the threshold
    assert value == [{"threshold_pct": 50, "notify": ["technician"], "clock": "resolution"}]
    assert conf < CONFIDENT
    assert any(p.startswith("escalation:") and "nobody to notify" in p for p in problems)


# ------------------------------------------------------------------------- value forms
@pytest.mark.parametrize("text, pcts", [
    ("at seventy-five per cent (75%) of the resolution target", [75]),
    ("on breach of the target", [100]),
    ("at one and a half times the target", [150]),
    ("with 25% of the resolution time remaining", [75]),
    ("at 50 percent, then at 1.5x the target", [50, 150]),
    ("escalated before the target is breached", []),
    ("halfway through the response window", [50]),
])
def test_threshold_forms(text, pcts):
    assert [int(h.value) for h in find_thresholds(text)] == pcts


@pytest.mark.parametrize("text, roles", [
    ("the assigned engineer", ["technician"]),
    ("the Service Delivery Manager", ["account_manager"]),
    ("the Level 1 and Level 2 contacts", ["level 1", "level 2"]),
    ("Levels 2 and 3", ["level 2", "level 3"]),
    ("the second-level contact", ["level 2"]),
    ("a Tier 2 support engineer", ["level 2"]),
    ("escalation level three", ["level 3"]),
    ("L1 then the account manager", ["level 1", "account_manager"]),
    ("the responsible technician", ["technician"]),
])
def test_role_forms(text, roles):
    assert [h.value for h in find_roles(text)] == roles


# ------------------------------------------------------------------------- layouts without a PDF
def _paras(*items):
    """Paragraphs as the page reader gives them: a str is a line, a list a table row, ("h", text)
    a bold heading."""
    out = []
    for it in items:
        if isinstance(it, tuple):
            out.append(_Para(it[1], 1, True, 11.0))
        elif isinstance(it, list):
            out.append(_Para(" | ".join(it), 1, False, 9.0, cells=it))
        else:
            out.append(_Para(it, 1, False, 10.0))
    return out


def test_matrix_with_priority_and_clock_columns_in_any_order():
    ladder = escalation_ladder(_paras(
        ["Escalate to", "Clock", "Incident Priority", "Threshold"],
        ["Assigned engineer", "Response", "P1", "50%"],
        ["Tier 2 contact; Account Manager", "Resolution", "P1", "100%"],
        ["Tier 1 contact", "Resolution", "P2 - P3", "75%"]))
    assert ladder.steps == [
        {"threshold_pct": 100, "notify": ["level 2", "account_manager"], "priority": "P1", "clock": "resolution"},
        {"threshold_pct": 50, "notify": ["technician"], "priority": "P1", "clock": "response"},
        {"threshold_pct": 75, "notify": ["level 1"], "priority": "P2", "clock": "resolution"},
        {"threshold_pct": 75, "notify": ["level 1"], "priority": "P3", "clock": "resolution"}]
    assert ladder.confidence >= CONFIDENT


def test_each_threshold_takes_the_priority_and_clock_next_to_it():
    ladder = escalation_ladder(_paras(
        ("h", "Escalation"),
        "The Level 1 contact is notified at 50% of the response target for P1 incidents and at "
        "75% of the resolution target for all other incidents."))
    assert ladder.steps == [{"threshold_pct": 75, "notify": ["level 1"], "clock": "resolution"},
                            {"threshold_pct": 50, "notify": ["level 1"], "priority": "P1", "clock": "response"}]


def test_respectively_pairs_one_to_one_and_without_it_the_pairing_goes_to_review():
    text = ("At 50%, 75% and 100% of the resolution target the technician, the Level 1 contact and "
            "the Level 2 contact are notified")
    ladder = escalation_ladder(_paras(("h", "Escalation"), text + " respectively."))
    assert ladder.steps == [{"threshold_pct": 50, "notify": ["technician"], "clock": "resolution"},
                            {"threshold_pct": 75, "notify": ["level 1"], "clock": "resolution"},
                            {"threshold_pct": 100, "notify": ["level 2"], "clock": "resolution"}]
    unclear = escalation_ladder(_paras(("h", "Escalation"), text + "."))
    assert unclear.steps == [] and unclear.confidence < CONFIDENT
    assert "who is notified at which threshold is unclear" in unclear.problems[0]


def test_a_step_after_a_time_is_listed_for_review_not_dropped():
    # the ladder holds shares of the target; "after 2 hours" cannot be one: a review item
    ladder = escalation_ladder(_paras(
        ("h", "Escalation"), "If a P1 ticket is unresolved after 2 hours, the Level 1 contact is notified."))
    assert ladder.steps == [] and ladder.confidence < CONFIDENT
    assert "a step after a time" in ladder.problems[0]


def test_a_step_naming_a_contact_by_name_notifies_that_contacts_level():
    ladder = escalation_ladder(
        _paras(("h", "Escalation"), "At 75% of the resolution target the Provider calls Dana Ortiz."),
        contacts=[{"level": 1, "name": "Dana Ortiz"}, {"level": 2, "name": "Sam Lee"}])
    assert ladder.steps == [{"threshold_pct": 75, "notify": ["level 1"], "clock": "resolution"}]


@pytest.mark.parametrize("items", [
    # an SLA table (durations, 'Reaction time' is not an 'action' column)
    (["Priority", "Reaction time", "Restoration time", "Time basis"], ["P1", "1 hour", "4 hours", "Calendar"]),
    # service credits and an SLA sentence under an escalation heading
    (("h", "Escalation and Service Credits"), "A credit of 5% of the monthly fee applies per breach.",
     "Priority 1 incidents must be resolved within 4 hours."),
    # a credit clause that names the account manager, outside any escalation text
    ("If resolution exceeds 150% of the target, a credit of 10% applies and the account manager "
     "will contact the Customer.",),
])
def test_no_ladder_where_none_is_stated(items):
    assert escalation_ladder(_paras(*items)) is None
