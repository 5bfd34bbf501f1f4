"""Tickets, their status history and timesheets, vectorised with numpy/polars.

Everything is generated as UTC instants and formatted per client time zone at the end. No Python
loop runs per ticket or per entry; loops run over time zones or clients at most.
"""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import polars as pl

from .business import SERVICES
from .timeutil import localize, to_local

PRIORITIES = np.array(["P1", "P2", "P3", "P4"])
ISSUES = np.array([
    "user cannot log in", "slow performance reported", "device offline", "error after update",
    "new starter setup", "intermittent outage", "replacement requested", "configuration change",
    "alert raised by monitoring", "site visit requested", "hardware fault", "access request",
])
SERVICE_ARR = np.array(SERVICES)
# "<service with spaces>: <issue>" for every (service, issue) pair: a ticket's summary is one
# gather from this table, not a numpy string array per ticket
SUMMARIES = [f"{s.replace('_', ' ')}: {i}" for s in SERVICES for i in ISSUES]
# a status change's `ord` (its order among changes at the same instant) names its status
HISTORY_STATUS = {0: "open", 1: "in_progress", 2: "on_hold", 3: "on_hold", 4: "in_progress",
                  5: "resolved", 6: "closed", 7: "cancelled"}


def take(values, idx: np.ndarray) -> pl.Series:
    """values[idx] as a polars String Series (a gather: no per-row Python or numpy strings)."""
    return pl.Series([str(v) for v in values], dtype=pl.Utf8).gather(idx)


def contracts_frame(contracts: list[dict], clients: list[dict]) -> pl.DataFrame:
    tz_by_client = {c["client_id"]: c["timezone"] for c in clients}

    def cents(x):
        return None if x is None else int(round(float(x) * 100))

    rows = []
    for k in contracts:
        b = k["billing"]
        row = {
            "contract_id": k["contract_id"], "client_id": k["client_id"],
            "start_date": k["start_date"], "end_date": k["end_date"],
            "contract_tz": k["coverage"]["timezone"] or tz_by_client[k["client_id"]],
            "model": b["model"],
            "rate_standard_c": cents(b["rates"]["standard"]),
            "rate_after_hours_c": cents(b["rates"]["after_hours"]),
            "rate_emergency_c": cents(b["rates"]["emergency"]),
            "overage_rate_c": cents(b["overage_rate"]),
            "included_q": (b["included_hours_per_month"] or 0) * 4,
            "included_services": k["included_services"],
            "excluded_services": k["excluded_services"],
        }
        for s in k["sla"] or []:
            p = s["priority"]
            row[f"resp_{p}"] = s["response_minutes"]
            row[f"res_{p}"] = s["resolution_minutes"]
        rows.append(row)
    return pl.DataFrame(rows, infer_schema_length=None).sort(["client_id", "start_date"])


def match_contract(df: pl.DataFrame, cf: pl.DataFrame, at_col: str) -> pl.DataFrame:
    """Attach the client's contract whose term contains the local date of `at_col` (in the
    contract time zone; constant within a client's renewal chain)."""
    local = to_local(df[at_col], df["contract_tz"])
    df = df.with_columns(local.dt.date().alias("_local_date"), local.alias("_local"))
    keyed = cf.select("client_id", "start_date", "end_date", "contract_id").sort("start_date", maintain_order=True)
    out = df.sort("_local_date", maintain_order=True).join_asof(
        keyed, left_on="_local_date", right_on="start_date", by="client_id", strategy="backward",
        check_sortedness=False,
    )
    out = out.with_columns(
        pl.when(pl.col("_local_date") <= pl.col("end_date")).then(pl.col("contract_id"))
        .alias("contract_id")
    ).drop("start_date", "end_date")
    return out


def _client_arrays(clients, contracts_df, window_start: date, as_of_date: date):
    spans = contracts_df.group_by("client_id").agg(
        pl.col("start_date").min().alias("first"), pl.col("end_date").max().alias("last"))
    span = {r["client_id"]: (r["first"], r["last"]) for r in spans.iter_rows(named=True)}
    start = np.array([max(span[c["client_id"]][0], window_start) for c in clients],
                     dtype="datetime64[D]")
    end = np.array([min(span[c["client_id"]][1], as_of_date) for c in clients],
                   dtype="datetime64[D]")
    return start, end


def _service_weights(rng, clients, contracts: list[dict]) -> np.ndarray:
    """Per-client service mix: mostly in scope, a little out of scope (excluded services)."""
    scope = {}
    for k in contracts:
        scope[k["client_id"]] = (set(k["included_services"]), set(k["excluded_services"]))
    w = np.zeros((len(clients), len(SERVICES)))
    for i, c in enumerate(clients):
        inc, exc = scope[c["client_id"]]
        in_scope = [j for j, s in enumerate(SERVICES)
                    if s not in exc and (not inc or s in inc)]
        out_scope = [j for j in range(len(SERVICES)) if j not in in_scope]
        w[i, in_scope] = rng.dirichlet(np.ones(len(in_scope)) * 1.5)
        if out_scope:
            w[i, in_scope] *= 0.975
            w[i, out_scope] = 0.025 / len(out_scope)
    return w


def _categorical(rng, weights_rows: np.ndarray) -> np.ndarray:
    cw = np.cumsum(weights_rows, axis=1)
    u = rng.random(len(weights_rows)) * cw[:, -1]
    return (u[:, None] > cw).sum(axis=1)


TICKET_COLUMNS = ["ticket_id", "client_id", "tz", "contract_id", "created_utc", "priority",
                  "service_type", "status", "first_response_utc", "resolved_utc", "updated_utc",
                  "technician_id", "summary"]


def make_tickets(rng, clients, contracts, cf: pl.DataFrame, assigned: dict[str, list[str]],
                 as_of: datetime, window_start: date, tickets_per_client_month: float):
    n_clients = len(clients)
    as_of_date = as_of.date()
    span_start, span_end = _client_arrays(clients, cf, window_start, as_of_date)
    days = np.maximum((span_end - span_start).astype(int) + 1, 0)
    size = np.array([c["_size"] for c in clients])
    lam = tickets_per_client_month * size * days / 30.44 / 0.75   # weekend thinning below
    n = rng.poisson(lam)
    cidx = np.repeat(np.arange(n_clients), n)
    day = span_start[cidx] + (rng.random(len(cidx)) * days[cidx]).astype("timedelta64[D]")
    weekday = (day.astype("datetime64[D]").view("int64") - 4) % 7     # 0 = Monday
    keep = (weekday < 5) | (rng.random(len(cidx)) < 0.12)
    cidx, day, weekday = cidx[keep], day[keep], weekday[keep]
    m = len(cidx)
    after_hours = (rng.random(m) < 0.07) | (weekday >= 5)
    sec = np.where(after_hours, rng.random(m) * 86400,
                   np.clip(rng.normal(11.3, 2.4, m), 7.0, 19.5) * 3600).astype(np.int64)
    naive = day.astype("datetime64[s]") + sec.astype("timedelta64[s]")

    client_ids = np.array([c["client_id"] for c in clients])
    tz = np.array([c["timezone"] for c in clients])
    ctz = np.array([c["_contract_tz"] for c in clients])
    quality = np.array([c["_quality"] for c in clients])

    base_p = np.array([0.03, 0.15, 0.5, 0.32])
    pw = rng.dirichlet(base_p * 40, size=n_clients)
    pw_rows = pw[cidx]
    pw_rows[:, 0] += np.where(after_hours, 0.15, 0.0)            # after-hours calls skew P1
    prio_i = _categorical(rng, pw_rows)
    sw = _service_weights(rng, clients, contracts)
    serv_i = _categorical(rng, sw[cidx])

    # technicians: one of the client's assigned technicians
    flat, offs, counts = [], [], []
    for c in clients:
        offs.append(len(flat))
        counts.append(len(assigned[c["client_id"]]))
        flat.extend(assigned[c["client_id"]])
    flat_a, offs_a, counts_a = np.array(flat), np.array(offs), np.array(counts)
    tech = take(flat_a, offs_a[cidx] + (rng.random(m) * counts_a[cidx]).astype(int))

    df = pl.DataFrame({
        "client_id": take(client_ids, cidx), "tz": take(tz, cidx),
        "contract_tz": take(ctz, cidx),
        "naive": naive.astype("datetime64[us]"), "priority": take(PRIORITIES, prio_i),
        "service_type": take(SERVICE_ARR, serv_i), "technician_id": tech,
        "quality": quality[cidx],
        "summary": take(SUMMARIES, serv_i * len(ISSUES)
                        + (rng.random(m) * len(ISSUES)).astype(int)),
    })
    df = df.with_columns(localize(df["naive"], df["tz"]).alias("created_utc")).drop("naive")
    df = df.filter(pl.col("created_utc") < pl.lit(as_of).dt.replace_time_zone("UTC"))
    df = match_contract(df, cf, "created_utc").filter(pl.col("contract_id").is_not_null())
    df = df.sort(["created_utc", "client_id", "priority", "service_type", "technician_id",
                  "summary"], maintain_order=True)
    m = df.height
    df = df.with_columns(pl.format("TK-{}", (pl.int_range(1, m + 1).cast(pl.Utf8)
                                             .str.zfill(7))).alias("ticket_id"))

    # SLA targets of the matched contract for the ticket's priority
    cols = ["contract_id"] + [f"{a}_{p}" for a in ("resp", "res") for p in PRIORITIES]
    targets = cf.select([c for c in cols if c in cf.columns])
    df = df.join(targets, on="contract_id", how="left", maintain_order="left")
    resp_t = pl.coalesce([pl.when(pl.col("priority") == p).then(pl.col(f"resp_{p}"))
                          for p in PRIORITIES])
    res_t = pl.coalesce([pl.when(pl.col("priority") == p).then(pl.col(f"res_{p}"))
                         for p in PRIORITIES])
    df = df.with_columns(resp_t.fill_null(240).alias("resp_target"),
                         res_t.fill_null(1440).alias("res_target"))
    df = df.drop([c for c in cols[1:] if c in df.columns])

    q = df["quality"].to_numpy()
    resp_f = rng.lognormal(np.log(0.33) + q, 0.5, m)
    res_f = rng.lognormal(np.log(0.38) + q, 0.45, m)
    resp_s = np.maximum(60, df["resp_target"].to_numpy() * resp_f * 60).astype(np.int64)
    # The long tail: a first response that slips (queue backed up, nobody picked it up) and work
    # that stalls (a part on order, a vendor, a client who does not answer), more often at the
    # clients served worse. It puts real breaches in the history and, at the reference instant, a
    # live queue of at-risk and breached tickets. Drawn from a child generator, so everything
    # else keeps the random stream it had.
    tail = rng.spawn(1)[0]
    worse = np.clip(q, 0.0, None)
    slips = tail.random(m) < 0.008 + 0.04 * worse
    resp_s = np.where(slips, (resp_s * tail.uniform(3.0, 12.0, m)).astype(np.int64), resp_s)
    stalls = tail.random(m) < 0.03 + 0.15 * worse
    stall_f = np.where(stalls, tail.uniform(2.5, 14.0, m), 1.0)
    work_s = np.maximum(resp_s + rng.integers(300, 3600, m),
                        (df["res_target"].to_numpy() * res_f * stall_f * 60).astype(np.int64))
    held = rng.random(m) < 0.08
    hold_start_s = resp_s + (rng.random(m) * (work_s - resp_s)).astype(np.int64)
    hold_len_s = np.where(held, rng.integers(3600, 72 * 3600, m), 0)
    repeat_hold = held & (rng.random(m) < 0.2)          # a second on_hold note: no restart
    resolved_s = work_s + hold_len_s
    cancelled = rng.random(m) < 0.015
    cancel_s = rng.integers(600, 2 * 86400, m)

    created = df["created_utc"]
    base = created.dt.epoch("s").to_numpy()
    as_of_s = int(as_of.timestamp())
    fr_abs = base + resp_s
    res_abs = base + resolved_s
    hs_abs = base + hold_start_s
    he_abs = hs_abs + hold_len_s
    cancel_abs = base + cancel_s
    cancelled &= cancel_abs <= as_of_s
    close_delay = rng.integers(86400, 3 * 86400, m)
    closes = (rng.random(m) < 0.8) & (res_abs + close_delay <= as_of_s)

    status = np.where(
        cancelled, "cancelled",
        np.where(fr_abs > as_of_s, "open",
                 np.where(res_abs > as_of_s,
                          np.where(held & (hs_abs <= as_of_s) & (he_abs > as_of_s),
                                   "on_hold", "in_progress"),
                          np.where(closes, "closed", "resolved"))))
    fr_known = (~cancelled | (cancel_abs > fr_abs)) & (fr_abs <= as_of_s)
    res_known = ~cancelled & (res_abs <= as_of_s)
    hold_happens = held & ~cancelled & (hs_abs <= as_of_s)
    hold_ends = hold_happens & (he_abs <= as_of_s)

    def ts(x):
        return pl.Series(x.astype("datetime64[s]").astype("datetime64[us]")).dt.replace_time_zone(
            "UTC")

    updated = np.where(cancelled, cancel_abs,
                       np.where(closes & res_known, res_abs + close_delay,
                                np.where(res_known, res_abs,
                                         np.where(hold_ends, he_abs,
                                                  np.where(hold_happens, hs_abs,
                                                           np.where(fr_known, fr_abs, base))))))
    tickets = df.with_columns(
        pl.Series("status", status),
        ts(fr_abs).alias("first_response_utc"),
        ts(res_abs).alias("resolved_utc"),
        ts(updated).alias("updated_utc"),
        pl.Series("fr_known", fr_known), pl.Series("res_known", res_known),
    ).with_columns(
        pl.when(pl.col("fr_known")).then(pl.col("first_response_utc")).alias("first_response_utc"),
        pl.when(pl.col("res_known")).then(pl.col("resolved_utc")).alias("resolved_utc"),
    )

    # status history: one frame per kind of change, concatenated. Lean: the ticket's row number
    # (its ticket_id and time zone are looked up when the file is written), the instant in epoch
    # seconds, and `ord`, which names the status (HISTORY_STATUS). Ticket ids are numbered in row
    # order, so sorting by row number is sorting by ticket_id.
    ev = []

    def add(mask, when, status_name, order):
        assert HISTORY_STATUS[order] == status_name
        ev.append(pl.DataFrame({"ticket_row": np.flatnonzero(mask).astype(np.int32),
                                "changed_s": when[mask],
                                "ord": np.full(mask.sum(), order, dtype=np.int8)}))

    all_rows = np.ones(m, dtype=bool)
    add(all_rows, base, "open", 0)
    add(fr_known & ~(cancelled & (cancel_abs <= fr_abs)), fr_abs, "in_progress", 1)
    add(hold_happens, hs_abs, "on_hold", 2)
    add(hold_happens & repeat_hold & (hs_abs + 900 <= as_of_s), hs_abs + 900, "on_hold", 3)
    add(hold_ends, he_abs, "in_progress", 4)
    add(res_known, res_abs, "resolved", 5)
    add(closes & res_known, res_abs + close_delay, "closed", 6)
    add(cancelled, cancel_abs, "cancelled", 7)
    history = pl.concat(ev).filter(pl.col("changed_s") <= as_of_s).sort(
        ["ticket_row", "changed_s", "ord"], maintain_order=True)
    del ev

    hold = {"held": held, "hold_start": hs_abs, "hold_end": he_abs}
    # only what the timesheets, the documents' consequences and the writer read
    tickets = tickets.select(TICKET_COLUMNS)
    return tickets, history, hold


def make_timesheets(rng, clients, contracts, cf, tickets: pl.DataFrame, assigned, as_of,
                    entries_per_ticket: float, non_ticket_share: float) -> pl.DataFrame:
    as_of_s = int(as_of.timestamp())
    t = tickets.filter(pl.col("status") != "cancelled", pl.col("first_response_utc").is_not_null())
    m = t.height
    n = 1 + np.minimum(rng.poisson(entries_per_ticket - 1.0, m), 4)
    rep = np.repeat(np.arange(m), n)
    k = np.arange(len(rep)) - np.repeat(np.cumsum(n) - n, n)   # 0-based entry number
    fr = t["first_response_utc"].dt.epoch("s").to_numpy()
    res = t["resolved_utc"].dt.epoch("s").fill_null(as_of_s).to_numpy()
    span = np.maximum(res - fr, 900)
    start = fr[rep] + np.where(k == 0, rng.integers(0, 1800, len(rep)),
                               (rng.random(len(rep)) * span[rep]).astype(np.int64))
    start = (start // 60) * 60
    quarters = np.clip(np.round(rng.lognormal(np.log(5.0), 0.6, len(rep))), 1, 32).astype(np.int64)
    # the ticket's columns repeated per entry: a polars gather (no Python strings per row)
    ent = t.select("client_id", "ticket_id", "technician_id").gather(rep).with_columns(
        pl.Series("start_s", start), pl.Series("quarters", quarters),
        t["service_type"].gather(rep), t["priority"].gather(rep))
    del t
    # work not tied to a ticket: maintenance visits, projects
    size = np.array([c["_size"] for c in clients])
    n_extra = int(len(rep) * non_ticket_share)
    ci = rng.choice(len(clients), size=n_extra, p=size / size.sum())
    tk_start = tickets.group_by("client_id").agg(pl.col("created_utc").min().alias("a"),
                                                 pl.col("created_utc").max().alias("b"))
    lo = dict(zip(tk_start["client_id"], tk_start["a"].dt.epoch("s")))
    hi = dict(zip(tk_start["client_id"], tk_start["b"].dt.epoch("s")))
    cids = np.array([c["client_id"] for c in clients])
    lo_a = np.array([lo.get(c, 0) for c in cids])
    hi_a = np.array([hi.get(c, 0) for c in cids])
    has = hi_a[ci] > lo_a[ci]
    ci = ci[has]
    xs = lo_a[ci] + (rng.random(len(ci)) * (hi_a[ci] - lo_a[ci])).astype(np.int64)
    xs = (xs // 3600) * 3600
    sw = _service_weights(rng, clients, contracts)
    sw[:, SERVICES.index("project_work")] += 0.25
    ent = pl.concat([ent, pl.DataFrame({
        "client_id": cids[ci], "ticket_id": pl.Series([None] * len(ci), dtype=pl.Utf8),
        "technician_id": np.full(len(ci), "", dtype=object),
        "start_s": xs, "quarters": np.clip(rng.integers(4, 33, len(ci)), 1, 32),
        "service_type": SERVICE_ARR[_categorical(rng, sw[ci])], "priority": "P4",
    })], how="vertical_relaxed")
    # an occasional colleague helps on the ticket
    e = ent.height
    swap = (rng.random(e) < 0.15) | ent["ticket_id"].is_null().to_numpy()
    flat, offs, counts = [], {}, {}
    for c in cids:
        offs[c] = len(flat)
        counts[c] = len(assigned[c])
        flat.extend(assigned[c])
    flat_a = np.array(flat)
    assert (cids[:-1] < cids[1:]).all(), "client ids are numbered in order"
    cl = ent["client_id"].replace_strict(
        {c: i for i, c in enumerate(cids)}, return_dtype=pl.Int32).to_numpy()
    off = np.array([offs[c] for c in cids])[cl]
    cnt = np.array([counts[c] for c in cids])[cl]
    other = take(flat_a, off + (rng.random(e) * cnt).astype(int))
    ent = ent.with_columns(pl.when(pl.Series(swap)).then(other)
                           .otherwise(pl.col("technician_id")).alias("technician_id"))
    del cl, off, cnt, other
    ent = ent.filter(pl.col("start_s") + pl.col("quarters") * 900 <= as_of_s)

    tz_map = {c["client_id"]: (c["timezone"], c["_contract_tz"]) for c in clients}
    ent = ent.with_columns(
        pl.col("client_id").replace_strict({k: v[0] for k, v in tz_map.items()}).alias("tz"),
        pl.col("client_id").replace_strict({k: v[1] for k, v in tz_map.items()})
        .alias("contract_tz"),
        pl.from_epoch("start_s", time_unit="s").dt.cast_time_unit("us")
        .dt.replace_time_zone("UTC").alias("started_utc"),
    )
    ent = match_contract(ent, cf, "started_utc").filter(pl.col("contract_id").is_not_null())
    local = ent["_local"]
    e = ent.height
    hour = local.dt.hour().to_numpy()
    wd = local.dt.weekday().to_numpy()   # 1 = Monday
    outside = (hour < 7) | (hour >= 19) | (wd >= 6)
    emergency = (ent["priority"].to_numpy() == "P1") & (rng.random(e) < 0.35)
    rate_type = np.where(emergency, "emergency",
                         np.where(outside & (rng.random(e) < 0.9), "after_hours", "standard"))
    ent = ent.with_columns(pl.Series("rate_type", rate_type),
                           pl.Series("billable", rng.random(e) >= 0.05))
    # in scope or not per (contract, service): a small table joined on, not the contract's
    # service lists repeated on every entry
    ent = ent.join(scope_table(cf), on=["contract_id", "service_type"], how="left",
                   maintain_order="left")
    # work outside the contract's scope is billable and approved in clean data
    ent = ent.with_columns(
        (pl.col("billable") | ~pl.col("in_scope")).alias("billable"),
        (~pl.col("in_scope")).alias("approved_out_of_scope"),
    )
    ent = ent.sort(["started_utc", "client_id", "technician_id", "ticket_id", "quarters"],
                   nulls_last=True, maintain_order=True)
    return ent.drop("_local_date", "_local", "priority", "start_s", "contract_tz")


def scope_table(cf: pl.DataFrame) -> pl.DataFrame:
    """(contract_id, service_type, in_scope) for every contract and service (in_scope_expr)."""
    return (cf.select("contract_id", "included_services", "excluded_services")
            .join(pl.DataFrame({"service_type": SERVICES}), how="cross")
            .select("contract_id", "service_type", in_scope_expr().alias("in_scope")))


def in_scope_expr() -> pl.Expr:
    excluded = pl.col("service_type").is_in(pl.col("excluded_services"))
    listed = pl.col("included_services").list.len() > 0
    included = pl.col("service_type").is_in(pl.col("included_services"))
    return ~excluded & (~listed | included)
