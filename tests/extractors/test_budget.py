"""extractors.budget: one slow or greedy item costs its own reason, never the others' results."""

from __future__ import annotations

import time

from extractors.budget import OverBudget, run_bounded


def _work(item):
    kind, value = item
    if kind == "sleep":
        time.sleep(value)
        return "slept"
    if kind == "allocate":
        return len(bytearray(value))
    return value * 2


def test_results_in_order_and_the_slow_and_greedy_items_get_their_reason():
    items = [("double", 1), ("sleep", 30), ("double", 2), ("allocate", 3 * 2**30), ("double", 3)]
    started = time.monotonic()
    out = run_bounded(_work, items, workers=2, seconds=2, memory_bytes=1 * 2**30)
    assert out[0] == 2 and out[2] == 4 and out[4] == 6
    assert out[1] == OverBudget("took longer than 2 s")  # killed, not waited for (30 s)
    assert out[3] == OverBudget("needed more than 1024 MB of memory")
    assert time.monotonic() - started < 20


def test_nothing_to_do():
    assert run_bounded(_work, [], workers=2, seconds=1) == []


def test_a_document_over_its_budget_is_a_rejected_file_with_the_reason_and_is_not_cached(tmp_path, monkeypatch):
    from extractors import contract_pdf
    from extractors.contract_pdf import UnreadablePdf, extract_many

    corpus = sorted((__import__("pathlib").Path(__file__).resolve().parents[1]
                     / "data" / "contracts_independent" / "pdf").glob("*.pdf"))[:2]
    monkeypatch.setattr(contract_pdf, "PDF_SECONDS_PER_DOCUMENT", 0.001)  # nothing can be read this fast
    out = extract_many(corpus, cache_dir=tmp_path / "cache", workers=2)
    assert [str(out[p]) for p in corpus] == ["reading stopped: took longer than 0.001 s"] * 2
    assert all(isinstance(out[p], UnreadablePdf) for p in corpus)
    assert not list((tmp_path / "cache").glob("*.json"))  # the next run tries again
