"""Sample data: a believable MSP's landing zone (spec section 1) plus the ground truth beside it.

    generate_landing_zone(out, scale="demo", seed=7) -> summary dict

writes `out/landing/` and `out/ground_truth/`. Everything is generated around the fixed reference
instant AS_OF (never now()), so the same seed gives byte-identical CSVs.
"""

from __future__ import annotations

import json
import resource
import shutil
import time
from datetime import date, datetime, timezone
from pathlib import Path

import numpy as np
import polars as pl

from . import activity, anomalies, billing, business, documents, writer

AS_OF = datetime(2026, 11, 16, 15, 0, 0, tzinfo=timezone.utc)   # a Monday, 10:00 in New York
HISTORY_START = date(2023, 9, 1)
TICKET_WINDOW_START = date(2025, 5, 16)                          # 18 months before AS_OF

SCALES = {
    #         clients technicians tickets/client-month entries/ticket pdfs
    "tiny": dict(clients=24, technicians=12, tickets=3.0, entries=1.9, pdfs=True),
    "demo": dict(clients=260, technicians=80, tickets=12.5, entries=1.9, pdfs=True),
    "large": dict(clients=1450, technicians=600, tickets=79.0, entries=1.9, pdfs=False),
}

__all__ = ["AS_OF", "SCALES", "generate_landing_zone"]

# the entry columns kept after billing (labels, documents' consequences, the writer)
ENTRY_COLUMNS = ["order_key", "client_id", "ticket_id", "technician_id", "quarters",
                 "service_type", "tz", "started_utc", "contract_id", "rate_type", "billable",
                 "approved_out_of_scope", "month", "billed_rate_c", "expected_rate_c"]


def generate_landing_zone(out: Path, scale: str = "demo", seed: int = 7) -> dict:
    """Write `out/landing/` and `out/ground_truth/`; return a summary (counts, seconds)."""
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {', '.join(SCALES)}, not {scale!r}")
    t0 = time.perf_counter()
    stages: dict[str, float] = {}
    peaks: dict[str, int] = {}      # the process's peak resident memory (MB) by each stage's end
    last = [t0]

    def mark(name: str) -> None:
        now = time.perf_counter()
        stages[name] = round(now - last[0], 2)
        peaks[name] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        last[0] = now

    cfg = SCALES[scale]
    out = Path(out)
    landing, truth = out / "landing", out / "ground_truth"
    for d in (landing, truth):
        if d.exists():
            shutil.rmtree(d)
        d.mkdir(parents=True)
    (landing / "contracts").mkdir()
    rng = np.random.default_rng(seed)
    as_of_date = AS_OF.date()

    clients = business.make_clients(rng, cfg["clients"])
    contracts = business.make_contracts(rng, clients, as_of_date, HISTORY_START)
    techs = business.make_technicians(rng, cfg["technicians"])
    assigned = business.make_assignments(rng, clients, techs)
    credentials = business.make_credentials(rng, techs, assigned, contracts, as_of_date)
    insurance = business.make_insurance(as_of_date)
    cf = activity.contracts_frame(contracts, clients)
    mark("business")

    tickets, history, _ = activity.make_tickets(
        rng, clients, contracts, cf, assigned, AS_OF, TICKET_WINDOW_START, cfg["tickets"])
    ent = activity.make_timesheets(rng, clients, contracts, cf, tickets, assigned, AS_OF,
                                   cfg["entries"], 0.05)
    ent = ent.with_columns((pl.int_range(0, ent.height) * 2).alias("order_key"))
    mark("tickets_and_timesheets")

    # Documents that must be caught (demo/tiny: PDFs). Chosen before billing anomalies so no
    # anomaly is injected into work whose contract will not be judged.
    render_pdfs = cfg["pdfs"] and documents.renderer_available()
    specials = documents.choose_specials(rng, contracts, clients, AS_OF) if render_pdfs else {}
    protected = set(specials)

    # out-of-scope work billed without approval changes what consumes a block: inject first
    ent, oos_labels = _inject_out_of_scope(rng, ent, cf, protected)
    ent = billing.allocate_and_split(ent, cf)
    ent = ent.with_columns(billing.expected_rate_cents().alias("expected_rate_c"))
    # out-of-scope unapproved entries are billed as if in scope (the PSA did not know)
    ent, labels = anomalies.inject_billing(rng, ent, protected)
    # only what the labels, the documents' consequences and the writer read, then in time order
    ent = ent.select(ENTRY_COLUMNS).sort(["started_utc", "order_key"], maintain_order=True)
    ent = ent.with_columns(
        pl.format("TE-{}", (pl.int_range(1, ent.height + 1).cast(pl.Utf8).str.zfill(7)))
        .alias("entry_id"))
    billing_labels = _billing_labels(pl.concat([oos_labels, labels]), ent)
    ent = ent.drop("order_key", "expected_rate_c")

    consequences = documents.consequences(specials, tickets, ent, cf)
    mark("billing")

    files = writer.write_landing(rng, landing, clients, techs, credentials, insurance, assigned,
                                 tickets, history, ent, AS_OF)
    n_history = history.height
    del tickets, history, ent
    mark("write_csv")
    doc_info = documents.write_contract_documents(
        landing / "contracts", contracts, clients, specials, render_pdfs=render_pdfs, seed=seed)
    mark("contract_documents")

    # ground truth: the true terms (corrections applied; a document's silence stays NULL)
    truth_contracts = documents.true_terms(contracts, specials)
    # compliance is judged for every contract in force, also one under review (review only
    # excludes SLA and billing judgements); a contract whose document is unreadable is unknown
    missing = {cid for cid, s in specials.items() if s["expected_review_status"] == "missing"}
    labels_all = (
        billing_labels
        + files["bad_rows"] + files["duplicates"]
        + anomalies.compliance_labels(truth_contracts, clients, credentials, insurance,
                                      assigned, AS_OF, missing)
        + anomalies.renewal_labels(truth_contracts, clients, AS_OF, missing)
        + consequences
    )
    client_tz = {c["client_id"]: c["timezone"] for c in clients}

    def tz_of(k: dict) -> str:
        return k["coverage"]["timezone"] or client_tz[k["client_id"]]

    writer.write_jsonl(truth / "contracts.jsonl", truth_contracts)
    writer.write_jsonl(truth / "anomalies.jsonl", labels_all)
    writer.write_jsonl(truth / "contract_documents.jsonl", doc_info)
    counts = {
        "clients": len(clients), "contracts": len(contracts),
        "contracts_active_at_as_of": sum(
            1 for k in truth_contracts
            if k["start_date"] <= anomalies.local_date(AS_OF, tz_of(k)) <= k["end_date"]),
        "contracts_in_ticket_window": sum(
            1 for k in truth_contracts
            if k["end_date"] >= TICKET_WINDOW_START and k["start_date"] <= AS_OF.date()),
        "technicians": len(techs), "credentials": len(credentials),
        "insurance_policies": len(insurance),
        "assignments": sum(len(v) for v in assigned.values()),
        "tickets": files["ticket_rows"], "ticket_status_history": n_history,
        "timesheet_entries": files["timesheet_rows"],
        "contract_pdfs": sum(1 for d in doc_info if d.get("pdf")),
        "contract_yamls": sum(1 for d in doc_info if d.get("yaml")),
        "anomalies": _count_kinds(labels_all),
    }
    manifest = {"as_of": AS_OF.isoformat().replace("+00:00", "Z"), "seed": seed, "scale": scale,
                "ticket_window_start": TICKET_WINDOW_START.isoformat(),
                "history_start": HISTORY_START.isoformat(), "counts": counts,
                "files": sorted(str(p.relative_to(out)) for p in landing.rglob("*")
                                if p.is_file() and p.parent == landing)}
    (truth / "manifest.json").write_text(json.dumps(manifest, indent=2, default=str) + "\n")
    mark("ground_truth")
    return {"scale": scale, "seed": seed, "as_of": manifest["as_of"], "counts": counts,
            "seconds": round(time.perf_counter() - t0, 2), "stage_seconds": stages,
            "stage_peak_rss_mb": peaks,
            "landing": str(landing), "ground_truth": str(truth)}


def _count_kinds(labels: list[dict]) -> dict:
    out: dict[str, int] = {}
    for lab in labels:
        out[lab["kind"]] = out.get(lab["kind"], 0) + 1
    return dict(sorted(out.items()))


def _inject_out_of_scope(rng, ent: pl.DataFrame, cf: pl.DataFrame, protected: set[str]):
    """~1% of billable in-scope entries re-logged under a service the contract excludes,
    not approved: finding out_of_scope_unapproved whatever was billed."""
    excl = cf.select("contract_id", pl.col("excluded_services").alias("_exc"))
    # the number of excluded services per contract, joined on (not the lists themselves)
    e = ent.select("contract_id", "billable", "in_scope").join(
        excl.select("contract_id", pl.col("_exc").list.len().alias("_n_exc")),
        on="contract_id", how="left", maintain_order="left")
    ok = (e["billable"] & e["in_scope"] & (e["_n_exc"] > 0)
          & ~e["contract_id"].is_in(list(protected))).to_numpy()
    del e
    cand = np.flatnonzero(ok)
    k = min(len(cand), int(round(0.01 * ent.height)))
    rows = np.sort(rng.choice(cand, size=k, replace=False)) if k else cand[:0]
    chosen = np.zeros(ent.height, dtype=bool)
    chosen[rows] = True
    pick_at = np.zeros(ent.height)
    pick_at[rows] = rng.random(len(rows))
    # the chosen entries take one of their contract's excluded services
    picked = ent.select("contract_id")[rows].join(excl, on="contract_id", how="left",
                                                  maintain_order="left").select(
        pl.col("_exc").list.get((pl.Series(pick_at[rows]) * pl.col("_exc").list.len())
                                .floor().cast(pl.Int64), null_on_oob=True))["_exc"]
    relogged = ent["service_type"].clone()
    if len(rows):
        relogged.scatter(rows, picked)
    ent = ent.with_columns(
        relogged,
        pl.Series("in_scope", ent["in_scope"].to_numpy() & ~chosen),
        pl.Series("approved_out_of_scope", ent["approved_out_of_scope"].to_numpy() & ~chosen))
    labels = pl.DataFrame({"order_key": ent["order_key"].to_numpy()[rows]},
                          schema={"order_key": pl.Int64}).with_columns(
        pl.lit("out_of_scope_unapproved").alias("kind"))
    return ent, labels


def _money(cents: pl.Expr) -> pl.Expr:
    return (cents // 100).cast(pl.Utf8) + "." + (cents % 100).cast(pl.Utf8).str.zfill(2)


def _billing_labels(labels: pl.DataFrame, ent: pl.DataFrame) -> list[dict]:
    """One label per injected billing problem, with the money a reconciler must find."""
    q = pl.col("quarters")
    out = labels.join(
        ent.select("order_key", "entry_id", "contract_id", "client_id", "rate_type", "quarters",
                   "billed_rate_c", "expected_rate_c"),
        on="order_key", how="left", maintain_order="left",
    ).select(
        "kind", "entry_id", "contract_id", "client_id", "rate_type",
        (q / 4).alias("hours"),
        _money(pl.col("billed_rate_c")).alias("billed_rate"),
        _money(pl.col("expected_rate_c")).alias("expected_rate"),
        # rates are whole multiples of 5.00, so a quarter hour's money is whole cents
        _money(pl.col("billed_rate_c") * q // 4).alias("billed_amount"),
        _money(pl.col("expected_rate_c") * q // 4).alias("expected_amount"),
        pl.when(pl.col("kind") == "out_of_scope_unapproved").then(pl.lit("out_of_scope_unapproved"))
        .when(pl.col("billed_rate_c") > pl.col("expected_rate_c")).then(pl.lit("overbilled"))
        .otherwise(pl.lit("underbilled")).alias("expected_finding"),
    ).sort("entry_id")
    return out.to_dicts()
