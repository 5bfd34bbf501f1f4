"""`make bench`: every benchmark script in this folder, one after another, output to benchmarks/out/.

Each script prints its figures; RESULTS.md records them with the command that produced them.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = [
    # the whole pipeline per step (issue 17): demo medians of 3 full runs + 2 reruns, then large
    # once (its landing zone is generated once and cached by seed and generator version)
    ["pipeline_bench.py", "--scale", "demo", "--runs", "3", "--reruns", "2"],
    ["pipeline_bench.py", "--scale", "large", "--runs", "1", "--reruns", "1"],
    ["generate_bench.py"],
    ["ingest_bench.py", "--scale", "large"],
    ["extraction_throughput.py"],
    ["sla_bench.py"],
    ["billing_accuracy.py"],
    ["extraction_accuracy.py"],
    ["search_relevance.py"],
]


def main() -> int:
    (HERE / "out").mkdir(exist_ok=True)
    failed = []
    for args in SCRIPTS:
        script = HERE / args[0]
        if not script.exists():
            print(f"-- {args[0]}: not present, skipped")
            continue
        print(f"== {' '.join(args)}", flush=True)
        t = time.perf_counter()
        code = subprocess.call([sys.executable, str(script), *args[1:]], cwd=HERE.parent)
        print(f"-- {args[0]}: exit {code} in {time.perf_counter() - t:.1f} s", flush=True)
        if code:
            failed.append(args[0])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
