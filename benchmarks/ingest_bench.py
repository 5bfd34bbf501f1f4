"""Ingestion throughput and memory: load every landing CSV of a zone into a fresh DuckDB file.

    python benchmarks/ingest_bench.py --scale large     # generates into benchmarks/out/<scale> first if needed
    python benchmarks/ingest_bench.py --landing /path/to/landing --warehouse /scratch/ingest.duckdb

The connection is the pipeline's own (``contractops.warehouse.connect``: UTC, DuckDB's memory and
thread caps of contractops.settings), so the figures are those of the ingestion assets. Prints rows,
wall and CPU seconds per kind, then wall, CPU (this process and its children) and peak resident
memory (``ru_maxrss``) of the whole load, and a JSON line with all of it. The figures go to
benchmarks/RESULTS.md (section Ingestion).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from contractops.warehouse import connect  # noqa: E402
from extractors.landing import KINDS, load_kind  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _peak_rss_mib() -> float:
    """Peak resident memory since the last _reset_peak (VmHWM), or of the process (ru_maxrss, KiB on
    Linux; the children's figure is the largest child's) where /proc is not there."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def _reset_peak() -> None:
    """Start a new peak (Linux: writing 5 to clear_refs resets VmHWM), so each kind has its own."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="demo", choices=["tiny", "demo", "large"])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--landing", type=Path, help="an existing landing zone (else generated)")
    parser.add_argument("--warehouse", type=Path, help="the DuckDB file to load into (replaced)")
    args = parser.parse_args()
    base = OUT / args.scale
    landing = args.landing or base / "landing"
    if not (landing / "clients.csv").exists():
        from contractops.generate import generate_landing_zone

        base.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        generate_landing_zone(base, scale=args.scale, seed=args.seed)
        print(f"generated {args.scale} in {time.perf_counter() - t:.1f} s")
    db = args.warehouse or base / "ingest_bench.duckdb"
    db.parent.mkdir(parents=True, exist_ok=True)
    for stale in (db, Path(f"{db}.wal")):
        stale.unlink(missing_ok=True)
    con = connect(db)
    results = {}
    peak = _peak_rss_mib()
    start_wall, start_cpu = time.perf_counter(), _cpu_seconds()
    for kind in KINDS:
        _reset_peak()
        t, c = time.perf_counter(), _cpu_seconds()
        report = load_kind(con, landing, kind)
        seconds, cpu = time.perf_counter() - t, _cpu_seconds() - c
        kind_peak = _peak_rss_mib()
        peak = max(peak, kind_peak)
        results[kind] = {"files": len(report.files), "rows_read": report.rows_read, "rows_clean": report.rows_clean,
                         "rows_rejected": report.rows_rejected, "rows_superseded": report.rows_superseded,
                         "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2), "peak_rss_mib": round(kind_peak),
                         "rows_per_second": round(report.rows_read / seconds) if seconds else None}
        print(f"{kind:24s} {report.rows_read:>10,d} rows  {seconds:7.2f} s wall  {cpu:7.2f} s CPU  "
              f"peak {kind_peak:7.0f} MiB", flush=True)
    con.close()
    wall, cpu = time.perf_counter() - start_wall, _cpu_seconds() - start_cpu
    total_rows = sum(r["rows_read"] for r in results.values())
    print(f"{'total':24s} {total_rows:>10,d} rows  {wall:7.2f} s wall  {cpu:7.2f} s CPU  "
          f"peak RSS {peak:.0f} MiB  (load average {os.getloadavg()[0]:.1f})")
    print(json.dumps({"kinds": results, "wall_seconds": round(wall, 2), "cpu_seconds": round(cpu, 2),
                      "peak_rss_mib": round(peak), "rows_read": total_rows,
                      "load_average": round(os.getloadavg()[0], 1)}))


if __name__ == "__main__":
    main()
