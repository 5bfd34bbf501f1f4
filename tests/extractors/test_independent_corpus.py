"""The reader over the independent corpus (tests/data/contracts_independent: documents its author
did not write, with hand-made truth): the measured floor, so a regression fails.

Floors are the figures measured on this commit (benchmarks/RESULTS.md, "Independent corpus"),
rounded down; raise them when the reader improves. Scored like the benchmark: a value counts as
given at confidence >= 0.8 and is right when it equals the truth.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.extraction_independent import load_corpus, overall, score  # noqa: E402
from extractors import contract_pdf  # noqa: E402

TEXT_FLOOR = {"precision": 0.995, "recall": 0.96}  # 96.45% at contract_pdf/7 (RESULTS.md, round 4)
SCAN_FLOOR = {"precision": 0.99, "recall": 0.47}  # 48.01% at contract_pdf/7


def test_text_pdfs_meet_the_measured_floor(tmp_path):
    r = score(load_corpus(), "pdf", tmp_path / "cache", 2)
    s = r["score"]
    precision, recall, given, right, present = overall(s)
    assert r["unreadable"] == []
    assert precision >= TEXT_FLOOR["precision"], s.errors[:10]
    assert recall >= TEXT_FLOOR["recall"], (right, present)
    # Identity: the printed reference everywhere it is printed (43 of 44 documents print one;
    # sow-wattle-creek prints none and is the only one left to the file stem + review).
    assert r["stem_ids_printed"] == []
    assert r["stem_ids"] == ["sow-wattle-creek"]
    assert (s.found["contract_id"], s.present["contract_id"]) == (43, 43)
    # The five renewals name the agreement they renew and supersede.
    assert (s.found["previous_contract_id"], s.given["previous_contract_id"]) == (5, 5)


@pytest.mark.slow
@pytest.mark.skipif(not contract_pdf.ocr_available(), reason="tesseract is not installed")
def test_scanned_pdfs_meet_the_measured_floor(tmp_path):
    # About a minute on 2 free cores (27 pages of OCR), hence slow.
    r = score(load_corpus(), "scan", tmp_path / "cache", 2)
    precision, recall, given, right, present = overall(r["score"])
    assert r["unreadable"] == ["blank-scan.pdf: image-only PDF with no legible text "
                               "(blank or unreadable scan)"]
    assert precision >= SCAN_FLOOR["precision"], r["score"].errors[:10]
    assert recall >= SCAN_FLOOR["recall"], (right, present)
