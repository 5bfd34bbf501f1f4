"""Contract PDF extraction scored on the independent corpus (documents the reader's author did not write).

    python benchmarks/extraction_independent.py                 # text PDFs, then scans
    python benchmarks/extraction_independent.py --no-scans      # text PDFs only (seconds)
    python benchmarks/extraction_independent.py --errors 100    # list more wrong values
    python benchmarks/extraction_independent.py --no-scans --throughput   # + CPU time vs bare pdfplumber

Corpus: `tests/data/contracts_independent/` (44 text PDFs in 9 layouts, 12 image-only scans of
some of them, one blank scan; truth YAML per document; see its README for the conventions).

Per flat field (the seam of `extractors.contract_pdf`, flattened as in extraction_accuracy.py):
  precision   = confident values (confidence >= 0.8) equal to truth / confident values given
  recall      = truth values found right at confidence >= 0.8 / truth values present
  calibration = for each confidence band, the share of values given in it that are right
                (a value given at >= 0.8 should be right; one below 0.8 goes to review)
contract_id: when the reader gives none, the loader uses the file stem and lists the contract for
review (orchestration/defs/contracts/assets.py); counted here as "from file stem", split by whether
the document prints a reference (that case is a failure: the target is 0).
The reader is given the corpus's clients.csv (id, legal name, country), as the warehouse knows
its clients: a client printed only by legal name resolves to its id, and its country decides
d/m vs m/d dates and zone names such as "Eastern Time".
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.extraction_accuracy import Score, _norm, flatten_terms  # noqa: E402
from extractors.contract_pdf import CONFIDENT, UnreadablePdf, extract_many  # noqa: E402
from extractors.reader_client import Client  # noqa: E402

CORPUS = REPO / "tests" / "data" / "contracts_independent"
BANDS = [(0.0, 0.5), (0.5, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 1.01)]


def load_clients(corpus: Path = CORPUS) -> tuple[Client, ...]:
    """clients.csv: what the warehouse knows about each client (id, legal name, country)."""
    import csv
    with open(corpus / "clients.csv", newline="", encoding="utf-8") as fh:
        return tuple(Client(r["client_id"], r["client_name"], r["country"] or None)
                     for r in csv.DictReader(fh))


def load_corpus(corpus: Path = CORPUS) -> list[dict]:
    """The manifest's documents, each with its parsed truth."""
    manifest = yaml.safe_load((corpus / "manifest.yaml").read_text(encoding="utf-8"))
    docs = []
    for d in manifest["contracts"]:
        truth = yaml.safe_load((corpus / d["truth"]).read_text(encoding="utf-8"))
        docs.append({**d, "truth_terms": truth})
    return docs


class Calibration:
    def __init__(self):
        self.n = defaultdict(int)
        self.right = defaultdict(int)

    def add(self, truth: dict, fields: dict):
        for name, fld in fields.items():
            if name == "contract_id" and getattr(fld, "confidence", 1) == 0:
                continue
            band = next(b for b in BANDS if b[0] <= fld.confidence < b[1])
            self.n[band] += 1
            if _norm(name, fld.value) == _norm(name, truth.get(name)):
                self.right[band] += 1

    def high(self) -> tuple[int, int]:
        n = sum(v for b, v in self.n.items() if b[0] >= CONFIDENT)
        r = sum(v for b, v in self.right.items() if b[0] >= CONFIDENT)
        return r, n

    def table(self) -> str:
        lines = ["| confidence | values given | right | share right |", "|---|---:|---:|---:|"]
        for b in BANDS:
            n, r = self.n[b], self.right[b]
            share = f"{r / n:.2%}" if n else "-"
            lines.append(f"| {b[0]:.2f}-{min(b[1], 1.0):.2f} | {n} | {r} | {share} |")
        r, n = self.high()
        lines.append(f"| **>= {CONFIDENT}** | {n} | {r} | {(r / n if n else float('nan')):.2%} |")
        return "\n".join(lines)


def score(docs: list[dict], which: str, cache: Path, workers: int | None):
    """which: 'pdf' or 'scan'. Returns a dict of results (Score, Calibration, counts, timing)."""
    paths = []
    for d in docs:
        rel = d.get(which)
        if rel:  # a document with `no_terms: true` (the blank scan) must be rejected, not read
            paths.append((CORPUS / rel, None if d["truth_terms"].get("no_terms") else d))
    t0 = time.perf_counter()
    results = extract_many([p for p, _ in paths], cache, workers, clients=load_clients())
    secs = time.perf_counter() - t0
    s, cal = Score(), Calibration()
    unreadable, stem_ids, stem_ids_printed, pages = [], [], [], 0
    ocr_pages, ocr_secs = 0, 0.0
    for path, d in paths:
        res = results[path]
        if d is None:  # the blank scan: it must be rejected with a reason
            unreadable.append(f"{path.name}: {res if isinstance(res, UnreadablePdf) else 'READ (expected a rejection)'}")
            continue
        truth = flatten_terms(d["truth_terms"])
        if isinstance(res, UnreadablePdf):
            unreadable.append(f"{path.name}: {res}")
            s.add(d["stem"], truth, {})
            continue
        pages += len(res.pages)
        ocr_pages += len(res.ocr_pages)
        ocr_secs += res.ocr_seconds
        cid = res.fields.get("contract_id")
        if cid is None or cid.confidence < CONFIDENT:
            stem_ids.append(d["stem"])
            if truth.get("contract_id"):
                stem_ids_printed.append(d["stem"])
        s.add(d["stem"], truth, res.fields)
        cal.add(truth, res.fields)
    return {"score": s, "cal": cal, "n": len(paths), "secs": secs, "pages": pages,
            "unreadable": unreadable, "stem_ids": stem_ids, "stem_ids_printed": stem_ids_printed,
            "ocr_pages": ocr_pages, "ocr_secs": ocr_secs}


def overall(s: Score) -> tuple[float, float, int, int, int]:
    given = sum(s.given.values())
    right = sum(s.right.values())
    present = sum(s.present.values())
    found = sum(s.found.values())
    return (right / given if given else float("nan"), found / present if present else float("nan"),
            given, right, present)


def report(name: str, r: dict, errors: int) -> None:
    s = r["score"]
    p, rec, given, right, present = overall(s)
    print(f"\n## {name}: {r['n']} PDFs ({r['pages']} pages read) in {r['secs']:.1f} s")
    print(f"overall precision {p:.2%} ({right}/{given}), recall {rec:.2%} "
          f"({sum(s.found.values())}/{present})")
    print(f"unreadable: {len(r['unreadable'])}")
    for u in r["unreadable"]:
        print("  ", u)
    print(f"contract_id from file stem: {len(r['stem_ids'])} "
          f"(of which the document prints a reference: {len(r['stem_ids_printed'])} "
          f"{r['stem_ids_printed']})\n")
    print(s.table())
    print("\ncalibration (all values the reader gave, by confidence):\n")
    print(r["cal"].table())
    print(calibration_line(r["cal"]))
    if s.errors:
        print(f"\n{len(s.errors)} wrong confident values; first {min(errors, len(s.errors))}:")
        for e in s.errors[:errors]:
            print("  ", e)


def calibration_line(cal: Calibration) -> str:
    """The headline of calibration (issue 10, point 4): of the values given at confidence >= the
    threshold (the ones the warehouse uses as terms), the share right; and how many values below it
    went to review instead (and how many of those would have been right)."""
    r, n = cal.high()
    low_n = sum(v for b, v in cal.n.items() if b[0] < CONFIDENT)
    low_r = sum(v for b, v in cal.right.items() if b[0] < CONFIDENT)
    share = f"{r / n:.2%}" if n else "-"
    return (f"calibration: of {n} values given at confidence >= {CONFIDENT}, {r} right ({share}); "
            f"{low_n} below {CONFIDENT} went to review ({low_r} of them right)")


def throughput(docs: list[dict]) -> None:
    """Text PDFs, one process, CPU time: the reader vs bare pdfplumber extract_text +
    extract_tables on the same files (the issue's target: within 1.5x)."""
    import pdfplumber

    from extractors.contract_pdf import extract_contract_pdf
    clients = load_clients()
    paths = [CORPUS / d["pdf"] for d in docs if d.get("pdf")]
    t0 = time.process_time()
    for p in paths:
        with pdfplumber.open(p) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.extract_tables()
    bare = time.process_time() - t0
    t0 = time.process_time()
    for p in paths:
        extract_contract_pdf(p, clients)
    reader = time.process_time() - t0
    print(f"\nthroughput, {len(paths)} text PDFs, one process, CPU seconds: bare pdfplumber "
          f"extract_text+extract_tables {bare:.2f} s, reader {reader:.2f} s "
          f"({reader / bare:.2f}x)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--no-scans", action="store_true", help="text PDFs only")
    ap.add_argument("--scans-only", action="store_true")
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--errors", type=int, default=40)
    ap.add_argument("--throughput", action="store_true", help="also time the reader vs bare pdfplumber")
    args = ap.parse_args(argv)
    docs = load_corpus()
    if args.throughput:
        throughput(docs)
    with tempfile.TemporaryDirectory() as tmp:
        if not args.scans_only:
            text = score(docs, "pdf", Path(tmp) / "c1", args.workers)
            report("text PDFs", text, args.errors)
        if not args.no_scans:
            r = score(docs, "scan", Path(tmp) / "c2", args.workers)
            report("scanned (image-only) PDFs", r, args.errors)
            if not args.scans_only:
                both = Calibration()
                for cal in (text["cal"], r["cal"]):
                    for band in BANDS:
                        both.n[band] += cal.n[band]
                        both.right[band] += cal.right[band]
                print(f"\ntext + scans, {calibration_line(both)}")
            if r["pages"]:
                print(f"\nwall time per scanned page read: {r['secs'] / r['pages']:.2f} s "
                      f"({r['pages']} pages, {args.workers or 'all'} workers)")
            if r["ocr_pages"]:
                print(f"OCR (render + tesseract) per page, within one worker: "
                      f"{r['ocr_secs'] / r['ocr_pages']:.2f} s over {r['ocr_pages']} pages")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
