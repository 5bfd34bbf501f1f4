"""Time the sample-data generator and measure what it writes.

    .venv/bin/python benchmarks/generate_bench.py [--scale demo --scale large] [--seed 7]
                                                  [--out DIR]

Each scale runs in its own process (so its peak memory is its own); prints a Markdown table for
benchmarks/RESULTS.md ("## Sample data generation").
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

CHILD = """
import json, resource, sys
from pathlib import Path
from contractops.generate import generate_landing_zone
s = generate_landing_zone(Path(sys.argv[1]), scale=sys.argv[2], seed=int(sys.argv[3]))
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
s["peak_rss_mb"] = round(me.ru_maxrss / 1024)
# CPU seconds of this process and its PDF workers: steadier than wall-clock on a shared box
s["cpu_seconds"] = round(me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime, 1)
print(json.dumps(s))
"""


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def mb(n: int) -> str:
    return f"{n / 1e6:,.1f} MB"


def main() -> None:
    from contractops.settings import DEFAULT_CACHE

    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", action="append", choices=["tiny", "demo", "large"])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, default=DEFAULT_CACHE / "generate_bench")
    args = ap.parse_args()
    scales = args.scale or ["demo", "large"]
    rows = []
    for scale in scales:
        out = args.out / scale
        proc = subprocess.run([sys.executable, "-c", CHILD, str(out), scale, str(args.seed)],
                              cwd=REPO, capture_output=True, text=True, check=True)
        s = json.loads(proc.stdout.strip().splitlines()[-1])
        landing = out / "landing"
        csv_bytes = sum(p.stat().st_size for p in landing.glob("*.csv"))
        docs = du(landing / "contracts")
        rows.append((scale, s, du(landing), csv_bytes, docs, du(out / "ground_truth")))
        print(json.dumps({"scale": scale, "seconds": s["seconds"], "stages": s["stage_seconds"],
                          "cpu_seconds": s["cpu_seconds"], "peak_rss_mb": s["peak_rss_mb"],
                          "stage_peak_rss_mb": s["stage_peak_rss_mb"]}),
              file=sys.stderr)
    load = os.getloadavg()
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, "
          f"load average at the end {load[0]:.1f}; seed {args.seed}.\n")
    print("| scale | wall seconds | CPU seconds | peak RSS | tickets | timesheet entries | contracts | landing size "
          "(CSV + contract documents) | ground truth |")
    print("|---|---:|---:|---:|---:|---:|---:|---|---:|")
    for scale, s, total, csv_bytes, docs, truth in rows:
        c = s["counts"]
        print(f"| {scale} | {s['seconds']:.1f} | {s['cpu_seconds']:.1f} | {s['peak_rss_mb']:,} MB | {c['tickets']:,} | "
              f"{c['timesheet_entries']:,} | {c['contracts']:,} "
              f"({c['contract_pdfs']} PDF, {c['contract_yamls']} YAML) | {mb(total)} "
              f"({mb(csv_bytes)} + {mb(docs)}) | {mb(truth)} |")
    print()
    for scale, s, *_ in rows:
        print(f"- {scale} stages (s): " + ", ".join(f"{k} {v}" for k, v in
                                                    s["stage_seconds"].items()))
        print(f"- {scale} peak RSS by the end of each stage (MB): " + ", ".join(
            f"{k} {v:,}" for k, v in s["stage_peak_rss_mb"].items()))


if __name__ == "__main__":
    main()
