"""Extraction on ten real contracts (CUAD v1, SEC filings) that no generator wrote.

They are not our template: most of our terms are absent, and what matters is that extraction
never invents. Every value it outputs that CUAD's expert labels answer is scored:
  start_date  <-> Effective Date (or, when CUAD leaves that empty, the Agreement Date)
  end_date    <-> Expiration Date
  auto_renew  <-> Renewal Term (True agrees with a stated renewal term; False with none)
  compliance.insurance_minimums.* <-> Insurance (an amount agrees only with "Yes")
The share that agrees must be >= 95%. Terms CUAD has no column for are checked against the
clause text, quoted below, or must not be output at all.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from extractors.contract_pdf import CONFIDENT, UnreadablePdf, extract_many

CUAD = Path(__file__).resolve().parents[2] / ".." / "shared" / "realdata" / "cuad-service-contracts"

pytestmark = pytest.mark.skipif(not (CUAD / "labels.csv").exists(),
                                reason="CUAD sample not present (../shared/realdata)")

# Terms CUAD's labels.csv has no column for, read by a person from the clause itself.
CHECKED_BY_HAND = {
    # "... unless a Party provides the other with written notice of termination at least one
    # hundred eighty (180) days prior to the expiration of the Initial Term ..." (section 10)
    ("VitalibisInc", "renewal_notice_days"): 180,
}
# Our template's terms a CUAD contract may state: anything else output would be invented.
MAY_STATE = {"start_date", "end_date", "auto_renew", "renewal_notice_days", "currency",
             "annual_value", "contract_id", "title"} | {
    f"compliance.insurance_minimums.{k}" for k in
    ("general_liability", "cyber_liability", "professional_liability", "workers_comp")}


def _mdy(text: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    m, d, y = (int(x) for x in text.split("/"))
    return date(2000 + y if y < 50 else 1900 + y, m, d)


def _labels() -> dict[str, dict]:
    with open(CUAD / "labels.csv", newline="", encoding="utf-8") as fh:
        return {row["Filename"]: row for row in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def extractions(tmp_path_factory):
    # Two of the ten run to 33 and 49 pages: read them in parallel (fresh cache).
    names = list(_labels())
    got = extract_many([CUAD / "pdf" / n for n in names], tmp_path_factory.mktemp("cache"))
    return {n: got[CUAD / "pdf" / n] for n in names}


def _verdicts(extractions):
    labels = _labels()
    scored, unscored = [], []
    for name, res in extractions.items():
        assert not isinstance(res, UnreadablePdf), f"{name}: {res}"
        lab = labels[name]
        for field, fld in res.fields.items():
            if fld.confidence < CONFIDENT:
                continue
            v = fld.value
            if field == "start_date":
                truth = _mdy(lab["Effective Date-Answer"]) or _mdy(lab["Agreement Date-Answer"])
                scored.append((name, field, v, truth, v == truth))
            elif field == "end_date":
                truth = _mdy(lab["Expiration Date-Answer"])
                scored.append((name, field, v, truth, v == truth))
            elif field == "auto_renew":
                truth = bool(lab["Renewal Term-Answer"].strip())
                scored.append((name, field, v, truth, v == truth))
            elif field.startswith("compliance.insurance_minimums."):
                truth = lab["Insurance-Answer"].strip()
                scored.append((name, field, v, truth, truth == "Yes"))
            else:
                key = (name.split("_")[0], field)
                if key in CHECKED_BY_HAND:
                    truth = CHECKED_BY_HAND[key]
                    scored.append((name, field, v, truth, v == truth))
                else:
                    unscored.append((name, field, v))
    return scored, unscored


def test_all_ten_are_read(extractions):
    assert len(extractions) == 10
    for name, res in extractions.items():
        assert not isinstance(res, UnreadablePdf), name
        assert len(res.pages) >= 1 and sum(len(p) for p in res.pages) > 1000


def test_what_extraction_outputs_agrees_with_the_labels(extractions):
    scored, _ = _verdicts(extractions)
    assert len(scored) >= 5, scored   # it does find the plainly stated terms
    agree = sum(1 for *_, ok in scored if ok)
    disagreements = [s for s in scored if not s[-1]]
    assert agree / len(scored) >= 0.95, disagreements


def test_nothing_outside_what_such_contracts_can_state(extractions):
    invented = [(name[:30], f) for name, res in extractions.items() for f in res.fields
                if f not in MAY_STATE and res.fields[f].confidence >= CONFIDENT]
    assert invented == []
    # None of them has an SLA schedule in our sense: each says so, for review.
    for res in extractions.values():
        assert "sla: no SLA section found" in res.problems


def test_unscored_outputs_are_only_currency(extractions):
    _, unscored = _verdicts(extractions)
    # "$" amounts in US SEC filings: USD. Anything else unscored would need a label.
    assert all(field == "currency" and value == "USD" for _, field, value in unscored), unscored
