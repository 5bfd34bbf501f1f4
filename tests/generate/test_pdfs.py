"""The contract PDFs say what the ground truth says (simple string checks on the text layer)."""

import re
from datetime import date

import numpy as np
import pdfplumber
import pytest
import yaml

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def date_forms(d: date) -> set[str]:
    return {d.isoformat(), f"{d.month:02d}/{d.day:02d}/{d.year}",
            f"{d.day:02d}/{d.month:02d}/{d.year}", f"{d.day:02d}.{d.month:02d}.{d.year}",
            f"{MONTHS[d.month - 1]} {d.day}, {d.year}", f"{d.day} {MONTHS[d.month - 1]} {d.year}"}


def text_of(path, columns: int = 1) -> str:
    """Text layer in reading order; a two-column page is read column by column."""
    out = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            w = page.width / columns
            for c in range(columns):
                part = page if columns == 1 else page.crop((c * w, 0, (c + 1) * w, page.height))
                out.append(part.extract_text() or "")
    return "\n".join(out)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _sample(land, n):
    ok = [d for d in land.documents.values() if d.get("pdf") and "case" not in d]
    rng = np.random.default_rng(0)
    return [ok[i] for i in sorted(rng.choice(len(ok), size=min(n, len(ok)), replace=False))]


@pytest.mark.parametrize("scale,n", [("tiny", 10), ("demo", 12)])
def test_pdf_text_states_the_true_terms(scale, n, request):
    land = request.getfixturevalue(scale)
    terms = {k["contract_id"]: k for k in land.contracts}
    for doc in _sample(land, n):
        k = terms[doc["contract_id"]]
        cols = 2 if doc["layout"] == "two_column" else 1
        text = flat(text_of(land.landing / doc["pdf"], cols))
        assert k["contract_id"] in text
        assert k["client_id"] in text
        assert k["tier"].lower() in text.lower()
        for field in ("start_date", "end_date"):
            assert any(f in text for f in date_forms(date.fromisoformat(k[field]))), field
        std = float(k["billing"]["rates"]["standard"])
        assert re.search(rf"\b{int(std):,}\b|\b{int(std)}\b|\b{int(std):,}".replace(",", "[.,]?"),
                         text), std
        for s in k["excluded_services"]:       # word by word: two-column text interleaves
            assert all(w in text.lower() for w in s.split("_")), s
        if k["previous_contract_id"]:
            assert k["previous_contract_id"] in text


def test_documents_that_must_be_caught(demo):
    docs = {d.get("case"): d for d in demo.documents.values() if d.get("case")}
    assert {"corrupt_pdf", "scanned_pdf_no_text", "scanned_pdf_with_yaml", "pdf_without_sla",
            "yaml_corrects_pdf"} <= docs.keys()
    with pytest.raises(Exception):
        text = text_of(demo.landing / docs["corrupt_pdf"]["pdf"])
        assert text.strip(), "no readable text"
    for case in ("scanned_pdf_no_text", "scanned_pdf_with_yaml"):
        with pdfplumber.open(demo.landing / docs[case]["pdf"]) as pdf:
            assert "".join(p.extract_text() or "" for p in pdf.pages).strip() == ""
            assert sum(len(p.images) for p in pdf.pages) >= 1
    full = yaml.safe_load((demo.landing / docs["scanned_pdf_with_yaml"]["yaml"]).read_text())
    truth = {k["contract_id"]: k for k in demo.contracts}
    assert full["contract_id"] == docs["scanned_pdf_with_yaml"]["contract_id"]
    assert str(full["end_date"]) == truth[full["contract_id"]]["end_date"]
    no_sla = text_of(demo.landing / docs["pdf_without_sla"]["pdf"])
    assert docs["pdf_without_sla"]["contract_id"] in no_sla
    assert "response" not in no_sla.lower()
    assert truth[docs["pdf_without_sla"]["contract_id"]]["sla"] is None


def test_yaml_corrections_differ_from_the_pdf_and_carry_the_truth(demo):
    truth = {k["contract_id"]: k for k in demo.contracts}
    fixes = [d for d in demo.documents.values() if d.get("case") == "yaml_corrects_pdf"]
    assert len(fixes) == 2
    for d in fixes:
        y = yaml.safe_load((demo.landing / d["yaml"]).read_text())
        assert set(y) == {"contract_id", *d["corrected_fields"]}
        k = truth[d["contract_id"]]
        text = flat(text_of(demo.landing / d["pdf"], 2 if d["layout"] == "two_column" else 1))
        for f in d["corrected_fields"]:
            if f == "end_date":
                assert str(y[f]) == k[f]
                assert not any(x in text for x in date_forms(date.fromisoformat(k[f])))
                assert any(x in text for x in date_forms(date.fromisoformat(d["pdf_states"][f])))
            elif f == "annual_value":
                assert f"{y[f]:.2f}" == k[f] != f"{d['pdf_states'][f]:.2f}"
            else:
                assert y[f] == k[f] and k[f] and k[f][:20] not in text
