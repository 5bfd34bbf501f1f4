"""Landing-zone files the way a PSA, timesheet and HR system export them, plus bad rows."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import numpy as np
import polars as pl

from .anomalies import TICKET_STATUSES
from .timeutil import format_ts, pick_style

BAD_SHARE = 0.005


def _default(o):
    if isinstance(o, (date, datetime)):
        return o.isoformat()
    if isinstance(o, Decimal):
        return f"{o:.2f}"
    if isinstance(o, np.integer):
        return int(o)
    raise TypeError(type(o))


def write_jsonl(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, default=_default, ensure_ascii=False) + "\n")


def _csv(df: pl.DataFrame, path: Path) -> None:
    df.write_csv(path, null_value="")


def _display_service(rng, s: pl.Series) -> pl.Series:
    """Some exports carry the service as a display label ("Onsite Repair")."""
    u = rng.random(len(s)) < 0.05
    title = s.str.replace_all("_", " ").str.to_titlecase()
    return pl.Series(s.name, np.where(u, title.to_numpy(), s.to_numpy()))


def _dates(rows: list[dict], cols: list[str]) -> pl.DataFrame:
    return pl.DataFrame([{c: (r[c].isoformat() if isinstance(r[c], date) else
                              (f"{r[c]:.2f}" if isinstance(r[c], Decimal) else r[c]))
                          for c in cols} for r in rows], schema={c: pl.Utf8 for c in cols})


def write_landing(rng, landing: Path, clients, techs, credentials, insurance, assigned,
                  tickets: pl.DataFrame, history: pl.DataFrame, ent: pl.DataFrame,
                  as_of: datetime) -> dict:
    _csv(_dates(clients, ["client_id", "client_name", "timezone", "country", "account_manager"]),
         landing / "clients.csv")
    _csv(_dates(techs, ["technician_id", "name", "email", "cost_rate", "active"]),
         landing / "technicians.csv")
    _csv(_dates(credentials, ["technician_id", "credential", "issued_on", "expires_on"]),
         landing / "credentials.csv")
    _csv(_dates(insurance, ["policy_id", "policy_type", "coverage_amount", "effective_on",
                            "expires_on", "insurer"]), landing / "insurance_policies.csv")
    _csv(pl.DataFrame([{"technician_id": t, "client_id": c} for c, ts in assigned.items()
                       for t in ts]), landing / "assignments.csv")

    # ---- tickets ---------------------------------------------------------------------------
    m = tickets.height
    tz = tickets["tz"]
    t = pl.DataFrame({
        "ticket_id": tickets["ticket_id"], "client_id": tickets["client_id"],
        "created_at": format_ts(tickets["created_utc"], tz, pick_style(rng, m)),
        "priority": tickets["priority"],
        "service_type": _display_service(rng, tickets["service_type"]),
        "status": tickets["status"],
        "first_response_at": format_ts(tickets["first_response_utc"], tz, pick_style(rng, m)),
        "resolved_at": format_ts(tickets["resolved_utc"], tz, pick_style(rng, m)),
        "technician_id": tickets["technician_id"], "summary": tickets["summary"],
        "updated_at": format_ts(tickets["updated_utc"], tz, pick_style(rng, m, 0.1, 0.3)),
        "_year": tickets["created_utc"].dt.year(),
    })
    bad_t, bad_t_labels = _bad_tickets(rng, tickets, t)
    dup_rows, dup_labels = _ticket_duplicates(rng, tickets, t)
    dup_ids = [d["ticket_id"] for d in dup_labels]
    t_all = pl.concat([t.filter(~pl.col("ticket_id").is_in(dup_ids)), bad_t, dup_rows])
    t_all = t_all.with_columns(
        pl.col("ticket_id").alias("_sort"))
    ticket_files = {2025: "tickets_2025.csv", 2026: "tickets_2026.csv"}
    for year, name in ticket_files.items():
        part = t_all.filter(pl.col("_year") == year).sort("_sort", maintain_order=True)
        _csv(part.drop("_year", "_sort"), landing / name)
    hist = pl.DataFrame({"ticket_id": history["ticket_id"], "status": history["status"],
                         "changed_at": format_ts(history["changed_utc"], history["tz"],
                                                 pick_style(rng, history.height))})
    _csv(hist, landing / "ticket_status_history.csv")

    # ---- timesheets ------------------------------------------------------------------------
    n = ent.height
    billable = ent["billable"].to_numpy()
    yes_no = rng.random(n) < 0.03
    current_month = ent["month"] == as_of.strftime("%Y-%m")
    ts = pl.DataFrame({
        "entry_id": ent["entry_id"], "client_id": ent["client_id"],
        "technician_id": ent["technician_id"],
        "started_at": format_ts(ent["started_utc"], ent["tz"], pick_style(rng, n)),
        "hours": (ent["quarters"] / 4).cast(pl.Utf8),
        "service_type": _display_service(rng, ent["service_type"]),
        "rate_type": ent["rate_type"],
        "billable": np.where(yes_no, np.where(billable, "yes", "no"),
                             np.where(billable, "true", "false")),
        "billed_rate": pl.Series([""] * n),
        "ticket_id": ent["ticket_id"],
        "approved_out_of_scope": pl.Series(ent["approved_out_of_scope"].to_numpy()).replace_strict(
            {True: "true", False: None}, return_dtype=pl.Utf8),
        "invoice_id": pl.Series(np.where(
            billable & ~current_month.to_numpy(),
            ("INV-" + ent["contract_id"] + "-" + ent["month"].str.replace("-", "")).to_numpy(),
            ""), dtype=pl.Utf8).replace("", None),
        "_year": ent["started_utc"].dt.year(),
    })
    # money with two decimals from integer cents
    cents = ent["billed_rate_c"].cast(pl.Int64)
    ts = ts.with_columns(pl.Series("billed_rate", (
        (cents // 100).cast(pl.Utf8) + "." + (cents % 100).cast(pl.Utf8).str.zfill(2))))
    bad_e, bad_e_labels = _bad_entries(rng, ent, ts)
    dup_e, dup_e_labels = _entry_duplicates(rng, ts)
    ts_all = pl.concat([ts, bad_e, dup_e])
    for year in (2025, 2026):
        part = ts_all.filter(pl.col("_year") == year).sort("entry_id", maintain_order=True)
        _csv(part.drop("_year"), landing / f"timesheets_{year}.csv")
    return {"bad_rows": bad_t_labels + bad_e_labels, "duplicates": dup_labels + dup_e_labels,
            "ticket_rows": t_all.height, "timesheet_rows": ts_all.height}


def _fmt_local(utc: pl.Series, tz: pl.Series) -> pl.Series:
    return format_ts(utc, tz, np.zeros(len(utc), dtype=np.int8))


# (column, reason template with {v} for the bad value, bad values; None: an earlier time)
TICKET_BAD = [
    ("priority", "priority: '{v}' not in P1..P4", ["P9", "P0", "P5"]),
    ("created_at", "created_at: not a timestamp",
     ["31/02/2026 10:00", "yesterday 9am", "2026-13-01T09:00:00"]),
    ("resolved_at", "resolved_at before created_at", None),
    ("first_response_at", "first_response_at before created_at", None),
    ("client_id", "unknown client_id {v}", ["C9999", "C0000", "C999"]),
    ("status", "status: '{v}' not in " + TICKET_STATUSES, ["pending", "escalated", "waiting"]),
    ("created_at", "created_at: missing", [""]),
]
ENTRY_BAD = [
    ("hours", "hours: must be > 0 and <= 24", ["0", "-1.5", "25", "36"]),
    ("hours", "hours: not a number", ["1,5", "two", "n/a"]),
    ("rate_type", "rate_type: '{v}' not in standard, after_hours, emergency",
     ["overtime", "weekend"]),
    ("client_id", "unknown client_id {v}", ["C9999", "C0000"]),
    ("technician_id", "unknown technician_id {v}", ["T999", "T000"]),
    ("started_at", "started_at: not a timestamp", ["2026-02-30T09:00:00", "soon"]),
    ("billed_rate", "billed_rate: must be >= 0", ["-150.00", "-0.50"]),
    ("billable", "billable: not a boolean", ["maybe", "2"]),
    ("ticket_id", "unknown ticket_id {v}", ["TK-9999999", "TK-0000000"]),
]


def _spoil(rng, rows: pl.DataFrame, catalogue, earlier: np.ndarray | None):
    """One problem per row, cycling through the catalogue (loops over kinds, not rows).
    Returns the spoiled rows and, per row, the column, bad value and expected reason."""
    b = rows.height
    kind = np.arange(b) % len(catalogue)
    u = rng.random(b)
    value = np.empty(b, dtype=object)
    reason = np.empty(b, dtype=object)
    column = np.array([c for c, _, _ in catalogue], dtype=object)[kind]
    for ki, (col, template, values) in enumerate(catalogue):
        mask = kind == ki
        if values is None:
            value[mask] = earlier[mask]
            reason[mask] = template
            continue
        pick = (u[mask] * len(values)).astype(int)
        value[mask] = np.array(values, dtype=object)[pick]
        reason[mask] = np.array([template.format(v=v) for v in values], dtype=object)[pick]
        bad = pl.Series(value).cast(pl.Utf8).replace("", None)
        rows = rows.with_columns(pl.when(pl.Series(mask)).then(bad).otherwise(pl.col(col))
                                 .alias(col))
    return rows, kind, column, value, reason


def _bad_tickets(rng, tickets: pl.DataFrame, t: pl.DataFrame):
    m = tickets.height
    b = max(len(TICKET_BAD), int(round(BAD_SHARE * m)))
    src = np.sort(rng.choice(m, size=b, replace=False))
    created = tickets["created_utc"][src]
    tz = tickets["tz"][src]
    early = _fmt_local(created - timedelta(hours=2), tz)
    # all times of a bad row as offset-less wall time, so that only the labelled problem shows
    # even where the row's client (and so its time zone) is unknown
    rows = t[src].with_columns(
        pl.Series("ticket_id", [f"TK-{m + 1 + j:07d}" for j in range(b)]),
        _fmt_local(created, tz).alias("created_at"),
        _fmt_local(tickets["first_response_utc"][src], tz).alias("first_response_at"),
        _fmt_local(tickets["resolved_utc"][src], tz).alias("resolved_at"),
        _fmt_local(tickets["updated_utc"][src], tz).alias("updated_at"),
    )
    rows, kind, column, value, reason = _spoil(rng, rows, TICKET_BAD, early.to_numpy())
    resolved_early = pl.Series(column == "resolved_at")
    response_early = pl.Series(column == "first_response_at")
    rows = rows.with_columns(
        pl.when(resolved_early).then(pl.lit(None)).otherwise(pl.col("first_response_at"))
        .alias("first_response_at"),
        pl.when(response_early).then(pl.lit(None)).otherwise(pl.col("resolved_at"))
        .alias("resolved_at"),
        pl.when(resolved_early).then(pl.lit("resolved"))
        .when(response_early).then(pl.lit("in_progress")).otherwise(pl.col("status"))
        .alias("status"),
    ).with_columns(
        pl.when(resolved_early).then(early).otherwise(pl.col("resolved_at")).alias("resolved_at"),
        pl.when(response_early).then(early).otherwise(pl.col("first_response_at"))
        .alias("first_response_at"),
    )
    labels = pl.DataFrame({
        "kind": "bad_row", "file": "tickets_" + rows["_year"].cast(pl.Utf8) + ".csv",
        "ticket_id": rows["ticket_id"], "column": column.astype(str),
        "value": value.astype(str), "expected_reason": reason.astype(str)}).to_dicts()
    return rows, labels


def _bad_entries(rng, ent: pl.DataFrame, ts: pl.DataFrame):
    n = ent.height
    b = max(len(ENTRY_BAD), int(round(BAD_SHARE * n)))
    src = np.sort(rng.choice(n, size=b, replace=False))
    rows = ts[src].with_columns(pl.Series("entry_id", [f"TE-{n + 1 + j:07d}" for j in range(b)]))
    rows, kind, column, value, reason = _spoil(rng, rows, ENTRY_BAD, None)
    # a ticket of another client would be a second problem
    rows = rows.with_columns(pl.when(pl.Series(column == "client_id")).then(pl.lit(None))
                             .otherwise(pl.col("ticket_id")).alias("ticket_id"))
    labels = pl.DataFrame({
        "kind": "bad_row", "file": "timesheets_" + rows["_year"].cast(pl.Utf8) + ".csv",
        "entry_id": rows["entry_id"], "column": column.astype(str),
        "value": value.astype(str), "expected_reason": reason.astype(str)}).to_dicts()
    return rows, labels


def _ticket_duplicates(rng, tickets: pl.DataFrame, t: pl.DataFrame):
    """Tickets opened late 2025 and finished in 2026: the 2025 export still holds the older
    in-progress row (superseded by the later updated_at in tickets_2026.csv). For a few the
    roles are swapped (a stale re-export in the 2026 file): the 2025 row wins on updated_at."""
    cand = np.flatnonzero((
        (tickets["created_utc"].dt.year() == 2025) & (tickets["created_utc"].dt.month() >= 11)
        & tickets["first_response_utc"].is_not_null() & tickets["resolved_utc"].is_not_null()
        & (tickets["resolved_utc"] > tickets["first_response_utc"])
        & (tickets["status"] != "cancelled")).to_numpy())
    k = min(len(cand), max(3, int(round(0.004 * tickets.height))))
    src = np.sort(rng.choice(cand, size=k, replace=False))
    final = t[src]
    stale = final.with_columns(
        pl.lit("in_progress").alias("status"), pl.lit(None, dtype=pl.Utf8).alias("resolved_at"),
        _fmt_local(tickets["first_response_utc"][src], tickets["tz"][src]).alias("updated_at"))
    swap = rng.random(k) < 0.15
    final_rows = final.with_columns(pl.Series("_year", np.where(swap, 2025, 2026), dtype=pl.Int32))
    stale_rows = stale.with_columns(pl.Series("_year", np.where(swap, 2026, 2025), dtype=pl.Int32))
    labels = []
    for j, tid in enumerate(final["ticket_id"].to_list()):
        win = 2025 if swap[j] else 2026
        labels.append({"kind": "superseded_duplicate", "ticket_id": tid,
                       "superseded_file": f"tickets_{2026 if swap[j] else 2025}.csv",
                       "winning_file": f"tickets_{win}.csv",
                       "expected_status": final["status"][j],
                       "reason": "older updated_at"})
    rows = pl.concat([final_rows, stale_rows])
    return rows, labels


def _entry_duplicates(rng, ts: pl.DataFrame):
    """December 2025 entries re-exported in the 2026 file: identical rows, the later file wins."""
    cand = np.flatnonzero((ts["_year"] == 2025).to_numpy()
                          & ts["started_at"].str.starts_with("2025-12").to_numpy())
    k = min(len(cand), max(2, int(round(0.002 * ts.height))))
    src = np.sort(rng.choice(cand, size=k, replace=False))
    rows = ts[src].with_columns(pl.lit(2026, dtype=ts["_year"].dtype).alias("_year"))
    labels = [{"kind": "superseded_duplicate", "entry_id": e,
               "superseded_file": "timesheets_2025.csv", "winning_file": "timesheets_2026.csv",
               "reason": "repeated entry_id: the file that sorts last wins"}
              for e in rows["entry_id"].to_list()]
    return rows, labels
