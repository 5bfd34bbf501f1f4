"""The title and scope stages alone, on paragraphs written here (no PDF)."""
from dataclasses import dataclass

from extractors.reader_scope import scope_lists
from extractors.reader_title import title_candidates


@dataclass
class P:
    text: str
    page: int = 1
    bold: bool = False
    size: float = 10.0
    cells: list | None = None


def _first(paras):
    c = title_candidates(paras, False)
    return c[0][0] if c else None


def test_title_under_a_kind_only_heading():
    paras = [P("AMENDMENT No. 1", bold=True, size=17), P("Amendment No. 1 to Garden Support"),
             P("Amendment Reference: SOW-FGC-003/A1"), P("This Amendment is made on 10-Mar-2026.")]
    assert _first(paras) == "Amendment No. 1 to Garden Support"


def test_title_after_the_kind_in_a_letter_and_from_a_label():
    letter = [P("Our Ref: SOW-25-0311"), P("Dear Ms Avery,"),
              P("Statement of Work - Managed Field Support Services"), P("Thank you for choosing us.")]
    assert _first(letter) == "Managed Field Support Services"
    quote = [P("QUOTATION Q-50931", bold=True, size=15), P("Date: 1 May 2025"),
             P("Re: Dental studio IT support"), P("Valid: 30 days")]
    assert _first(quote) == "Dental studio IT support"


def test_no_title_from_a_party_line_or_a_numbered_section():
    paras = [P("ORDER FORM", bold=True, size=17), P("Acme Services, LLC - 1800 N Clybourn Ave, Chicago"),
             P("1. Order Details", bold=True, size=12), P("Order Form No.: ORD-2291")]
    assert _first(paras) is None


def test_two_scope_lists_side_by_side_as_pairs_and_a_lost_column():
    rows = [P("In-Scope Services: Services Not Included"), P("Desktop Support: Project Work"),
            P("Patch Management: Telephony")]
    got = {k: items for k, items, _ in scope_lists(rows + [P("Next", bold=True)])}
    assert got == {"included": ["Desktop Support", "Patch Management"],
                   "excluded": ["Project Work", "Telephony"]}
    # A row with one item: which list it belongs to is lost, so neither list is stated.
    assert scope_lists(rows + [P("Remote Helpdesk"), P("Next", bold=True)]) == []
