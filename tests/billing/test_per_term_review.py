"""Per-term review (data contract section 2) through the real pipeline: a term under review blocks
only the judgements that need it (int_contract_judgement_review), is NULL in dim_contracts, and a
YAML correction of that field clears just that field.

The PDF reader's output is given here (stand-in for extract_many: the fields, pages and confidences
a PDF read gives), so each contract has exactly one unsure term; everything after the reader (merge
with YAML, review items, clean tables, dbt) is the real code. as_of 2026-03-10T12:00Z; every client
is UTC; every contract is time and materials, 24x7, calendar SLA 60/240 min for every priority,
rates standard 150 / after_hours 225 / emergency 300.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from testkit import materialize, query, write_landing

from billing.builders import client, contract_yaml, entry, technician, ticket
from extractors.contract_terms import (
    ContractDocument,
    ExtractedField,
    contract_rows,
    flatten_yaml_terms,
    normalise,
    review_contract,
)

AS_OF = "2026-03-10T12:00:00Z"
D = Decimal


@dataclass
class _ReaderField:
    value: Any
    page: int | None
    snippet: str
    confidence: float


@dataclass
class _ReaderResult:
    fields: dict[str, _ReaderField]
    pages: list[str] = field(default_factory=lambda: ["Managed services agreement (stand-in page)"])
    problems: list[str] = field(default_factory=list)


def _read(contract_id: str, client_id: str, unsure: dict[str, float]) -> _ReaderResult:
    """What the reader would give for a complete contract, with `unsure` fields at a confidence."""
    doc = yaml.safe_load(contract_yaml(contract_id, client_id, "time_and_materials", "2025-06-01", "2026-05-31"))
    flat, problems = flatten_yaml_terms(doc)
    assert not problems
    fields = {k: _ReaderField(normalise(k, v), 1, f"page 1: {k}", unsure.get(k, 0.95)) for k, v in flat.items()}
    return _ReaderResult(fields)


READER = {
    "KE": _read("KE", "CE", {"billing.rates.emergency": 0.6}),
    "KP": _read("KP", "CP", {"sla.P1.response_minutes": 0.5}),
    "KS": _read("KS", "CS", {"start_date": 0.6}),
    "KY": _read("KY", "CY", {"start_date": 0.6, "billing.rates.emergency": 0.6}),
}


def files() -> dict[str, object]:
    resolved = lambda tid, c, p="P1": ticket(tid, c, "2026-02-10T10:00:00Z", "2026-02-10T10:30:00Z",  # noqa: E731
                                            "2026-02-10T11:00:00Z", priority=p)
    return {
        "clients.csv": [client(c) for c in ("CE", "CP", "CS", "CY")],
        "technicians.csv": [technician("TA")],
        **{f"contracts/{k}.pdf": b"%PDF-1.4 stand-in (read by the stub reader)\n" for k in READER},
        # the admin's correction of KY's start date only (what the review queue writes)
        "contracts/KY.yaml": "contract_id: KY\nstart_date: 2025-06-01\n",
        "timesheets.csv": [
            entry("EE1", "CE", "2026-02-11T10:00:00Z", 2, billed_rate=150),
            entry("EE2", "CE", "2026-02-12T10:00:00Z", 1, rate_type="emergency", billed_rate=300),
            entry("EP1", "CP", "2026-02-11T10:00:00Z", 1, billed_rate=150),
            entry("ES1", "CS", "2026-02-11T10:00:00Z", 1, billed_rate=150),
            entry("EY1", "CY", "2026-02-11T10:00:00Z", 1, billed_rate=150),
            entry("EY2", "CY", "2026-02-12T10:00:00Z", 1, rate_type="emergency", billed_rate=300),
        ],
        "tickets.csv": [
            resolved("TE1", "CE"),
            resolved("TP1", "CP"),
            # P2: 10:00 -> 11:30 response (90 > 60 breached), -> 12:00 resolution (120 <= 240 met)
            ticket("TP2", "CP", "2026-02-10T10:00:00Z", "2026-02-10T11:30:00Z", "2026-02-10T12:00:00Z", priority="P2"),
            resolved("TS1", "CS"),
            resolved("TY1", "CY"),
        ],
        "assignments.csv": [],
        "credentials.csv": [],
        "insurance_policies.csv": [],
    }


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    import extractors.contract_pdf as reader

    root = tmp_path_factory.mktemp("per-term-review")
    landing = write_landing(root / "landing", files())
    path = root / "warehouse.duckdb"

    def extract_many(paths, cache_dir=None, **_):
        return {p: READER[Path(p).stem] for p in paths}

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reader, "extract_many", extract_many)
        patch.setenv("CONTRACTOPS_REPORTS_DIR", str(root / "reports"))
        patch.setenv("CONTRACTOPS_OUTBOX_DIR", str(root / "outbox"))
        materialize(landing, path, AS_OF)
    return path


def _tickets(warehouse):
    return {r[0]: r[1:] for r in query(warehouse, """
        select ticket_id, contract_id, entitlement, response_status, resolution_status
        from marts.fct_ticket_sla""")}


def _entries(warehouse):
    return {r[0]: r[1:] for r in query(warehouse, """
        select entry_id, contract_id, expected_amount, finding from marts.fct_billing_reconciliation""")}


def test_unsure_emergency_rate_holds_only_emergency_entries(warehouse):
    tickets, entries = _tickets(warehouse), _entries(warehouse)
    # still SLA-monitored: 30 min response <= 60, 60 min resolution <= 240
    assert tickets["TE1"] == ("KE", "covered", "met", "met")
    # standard entry billed: 2 h x 150 = 300 = billed 300
    assert entries["EE1"] == ("KE", D("300.00"), "ok")
    # emergency entry held: its rate is under review
    assert entries["EE2"] == ("KE", None, "contract_under_review")
    row = query(warehouse, """select rate_standard, rate_emergency, review_status, blocked_judgements
        from marts.dim_contracts where contract_id = 'KE'""")[0]
    # blocked: the emergency entries' billing, and the month's invoice (which sums every entry)
    assert row == (D("150.00"), None, "needs_review", "billing:emergency, invoice")
    # the month has a held entry: no expected total (not the part sum 300)
    month = query(warehouse, """select held_entries, expected_amount, variance, net_expected_invoice
        from marts.mart_contract_month_billing where contract_id = 'KE' and month = '2026-02-01'""")[0]
    assert month == (1, None, None, None)


def test_unsure_p1_row_holds_p1_tickets_and_judges_p2(warehouse):
    tickets, entries = _tickets(warehouse), _entries(warehouse)
    assert tickets["TP1"][:2] == ("KP", "contract_under_review")
    assert tickets["TP2"] == ("KP", "covered", "breached", "met")
    assert entries["EP1"] == ("KP", D("150.00"), "ok")  # 1 h x 150
    assert query(warehouse, "select response_minutes, resolution_minutes from marts.dim_contract_sla "
                 "where contract_id = 'KP' and priority = 'P1'") == [(None, 240)]
    assert query(warehouse, "select blocked_judgements from marts.dim_contracts where contract_id = 'KP'") == [("sla:P1",)]


def test_unsure_start_date_blocks_sla_and_billing(warehouse):
    tickets, entries = _tickets(warehouse), _entries(warehouse)
    # the unsure date still finds the contract, so the rows say why they are not judged
    assert tickets["TS1"][:2] == ("KS", "contract_under_review")
    assert entries["ES1"] == ("KS", None, "contract_under_review")
    assert query(warehouse, """select held_entries, expected_amount from marts.mart_contract_month_billing
        where contract_id = 'KS' and month = '2026-02-01'""") == [(1, None)]
    # not a value: NULL in dim_contracts, the candidate in the review queue's provenance
    assert query(warehouse, "select start_date, end_date from marts.dim_contracts where contract_id = 'KS'")[0][0] is None
    assert query(warehouse, "select value, confidence from staging.stg_contracts__term_provenance "
                 "where contract_id = 'KS' and field = 'start_date'") == [("2025-06-01", 0.6)]
    assert [r[0] for r in query(warehouse, "select field from staging.stg_contracts__review_items "
                                "where contract_id = 'KS'")] == ["start_date"]


def test_yaml_correction_clears_just_that_field(warehouse):
    tickets, entries = _tickets(warehouse), _entries(warehouse)
    assert query(warehouse, "select start_date, rate_emergency from marts.dim_contracts where contract_id = 'KY'")[0][0].isoformat() == "2025-06-01"
    assert [r[0] for r in query(warehouse, "select field from staging.stg_contracts__review_items "
                                "where contract_id = 'KY'")] == ["billing.rates.emergency"]
    assert tickets["TY1"] == ("KY", "covered", "met", "met")
    assert entries["EY1"] == ("KY", D("150.00"), "ok")
    assert entries["EY2"] == ("KY", None, "contract_under_review")


def test_low_confidence_term_is_not_a_value_in_the_clean_rows():
    doc = ContractDocument(stem="K", fields={
        "contract_id": ExtractedField("K", confidence=0.95),
        "start_date": ExtractedField(normalise("start_date", "2025-06-01"), page=2, snippet="commencing 1 June", confidence=0.6),
        "end_date": ExtractedField(normalise("end_date", "2026-05-31"), confidence=0.95),
    })
    rows = contract_rows(doc, review_contract(doc))
    assert rows["contracts"][0]["start_date"] is None
    assert str(rows["contracts"][0]["end_date"]) == "2026-05-31"
    provenance = {r["field"]: r for r in rows["term_provenance"]}
    assert (provenance["start_date"]["value"], provenance["start_date"]["confidence"]) == ("2025-06-01", 0.6)
    assert any(r["field"] == "start_date" and "low confidence (0.60)" in r["reason"] for r in rows["review_items"])
