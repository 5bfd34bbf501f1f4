"""Required credentials stated in a sentence rather than under a label (expected values by hand)."""

from __future__ import annotations

from extractors.contract_pdf import _credentials_in_sentences, _Fields, _Para


def _read(*texts: str):
    f = _Fields()
    _credentials_in_sentences([_Para(t, 1, False, 10.0) for t in texts], f)
    got = f.result().get("compliance.required_credentials")
    return got.value if got else None


def test_the_following_current_credentials_separated_by_semicolons():
    assert _read("Every technician assigned to the Client's sites must hold the following current "
                 "credentials: Microsoft Certified: Endpoint Administrator Associate; CompTIA A+.") == \
        ["Microsoft Certified: Endpoint Administrator Associate", "CompTIA A+"]


def test_a_sentence_whose_second_line_looks_like_a_label():
    assert _read("4.1 The Provider shall assign only suitably qualified technicians. Each technician attending the",
                 "Customer's premises shall hold: OSHA 10-Hour, CompTIA A+, Drug Screening.",
                 "5. Insurance") == ["OSHA 10-Hour", "CompTIA A+", "Drug Screening"]


def test_a_list_continued_on_the_next_line():
    assert _read("Technicians hold: ITIL 4 Foundation;",
                 "Microsoft Certified: Endpoint Administrator Associate. Insurance: as below.") == \
        ["ITIL 4 Foundation", "Microsoft Certified: Endpoint Administrator Associate"]


def test_a_list_that_never_ends_is_not_read():
    assert _read("Technicians hold: ITIL 4 Foundation, and such other certifications as the Client may") is None


def _security(*paras):
    from extractors.contract_pdf import _security_in_sentences
    f = _Fields()
    _security_in_sentences(list(paras), f)
    got = f.result().get("compliance.security_clauses")
    return got.value if got else None


def test_security_obligations_in_a_sentence_wrapped_over_two_lines():
    assert _security(_Para("The Provider shall comply with the following security and data-protection "
                           "obligations: UK GDPR Data Processing Agreement; Cyber Essentials Plus.", 1, False, 10.0)) == \
        ["UK GDPR Data Processing Agreement", "Cyber Essentials Plus"]


def test_security_label_inside_running_prose():
    assert _security(_Para("Workers' Compensation: not less than USD 1,000,000. Security: PCI DSS, SOC 2 Type II. "
                           "Site note: sign in at the front.", 1, False, 10.0)) == ["PCI DSS", "SOC 2 Type II"]


def test_the_word_security_inside_a_sentence_is_not_a_label():
    assert _security(_Para("Network security: the Client is responsible for its firewall. Other text.",
                           1, False, 10.0)) is None


def test_a_list_read_by_ocr_is_only_a_suggestion():
    f = _Fields()
    _credentials_in_sentences([_Para("Technicians hold: SOC 2 Type Il.", 1, False, 10.0, conf=0.97, min_conf=0.95)], f)
    assert f.result()["compliance.required_credentials"].confidence < 0.8
