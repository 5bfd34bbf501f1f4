"""Contract PDF extraction throughput: cold cache on every core, then an unchanged rerun.

    python benchmarks/extraction_throughput.py --landing DIR/landing [--workers N]

Reports PDFs/s and pages/s for a cold run (empty cache, process pool), the wall time of a rerun
with nothing changed (every PDF is hashed, none is read), and of a rerun with one PDF changed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from extractors.contract_pdf import UnreadablePdf, extract_many  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--landing", type=Path, required=True)
    ap.add_argument("--workers", type=int, default=None, help="default: every core")
    args = ap.parse_args(argv)
    pdfs = sorted((args.landing / "contracts").glob("*.pdf"))
    if not pdfs:
        print(f"no PDFs under {args.landing / 'contracts'}", file=sys.stderr)
        return 2
    workers = args.workers or os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        t0 = time.perf_counter()
        cold = extract_many(pdfs, cache, workers)
        cold_s = time.perf_counter() - t0
        read = [r for r in cold.values() if not isinstance(r, UnreadablePdf)]
        pages = sum(len(r.pages) for r in read)

        t0 = time.perf_counter()
        extract_many(pdfs, cache, workers)
        warm_s = time.perf_counter() - t0

        # One document replaced by new content: only it is read again.
        work = Path(tmp) / "contracts"
        work.mkdir()
        copies = [work / p.name for p in pdfs]
        for p, c in zip(pdfs, copies):
            shutil.copyfile(p, c)
        extract_many(copies, cache, workers)
        victim = next(c for c, p in zip(copies, pdfs) if not isinstance(cold[p], UnreadablePdf))
        victim.write_bytes(victim.read_bytes() + b"\n% amended\n")
        t0 = time.perf_counter()
        extract_many(copies, cache, workers)
        one_s = time.perf_counter() - t0

    print(f"PDFs: {len(pdfs)} ({len(read)} readable, {len(pdfs) - len(read)} unreadable), "
          f"pages: {pages}, workers: {workers} (cores: {os.cpu_count()})")
    print(f"cold cache:        {cold_s:7.2f} s  {len(pdfs) / cold_s:6.2f} PDFs/s  "
          f"{pages / cold_s:6.2f} pages/s")
    print(f"unchanged rerun:   {warm_s:7.2f} s  ({warm_s / len(pdfs) * 1000:.2f} ms per PDF: "
          f"hash + cache read)")
    print(f"one PDF changed:   {one_s:7.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
