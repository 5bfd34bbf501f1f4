"""The escalation ladder read from contract PDFs, scored on an independent corpus (documents the
reader's author did not write).

    python benchmarks/extraction_escalation.py                       # tests/data/escalation_independent
    python benchmarks/extraction_escalation.py --corpus DIR --workers 2

Corpus: a folder with `manifest.yaml` (`contracts:` entries with `pdf` and/or `scan` and `truth`
paths, like tests/data/contracts_independent) or, without a manifest, PDFs next to truth YAMLs of
the same stem (anywhere below the folder). A truth YAML's `escalation:` list is the ladder the
document states (absent or empty: the document states none, e.g. contacts only).

Both sides go through `extractors.contract_terms.parse_escalation_steps`, so a ladder is a set of
step rows {priority, clock, threshold_pct, notify, contact_level} (one row per step and recipient):
  precision = rows read at confidence >= 0.8 that are in the truth / rows read at >= 0.8
  recall    = truth rows read at confidence >= 0.8 / truth rows
A ladder below 0.8 goes to review (counted apart, not as given). A document that states no ladder
and gets a confident one counts its rows as wrong. The same figures are also given over the
effective rows (each priority x clock, the most specific matching steps, as int_escalation_ladders
applies them), where two spellings of the same ladder count the same.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from extractors.contract_pdf import CONFIDENT, UnreadablePdf, extract_many  # noqa: E402
from extractors.contract_terms import TermError, parse_escalation_steps  # noqa: E402
from extractors.reader_client import Client  # noqa: E402

CORPUS = REPO / "tests" / "data" / "escalation_independent"


def rows_of(ladder) -> set[tuple]:
    """A ladder in the YAML shape -> its set of step rows."""
    if not ladder:
        return set()
    return {(r["priority"], r["clock"], float(r["threshold_pct"]), r["notify"], r["contact_level"])
            for r in parse_escalation_steps(ladder)}


def effective(rows: set[tuple]) -> set[tuple]:
    """The ladder as the warehouse applies it (int_escalation_ladders): for each priority and
    clock, the matching steps of the highest specificity (priority 2 + clock 1). Two ladders that
    say the same thing ('every priority' + a P1 ladder that replaces it, or the steps spelled out
    per priority) have the same effective rows."""
    out = set()
    for prio in ("P1", "P2", "P3", "P4"):
        for clock in ("response", "resolution"):
            match = [r for r in rows if r[0] in (None, prio) and r[1] in (None, clock)]
            if not match:
                continue
            best = max((r[0] is not None) * 2 + (r[1] is not None) for r in match)
            out |= {(prio, clock, *r[2:]) for r in match if (r[0] is not None) * 2 + (r[1] is not None) == best}
    return out


def load_documents(corpus: Path, which: str) -> list[tuple[str, Path, dict]]:
    """(stem, pdf path, truth terms) for each document of the kind `which` (pdf | scan)."""
    manifest = corpus / "manifest.yaml"
    docs = []
    if manifest.exists():
        data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
        for d in data.get("contracts", data.get("documents", [])):
            rel = d.get(which)
            if not rel or not d.get("truth"):
                continue
            truth = yaml.safe_load((corpus / d["truth"]).read_text(encoding="utf-8")) or {}
            docs.append((d.get("stem") or Path(rel).stem, corpus / rel, truth))
        return docs
    if which != "pdf":
        return []
    truths = {p.stem: p for p in corpus.rglob("*.y*ml") if p.suffix in (".yaml", ".yml")}
    for pdf in sorted(corpus.rglob("*.pdf")):
        if pdf.stem in truths:
            docs.append((pdf.stem, pdf, yaml.safe_load(truths[pdf.stem].read_text(encoding="utf-8")) or {}))
    return docs


def load_clients(corpus: Path) -> tuple[Client, ...]:
    path = corpus / "clients.csv"
    if not path.exists():
        return ()
    with open(path, newline="", encoding="utf-8") as fh:
        return tuple(Client(r["client_id"], r.get("client_name") or "", r.get("country") or None)
                     for r in csv.DictReader(fh))


def score(docs, cache: Path, workers: int | None, clients=()):
    t0 = time.perf_counter()
    results = extract_many([p for _, p, _ in docs], cache, workers, clients=clients)
    secs = time.perf_counter() - t0
    given = right = present = found = reviewed = 0
    eff = {"given": 0, "right": 0, "present": 0}
    lines, errors = [], []
    for stem, path, truth_terms in docs:
        try:
            truth = rows_of(truth_terms.get("escalation"))
        except TermError as exc:
            lines.append(f"  {stem}: truth not usable ({exc})")
            continue
        res = results[path]
        fld = None if isinstance(res, UnreadablePdf) else res.fields.get("escalation")
        read = rows_of(fld.value) if fld is not None else set()
        confident = fld is not None and fld.confidence >= CONFIDENT
        present += len(truth)
        eff_truth, eff_read = effective(truth), effective(read) if confident else set()
        eff["present"] += len(eff_truth)
        eff["given"] += len(eff_read)
        eff["right"] += len(eff_read & eff_truth)
        status = "no ladder" if fld is None else f"conf {fld.confidence:.2f}"
        if fld is not None and not confident:
            reviewed += 1
            status += " (review)"
        if confident:
            given += len(read)
            right += len(read & truth)
            found += len(read & truth)
        problems = [] if isinstance(res, UnreadablePdf) else [
            p for p in res.problems if p.startswith("escalation")]
        ok = "ok " if (read if confident else set()) == truth else "ERR"
        lines.append(f"  {ok} {stem}: truth {len(truth)} rows, read {len(read)} ({status}), "
                     f"right {len(read & truth)}")
        if ok == "ERR":
            if isinstance(res, UnreadablePdf):
                errors.append(f"{stem}: unreadable: {res}")
            for r in sorted(truth - (read if confident else set()), key=str):
                errors.append(f"{stem}: missed {r}")
            for r in sorted(read - truth, key=str):
                errors.append(f"{stem}: {'wrong' if confident else 'wrong (review)'} {r}")
            for p in problems:
                errors.append(f"{stem}: problem: {p[:200]}")
    return {"given": given, "right": right, "present": present, "found": found,
            "reviewed": reviewed, "eff": eff, "lines": lines, "errors": errors, "secs": secs, "n": len(docs)}


def report(title: str, s: dict, errors: int) -> None:
    prec = s["right"] / s["given"] if s["given"] else float("nan")
    rec = s["found"] / s["present"] if s["present"] else float("nan")
    print(f"\n## {title}: {s['n']} documents in {s['secs']:.1f} s")
    print(f"escalation rows: precision {prec:.2%} ({s['right']}/{s['given']}), "
          f"recall {rec:.2%} ({s['found']}/{s['present']}); "
          f"ladders below {CONFIDENT} (review): {s['reviewed']}")
    e = s["eff"]
    print(f"effective rows (per priority x clock, as int_escalation_ladders applies them): precision "
          f"{e['right'] / e['given'] if e['given'] else float('nan'):.2%} ({e['right']}/{e['given']}), "
          f"recall {e['right'] / e['present'] if e['present'] else float('nan'):.2%} ({e['right']}/{e['present']})")
    print("\n".join(s["lines"]))
    if s["errors"]:
        print(f"\ndifferences (first {errors}):")
        print("\n".join("  " + e for e in s["errors"][:errors]))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--errors", type=int, default=60)
    ap.add_argument("--no-scans", action="store_true")
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    clients = load_clients(args.corpus)
    with tempfile.TemporaryDirectory() as tmp:
        for which in ("pdf",) if args.no_scans else ("pdf", "scan"):
            docs = load_documents(args.corpus, which)
            if docs:
                report("text PDFs" if which == "pdf" else "scanned PDFs",
                       score(docs, Path(tmp) / which, args.workers, clients), args.errors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
