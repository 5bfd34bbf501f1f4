"""Contract PDF extraction accuracy, field by field, against the generator's ground truth.

    python benchmarks/extraction_accuracy.py --landing DIR/landing --truth DIR/ground_truth/contracts.jsonl
    python benchmarks/extraction_accuracy.py --synthetic 400 --seed 11     # no landing zone needed

Per flat field (the seam of `extractors.contract_pdf`):
  precision = confident values given that are right / confident values given
  recall    = truth values found right (confidently) / truth values present
A value with confidence < 0.8 counts as not given (it goes to review, not into judgements).
Documents with a YAML correction beside them are scored apart (their corrected fields are what the
PDF deliberately gets wrong or leaves out); unreadable PDFs are reported, not scored.

`--synthetic N` renders N contracts from the sample-data generator's own term model
(`contractops.generate.business`) with `pdf_render`, in every layout, and scores those.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from extractors.contract_pdf import CONFIDENT, UnreadablePdf, extract_many  # noqa: E402
from extractors.pdf_values import canonical_windows  # noqa: E402

SCALAR = ["contract_id", "client_id", "title", "tier", "start_date", "end_date", "auto_renew",
          "renewal_notice_days", "previous_contract_id", "annual_value", "currency"]
NESTED = ["billing.model", "billing.monthly_fee", "billing.included_hours_per_month",
          "billing.overage_rate", "billing.rates.standard", "billing.rates.after_hours",
          "billing.rates.emergency", "coverage.timezone", "coverage.hours",
          "coverage.public_holidays", "coverage.closed_dates", "penalties.credit_pct_per_breach",
          "penalties.monthly_credit_cap_pct", "compliance.required_credentials",
          "compliance.insurance_minimums.general_liability",
          "compliance.insurance_minimums.cyber_liability",
          "compliance.insurance_minimums.professional_liability",
          "compliance.insurance_minimums.workers_comp", "compliance.security_clauses"]
NUMERIC = {"annual_value", "renewal_notice_days", "billing.monthly_fee",
           "billing.included_hours_per_month", "billing.overage_rate", "billing.rates.standard",
           "billing.rates.after_hours", "billing.rates.emergency",
           "penalties.credit_pct_per_breach", "penalties.monthly_credit_cap_pct"} | {
    f"compliance.insurance_minimums.{k}" for k in
    ("general_liability", "cyber_liability", "professional_liability", "workers_comp")}
LISTS = ["included_services", "excluded_services", "escalation_contacts", "special_instructions"]


def _get(d, path):
    for part in path.split("."):
        if not isinstance(d, dict):
            return None
        d = d.get(part)
    return d


def flatten_terms(terms: dict) -> dict[str, object]:
    """Spec section 2 terms -> {flat field: value}; absent/None terms are left out."""
    out = {}
    for path in SCALAR + NESTED + LISTS:
        v = _get(terms, path)
        if v is not None:
            out[path] = v
    sla = terms.get("sla")
    if sla:
        rows = sla.items() if isinstance(sla, dict) else [(r["priority"], r) for r in sla]
        for prio, r in rows:
            for key in ("response_minutes", "resolution_minutes", "clock"):
                if r.get(key) is not None:
                    out[f"sla.{prio}.{key}"] = r[key]
    return out


def _norm(field: str, v):
    """A comparable form: numbers as Decimal, dates as ISO text, hours as windows."""
    if v is None:
        return None
    if field == "coverage.hours":
        w = canonical_windows(str(v))
        return json.dumps(w, sort_keys=True) if w else str(v)
    if isinstance(v, bool):
        return v
    if field in NUMERIC or field.endswith("_minutes"):
        try:
            return Decimal(str(v)).normalize()
        except ArithmeticError:
            return str(v)
    if isinstance(v, (int, float, Decimal)):
        return Decimal(str(v)).normalize()
    if isinstance(v, date):
        return v.isoformat()
    if field == "coverage.closed_dates":
        return sorted(_norm("d", x) for x in v)
    if field in ("start_date", "end_date"):
        return str(v)[:10]
    if field == "escalation_contacts":
        return [{k: (str(c.get(k)) if c.get(k) is not None else None)
                 for k in ("level", "name", "role", "email", "phone")} for c in
                sorted(v, key=lambda c: int(c.get("level") or 0))]
    if isinstance(v, list):
        return [_norm("x", x) for x in v]
    if isinstance(v, str) and field not in ("special_instructions", "title"):
        return v.strip()
    return " ".join(str(v).split())


class Score:
    def __init__(self):
        self.given = defaultdict(int)
        self.right = defaultdict(int)
        self.present = defaultdict(int)
        self.found = defaultdict(int)
        self.low = defaultdict(int)
        self.errors: list[str] = []

    def add(self, cid: str, truth: dict, fields: dict, skip: set[str] = frozenset()):
        for name in set(truth) | set(fields):
            if name in skip:
                continue
            t = _norm(name, truth.get(name))
            fld = fields.get(name)
            confident = fld is not None and fld.confidence >= CONFIDENT
            if fld is not None and not confident:
                self.low[name] += 1
            e = _norm(name, fld.value) if confident else None
            if t is not None:
                self.present[name] += 1
            if confident:
                self.given[name] += 1
                if e == t:
                    self.right[name] += 1
                else:
                    self.errors.append(f"{cid} {name}: extracted {e!r} truth {t!r} "
                                       f"(p{fld.page}: {fld.snippet[:70]!r})")
            if t is not None and confident and e == t:
                self.found[name] += 1

    def table(self) -> str:
        names = sorted(set(self.present) | set(self.given))
        lines = ["| field | truth present | given | precision | recall | low-confidence |",
                 "|---|---:|---:|---:|---:|---:|"]
        tot = [0, 0, 0, 0]
        for n in names:
            p = self.right[n] / self.given[n] if self.given[n] else float("nan")
            r = self.found[n] / self.present[n] if self.present[n] else float("nan")
            lines.append(f"| {n} | {self.present[n]} | {self.given[n]} | {p:.2%} | {r:.2%} | "
                         f"{self.low[n]} |")
            tot[0] += self.present[n]
            tot[1] += self.given[n]
            tot[2] += self.right[n]
            tot[3] += self.found[n]
        lines.append(f"| **all fields** | {tot[0]} | {tot[1]} | {tot[2] / max(tot[1], 1):.2%} | "
                     f"{tot[3] / max(tot[0], 1):.2%} | {sum(self.low.values())} |")
        return "\n".join(lines)

    def worst(self) -> tuple[float, float]:
        ps = [self.right[n] / self.given[n] for n in self.given if self.given[n]]
        rs = [self.found[n] / self.present[n] for n in self.present if self.present[n]]
        return (min(ps) if ps else 1.0, min(rs) if rs else 1.0)


corrected_checks: list[str] = []


def score_landing(landing: Path, truth_path: Path, cache: Path, workers: int | None):
    truth = {}
    for line in truth_path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            k = json.loads(line)
            truth[k["contract_id"]] = k
    docs_path = truth_path.parent / "contract_documents.jsonl"
    docs = {}
    if docs_path.exists():
        for line in docs_path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                docs[d["stem"]] = d
    pdfs = sorted((landing / "contracts").glob("*.pdf"))
    t0 = time.perf_counter()
    results = extract_many(pdfs, cache, workers)
    secs = time.perf_counter() - t0
    main, corrected = Score(), Score()
    corrected_checks.clear()
    unreadable = []
    for pdf in pdfs:
        res = results[pdf]
        doc = docs.get(pdf.stem, {})
        cid = doc.get("contract_id", pdf.stem)
        if isinstance(res, UnreadablePdf):
            unreadable.append(f"{pdf.name}: {res} (expected: {doc.get('case', 'a readable PDF')})")
            continue
        if cid not in truth:
            continue
        flat = flatten_terms(truth[cid])
        if doc.get("yaml_kind") == "correction":
            skip = set(doc.get("corrected_fields") or [])
            corrected.add(cid, flat, res.fields, skip)
            # The corrected fields themselves: extraction should report what the PDF states
            # (the YAML beside it then wins in the lead's merge).
            for name, stated in (doc.get("pdf_states") or {}).items():
                got = res.fields.get(name)
                said = _norm(name, stated)
                read = _norm(name, got.value) if got else None
                corrected_checks.append(f"{cid} {name}: PDF states {said!r}, extracted {read!r}"
                                        f" -> {'ok' if said == read else 'MISMATCH'}")
        else:
            main.add(cid, flat, res.fields)
    return main, corrected, unreadable, len(pdfs), secs


def synthetic_corpus(out: Path, n: int, seed: int):
    """Contracts drawn from the generator's term model, rendered in every layout."""
    import numpy as np

    from contractops.generate import business
    from contractops.generate.pdf_render import LAYOUTS, render_contract_pdf

    rng = np.random.default_rng(seed)
    clients = business.make_clients(rng, max(8, n // 2))
    contracts = business.make_contracts(rng, clients, date(2026, 11, 16), date(2023, 9, 1))
    by_client = {c["client_id"]: {k: v for k, v in c.items() if not k.startswith("_")}
                 for c in clients}
    out.mkdir(parents=True, exist_ok=True)
    truth = {}
    for i, k in enumerate(contracts[:n]):
        layout = LAYOUTS[i % len(LAYOUTS)]
        render_contract_pdf(k, by_client[k["client_id"]], out / f"{k['contract_id']}.pdf", layout,
                            seed * 100_000 + i)
        truth[k["contract_id"]] = k
    return truth


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--landing", type=Path, help="landing zone (with contracts/*.pdf)")
    ap.add_argument("--truth", type=Path, help="ground_truth/contracts.jsonl")
    ap.add_argument("--synthetic", type=int, help="score N freshly rendered contracts instead")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--errors", type=int, default=30, help="show this many wrong values")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        if args.synthetic:
            folder = Path(tmp) / "landing" / "contracts"
            truth = synthetic_corpus(folder, args.synthetic, args.seed)
            tp = Path(tmp) / "ground_truth" / "contracts.jsonl"
            tp.parent.mkdir(parents=True)
            from contractops.generate.writer import write_jsonl
            write_jsonl(tp, list(truth.values()))
            main_s, corr_s, unreadable, n, secs = score_landing(folder.parent, tp, cache,
                                                                args.workers)
        else:
            if not args.landing or not args.truth:
                ap.error("give --landing and --truth, or --synthetic N")
            main_s, corr_s, unreadable, n, secs = score_landing(args.landing, args.truth, cache,
                                                                args.workers)
    print(f"{n} PDFs extracted in {secs:.1f} s; unreadable: {len(unreadable)}")
    for u in unreadable:
        print("  unreadable:", u)
    print("\nDocuments scored on the raw PDF (no YAML correction beside them):\n")
    print(main_s.table())
    if corr_s.present:
        print("\nDocuments with a YAML correction beside them (corrected fields excluded):\n")
        print(corr_s.table())
    for line in corrected_checks:
        print("  corrected field:", line)
    errs = main_s.errors + corr_s.errors
    if errs:
        print(f"\n{len(errs)} wrong values; first {min(len(errs), args.errors)}:")
        for e in errs[:args.errors]:
            print("  ", e)
    p, r = main_s.worst()
    print(f"\nworst field precision {p:.2%}, worst field recall {r:.2%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
