"""Accuracy of billing reconciliation, the renewal window and compliance gaps against the sample
generator's ground truth (ground_truth/anomalies.jsonl).

    python benchmarks/billing_accuracy.py                      # generate demo data, materialize, compare
                                                               # (under benchmarks/out/billing_accuracy/)
    python benchmarks/billing_accuracy.py --warehouse W.duckdb --ground-truth DIR   # compare only

Billing: every labelled entry must carry its expected finding (recall, per anomaly kind) and no
unlabelled entry may be flagged (precision, per finding). Renewals: mart_renewal_pipeline must equal
the renewal_due / renewal_lapsed labels. Compliance: mart_compliance_gaps must equal the
credential_* / insurance_* labels. Exit status 0 only when everything is 100 %.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import duckdb

FLAGS = ("underbilled", "overbilled", "out_of_scope_unapproved", "out_of_scope_unbilled", "missing_rate")
BILLING_KINDS = ("rate_mismatch", "out_of_scope_unapproved", "unbilled_overage",
                 "after_hours_at_standard_rate", "included_hours_billed")


def load_labels(ground_truth: Path) -> list[dict]:
    with open(ground_truth / "anomalies.jsonl", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def ratio(hit: int, total: int) -> float | None:
    return hit / total if total else None


def billing(con, labels: list[dict]) -> dict:
    findings = dict(con.execute("select entry_id, finding from marts.fct_billing_reconciliation").fetchall())
    labelled = {lab["entry_id"]: lab for lab in labels if lab["kind"] in BILLING_KINDS}
    by_kind: dict[str, dict] = {}
    for kind in BILLING_KINDS:
        mine = [lab for lab in labelled.values() if lab["kind"] == kind]
        hit = sum(1 for lab in mine if findings.get(lab["entry_id"]) == lab["expected_finding"])
        missed = [lab["entry_id"] for lab in mine if findings.get(lab["entry_id"]) != lab["expected_finding"]]
        by_kind[kind] = {"labelled": len(mine), "found": hit, "recall": ratio(hit, len(mine)), "missed": missed[:10]}
    flagged = {e: f for e, f in findings.items() if f in FLAGS}
    by_finding: dict[str, dict] = {}
    for finding in sorted(set(flagged.values()) | {lab["expected_finding"] for lab in labelled.values()}):
        mine = [e for e, f in flagged.items() if f == finding]
        right = sum(1 for e in mine if e in labelled and labelled[e]["expected_finding"] == finding)
        false = [e for e in mine if e not in labelled or labelled[e]["expected_finding"] != finding]
        by_finding[finding] = {"flagged": len(mine), "correct": right, "precision": ratio(right, len(mine)),
                               "false_positives": false[:10]}
    # contracts whose documents cannot be judged: their entries carry the expected outcome
    unusable = [lab for lab in labels if lab["kind"] == "contract_document_unusable"]
    affected = [(e, lab["expected_finding"]) for lab in unusable for e in lab.get("affected_entry_ids", [])]
    unusable_hit = sum(1 for e, f in affected if findings.get(e) == f)
    # why: what the warehouse said instead, and false positives the ground truth says should
    # never have reached the marts (rows it labels bad_row must be quarantined upstream)
    bad_rows = {lab["entry_id"] for lab in labels if lab["kind"] == "bad_row" and lab.get("entry_id")}
    missed_as = Counter(findings.get(lab["entry_id"], "absent") for lab in labelled.values()
                        if findings.get(lab["entry_id"]) != lab["expected_finding"])
    month_of = {e: (c, m) for e, c, m in con.execute(
        "select entry_id, contract_id, billing_month from marts.fct_billing_reconciliation").fetchall()}
    polluted = {month_of[e] for e in bad_rows if e in month_of}

    def cause(entry_id: str) -> str:
        if entry_id in bad_rows:
            return "the row is labelled bad_row (not quarantined)"
        if month_of.get(entry_id) in polluted:
            return "its contract-month holds a bad_row entry that was not quarantined"
        return "other"

    false_positive_causes = Counter(
        cause(e) for e, f in flagged.items() if e not in labelled or labelled[e]["expected_finding"] != f)
    total_labelled = len(labelled)
    total_found = sum(k["found"] for k in by_kind.values())
    total_correct = sum(f["correct"] for f in by_finding.values())
    return {
        "entries": len(findings), "flagged": len(flagged), "labelled": total_labelled,
        "recall": ratio(total_found, total_labelled), "precision": ratio(total_correct, len(flagged)),
        "by_kind": by_kind, "by_finding": by_finding,
        "unusable_contract_entries": {"labelled": len(affected), "as_expected": unusable_hit},
        "findings": dict(Counter(findings.values()).most_common()),
        "missed_because_warehouse_said": dict(missed_as.most_common()),
        "false_positive_causes": dict(false_positive_causes.most_common()),
    }


def compare_sets(expected: set, actual: set) -> dict:
    return {"expected": len(expected), "actual": len(actual), "matched": len(expected & actual),
            "recall": ratio(len(expected & actual), len(expected)),
            "precision": ratio(len(expected & actual), len(actual)),
            "missing": sorted(map(str, expected - actual))[:10], "extra": sorted(map(str, actual - expected))[:10]}


def renewals(con, labels: list[dict]) -> dict:
    expected = {(lab["contract_id"], lab["expected_pipeline_status"], lab["days_to_end"])
                for lab in labels if lab["kind"] in ("renewal_due", "renewal_lapsed")}
    actual = set(con.execute("select contract_id, pipeline_status, days_to_end from marts.mart_renewal_pipeline").fetchall())
    return compare_sets(expected, actual)


def review_mismatches(con, ground_truth: Path) -> dict:
    """Contracts the warehouse holds for review although the ground truth says they read fine."""
    expected = {}
    path = ground_truth / "contract_documents.jsonl"
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                doc = json.loads(line)
                expected[doc.get("contract_id")] = doc.get("expected_review_status", "ok")
    actual = dict(con.execute("select contract_id, review_status from marts.dim_contracts").fetchall())
    wrong = sorted(c for c, s in actual.items() if s == "needs_review" and expected.get(c, "ok") == "ok")
    return {"needs_review_in_warehouse": sum(1 for s in actual.values() if s == "needs_review"),
            "needs_review_but_ok_in_truth": len(wrong), "examples": wrong[:10]}


def compliance(con, labels: list[dict]) -> dict:
    expected = set()
    for lab in labels:
        if lab["kind"].startswith("credential_"):
            expected.add((lab["contract_id"], "technician", lab["technician_id"], lab["credential"].casefold(), lab["expected_status"]))
        elif lab["kind"].startswith("insurance_"):
            expected.add((lab["contract_id"], "insurance", lab["policy_type"], lab["policy_type"], lab["expected_status"]))
    actual = {(c, t, s, r.casefold(), st) for c, t, s, r, st in con.execute(
        "select contract_id, subject_type, subject_id, requirement, status from marts.mart_compliance_gaps").fetchall()}
    result = compare_sets(expected, actual)
    review = dict(con.execute("select contract_id, review_status from marts.dim_contracts").fetchall())
    result["missing_by_contract_review_status"] = dict(Counter(review.get(k[0], "absent") for k in expected - actual))
    result["by_status"] = {}
    for status in sorted({k[4] for k in expected | actual}):
        e = {k for k in expected if k[4] == status}
        a = {k for k in actual if k[4] == status}
        result["by_status"][status] = {"expected": len(e), "actual": len(a), "matched": len(e & a)}
    return result


def prepare(out: Path, scale: str, seed: int | None) -> tuple[Path, Path, float]:
    """Generate sample data and materialize it; return (warehouse, ground_truth, seconds)."""
    from contractops.generate import generate_landing_zone
    from contractops.pipeline import materialize

    if seed is None:
        generate_landing_zone(out, scale)
    else:
        generate_landing_zone(out, scale, seed)
    ground_truth = out / "ground_truth"
    as_of = json.loads((ground_truth / "manifest.json").read_text())["as_of"]
    warehouse = out / "warehouse.duckdb"
    started = time.perf_counter()
    result = materialize(landing_dir=out / "landing", warehouse_path=warehouse, as_of=as_of)
    if not result.success:
        raise SystemExit(f"materialize failed: {result.failed_steps}")
    return warehouse, ground_truth, time.perf_counter() - started


def pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.2f} %"


def report(result: dict) -> str:
    b, r, c = result["billing"], result["renewals"], result["compliance"]
    lines = ["| check | labelled | found | recall | precision |", "|---|---:|---:|---:|---:|"]
    for kind, k in b["by_kind"].items():
        lines.append(f"| billing `{kind}` | {k['labelled']} | {k['found']} | {pct(k['recall'])} | |")
    for finding, f in b["by_finding"].items():
        lines.append(f"| billing finding `{finding}` | | {f['flagged']} flagged, {f['correct']} labelled | | {pct(f['precision'])} |")
    lines.append(f"| billing, all anomalies | {b['labelled']} | {b['flagged']} flagged | {pct(b['recall'])} | {pct(b['precision'])} |")
    u = b["unusable_contract_entries"]
    lines.append(f"| entries of unusable contract documents | {u['labelled']} | {u['as_expected']} | {pct(ratio(u['as_expected'], u['labelled']))} | |")
    lines.append(f"| renewal window (contract, due/lapsed, days_to_end) | {r['expected']} | {r['matched']} | {pct(r['recall'])} | {pct(r['precision'])} |")
    for status, s in c["by_status"].items():
        lines.append(f"| compliance `{status}` | {s['expected']} | {s['matched']} of {s['actual']} | {pct(ratio(s['matched'], s['expected']))} | {pct(ratio(s['matched'], s['actual']))} |")
    lines.append(f"| compliance gaps, all | {c['expected']} | {c['matched']} | {pct(c['recall'])} | {pct(c['precision'])} |")
    return "\n".join(lines)


def perfect(result: dict) -> bool:
    b, r, c = result["billing"], result["renewals"], result["compliance"]
    u = b["unusable_contract_entries"]
    return (b["recall"] == 1 and b["precision"] == 1 and u["as_expected"] == u["labelled"]
            and r["recall"] == 1 and r["precision"] == 1 and c["recall"] == 1 and c["precision"] == 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, help="a materialized warehouse (skip generation)")
    parser.add_argument("--ground-truth", type=Path, help="the ground_truth folder of that landing zone")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "out" / "billing_accuracy",
                        help="where to generate (default: benchmarks/out/billing_accuracy/)")
    parser.add_argument("--scale", default="demo")
    parser.add_argument("--seed", type=int)
    parser.add_argument("--json", type=Path, help="also write the full result as JSON here")
    args = parser.parse_args(argv)

    seconds = None
    if args.warehouse:
        if not args.ground_truth:
            parser.error("--warehouse needs --ground-truth")
        warehouse, ground_truth = args.warehouse, args.ground_truth
    else:
        out = args.out
        warehouse, ground_truth, seconds = prepare(out, args.scale, args.seed)
    labels = load_labels(ground_truth)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        con.execute("SET TimeZone = 'UTC'")
        result = {"warehouse": str(warehouse), "ground_truth": str(ground_truth),
                  "materialize_seconds": seconds,
                  "billing": billing(con, labels), "renewals": renewals(con, labels),
                  "compliance": compliance(con, labels),
                  "review": review_mismatches(con, ground_truth)}
    finally:
        con.close()
    print(report(result))
    b = result["billing"]
    print(f"\nentries reconciled: {b['entries']}; findings: {b['findings']}")
    print(f"labelled entries missed, by the finding the warehouse gave: {b['missed_because_warehouse_said']}")
    print(f"false positives by cause: {b['false_positive_causes']}")
    print(f"compliance gaps missed, by their contract's review status: {result['compliance']['missing_by_contract_review_status']}")
    r = result["review"]
    print(f"contracts under review: {r['needs_review_in_warehouse']}, of which the ground truth reads fine: "
          f"{r['needs_review_but_ok_in_truth']} {r['examples']}")
    for name in ("renewals", "compliance"):
        if result[name]["missing"] or result[name]["extra"]:
            print(f"{name}: missing {result[name]['missing'][:3]} extra {result[name]['extra'][:3]}")
    for kind, k in b["by_kind"].items():
        if k["missed"]:
            print(f"missed {kind}: {k['missed'][:5]}")
    for finding, f in b["by_finding"].items():
        if f["false_positives"]:
            print(f"false positives {finding}: {f['false_positives'][:5]}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, default=str))
    ok = perfect(result)
    print("\nRESULT:", "100 % on every check" if ok else "NOT PERFECT")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
