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
