"""Contracts written by hand with fpdf2, in layouts and wording the sample-data renderer never
uses: extraction must read what they state and leave out (with a problem) what they leave open.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from testkit import block_pdf

from extractors.contract_pdf import extract_contract_pdf


def _pdf(path: Path, blocks: list[tuple[str, object]], font: str = "Times") -> Path:
    return block_pdf(path, blocks, font)


def test_statement_of_work_in_legal_prose(tmp_path):
    pdf = _pdf(tmp_path / "sow.pdf", [
        ("title", "Statement of Work for Desk-Side Support"),
        ("p", "This Statement of Work is entered into between Northwind Freight GmbH (Customer "
              "Account: C0107), Germany, and the Provider. Contract Ref.: SOW-2026-0007."),
        ("h", "Section 1 - Duration"),
        ("p", "This Statement of Work shall commence on the 1st day of March, 2026 and shall "
              "continue until 28 February 2027. It shall automatically renew for successive "
              "twelve-month periods unless either party serves notice of non-renewal no less "
              "than ninety (90) days before the end of the then-current term."),
        ("h", "Section 2 - Charges"),
        ("p", "The Customer will pay a flat monthly fee of EUR 4.250,00. Work outside the "
              "scope is charged at the Standard Rate: EUR 95,00 per hour."),
        ("h", "Section 3 - Availability"),
        ("p", "Help desk support is available weekdays 7:30 a.m. - 7 p.m., excluding statutory "
              "public holidays. All times are Europe/Berlin time."),
        ("h", "Section 4 - Severity Levels"),
        ("p", "For Severity 1 faults the Provider will respond within 30 minutes and restore "
              "service within 4 hours, measured in calendar time. For Severity 2 faults the "
              "Provider will respond within two (2) hours and resolve within the next business "
              "day, measured in business hours."),
    ])
    res = extract_contract_pdf(pdf)
    got = {k: v.value for k, v in res.fields.items()}
    assert got["title"] == "Statement of Work for Desk-Side Support"
    assert got["client_id"] == "C0107"
    assert got["contract_id"] == "SOW-2026-0007"
    assert got["start_date"] == date(2026, 3, 1)
    assert got["end_date"] == date(2027, 2, 28)
    assert got["auto_renew"] is True
    assert got["renewal_notice_days"] == 90
    assert got["billing.monthly_fee"] == Decimal("4250.00")
    assert got["billing.rates.standard"] == Decimal("95.00")
    assert got["currency"] == "EUR"
    assert got["coverage.hours"] == "Mon-Fri 07:30-19:00"
    assert got["coverage.public_holidays"] is True
    assert got["coverage.timezone"] == "Europe/Berlin"
    assert (got["sla.P1.response_minutes"], got["sla.P1.resolution_minutes"]) == (30, 240)
    assert got["sla.P1.clock"] == "calendar"
    # "next business day" = one coverage day: 07:30-19:00 is 690 minutes.
    assert (got["sla.P2.response_minutes"], got["sla.P2.resolution_minutes"]) == (120, 690)
    assert got["sla.P2.clock"] == "business"
    # Not stated anywhere: absent, not defaulted.
    for absent in ("tier", "annual_value", "billing.model", "previous_contract_id",
                   "sla.P3.response_minutes", "escalation_contacts", "special_instructions"):
        assert absent not in got


def test_table_with_other_headers_and_a_contact_table(tmp_path):
    pdf = _pdf(tmp_path / "sched.pdf", [
        ("title", "Support Schedule"),
        ("p", "Agreement Number: NW-77/2025. Customer ID: C0009, United Kingdom."),
        ("p", "Service Level Tier: Platinum"),
        ("p", "Term: 1 April 2025 - 31 March 2026"),
        ("table", [["Severity", "Acknowledge within", "Restore within", "Measured"],
                   ["Sev 1", "15 mins", "4 hrs", "24/7"],
                   ["Sev 2", "1 hour", "8 hours", "Business hours"],
                   ["Sev 3", "4 hours", "3 business days", "Business hours"]]),
        ("p", "Support Hours: Mon-Fri 09:00-17:30"),
        ("table", [["Tier", "Contact name", "Position", "E-mail", "Telephone"],
                   ["1", "Priya Patel", "Service Desk Lead", "priya@nw.example", "+44 20 7946 0000"],
                   ["2", "Tom Reid", "IT Manager", "tom@nw.example", "+44 20 7946 0001"]]),
        ("p", "Exclusions: Cabling, Voip and Project Work."),
    ], font="Helvetica")
    res = extract_contract_pdf(pdf)
    got = {k: v.value for k, v in res.fields.items()}
    assert got["contract_id"] == "NW-77/2025"
    assert got["client_id"] == "C0009"
    assert got["tier"] == "platinum"
    assert (got["start_date"], got["end_date"]) == (date(2025, 4, 1), date(2026, 3, 31))
    assert (got["sla.P1.response_minutes"], got["sla.P1.resolution_minutes"]) == (15, 240)
    assert got["sla.P1.clock"] == "calendar"
    assert (got["sla.P2.response_minutes"], got["sla.P2.resolution_minutes"]) == (60, 480)
    # 3 business days of 09:00-17:30 (510 minutes)
    assert got["sla.P3.resolution_minutes"] == 1530
    assert got["sla.P3.clock"] == "business"
    assert "sla.P4.response_minutes" not in got
    assert got["coverage.hours"] == "Mon-Fri 09:00-17:30"
    assert got["escalation_contacts"] == [
        {"level": 1, "name": "Priya Patel", "role": "Service Desk Lead",
         "email": "priya@nw.example", "phone": "+44 20 7946 0000"},
        {"level": 2, "name": "Tom Reid", "role": "IT Manager", "email": "tom@nw.example",
         "phone": "+44 20 7946 0001"}]
    assert got["excluded_services"] == ["cabling", "voip", "project_work"]


def test_business_day_with_unequal_days_goes_to_review(tmp_path):
    pdf = _pdf(tmp_path / "uneq.pdf", [
        ("title", "Field Support Agreement"),
        ("p", "Contract No.: FSA-2025-0003"),
        ("p", "Coverage Hours: Monday to Thursday, 08:00 to 17:00; Friday, 08:00 to 13:00"),
        ("p", "P1 - Response: 1 hour; Resolution: 4 hours; Clock: calendar"),
        ("p", "P2 - Response: 2 hours; Resolution: 1 business day; Clock: business hours"),
    ])
    res = extract_contract_pdf(pdf)
    assert res.fields["coverage.hours"].value == "Mon-Thu 08:00-17:00; Fri 08:00-13:00"
    assert res.fields["sla.P1.resolution_minutes"].value == 240
    assert res.fields["sla.P2.response_minutes"].value == 120
    assert "sla.P2.resolution_minutes" not in res.fields
    assert "sla.P2.resolution_minutes: '1 business day' with unequal coverage days" in res.problems


def test_ambiguous_statements_are_left_out_with_a_reason(tmp_path):
    pdf = _pdf(tmp_path / "amb.pdf", [
        ("title", "Managed Services Agreement"),
        ("p", "This Agreement is made between the Provider and Maple Clinic Inc."),
        ("p", "Effective Date: 03/04/2026"),
        ("p", "Support Level: Gold"),
        ("p", "Annual Value: $48,000.00"),
        ("h", "Schedule 2"),
        ("p", "Support Level: Silver"),
        ("p", "Coverage Hours: business hours as agreed from time to time"),
    ])
    res = extract_contract_pdf(pdf)
    # 03/04/2026 with no country: March 4 or 3 April? Given only as a low-confidence guess.
    start = res.fields["start_date"]
    assert start.confidence < 0.8
    assert any(p.startswith("start_date: low confidence") for p in res.problems)
    # Two different tiers: neither is taken.
    assert "tier" not in res.fields
    assert any(p.startswith("tier: the document states conflicting values") for p in res.problems)
    assert "coverage.hours" not in res.fields
    assert res.fields["annual_value"].value == Decimal("48000.00")


def test_dollar_in_a_canadian_contract_is_not_assumed_usd(tmp_path):
    pdf = _pdf(tmp_path / "ca.pdf", [
        ("title", "IT Support Agreement"),
        ("p", "Client: Cedar Logistics Ltd (Client ID C0200), Canada"),
        ("p", "Monthly Fee: $3,100.00"),
    ])
    res = extract_contract_pdf(pdf)
    assert res.fields["billing.monthly_fee"].value == Decimal("3100.00")
    assert "currency" not in res.fields
    assert any(p.startswith("currency: '$' in a document for country CA") for p in res.problems)


def test_priority_names_and_business_hours_targets(tmp_path):
    pdf = _pdf(tmp_path / "prio.pdf", [
        ("title", "Support Terms"),
        ("h", "Incident priorities"),
        ("p", "Urgent (P1): the Provider responds within 15 minutes and resolves within "
              "2 hours, around the clock."),
        ("p", "High: response within 1 hour; resolution within 8 business hours."),
        ("p", "Normal business hours responses to general questions are given within 3 days."),
    ], font="Helvetica")
    got = {k: v.value for k, v in extract_contract_pdf(pdf).fields.items()}
    assert (got["sla.P1.response_minutes"], got["sla.P1.resolution_minutes"]) == (15, 120)
    assert got["sla.P1.clock"] == "calendar"
    assert (got["sla.P2.response_minutes"], got["sla.P2.resolution_minutes"]) == (60, 480)
    assert got["sla.P2.clock"] == "business"
    # "Normal business hours responses ..." is prose, not a P3 row.
    assert not [k for k in got if k.startswith(("sla.P3", "sla.P4"))]


def test_a_title_wrapped_over_two_lines_is_read_whole(tmp_path):
    title = ("Master Agreement for Managed Desktop, Network and Field Support Services "
             "between the Provider and Highland Schools")
    pdf = _pdf(tmp_path / "long.pdf", [("title", title), ("p", "Support Level: Silver")])
    res = extract_contract_pdf(pdf)
    assert res.fields["title"].value == title
    assert res.fields["tier"].value == "silver"


def test_a_title_in_capitals_only_is_left_out(tmp_path):
    pdf = _pdf(tmp_path / "caps.pdf", [("title", "MANAGED IT SERVICES AGREEMENT"),
                                       ("p", "Support Level: Gold")])
    res = extract_contract_pdf(pdf)
    assert "title" not in res.fields            # "Managed It Services Agreement" would be wrong
    assert not [p for p in res.problems if p.startswith("title")]


def test_a_capitals_title_restated_in_mixed_case_is_taken_from_the_text(tmp_path):
    pdf = _pdf(tmp_path / "caps2.pdf", [
        ("title", "MANAGED IT SERVICES AGREEMENT"),
        ("p", 'This Managed IT Services Agreement (the "Agreement") is made on 1 May 2026.')])
    assert extract_contract_pdf(pdf).fields["title"].value == "Managed IT Services Agreement"
