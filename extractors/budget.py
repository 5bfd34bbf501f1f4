"""Run a function over many items in worker processes, each item within a time and memory budget.

A document that makes a reader hang or balloon (a 300-page scan, a decompression bomb) must cost
one reason in quarantine, not the run: each item runs in a worker process whose address space is
capped (RLIMIT_AS), and an item that overruns its wall-clock budget has its worker killed and
replaced. Results come back in the order of the items; an item over budget comes back as
:class:`OverBudget` with the reason.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import resource
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class OverBudget:
    reason: str  # "took longer than 120 s" / "needed more than 2048 MB of memory"


def _worker(func: Callable, memory_bytes: int | None, tasks: mp.Queue, results: mp.Queue) -> None:
    if memory_bytes:
        # the budget is on top of what the forked worker already maps (the parent's libraries)
        with open("/proc/self/statm") as statm:
            mapped = int(statm.read().split()[0]) * resource.getpagesize()
        resource.setrlimit(resource.RLIMIT_AS, (mapped + memory_bytes, mapped + memory_bytes))
    while True:
        task = tasks.get()
        if task is None:
            return
        index, item = task
        results.put(("start", index, (os.getpid(), time.monotonic())))  # one clock for all processes
        try:
            value: Any = func(item)
        except MemoryError:
            value = OverBudget(f"needed more than {memory_bytes // 2**20} MB of memory")
        results.put(("done", index, value))


def run_bounded(func: Callable[[Any], Any], items: Sequence[Any], workers: int, seconds: float,
                memory_bytes: int | None = None) -> list[Any]:
    """func(item) for every item in `workers` processes (fork), each call within `seconds` of wall
    time and `memory_bytes` of address space beyond what the worker maps when it starts. `func` must not raise (it returns its own error
    values); a MemoryError becomes OverBudget."""
    if not items:
        return []
    context = mp.get_context("fork")
    tasks: mp.Queue = context.Queue()
    results: mp.Queue = context.Queue()
    for task in enumerate(items):
        tasks.put(task)
    out: list[Any] = [None] * len(items)
    pending = set(range(len(items)))
    running: dict[int, tuple[int, float]] = {}  # pid -> (index, started)
    procs: dict[int, mp.Process] = {}

    def spawn() -> None:
        proc = context.Process(target=_worker, args=(func, memory_bytes, tasks, results), daemon=True)
        proc.start()
        procs[proc.pid] = proc

    for _ in range(max(1, min(workers, len(items)))):
        spawn()
    try:
        while pending:
            try:
                kind, index, payload = results.get(timeout=0.2)
                if index not in pending:
                    pass  # a late word from a worker already stopped for this item
                elif kind == "start":
                    pid, started = payload
                    running[pid] = (index, started)
                else:
                    out[index] = payload
                    pending.discard(index)
                    for pid, (i, _) in list(running.items()):
                        if i == index:
                            del running[pid]
            except queue.Empty:
                pass
            now = time.monotonic()
            for pid, (index, started) in list(running.items()):
                proc = procs[pid]
                over = now - started > seconds
                if over or not proc.is_alive():
                    if proc.is_alive():
                        proc.kill()
                    proc.join()
                    del running[pid], procs[pid]
                    if index in pending:
                        out[index] = OverBudget(f"took longer than {seconds:g} s" if over
                                                else "the reader process died (out of memory?)")
                        pending.discard(index)
                    if pending:
                        spawn()
    finally:
        for _ in procs:
            tasks.put(None)
        for proc in procs.values():
            proc.join(timeout=5)
            if proc.is_alive():
                proc.kill()
    return out
