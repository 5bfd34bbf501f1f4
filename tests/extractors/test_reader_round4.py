"""Readings added in round 4 (`contract_pdf/7`): SLA wording, insurance lines, term dates.
Each example sentence is written here; the expected values are worked out by hand in comments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from extractors.contract_pdf import _Fields, _insurance, _Para, _sla, _term
from extractors.pdf_values import find_dates
from extractors.reader_sla import clock_of, column_kind, declared_levels, priority_in


def P(text, cells=None, page=1):
    return _Para(text, page, False, 10.0, cells=cells)


def _sla_of(*paras, coverage="Mon-Fri 08:00-18:00"):
    f = _Fields()
    _sla(list(paras), f, coverage)
    return {k: v.value for k, v in f.result().items() if v.confidence >= 0.8}


# ---------------------------------------------------------------- SLA tables with other header words
def test_reaction_and_restoration_columns_and_a_time_basis_column():
    got = _sla_of(P("Level|Reaction time|Restoration time|Time basis",
                    ["Level", "Reaction time", "Restoration time", "Time basis"]),
                  P("Critical|20 minutes|3 hours|Around the clock",
                    ["Critical", "20 minutes", "3 hours", "Around the clock"]),
                  P("Low|1 business day|4 business days|Business hours",
                    ["Low", "1 business day", "4 business days", "Business hours"]))
    # 3 h = 180 min; a business day of 08:00-18:00 = 600 min, 4 of them = 2400
    assert got == {"sla.P1.response_minutes": 20, "sla.P1.resolution_minutes": 180, "sla.P1.clock": "calendar",
                   "sla.P4.response_minutes": 600, "sla.P4.resolution_minutes": 2400, "sla.P4.clock": "business"}


def test_column_kinds_from_the_vocabulary():
    assert [column_kind(c) for c in ("Initial Response", "Time to Restore", "Clock", "Severity")] == \
        ["response", "resolution", "clock", None]


# ---------------------------------------------------------------- SLA in running prose
def test_prose_targets_with_the_documents_own_severity_names():
    got = _sla_of(
        P("2 Requests are classified by our help desk as Blocker, Serious, Routine or Minor, in descending order of severity."),
        P("3 The Provider shall respond to Blocker incidents within ten (10) minutes, at any time of day or night, "
          "and shall restore service within two (2) hours."),
        P("4 Serious incidents shall receive a first response within thirty (30) minutes and be resolved "
          "within six (6) hours, measured within Coverage Hours."))
    # Blocker = P1 (first named), Serious = P2; "at any time" -> calendar, "within Coverage Hours" -> business
    assert got == {"sla.P1.response_minutes": 10, "sla.P1.resolution_minutes": 120, "sla.P1.clock": "calendar",
                   "sla.P2.response_minutes": 30, "sla.P2.resolution_minutes": 360, "sla.P2.clock": "business"}


def test_a_clause_number_is_not_a_priority_and_sev_names_one():
    assert priority_in("The Provider shall respond to Sev 3 incidents within one hour", {}) == "P3"
    assert priority_in("If a response target is missed, a credit applies", {}) is None
    # two levels named: which one the sentence is about is not clear
    assert priority_in("P1 and P2 incidents shall receive a response within one hour", {}) is None


def test_clock_stated_once_for_several_levels():
    got = _sla_of(
        P("Emergency (P1) targets run on elapsed time. P2, P3 targets count Coverage Hours only."),
        P("Priority|Response|Resolution", ["Priority", "Response", "Resolution"]),
        P("P1|15 min|2 hrs", ["P1", "15 min", "2 hrs"]),
        P("P2|1 hr|8 hrs", ["P2", "1 hr", "8 hrs"]),
        P("P3|4 hrs|16 hrs", ["P3", "4 hrs", "16 hrs"]))
    assert (got["sla.P1.clock"], got["sla.P2.clock"], got["sla.P3.clock"]) == ("calendar", "business", "business")


def test_declared_levels_need_an_order():
    assert declared_levels([P("Tickets are classified as Gold, Silver or Bronze.")]) == {}
    assert declared_levels([P("Faults are classified as Low, Medium or High, in ascending order of severity.")]) == \
        {"high": "P1", "medium": "P2", "low": "P3"}


def test_clock_cues():
    assert clock_of("at any time, day or night") == "calendar"
    assert clock_of("counted in working hours only") == "business"
    assert clock_of("elapsed, but only within coverage hours") is None  # both: not said


# ---------------------------------------------------------------- insurance minimums
def _ins(*paras):
    f = _Fields()
    _insurance(list(paras), f)
    return {k.rsplit(".", 1)[1]: v.value for k, v in f.result().items() if v.confidence >= 0.8}


def test_policy_lines_under_an_insurance_lead_in_with_local_names():
    got = _ins(P("The Contractor will keep the following insurance in force during the term:"),
               P("\u2022 Public Liability: not less than AUD 10,000,000 per claim"),
               P("\u2022 Professional Indemnity (claims made): at least AUD 3,000,000"),
               P("\u2022 Employers' Liability: minimum of AUD 500,000"))
    assert got == {"general_liability": Decimal("10000000"), "professional_liability": Decimal("3000000"),
                   "workers_comp": Decimal("500000")}


def test_a_table_row_stating_a_floor_is_insurance_without_a_lead_in():
    got = _ins(P("Cyber Liability | not less than USD 3,000,000", ["Cyber Liability", "not less than USD 3,000,000"]))
    assert got == {"cyber_liability": Decimal("3000000")}


def test_a_liability_cap_is_not_insurance():
    assert _ins(P("Limitation. Each party's general liability is capped at USD 250,000 in aggregate."),
                P("Professional liability - not to exceed USD 100,000.")) == {}


def test_a_policy_name_broken_over_two_lines():
    got = _ins(P("Insurance: Professional"), P("Indemnity: not less than NZD 2,000,000 per claim."))
    assert got == {"professional_liability": Decimal("2000000")}


# ---------------------------------------------------------------- dates and term
def test_day_month_year_with_hyphens():
    assert [d.value for d in find_dates("from 07-Oct-2025 to 06-Oct-2026")] == [date(2025, 10, 7), date(2026, 10, 6)]


def _term_of(*texts):
    f = _Fields()
    _term([P(t) for t in texts], f, True)
    return {k: v.value for k, v in f.result().items() if v.confidence >= 0.8}


def test_an_amendment_runs_for_the_remainder_of_the_term_which_ends_on():
    got = _term_of('This Variation takes effect on 1 March 2026 (the "Variation Effective Date") and applies for '
                   "the remainder of the Contract's term, which ends on 30 November 2026.")
    assert got == {"start_date": date(2026, 3, 1), "end_date": date(2026, 11, 30)}


def test_the_end_of_a_prior_agreement_is_not_this_term():
    got = _term_of('The parties signed agreement X-1 (the "Previous Agreement"), whose term, which ends on 31 May 2026, '
                   "is not affected.")
    assert "end_date" not in got


def test_service_period_label_with_long_dates():
    got = _term_of("Fees: as quoted. Service period: the 2nd day of June, 2025 to the 1st day of June, 2026.")
    assert got == {"start_date": date(2025, 6, 2), "end_date": date(2026, 6, 1)}


# ---------------------------------------------------------------- security clauses
def _sec(*paras):
    from extractors.contract_pdf import _scope
    f = _Fields()
    _scope(list(paras), f)
    got = f.result().get("compliance.security_clauses")
    return got.value if got and got.confidence >= 0.8 else None


def test_a_security_label_row_holding_only_its_list():
    assert _sec(P("Security: PCI DSS v4.0, ISO/IEC 27701")) == ["PCI DSS v4.0", "ISO/IEC 27701"]


def test_a_security_label_followed_by_a_sentence_is_not_a_list():
    assert _sec(P("Security: the Supplier shall keep all data encrypted")) is None


def test_a_security_list_whose_second_line_looked_like_a_new_item():
    assert _sec(P("The Supplier shall meet the following security requirements: Cyber Essentials"),
                P("Level 2 controls; Data Protection Act 2018.")) == \
        ["Cyber Essentials Level 2 controls", "Data Protection Act 2018"]
