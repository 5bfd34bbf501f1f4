"""Escalation contacts in the forms real contracts print them (expected values written by hand)."""

from __future__ import annotations

from extractors.contract_pdf import _contacts, _Fields, _Para


def _read(*texts: str):
    f = _Fields()
    _contacts([_Para(t, 1, False, 10.0) for t in texts], f)
    got = f.result().get("escalation_contacts")
    return (got.value, got.confidence) if got else (None, None)


ANA = {"level": 1, "name": "Ana Ruiz", "role": "Service Desk Lead", "email": "ana.ruiz@x.example",
       "phone": "+1 646 555 0101"}
BO = {"level": 2, "name": "Bo Chen", "role": "Director, Client Success", "email": "bo.chen@x.example",
      "phone": "+1 312 555 0202"}


def test_bulleted_levels_abbreviated_l1_l2():
    value, conf = _read("\u2022 L1 Ana Ruiz, Service Desk Lead - ana.ruiz@x.example - +1 646 555 0101",
                        "\u2022 L2 Bo Chen, Director, Client Success - bo.chen@x.example - +1 312 555 0202")
    assert value == [ANA, BO] and conf >= 0.8


def test_level_line_with_the_email_and_phone_on_the_next_line():
    value, conf = _read("Level 1 - Ana Ruiz, Service Desk Lead", "Email: ana.ruiz@x.example Tel: +1 646 555 0101",
                        "Level 2 - Bo Chen, Director, Client Success",
                        "Email: bo.chen@x.example Tel: +1 312 555 0202")
    assert value == [ANA, BO] and conf >= 0.8


def test_numbered_contacts_in_running_prose_wrapped_over_lines():
    value, conf = _read("Escalation: (1) Ana Ruiz, Service Desk Lead - ana.ruiz@x.example - +1 646 555 0101;",
                        "(2) Bo Chen, Director, Client Success - bo.chen@x.example - +1 312 555 0202. "
                        "Technicians hold: ITIL 4 Foundation.")
    assert value == [ANA, BO] and conf >= 0.8


def test_a_prose_list_that_breaks_off_is_only_a_suggestion():
    # "(2)" is announced by the trailing ";" but never read: the list is not known to be complete
    value, conf = _read("Escalation: (1) Ana Ruiz, Service Desk Lead - ana.ruiz@x.example - +1 646 555 0101;",
                        "Fees are payable monthly in advance.")
    assert value == [ANA] and conf < 0.8


def test_contacts_read_by_ocr_are_only_a_suggestion():
    f = _Fields()
    _contacts([_Para("Level 1: Ana Ruiz, Service Desk Lead - ana.ruiz@x.example - +1 646555 0101",
                     1, False, 10.0, conf=0.96, min_conf=0.93)], f)
    assert f.result()["escalation_contacts"].confidence < 0.8
