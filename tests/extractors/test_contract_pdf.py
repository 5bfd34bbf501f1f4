"""Contract PDF extraction: value forms, every layout of the renderer, failure modes, the cache.

Expected values are written out by hand here (not computed by the code under test).
"""

from __future__ import annotations

import copy
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from contractops.generate.pdf_render import (
    LAYOUTS, render_contract_pdf, render_scanned_pdf, write_corrupt_pdf,
)
from extractors import contract_pdf
from extractors.contract_pdf import UnreadablePdf, extract_contract_pdf, extract_many
from extractors.pdf_values import (
    find_dates, find_durations, find_money, find_percent, parse_hours, snake_case,
)

TERMS = {
    "contract_id": "MSA-2025-0142", "client_id": "C0042",
    "title": "Managed IT Field Support Agreement", "tier": "gold",
    "start_date": date(2025, 1, 1), "end_date": date(2025, 12, 31),
    "auto_renew": True, "renewal_notice_days": 60, "previous_contract_id": "MSA-2024-0099",
    "annual_value": Decimal("86400.00"), "currency": "USD",
    "billing": {"model": "block_hours", "monthly_fee": Decimal("7200.00"),
                "included_hours_per_month": 40, "overage_rate": Decimal("165.00"),
                "rates": {"standard": Decimal("150.00"), "after_hours": Decimal("225.00"),
                          "emergency": Decimal("300.00")}},
    "coverage": {"timezone": "America/Chicago", "hours": "Mon-Fri 08:00-18:00",
                 "public_holidays": True, "closed_dates": [date(2025, 12, 24), date(2025, 12, 31)]},
    "sla": [{"priority": "P1", "response_minutes": 60, "resolution_minutes": 240, "clock": "calendar"},
            {"priority": "P2", "response_minutes": 120, "resolution_minutes": 480, "clock": "business"},
            {"priority": "P3", "response_minutes": 240, "resolution_minutes": 1200, "clock": "business"},
            {"priority": "P4", "response_minutes": 480, "resolution_minutes": 2400, "clock": "business"}],
    "included_services": ["desktop_support", "network", "server", "printer", "onsite_repair"],
    "excluded_services": ["project_work", "hardware_procurement"],
    "escalation_contacts": [
        {"level": 1, "name": "Dana Ortiz", "role": "Service Desk Lead", "email": "dana@example.com",
         "phone": "+1 312 555 0101"},
        {"level": 2, "name": "Sam Lee", "role": "Operations Manager", "email": "sam.lee@example.com",
         "phone": "+1 312 555 0102"}],
    "penalties": {"credit_pct_per_breach": Decimal("2.5"), "monthly_credit_cap_pct": Decimal("10")},
    "compliance": {"required_credentials": ["CompTIA Security+", "Background Check"],
                   "insurance_minimums": {"general_liability": 2000000, "cyber_liability": 1000000},
                   "security_clauses": ["HIPAA BAA", "SOC 2 Type II"]},
    "special_instructions": "Badge in at the east lobby; server room key with facilities.",
}
CLIENT = {"client_id": "C0042", "client_name": "Acme Dental LLC", "timezone": "America/Chicago",
          "country": "US", "account_manager": "am@msp.example"}

# What a reader of TERMS expects from the document, field by field (written out by hand).
EXPECTED = {
    "contract_id": "MSA-2025-0142", "client_id": "C0042",
    "title": "Managed IT Field Support Agreement", "tier": "gold",
    "start_date": date(2025, 1, 1), "end_date": date(2025, 12, 31), "auto_renew": True,
    "renewal_notice_days": 60, "previous_contract_id": "MSA-2024-0099",
    "annual_value": Decimal("86400"), "currency": "USD", "billing.model": "block_hours",
    "billing.monthly_fee": Decimal("7200"), "billing.included_hours_per_month": 40,
    "billing.overage_rate": Decimal("165"), "billing.rates.standard": Decimal("150"),
    "billing.rates.after_hours": Decimal("225"), "billing.rates.emergency": Decimal("300"),
    "coverage.timezone": "America/Chicago", "coverage.hours": "Mon-Fri 08:00-18:00",
    "coverage.public_holidays": True,
    "coverage.closed_dates": [date(2025, 12, 24), date(2025, 12, 31)],
    "sla.P1.response_minutes": 60, "sla.P1.resolution_minutes": 240, "sla.P1.clock": "calendar",
    "sla.P2.response_minutes": 120, "sla.P2.resolution_minutes": 480, "sla.P2.clock": "business",
    "sla.P3.response_minutes": 240, "sla.P3.resolution_minutes": 1200, "sla.P3.clock": "business",
    "sla.P4.response_minutes": 480, "sla.P4.resolution_minutes": 2400, "sla.P4.clock": "business",
    "included_services": ["desktop_support", "network", "server", "printer", "onsite_repair"],
    "excluded_services": ["project_work", "hardware_procurement"],
    "escalation_contacts": TERMS["escalation_contacts"],
    "penalties.credit_pct_per_breach": Decimal("2.5"),
    "penalties.monthly_credit_cap_pct": Decimal("10"),
    "compliance.required_credentials": ["CompTIA Security+", "Background Check"],
    "compliance.insurance_minimums.general_liability": Decimal("2000000"),
    "compliance.insurance_minimums.cyber_liability": Decimal("1000000"),
    "compliance.security_clauses": ["HIPAA BAA", "SOC 2 Type II"],
    "special_instructions": "Badge in at the east lobby; server room key with facilities.",
}


def _same(a, b) -> bool:
    if isinstance(a, (int, Decimal)) and isinstance(b, (int, Decimal)) and not isinstance(a, bool):
        return Decimal(a) == Decimal(b)
    return a == b


def _values(res) -> dict:
    return {k: v.value for k, v in res.fields.items()}


# ------------------------------------------------------------------------- value forms
@pytest.mark.parametrize("text, amount, currency", [
    ("$86,400.00", "86400.00", "USD"),
    ("USD 86,400", "86400", "USD"),
    ("86.400,00 EUR", "86400.00", "EUR"),
    ("GBP 1,250.50", "1250.50", "GBP"),
    ("\u00a32,000,000", "2000000", "GBP"),
    ("CAD 95", "95", "CAD"),
    ("EUR 1.234.567,89", "1234567.89", "EUR"),
    ("$1 million", "1000000", "USD"),
])
def test_money_forms(text, amount, currency):
    [m] = find_money(text)
    assert m.amount == Decimal(amount)
    assert m.currency == currency


def test_a_bare_number_is_not_money():
    assert find_money("40 hours per month and 2,000 widgets") == []


@pytest.mark.parametrize("text, day_first, expected, confident", [
    ("January 1, 2025", None, date(2025, 1, 1), True),
    ("1 January 2025", None, date(2025, 1, 1), True),
    ("2025-01-01", None, date(2025, 1, 1), True),
    ("03/04/2025", False, date(2025, 3, 4), True),     # US document
    ("03/04/2025", True, date(2025, 4, 3), True),      # UK document
    ("03/04/2025", None, date(2025, 3, 4), False),     # locale unknown: a guess, flagged
    ("25/12/2025", None, date(2025, 12, 25), True),    # only one reading possible
    ("24.12.2025", None, date(2025, 12, 24), True),
    ("the 5 th day of February, 2020", None, date(2020, 2, 5), True),
    ("Sept. 30, 2026", None, date(2026, 9, 30), True),
])
def test_date_forms(text, day_first, expected, confident):
    [d] = find_dates(text, day_first)
    assert d.value == expected
    assert d.confident is confident


@pytest.mark.parametrize("text, minutes, business_days", [
    ("four (4) hours", 240, None),
    ("240 minutes", 240, None),
    ("1 hour", 60, None),
    ("1 hour 30 minutes", 90, None),
    ("30 mins", 30, None),
    ("twenty-four (24) hours", 1440, None),
    ("2 calendar days", 2880, None),
    ("1 business day", None, 1),
    ("two (2) business days", None, 2),
    ("next business day", None, 1),
    ("half an hour", 30, None),
    ("4 hrs.", 240, None),
])
def test_duration_forms(text, minutes, business_days):
    [d] = find_durations(text)
    assert (d.minutes, d.business_days) == (minutes, business_days)


def test_fractions_of_hours_in_words_are_not_guessed():
    assert find_durations("one and a half hours") == []


@pytest.mark.parametrize("text, spec", [
    ("8:00 a.m. to 6:00 p.m. Monday through Friday", "Mon-Fri 08:00-18:00"),
    ("24 hours a day, 7 days a week", "24x7"),
    ("24x7", "24x7"),
    ("around the clock", "24x7"),
    ("Mon-Fri 08:00-12:00,13:00-17:00; Sat 09:00-13:00",
     "Mon-Fri 08:00-12:00,13:00-17:00; Sat 09:00-13:00"),
    ("8:00 a.m. to 12:00 noon and 1:00 p.m. to 5:00 p.m. Monday to Friday; "
     "9:00 a.m. to 1:00 p.m. Saturday", "Mon-Fri 08:00-12:00,13:00-17:00; Sat 09:00-13:00"),
    ("Monday to Friday, 07:30 to 18:30", "Mon-Fri 07:30-18:30"),
    ("weekdays 7:30 a.m. - 7 p.m.", "Mon-Fri 07:30-19:00"),
    ("Monday, Wednesday and Friday, 9 am to 5 pm", "Mon,Wed,Fri 09:00-17:00"),
    ("Mon-Fri 08:00:00-17:30:00", "Mon-Fri 08:00-17:30"),
    ("7:00 p.m. to midnight Friday; midnight to 5:00 a.m. Saturday", "Fri 19:00-24:00; Sat 00:00-05:00"),
    ("Monday \u2013 Friday, 8am \u2013 6pm", "Mon-Fri 08:00-18:00"),
    ("Mon. - Fri. 8:00-17:00", "Mon-Fri 08:00-17:00"),
    ("Monday-Friday 8 a.m.-5 p.m., Saturday 9 a.m.-12 noon", "Mon-Fri 08:00-17:00; Sat 09:00-12:00"),
    ("weekdays from 08:00 until 20:00 and Saturdays 09:00 to 12:00",
     "Mon-Fri 08:00-20:00; Sat 09:00-12:00"),
])
def test_hours_forms(text, spec):
    assert parse_hours(text) == spec


@pytest.mark.parametrize("text", ["Monday through Friday", "9 to 5", "10:00 p.m. to 6:00 a.m. Monday"])
def test_hours_that_cannot_be_read_are_none(text):
    # days without times, times without days, a window crossing midnight written as one
    assert parse_hours(text) is None


def test_percent_and_snake_case():
    assert find_percent("2,5 % of the fee; capped at 10%") == [Decimal("2.5"), Decimal("10")]
    assert snake_case("Onsite Repair") == "onsite_repair"
    assert snake_case("Hardware  Procurement ") == "hardware_procurement"


# ------------------------------------------------------------------------- rendered layouts
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_every_term_is_read_back_from_every_layout(tmp_path, layout, seed):
    pdf = tmp_path / "c.pdf"
    render_contract_pdf(TERMS, CLIENT, pdf, layout, seed)
    res = extract_contract_pdf(pdf)
    got = _values(res)
    wrong = {k: (got.get(k), v) for k, v in EXPECTED.items() if not _same(got.get(k), v)}
    assert wrong == {}
    assert set(got) == set(EXPECTED)           # nothing invented
    assert all(f.confidence >= 0.8 and f.page >= 1 and f.snippet for f in res.fields.values())
    assert res.problems == []


def test_sla_from_a_ruled_table_and_from_prose(tmp_path):
    render_contract_pdf(TERMS, CLIENT, tmp_path / "t.pdf", "ruled_table", 3)
    render_contract_pdf(TERMS, CLIENT, tmp_path / "p.pdf", "prose", 3)
    table = extract_contract_pdf(tmp_path / "t.pdf").fields["sla.P2.resolution_minutes"]
    prose = extract_contract_pdf(tmp_path / "p.pdf").fields["sla.P2.resolution_minutes"]
    assert table.value == prose.value == 480
    assert table.snippet.startswith("P2") and " | " in table.snippet      # a table row
    assert prose.snippet.startswith("Priority 2") and " | " not in prose.snippet


def test_schedule_layout_records_the_page_of_each_term(tmp_path):
    render_contract_pdf(TERMS, CLIENT, tmp_path / "s.pdf", "schedule", 2)
    res = extract_contract_pdf(tmp_path / "s.pdf")
    assert len(res.pages) >= 4
    # SLA sits in Schedule B, fees in Schedule C: later pages than the parties.
    assert res.fields["contract_id"].page == 1
    assert "SCHEDULE B" in res.pages[res.fields["sla.P1.response_minutes"].page - 1]
    assert "SCHEDULE C" in res.pages[res.fields["billing.monthly_fee"].page - 1]


def _find_seed(tmp_path, terms, client, layout, needle):
    for seed in range(200):
        pdf = tmp_path / f"{layout}-{seed}.pdf"
        render_contract_pdf(terms, client, pdf, layout, seed)
        res = extract_contract_pdf(pdf)
        if needle in "\n".join(res.pages):
            return res
    raise AssertionError(f"no seed renders {needle!r}")


def test_business_days_are_one_coverage_day_long(tmp_path):
    # Mon-Fri 08:00-18:00 is a 600-minute day: P3 1200 minutes can be written "2 business days".
    res = _find_seed(tmp_path, TERMS, CLIENT, "two_column", "2 business days")
    assert res.fields["sla.P3.resolution_minutes"].value == 1200
    assert res.fields["sla.P4.resolution_minutes"].value == 2400


def test_decimal_comma_money_for_a_german_client(tmp_path):
    terms = copy.deepcopy(TERMS)
    terms["currency"] = "EUR"
    client = dict(CLIENT, country="DE", timezone="Europe/Berlin")
    res = _find_seed(tmp_path, terms, client, "prose", "86.400,00 EUR")
    assert res.fields["annual_value"].value == Decimal("86400.00")
    assert res.fields["currency"].value == "EUR"
    assert res.fields["penalties.credit_pct_per_breach"].value == Decimal("2.5")


def test_us_slash_dates(tmp_path):
    res = _find_seed(tmp_path, TERMS, CLIENT, "ruled_table", "01/01/2025")
    assert res.fields["start_date"].value == date(2025, 1, 1)
    assert res.fields["coverage.closed_dates"].value == [date(2025, 12, 24), date(2025, 12, 31)]


def test_unstated_terms_are_absent_not_defaulted(tmp_path):
    terms = copy.deepcopy(TERMS)
    terms.update(title=None, previous_contract_id=None, penalties=None, special_instructions=None)
    terms["coverage"]["timezone"] = None
    terms["billing"] = {"model": "time_and_materials", "monthly_fee": None,
                        "included_hours_per_month": None, "overage_rate": None,
                        "rates": TERMS["billing"]["rates"]}
    for layout in LAYOUTS:
        render_contract_pdf(terms, CLIENT, tmp_path / f"{layout}.pdf", layout, 7)
        got = _values(extract_contract_pdf(tmp_path / f"{layout}.pdf"))
        for absent in ("title", "previous_contract_id", "penalties.credit_pct_per_breach",
                       "penalties.monthly_credit_cap_pct", "special_instructions",
                       "coverage.timezone", "billing.monthly_fee",
                       "billing.included_hours_per_month", "billing.overage_rate"):
            assert absent not in got, (layout, absent)
        assert got["billing.model"] == "time_and_materials"
        assert got["billing.rates.standard"] == Decimal("150")


def test_no_sla_section(tmp_path):
    render_contract_pdf(TERMS, CLIENT, tmp_path / "c.pdf", "schedule", 4, omit=frozenset({"sla"}))
    res = extract_contract_pdf(tmp_path / "c.pdf")
    assert not [k for k in res.fields if k.startswith("sla.")]
    assert "sla: no SLA section found" in res.problems
    assert res.fields["tier"].value == "gold"          # the rest is still read


def test_same_inputs_same_pdf(tmp_path):
    for layout in LAYOUTS:
        render_contract_pdf(TERMS, CLIENT, tmp_path / "a.pdf", layout, 9)
        render_contract_pdf(TERMS, CLIENT, tmp_path / "b.pdf", layout, 9)
        assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()


# ------------------------------------------------------------------------- failure modes
@pytest.mark.parametrize("seed", range(8))
def test_corrupt_pdf(tmp_path, seed):
    write_corrupt_pdf(tmp_path / "bad.pdf", seed)
    with pytest.raises(UnreadablePdf) as err:
        extract_contract_pdf(tmp_path / "bad.pdf")
    data = (tmp_path / "bad.pdf").read_bytes()  # the reason names the kind (tests/extractors/test_bad_input.py)
    assert str(err.value).startswith("empty file: " if not data else "corrupt PDF: "
                                     if data.startswith(b"%PDF-") else "not a PDF: ")


def test_truncated_real_pdf_is_corrupt(tmp_path):
    render_contract_pdf(TERMS, CLIENT, tmp_path / "ok.pdf", "prose", 1)
    data = (tmp_path / "ok.pdf").read_bytes()
    (tmp_path / "cut.pdf").write_bytes(data[: len(data) // 3])
    with pytest.raises(UnreadablePdf) as err:
        extract_contract_pdf(tmp_path / "cut.pdf")
    assert str(err.value).startswith("corrupt PDF: ")


@pytest.mark.skipif(not contract_pdf.ocr_available(), reason="tesseract is not installed")
def test_scanned_pdf_is_read_by_ocr_and_nothing_confident_is_wrong(tmp_path):
    # An image-only page (no text layer) is OCR'd; what it reads at confidence >= 0.8 must be
    # what the document states (EXPECTED, written out by hand above); unsure values go to review.
    render_scanned_pdf(TERMS, CLIENT, tmp_path / "scan.pdf", 3)
    res = extract_contract_pdf(tmp_path / "scan.pdf")
    assert res.ocr_pages == [1] and res.ocr_seconds > 0
    confident = {k: f.value for k, f in res.fields.items() if f.confidence >= 0.8}
    assert len(confident) >= 5, confident
    assert {k: v for k, v in confident.items() if v != EXPECTED.get(k)} == {}


@pytest.mark.skipif(not contract_pdf.ocr_available(), reason="tesseract is not installed")
def test_blank_image_only_pdf_is_rejected_with_its_own_reason(tmp_path):
    from PIL import Image
    Image.new("L", (850, 1100), 255).save(tmp_path / "blank.pdf", "PDF", resolution=100.0)
    with pytest.raises(UnreadablePdf) as err:
        extract_contract_pdf(tmp_path / "blank.pdf")
    assert str(err.value) == "image-only PDF with no legible text (blank or unreadable scan)"


# ------------------------------------------------------------------------- many + cache
def test_extract_many_caches_by_content_hash(tmp_path, monkeypatch):
    folder = tmp_path / "contracts"
    for i, layout in enumerate(LAYOUTS):
        render_contract_pdf(TERMS, CLIENT, folder / f"c{i}.pdf", layout, i)
    write_corrupt_pdf(folder / "bad.pdf", 0)
    paths = sorted(folder.glob("*.pdf"))
    cache = tmp_path / "cache"
    first = extract_many(paths, cache, workers=2)
    assert isinstance(first[folder / "bad.pdf"], UnreadablePdf)
    assert first[folder / "c0.pdf"].fields["tier"].value == "gold"

    # documents are read in worker processes (each within its budget): count the reads in a file
    log = tmp_path / "reads.log"
    real = contract_pdf.extract_contract_pdf

    def counting(path, *args):
        with open(log, "a") as handle:
            handle.write(Path(path).name + "\n")
        return real(path, *args)

    def reads() -> list[str]:
        return log.read_text().split() if log.exists() else []

    monkeypatch.setattr(contract_pdf, "extract_contract_pdf", counting)
    again = extract_many(paths, cache, workers=1)
    assert reads() == []                                 # nothing read again
    assert again[folder / "c2.pdf"].fields == first[folder / "c2.pdf"].fields
    # exactly, types and all (Decimal('86400.00') is not 86400, a date is not its text)
    assert {p: repr(r) for p, r in again.items()} == {p: repr(r) for p, r in first.items()}
    assert str(again[folder / "bad.pdf"]) == str(first[folder / "bad.pdf"])
    assert all(json.loads(f.read_text()) for f in cache.iterdir())  # plain JSON: reading it runs nothing

    damaged = contract_pdf._cache_file(cache, again[folder / "c3.pdf"].sha256)
    damaged.write_text('{"fields": {"tier": [{"$decimal": "x"}, 1, "", 1.0]}}')
    assert extract_many(paths, cache, workers=1)[folder / "c3.pdf"].fields == first[folder / "c3.pdf"].fields
    assert reads() == ["c3.pdf"]                         # a damaged entry is read again
    log.unlink()

    changed = copy.deepcopy(TERMS)
    changed["tier"] = "silver"
    render_contract_pdf(changed, CLIENT, folder / "c1.pdf", "prose", 1)
    third = extract_many(paths, cache, workers=1)
    assert reads() == ["c1.pdf"]                         # only the changed file
    assert third[folder / "c1.pdf"].fields["tier"].value == "silver"
