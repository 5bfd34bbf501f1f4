"""Problems injected on purpose, and the labels the accuracy tests measure against."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import polars as pl

TICKET_STATUSES = "open, in_progress, on_hold, resolved, closed, cancelled"


def pick(rng, candidates: np.ndarray, share: float, total: int, taken: set) -> np.ndarray:
    """Pick about share*total rows from candidates, none already taken."""
    pool = candidates[~np.isin(candidates, np.fromiter(taken, dtype=candidates.dtype,
                                                       count=len(taken)))]
    k = min(len(pool), int(round(share * total)))
    chosen = np.sort(rng.choice(pool, size=k, replace=False)) if k else pool[:0]
    taken.update(chosen.tolist())
    return chosen


def inject_billing(rng, ent: pl.DataFrame, protected_contracts: set[str]) -> tuple[pl.DataFrame,
                                                                                 pl.DataFrame]:
    """Set billed_rate_c for every entry: the expected rate for clean ones, a wrong one for
    the labelled anomalies. `ent` carries expected_rate_c (null when not reconciled).
    Returns the entries and the labels (order_key, kind)."""
    n = ent.height
    key = ent["order_key"].to_numpy()
    eligible = (~ent["contract_id"].is_in(list(protected_contracts))).to_numpy()
    exp = ent["expected_rate_c"].fill_null(0).to_numpy()
    reconciled = ent["expected_rate_c"].is_not_null().to_numpy()
    billable = ent["billable"].to_numpy()
    in_scope = ent["in_scope"].to_numpy()
    # booleans from polars, not a numpy array of Python strings per entry
    standard = (ent["rate_type"] == "standard").to_numpy()
    after_hours = (ent["rate_type"] == "after_hours").to_numpy()
    consumes = ent["consumes"].to_numpy()
    over = ent["overage_quarters"].to_numpy()
    std = ent["rate_standard_c"].to_numpy()
    taken: set = set()
    billed = exp.astype(np.int64).copy()
    parts: list[pl.DataFrame] = []
    base_ok = eligible & billable & in_scope & reconciled

    def label(kind, rows, new_rates):
        billed[rows] = new_rates
        parts.append(pl.DataFrame({"order_key": key[rows], "kind": [kind] * len(rows)},
                                  schema={"order_key": pl.Int64, "kind": pl.Utf8}))

    idx = np.arange(n)
    # included hours billed: block-included or fixed-fee standard work charged at standard rate
    cand = idx[base_ok & (exp == 0) & standard]
    rows = pick(rng, cand, 0.003, n, taken)
    label("included_hours_billed", rows, std[rows])
    # overage hours not billed
    cand = idx[base_ok & consumes & (over > 0)]
    rows = pick(rng, cand, 0.003, n, taken)
    label("unbilled_overage", rows, np.zeros(len(rows), dtype=np.int64))
    # after-hours work billed at the standard rate
    cand = idx[base_ok & after_hours & (exp > std)]
    rows = pick(rng, cand, 0.003, n, taken)
    label("after_hours_at_standard_rate", rows, std[rows])
    # a wrong rate: last year's rate, a typo, a discount nobody agreed
    cand = idx[base_ok & (exp > 0)]
    rows = pick(rng, cand, 0.02, n, taken)
    delta = rng.choice([-2000, -1500, -1000, -500, 500, 1000, 1500, 2500], size=len(rows))
    label("rate_mismatch", rows, np.maximum(exp[rows] + delta, 100))
    return ent.with_columns(pl.Series("billed_rate_c", billed)), pl.concat(parts)


def local_date(instant: datetime, tz: str) -> date:
    return instant.astimezone(ZoneInfo(tz)).date()


def compliance_labels(contracts, clients, credentials, insurance, assigned, as_of: datetime,
                      skip: set[str]) -> list[dict]:
    tz_client = {c["client_id"]: c["timezone"] for c in clients}
    creds: dict[tuple[str, str], list] = {}
    for r in credentials:
        creds.setdefault((r["technician_id"], r["credential"].casefold()), []).append(
            r["expires_on"])
    out = []
    for k in contracts:
        if k["contract_id"] in skip:
            continue
        tz = k["coverage"]["timezone"] or tz_client[k["client_id"]]
        today = local_date(as_of, tz)
        if not (k["start_date"] <= today <= k["end_date"]):
            continue
        for tid in assigned[k["client_id"]]:
            for cred in k["compliance"]["required_credentials"]:
                held = creds.get((tid, cred.casefold()))
                if not held:
                    status, exp = "missing", None
                else:
                    exp = None if any(e is None for e in held) else max(held)
                    if exp is None:
                        continue
                    if exp < today:
                        status = "expired"
                    elif exp <= today + timedelta(days=60):
                        status = "expiring"
                    else:
                        continue
                out.append({"kind": f"credential_{status}", "contract_id": k["contract_id"],
                            "client_id": k["client_id"], "technician_id": tid,
                            "credential": cred, "expires_on": exp, "expected_status": status})
        for ptype, minimum in k["compliance"]["insurance_minimums"].items():
            in_force = [p for p in insurance if p["policy_type"] == ptype
                        and p["effective_on"] <= today <= p["expires_on"]]
            if not in_force:
                status, pol = "missing", None
            else:
                pol = max(in_force, key=lambda p: (p["coverage_amount"], p["expires_on"]))
                if pol["coverage_amount"] < minimum:
                    status = "below_minimum"
                elif pol["expires_on"] <= today + timedelta(days=60):
                    status = "expiring"
                else:
                    continue
            out.append({"kind": f"insurance_{status}", "contract_id": k["contract_id"],
                        "client_id": k["client_id"], "policy_type": ptype,
                        "policy_id": pol["policy_id"] if pol else None,
                        "minimum": minimum,
                        "coverage_amount": pol["coverage_amount"] if pol else None,
                        "expires_on": pol["expires_on"] if pol else None,
                        "expected_status": status})
    return out


def renewal_labels(contracts, clients, as_of: datetime, skip: set[str]) -> list[dict]:
    tz_client = {c["client_id"]: c["timezone"] for c in clients}
    renewed = {k["previous_contract_id"] for k in contracts if k["previous_contract_id"]}
    out = []
    for k in contracts:
        if k["contract_id"] in skip or k["contract_id"] in renewed:
            continue
        tz = k["coverage"]["timezone"] or tz_client[k["client_id"]]
        today = local_date(as_of, tz)
        end = k["end_date"]
        if today <= end <= today + timedelta(days=90):
            status = "due"
        elif today - timedelta(days=90) <= end < today:
            status = "lapsed"
        else:
            continue
        out.append({"kind": f"renewal_{status}", "contract_id": k["contract_id"],
                    "client_id": k["client_id"], "end_date": end,
                    "days_to_end": (end - today).days, "expected_pipeline_status": status})
    return out
