"""Ingestion throughput: load every landing CSV of a generated zone into a fresh DuckDB file.

    python benchmarks/ingest_bench.py --scale large     # generates into benchmarks/out/<scale> first if needed

Prints rows and seconds per kind; the figures go to benchmarks/RESULTS.md (section Ingestion).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import duckdb

from extractors.landing import KINDS, load_kind

OUT = Path(__file__).resolve().parent / "out"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="demo", choices=["tiny", "demo", "large"])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--landing", type=Path, help="an existing landing zone (else generated)")
    args = parser.parse_args()
    base = OUT / args.scale
    base.mkdir(parents=True, exist_ok=True)
    landing = args.landing or base / "landing"
    if not (landing / "clients.csv").exists():
        from contractops.generate import generate_landing_zone

        t = time.perf_counter()
        generate_landing_zone(base, scale=args.scale, seed=args.seed)
        print(f"generated {args.scale} in {time.perf_counter() - t:.1f} s")
    db = base / "ingest_bench.duckdb"
    db.unlink(missing_ok=True)
    con = duckdb.connect(str(db))
    con.execute("SET TimeZone = 'UTC'")
    results = {}
    total = time.perf_counter()
    for kind in KINDS:
        t = time.perf_counter()
        report = load_kind(con, landing, kind)
        seconds = time.perf_counter() - t
        results[kind] = {"rows_read": report.rows_read, "rows_clean": report.rows_clean,
                         "rows_rejected": report.rows_rejected, "rows_superseded": report.rows_superseded,
                         "seconds": round(seconds, 2),
                         "rows_per_second": round(report.rows_read / seconds) if seconds else None}
        print(f"{kind:24s} {report.rows_read:>10,d} rows  {seconds:7.2f} s")
    print(f"{'total':24s} {sum(r['rows_read'] for r in results.values()):>10,d} rows  {time.perf_counter() - total:7.2f} s")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
