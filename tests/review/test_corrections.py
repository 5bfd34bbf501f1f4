"""The review queue's answers: one term set in the contract's YAML, everything else kept, read back
by the same reader the pipeline uses (YAML wins field by field), written atomically."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal
from pathlib import Path

import pytest

from contractops.corrections import CorrectionError, correctable, parse_answer, write_correction
from extractors.contract_terms import ContractDocument, ExtractedField, merge_terms, read_yaml_terms, review_contract

EXISTING = """# hand-written corrections
contract_id: SOW-25-0311
client_id: C0042
billing:
  model: block_hours
  rates: {standard: 125, after_hours: 190}
sla:
  - {priority: P1, response_minutes: 15, resolution_minutes: 240, clock: calendar}
"""


def _read(landing: Path, name: str) -> dict:
    doc = read_yaml_terms(landing / "contracts" / name, f"contracts/{name}")
    assert not doc.problems, doc.problems
    return {k: f.value for k, f in doc.fields.items()}


def test_a_correction_merges_into_an_existing_yaml_without_losing_its_other_terms(tmp_path):
    (tmp_path / "contracts").mkdir()
    (tmp_path / "contracts" / "sow-harbourline.yaml").write_text(EXISTING)
    write_correction(tmp_path, "contracts/sow-harbourline.yaml", "SOW-25-0311", "billing.rates.emergency",
                     parse_answer("billing.rates.emergency", "250.00"))
    write_correction(tmp_path, "contracts/sow-harbourline.yaml", "SOW-25-0311", "sla.P2.clock",
                     parse_answer("sla.P2.clock", "Business"))
    write_correction(tmp_path, "contracts/sow-harbourline.yaml", "SOW-25-0311", "sla.P1.resolution_minutes",
                     parse_answer("sla.P1.resolution_minutes", "180"))
    terms = _read(tmp_path, "sow-harbourline.yaml")
    assert terms == {
        "contract_id": "SOW-25-0311", "client_id": "C0042", "billing.model": "block_hours",
        "billing.rates.standard": Decimal("125.00"), "billing.rates.after_hours": Decimal("190.00"),
        "billing.rates.emergency": Decimal("250.00"),
        # P1 kept its other targets; the 240 became 180; P2 is a new row holding only its clock
        "sla.P1.response_minutes": 15, "sla.P1.resolution_minutes": 180, "sla.P1.clock": "calendar",
        "sla.P2.clock": "business",
    }
    # no temp, lock or half-written file left beside it (the reader's glob is contracts/*.yaml)
    assert sorted(p.name for p in (tmp_path / "contracts").iterdir()) == ["sow-harbourline.yaml"]


def test_a_new_yaml_names_the_contract_and_the_yaml_wins_over_the_pdf_field(tmp_path):
    write_correction(tmp_path, "contracts/MSA-7.yaml", "MSA-7", "end_date", parse_answer("end_date", "2025-12-31"))
    pdf = ContractDocument(stem="MSA-7", pdf_file="contracts/MSA-7.pdf", fields={
        "contract_id": ExtractedField("MSA-7", 1, "Contract ID: MSA-7", 0.95),
        "end_date": ExtractedField(dt.date(2025, 12, 30), 1, "ends 30 Dec 2025", 0.6),
    }, problems=[("end_date", "end_date: low confidence (0.60)")])
    merged = merge_terms(pdf, read_yaml_terms(tmp_path / "contracts" / "MSA-7.yaml", "contracts/MSA-7.yaml"))
    assert merged.fields["end_date"].value == dt.date(2025, 12, 31)
    assert merged.fields["end_date"].source == "yaml"
    assert not [r for f, r in review_contract(merged) if f == "end_date"]


def test_an_answer_the_reader_would_reject_is_refused_with_its_reason(tmp_path):
    with pytest.raises(CorrectionError, match=r"end_date: '2025-13-01' is not a date"):
        parse_answer("end_date", "2025-13-01")
    with pytest.raises(CorrectionError, match="tier: 'diamond' not in platinum, gold, silver"):
        parse_answer("tier", "diamond")
    with pytest.raises(CorrectionError, match="not an IANA time zone"):
        parse_answer("coverage.timezone", "Mars/Base")
    with pytest.raises(CorrectionError, match="empty answer"):
        parse_answer("currency", "  ")
    assert parse_answer("excluded_services", "Project Work, hardware procurement") == ["hardware_procurement", "project_work"]
    assert parse_answer("coverage.public_holidays", "yes") is True
    assert not correctable("document") and not correctable("sla") and correctable("sla.P3.clock")
    with pytest.raises(CorrectionError, match="not a single term"):
        write_correction(tmp_path, "contracts/x.yaml", "X", "sla", [])


def test_corrections_stay_in_the_landing_contracts_folder(tmp_path):
    for bad in ("../outside.yaml", "contracts/../clients.yaml", "contracts/x.pdf", "/etc/x.yaml"):
        with pytest.raises(CorrectionError, match="not a contract YAML"):
            write_correction(tmp_path, bad, "X", "tier", "gold")


def test_an_unconfirmed_contract_id_is_not_written_by_another_term(tmp_path):
    with pytest.raises(CorrectionError, match="contract_id is under review too"):
        write_correction(tmp_path, "contracts/scan.yaml", "scan", "tier", "gold", contract_id_under_review=True)
    assert not (tmp_path / "contracts" / "scan.yaml").exists()
    write_correction(tmp_path, "contracts/scan.yaml", "MSA-2025-0014", "contract_id",
                     parse_answer("contract_id", "MSA-2025-0014"), contract_id_under_review=True)
    write_correction(tmp_path, "contracts/scan.yaml", "MSA-2025-0014", "tier", "gold", contract_id_under_review=True)
    assert _read(tmp_path, "scan.yaml") == {"contract_id": "MSA-2025-0014", "tier": "gold"}


def test_two_admins_answering_at_once_keep_both_answers(tmp_path):
    fields = [f"billing.rates.{r}" for r in ("standard", "after_hours", "emergency")] + ["tier", "currency", "end_date"]
    values = {"tier": "gold", "currency": "USD", "end_date": dt.date(2026, 1, 31)}
    errors: list[BaseException] = []

    def answer(field: str) -> None:
        try:
            write_correction(tmp_path, "contracts/c.yaml", "C-1", field, values.get(field, Decimal("100")))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=answer, args=(f,)) for f in fields]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert set(_read(tmp_path, "c.yaml")) == {"contract_id", *fields}


def test_an_unreadable_existing_yaml_is_left_alone(tmp_path):
    (tmp_path / "contracts").mkdir()
    bad = tmp_path / "contracts" / "c.yaml"
    bad.write_text("contract_id: [unclosed\n")
    with pytest.raises(CorrectionError, match="not valid YAML"):
        write_correction(tmp_path, "contracts/c.yaml", "C-1", "tier", "gold")
    assert bad.read_text() == "contract_id: [unclosed\n"
