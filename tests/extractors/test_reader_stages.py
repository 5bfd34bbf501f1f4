"""The reader's new stages alone, on small inputs: identity, OCR words -> lines, confidence caps.

Expected values are written out by hand (not computed by the code under test).
"""

from __future__ import annotations

from extractors.pdf_layout import lines_from_words
from extractors.pdf_ocr import ocr_confidence_cap, skew_slope, words_from_tesseract
from extractors.reader_identity import (
    Para, identity_candidates, is_generic_title, previous_contract_ids, resolve_identity,
)


def _id(*texts):
    chosen, conf, problem = resolve_identity(identity_candidates([Para(t, 1) for t in texts]))
    return (chosen.value if chosen else None), conf, problem


# ------------------------------------------------------------------------------ identity
def test_printed_reference_next_to_its_label():
    assert _id("Order Form No.: ORD-2291")[:2] == ("ORD-2291", 0.97)
    assert _id("Order Form Number OF-2025-0147")[0] == "OF-2025-0147"
    assert _id("Our Ref: NFS/SOW/2025/044")[0] == "NFS/SOW/2025/044"
    assert _id("Contract #: CT-2025-0871")[0] == "CT-2025-0871"
    assert _id("Vertragsnummer / Contract No. HIS-BF-2026-03")[0] == "HIS-BF-2026-03"
    assert _id("QUOTATION Q-TF-2025-061")[0] == "Q-TF-2025-061"
    assert _id("Agreement No. AGR-2025-5520 - between FieldCore and Calloway")[0] == "AGR-2025-5520"


def test_references_to_other_documents_are_not_the_id():
    # The MSA a schedule is issued under, the client's own reference, the agreement amended.
    assert _id("MSA No. MSA-2023-0412") == (None, 0.0, None)
    assert _id("Issued under Master Services Agreement MSA-2023-0412") == (None, 0.0, None)
    assert _id("Customer Reference C-0112") == (None, 0.0, None)
    assert _id('This amends the Support Agreement (reference ORD-2291, the "Agreement")') == \
        (None, 0.0, None)
    # CUAD (AzulSa): "Amendment n° 01 to the Global Maintenance Agreement ref. DS/C-3957/14".
    assert _id("Amendment n° 01 to the Global Maintenance Agreement ref. DS/C-3957/14 Issue 7") == \
        (None, 0.0, None)
    # ... also when the heading is broken over two paragraphs.
    assert resolve_identity(identity_candidates(
        [Para("Amendment n° 01", 1), Para("to the Global Maintenance Agreement ref. DS/C-3957/14", 1)]
    ))[0] is None
    # With its own reference printed, a schedule's id is that reference.
    assert _id("MSA No. MSA-2023-0412", "Schedule Reference: SCH-0412-01")[0] == "SCH-0412-01"


def test_an_amendments_own_reference_beats_the_agreement_it_amends():
    assert _id("Contract No.: ORD-2291", "Amendment Reference: ORD-2291-A1")[0] == "ORD-2291-A1"
    assert _id("Amendment Reference: AGR-TVP-0061 AMD 1")[0] == "AGR-TVP-0061 AMD 1"


def test_two_different_references_under_equal_labels_are_a_conflict_for_review():
    value, conf, problem = _id("Contract No.: AB-100", "Order No.: AB-200")
    assert value is None and conf == 0.0
    assert problem == "contract_id: the document prints several references (AB-100 vs AB-200)"


def test_no_reference_gives_nothing_so_the_loader_uses_the_file_stem_for_review():
    assert _id("Statement of Work for managed support", "Dear Ms Patel,") == (None, 0.0, None)


def test_previous_contract_from_renews_and_supersedes():
    paras = [Para('The parties are party to agreement SOW-25-0311 (the "Prior Agreement"), which '
                  'expires on February 28, 2026.', 1),
             Para("This Renewal Agreement renews and supersedes the Prior Agreement.", 1)]
    assert [i for i, _, _ in previous_contract_ids(paras)] == ["SOW-25-0311"]
    assert [i for i, _, _ in previous_contract_ids([Para("It supersedes contract AB-77.", 2)])] == ["AB-77"]
    # A defined term nobody renews is not a previous contract.
    assert previous_contract_ids([Para('agreement MSA-1 (the "Master Agreement") governs.', 1)]) == []


def test_generic_headings_are_not_titles():
    assert is_generic_title("ORDER FORM")
    assert is_generic_title("Quotation")
    assert not is_generic_title("Legal Office Managed Support")
    # "Master Services Agreement" is a title, unless the contract is a schedule issued under it.
    assert not is_generic_title("Master Services Agreement")
    assert is_generic_title("Master Services Agreement", issued_under_umbrella=True)


# ------------------------------------------------------------------------------ OCR words -> lines
def _tess(words):
    """A pytesseract image_to_data DICT from (text, left, top, width, height, conf, line)."""
    keys = ["text", "left", "top", "width", "height", "conf", "block_num", "par_num", "line_num"]
    d = {k: [] for k in keys}
    for text, left, top, w, h, conf, line in words:
        for k, v in zip(keys, [text, left, top, w, h, conf, 1, 1, line]):
            d[k].append(v)
    return d


def test_skew_is_measured_and_undone():
    # A line rising 1 px every 100 px to the right (slope 0.01) over 300 px.
    d = _tess([("Order", 0, 100, 50, 20, 95, 1), ("Form", 100, 101, 50, 20, 95, 1),
               ("No.", 200, 102, 50, 20, 95, 1), ("ORD-1", 300, 103, 50, 20, 95, 1)])
    assert abs(skew_slope(d) - 0.01) < 1e-9
    words = words_from_tesseract(d, scale=1.0)
    # top - 0.01 * centre: 100-0.25, 101-1.25, 102-2.25, 103-3.25 -> all 99.75
    assert [round(w["top"], 2) for w in words] == [99.75] * 4
    assert [w["conf"] for w in words] == [0.95] * 4


def test_non_words_and_rule_marks_are_dropped():
    d = _tess([("", 0, 0, 5, 5, -1, 1), ("|", 10, 0, 2, 20, 90, 1), ("Fee", 20, 0, 30, 20, 91, 1)])
    assert [w["text"] for w in words_from_tesseract(d, scale=1.0)] == ["Fee"]


def _w(text, x0, top, conf=1.0):
    return {"text": text, "x0": x0, "x1": x0 + 6 * len(text), "top": top, "bottom": top + 10,
            "size": 10.0, "conf": conf}


def test_wide_white_space_makes_cells_of_a_row_without_rules():
    words = [_w("Monthly", 50, 100), _w("Fee", 98, 100),          # "Monthly Fee" ends at 116
             _w("USD", 300, 101), _w("3,450", 324, 101)]          # 184 pt later: a new cell
    page = lines_from_words(words, 600.0, 1, gap_cells=True, row_tol=5.0)
    assert [ln.cells for ln in page.lines] == [["Monthly Fee", "USD 3,450"]]
    assert page.lines[0].gap_row
    # Without gap_cells (a text layer) the same words are one line of text.
    page = lines_from_words(words, 600.0, 1)
    assert [(ln.text, ln.cells) for ln in page.lines] == [("Monthly Fee USD 3,450", None)]


def test_line_confidence_is_the_mean_but_no_more_than_its_least_sure_number():
    words = [_w("Fee", 50, 100, 0.9), _w("junk", 80, 100, 0.3), _w("150", 120, 100, 0.8)]
    ln = lines_from_words(words, 600.0, 1).lines[0]
    assert round(ln.conf, 4) == round((0.9 + 0.3 + 0.8) / 3, 4)   # mean 0.6667 < digit word 0.8
    assert ln.min_conf == 0.3
    words = [_w("Fee", 50, 100, 0.99), _w("150", 80, 100, 0.7)]
    assert lines_from_words(words, 600.0, 1).lines[0].conf == 0.7  # the digit word decides


def test_ocr_confidence_cap():
    assert ocr_confidence_cap(1.0) == 1.0      # a text layer: not capped
    assert ocr_confidence_cap(0.95) == 0.92
    assert ocr_confidence_cap(0.85) == 0.85
    assert ocr_confidence_cap(0.7) == 0.7      # below 0.8: review
    assert ocr_confidence_cap(0.3) == 0.5


# ------------------------------------------------------------------------------ client
from extractors.reader_client import Client, resolve_client  # noqa: E402
from extractors.reader_timezone import zone_mentions  # noqa: E402

CLIENTS = [Client("C0102", "Pinecrest Dental Group, P.C.", "US"),
           Client("C0108", "Ashworth & Lyle Solicitors LLP", "GB"),
           Client("C0109", "Harbourline Logistics", "US"),
           Client("C0110", "Harbourline Logistics Inc.", "US")]


def test_client_from_its_printed_number_or_else_its_legal_name():
    cid, conf, problem, client, _ = resolve_client(["Customer Ref C0108"], CLIENTS)
    assert (cid, conf, problem, client.country) == ("C0108", 0.95, None, "GB")
    # An unknown printed number is still what the document says (the loader's review flags it).
    assert resolve_client(["Client ID C9999"], CLIENTS)[:3] == ("C9999", 0.9, None)
    # Name only, folded: case, punctuation and spacing do not matter.
    cid, conf, _, client, _ = resolve_client(["Customer  PINECREST DENTAL GROUP P.C. of Hartford"],
                                             CLIENTS)
    assert (cid, conf, client.country) == ("C0102", 0.9, "US")
    # The longer of two nested names is the one meant.
    assert resolve_client(["between us and Harbourline Logistics Inc. (the Client)"], CLIENTS)[0] == "C0110"


def test_two_known_clients_named_is_a_conflict_and_no_client_is_nothing():
    cid, conf, problem, _, _ = resolve_client(
        ["Pinecrest Dental Group, P.C. and Ashworth & Lyle Solicitors LLP"], CLIENTS)
    assert cid is None and problem.startswith("client_id: several known clients named")
    assert resolve_client(["Dear Sir"], CLIENTS)[:3] == (None, 0.0, None)


# ------------------------------------------------------------------------------ time zone words
def test_zone_words_to_iana_with_the_country_deciding_the_ambiguous_ones():
    assert zone_mentions("weekdays 08:00-18:00 Central Time (closed on public holidays)", "US") == \
        [("America/Chicago", "Central Time")]
    assert zone_mentions("Time Zone Eastern Time (Toronto)", "CA") == \
        [("America/Toronto", "Eastern Time (Toronto)")]
    assert zone_mentions("Eastern Time", "CA") == [("America/Toronto", "Eastern Time")]
    assert zone_mentions("US Pacific Time", "US") == [("America/Los_Angeles", "US Pacific Time")]
    assert zone_mentions("09:00 to 17:00 London time (GMT/BST)", "GB") == \
        [("Europe/London", "London time")]
    # "Eastern Time" with no known country: not read (it goes to review).
    assert zone_mentions("Eastern Time", None) == []


# ------------------------------------------------------------------------------ scope lists
from extractors.reader_scope import heading_kind, scope_lists  # noqa: E402


class _P:
    def __init__(self, text, cells=None):
        self.text, self.cells, self.page = text, cells, 1


def test_scope_headings_by_their_wording():
    assert heading_kind("What is not included") == "excluded"
    assert heading_kind("7 Excluded services") == "excluded"
    assert heading_kind("In-Scope Services") == "included"
    assert heading_kind("The following services are excluded and, if requested, will be quoted "
                        "separately:") == "excluded"
    assert heading_kind("Services are excluded from the warranty in clause 9.") is None


def test_bulleted_lists_under_any_heading_and_side_by_side_tables():
    paras = [_P("What is not included"), _P("\u2022 Project Work"), _P("\u2022 Structured Cabling"),
             _P("If a matter is not progressing, please escalate:")]
    assert [(k, items) for k, items, _ in scope_lists(paras)] == \
        [("excluded", ["Project Work", "Structured Cabling"])]
    table = [_P("In-Scope Services | Exclusions", ["In-Scope Services", "Exclusions"]),
             _P("Device Imaging | End User Training", ["Device Imaging", "End User Training"]),
             _P("Server Maintenance | ", ["Server Maintenance", ""]),
             _P("5. Pricing")]
    assert [(k, items) for k, items, _ in scope_lists(table)] == \
        [("included", ["Device Imaging", "Server Maintenance"]), ("excluded", ["End User Training"])]


def test_a_list_that_may_be_partial_or_unbulleted_is_not_stated():
    # Bullets resume after an interruption (a column break): the list seen first is partial.
    paras = [_P("Excluded services"), _P("\u2022 Hardware Procurement"), _P("1 Term"),
             _P("\u2022 Project Work")]
    assert scope_lists(paras) == []
    # Plain lines may have been joined into one ("Website Hosting Software Development").
    assert scope_lists([_P("Exclusions"), _P("Website Hosting Software Development")]) == []
    # A side-by-side table whose last row lost a column (one short line after it).
    table = [_P("In-Scope Services | Exclusions", ["In-Scope Services", "Exclusions"]),
             _P("Device Imaging | End User Training", ["Device Imaging", "End User Training"]),
             _P("Remote Helpdesk")]
    assert scope_lists(table) == []
