"""Landing-zone files the way a PSA, timesheet and HR system export them, plus bad rows."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import numpy as np
import polars as pl

from .activity import HISTORY_STATUS
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


CHUNK_ROWS = 250_000   # rows formatted and written at a time: the text of a whole table never
                       # sits in memory at once


class _CsvAppender:
    """One CSV written frame by frame: the header once, then rows; byte-identical to writing the
    concatenated frame at once (every column is text, so no per-frame number formatting)."""

    def __init__(self, path: Path):
        self.f = path.open("wb")
        self.header = True

    def write(self, df: pl.DataFrame) -> None:
        if df.height or self.header:
            df.write_csv(self.f, null_value="", include_header=self.header)
            self.header = False

    def close(self) -> None:
        self.f.close()


def _chunks(lo: int, hi: int):
    for a in range(lo, hi, CHUNK_ROWS):
        yield a, min(a + CHUNK_ROWS, hi)


def _display_label(s: pl.Series, relabel: np.ndarray) -> pl.Series:
    """Some exports carry the service as a display label ("Onsite Repair")."""
    title = s.str.replace_all("_", " ").str.to_titlecase()
    return pl.select(pl.when(pl.Series(relabel)).then(title).otherwise(s).alias(s.name)).to_series()


def _display_draw(rng, n: int) -> np.ndarray:
    return rng.random(n) < 0.05


def _dates(rows: list[dict], cols: list[str]) -> pl.DataFrame:
    return pl.DataFrame([{c: (r[c].isoformat() if isinstance(r[c], date) else
                              (f"{r[c]:.2f}" if isinstance(r[c], Decimal) else r[c]))
                          for c in cols} for r in rows], schema={c: pl.Utf8 for c in cols})


def _rows(df: pl.DataFrame, idx) -> pl.DataFrame:
    return df.slice(idx[0], idx[1] - idx[0]) if isinstance(idx, tuple) else df[idx]


def _pick(a: np.ndarray, idx) -> np.ndarray:
    return a[idx[0]:idx[1]] if isinstance(idx, tuple) else a[idx]


def _write_sorted(out: _CsvAppender, clean, extras: pl.DataFrame, key: str, ranges) -> None:
    """Write clean rows (already in `key` order, produced range by range by `clean`) merged with
    `extras`, as `pl.concat([clean..., extras]).sort(key, maintain_order=True)` would: each
    range takes the extras whose key sorts up to the range's last key (keys are unique)."""
    extras = extras.sort(key, maintain_order=True)
    ekeys = extras[key]
    taken = 0
    for r in ranges:
        part = clean(r)
        if part.height:
            upto = int((ekeys <= part[key][-1]).sum())
            part = pl.concat([part, extras.slice(taken, upto - taken)]).sort(
                key, maintain_order=True)
            taken = upto
        out.write(part)
    out.write(extras.slice(taken))


def _year_range(years: pl.Series, year: int) -> tuple[int, int]:
    """Rows of `year` in a table sorted by time: one contiguous range."""
    hit = np.flatnonzero((years == year).to_numpy())
    if len(hit) == 0:
        return 0, 0
    lo, hi = int(hit[0]), int(hit[-1]) + 1
    assert hi - lo == len(hit), "rows of a year are contiguous in time order"
    return lo, hi


def write_landing(rng, landing: Path, clients, techs, credentials, insurance, assigned,
                  tickets: pl.DataFrame, history: pl.DataFrame, ent: pl.DataFrame,
                  as_of: datetime) -> dict:
    """Every random draw is made for the whole table in the order the exports are assembled;
    the text is then formatted and written a chunk of rows at a time."""
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
    st_created = pick_style(rng, m)
    relabel_t = _display_draw(rng, m)
    st_response = pick_style(rng, m)
    st_resolved = pick_style(rng, m)
    st_updated = pick_style(rng, m, 0.1, 0.3)

    def t_rows(idx) -> pl.DataFrame:
        """The export rows of tickets `idx` (a (start, end) range or an index array)."""
        k = _rows(tickets, idx)
        tz = k["tz"]
        return pl.DataFrame({
            "ticket_id": k["ticket_id"], "client_id": k["client_id"],
            "created_at": format_ts(k["created_utc"], tz, _pick(st_created, idx)),
            "priority": k["priority"],
            "service_type": _display_label(k["service_type"], _pick(relabel_t, idx)),
            "status": k["status"],
            "first_response_at": format_ts(k["first_response_utc"], tz, _pick(st_response, idx)),
            "resolved_at": format_ts(k["resolved_utc"], tz, _pick(st_resolved, idx)),
            "technician_id": k["technician_id"], "summary": k["summary"],
            "updated_at": format_ts(k["updated_utc"], tz, _pick(st_updated, idx)),
            "_year": k["created_utc"].dt.year(),
        })

    bad_t, bad_t_labels = _bad_tickets(rng, tickets, t_rows)
    dup_rows, dup_labels = _ticket_duplicates(rng, tickets, t_rows)
    dup_ids = pl.Series([d["ticket_id"] for d in dup_labels], dtype=pl.Utf8)
    extras_t = pl.concat([bad_t, dup_rows])
    t_years = tickets["created_utc"].dt.year()
    ticket_rows = 0
    for year in (2025, 2026):
        lo, hi = _year_range(t_years, year)
        out = _CsvAppender(landing / f"tickets_{year}.csv")

        def clean(r):
            part = t_rows(r)
            return part.filter(~pl.col("ticket_id").is_in(dup_ids)).drop("_year")

        extras = extras_t.filter(pl.col("_year") == year).drop("_year")
        _write_sorted(out, clean, extras, "ticket_id", _chunks(lo, hi))
        out.close()
        ticket_rows += hi - lo - int(dup_ids.is_in(tickets["ticket_id"].slice(lo, hi - lo)).sum())
        ticket_rows += extras.height
    del extras_t, bad_t, dup_rows

    st_history = pick_style(rng, history.height)
    out = _CsvAppender(landing / "ticket_status_history.csv")
    for a, b in _chunks(0, history.height):
        h = history.slice(a, b - a)
        k = tickets.select("ticket_id", "tz").gather(h["ticket_row"])
        out.write(pl.DataFrame({
            "ticket_id": k["ticket_id"],
            "status": h["ord"].replace_strict(HISTORY_STATUS, return_dtype=pl.Utf8),
            "changed_at": format_ts(
                pl.from_epoch(h["changed_s"], time_unit="s").dt.cast_time_unit("us")
                .dt.replace_time_zone("UTC"), k["tz"], st_history[a:b])}))
    out.close()

    # ---- timesheets ------------------------------------------------------------------------
    n = ent.height
    yes_no = rng.random(n) < 0.03
    st_started = pick_style(rng, n)
    relabel_e = _display_draw(rng, n)
    this_month = as_of.strftime("%Y-%m")

    def e_rows(idx) -> pl.DataFrame:
        """The export rows of entries `idx` (a (start, end) range or an index array)."""
        k = _rows(ent, idx)
        billable = k["billable"]
        cents = k["billed_rate_c"].cast(pl.Int64)
        return k.select(
            "entry_id", "client_id", "technician_id",
            format_ts(k["started_utc"], k["tz"], _pick(st_started, idx)).alias("started_at"),
            (pl.col("quarters") / 4).cast(pl.Utf8).alias("hours"),
            _display_label(k["service_type"], _pick(relabel_e, idx)),
            "rate_type",
            pl.when(pl.Series(_pick(yes_no, idx)))
            .then(pl.when(billable).then(pl.lit("yes")).otherwise(pl.lit("no")))
            .otherwise(pl.when(billable).then(pl.lit("true")).otherwise(pl.lit("false")))
            .alias("billable"),
            # money with two decimals from integer cents
            ((cents // 100).cast(pl.Utf8) + "." + (cents % 100).cast(pl.Utf8).str.zfill(2))
            .alias("billed_rate"),
            "ticket_id",
            pl.when(pl.col("approved_out_of_scope")).then(pl.lit("true"))
            .otherwise(pl.lit(None, dtype=pl.Utf8)).alias("approved_out_of_scope"),
            pl.when(pl.col("billable") & (pl.col("month") != this_month))
            .then("INV-" + pl.col("contract_id") + "-" + pl.col("month").str.replace("-", ""))
            .otherwise(pl.lit(None, dtype=pl.Utf8)).alias("invoice_id"),
            pl.col("started_utc").dt.year().alias("_year"),
        )

    bad_e, bad_e_labels = _bad_entries(rng, ent, e_rows)
    e_years = ent["started_utc"].dt.year()
    # 2025 first: its rows are where the December re-exports are drawn from (in the 2026 file)
    lo, hi = _year_range(e_years, 2025)
    dec_2025 = np.zeros(n, dtype=bool)

    def clean_2025(r):
        part = e_rows(r).drop("_year")
        dec_2025[r[0]:r[1]] = part["started_at"].str.starts_with("2025-12").to_numpy()
        return part

    out = _CsvAppender(landing / "timesheets_2025.csv")
    _write_sorted(out, clean_2025, bad_e.filter(pl.col("_year") == 2025).drop("_year"),
                  "entry_id", _chunks(lo, hi))
    out.close()
    dup_e, dup_e_labels = _entry_duplicates(rng, dec_2025, e_rows)
    lo2, hi2 = _year_range(e_years, 2026)
    out = _CsvAppender(landing / "timesheets_2026.csv")
    _write_sorted(out, lambda r: e_rows(r).drop("_year"),
                  pl.concat([bad_e, dup_e]).filter(pl.col("_year") == 2026).drop("_year"),
                  "entry_id", _chunks(lo2, hi2))
    out.close()
    timesheet_rows = (hi - lo) + (hi2 - lo2) + bad_e.height + dup_e.height
    assert (hi - lo) + (hi2 - lo2) == n, "every entry is in 2025 or 2026"
    return {"bad_rows": bad_t_labels + bad_e_labels, "duplicates": dup_labels + dup_e_labels,
            "ticket_rows": ticket_rows, "timesheet_rows": timesheet_rows}


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


def _bad_tickets(rng, tickets: pl.DataFrame, t_rows):
    m = tickets.height
    b = max(len(TICKET_BAD), int(round(BAD_SHARE * m)))
    src = np.sort(rng.choice(m, size=b, replace=False))
    created = tickets["created_utc"][src]
    tz = tickets["tz"][src]
    early = _fmt_local(created - timedelta(hours=2), tz)
    # all times of a bad row as offset-less wall time, so that only the labelled problem shows
    # even where the row's client (and so its time zone) is unknown
    rows = t_rows(src).with_columns(
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


def _bad_entries(rng, ent: pl.DataFrame, e_rows):
    n = ent.height
    b = max(len(ENTRY_BAD), int(round(BAD_SHARE * n)))
    src = np.sort(rng.choice(n, size=b, replace=False))
    rows = e_rows(src).with_columns(pl.Series("entry_id", [f"TE-{n + 1 + j:07d}" for j in range(b)]))
    rows, kind, column, value, reason = _spoil(rng, rows, ENTRY_BAD, None)
    # a ticket of another client would be a second problem
    rows = rows.with_columns(pl.when(pl.Series(column == "client_id")).then(pl.lit(None))
                             .otherwise(pl.col("ticket_id")).alias("ticket_id"))
    labels = pl.DataFrame({
        "kind": "bad_row", "file": "timesheets_" + rows["_year"].cast(pl.Utf8) + ".csv",
        "entry_id": rows["entry_id"], "column": column.astype(str),
        "value": value.astype(str), "expected_reason": reason.astype(str)}).to_dicts()
    return rows, labels


def _ticket_duplicates(rng, tickets: pl.DataFrame, t_rows):
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
    final = t_rows(src)
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


def _entry_duplicates(rng, dec_2025: np.ndarray, e_rows):
    """December 2025 entries re-exported in the 2026 file: identical rows, the later file wins.
    dec_2025: per entry, in the 2025 file and its started_at text starts with 2025-12."""
    cand = np.flatnonzero(dec_2025)
    k = min(len(cand), max(2, int(round(0.002 * len(dec_2025)))))
    src = np.sort(rng.choice(cand, size=k, replace=False))
    rows = e_rows(src)
    rows = rows.with_columns(pl.lit(2026, dtype=rows["_year"].dtype).alias("_year"))
    labels = [{"kind": "superseded_duplicate", "entry_id": e,
               "superseded_file": "timesheets_2025.csv", "winning_file": "timesheets_2026.csv",
               "reason": "repeated entry_id: the file that sorts last wins"}
              for e in rows["entry_id"].to_list()]
    return rows, labels
