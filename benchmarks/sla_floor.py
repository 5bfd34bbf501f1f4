"""The SLA clock against its floor (issue 17, point 4).

    .venv/bin/python benchmarks/sla_floor.py --warehouse W.duckdb [--as-of TS] [--repeat 3]

On one materialized warehouse (e.g. benchmarks/out/sla/large.duckdb from sla_bench.py, or
benchmarks/out/pipeline_large/w.duckdb from pipeline_bench.py) and on a copy of it each time:

1. **models**: `dbt run` of the SLA models (models/intermediate/sla + models/marts/sla), dbt's
   per-model execution times summed (dbt's start-up excluded, reported beside).
2. **floor**: the simplest fast formulation written by hand in DuckDB SQL, on the same tickets
   and the same contracts' calendars: a cumulative open-time table per business calendar (days x
   coverage windows, closed holidays and closed dates, wall time -> instant with `timezone()`,
   a running sum), then elapsed time by an ASOF join of each ticket's three instants and due
   times by an ASOF join back, written as a table. Its input (each judged ticket's calendar,
   clock kind, instants and targets) is prepared before the timer starts, so the floor is
   charged nothing for entitlement.

The floor leaves out what the models do besides: which contract covers a ticket and whether it is
judged (entitlement, review holds), on-hold pauses (status history -> holds -> paused time, the due
time pushed by holds before the target), DST edges that do not exist or repeat, merged overlapping
windows, statuses met/breached/at_risk/open, and the compliance marts. The floor's elapsed and due
times are compared with the models' on tickets that never were on hold and whose calendars have
no DST edge inside a window (they must agree there), which keeps the floor honest.

Same connection settings as the warehouse (memory_limit, threads from contractops.settings).
Prints a JSON report; `--results` writes the section "SLA clock against its floor" of RESULTS.md.
"""

import argparse
import json
import platform
import shutil
import statistics
import sys
import time
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from contractops.settings import duckdb_memory_limit, duckdb_threads  # noqa: E402
from sla_bench import time_sla_models  # noqa: E402

AS_OF = "2026-11-16T15:00:00Z"

# Input of the floor, untimed: every judged ticket with its calendar, clock kind, the instants its
# two clocks end at, and its targets in microseconds (read from the models' entitlement).
FLOOR_INPUT = """
create or replace temp table floor_tickets as
select
    row_number() over () as ticket_key,
    e.ticket_id,
    e.contract_id,
    e.clock_kind,
    e.created_at,
    greatest(coalesce(e.first_response_at, e.resolved_at, cast($as_of as timestamptz)), e.created_at) as response_end_at,
    greatest(coalesce(e.resolved_at, cast($as_of as timestamptz)), e.created_at) as resolution_end_at,
    cast(round(cast(e.response_target_minutes as double) * 60000000) as bigint) as response_target_us,
    cast(round(cast(e.resolution_target_minutes as double) * 60000000) as bigint) as resolution_target_us
from intermediate.int_sla_tickets_entitled as e
where e.is_judged
"""

# The timed floor: calendar table + clocks.
FLOOR_CALENDAR = """
create or replace table floor_intervals as
with days as (
    -- the same calendars and spans as the models (int_sla_coverage_calendars)
    select contract_id, coverage_timezone,
        unnest(generate_series(first_day, last_day, interval 1 day))::date as d
    from intermediate.int_sla_coverage_calendars
),
opens as (
    select
        days.contract_id,
        timezone(days.coverage_timezone, days.d + to_seconds(w.start_second)) as open_start,
        timezone(days.coverage_timezone, days.d + to_seconds(w.end_second)) as open_end
    from days
    inner join staging.stg_contracts__coverage_windows as w
        on w.contract_id = days.contract_id and w.iso_dow = isodow(days.d)
        and not w.is_24x7 and w.end_second > w.start_second
    anti join intermediate.int_contract_closed_days as x
        on x.contract_id = days.contract_id and x.closed_date = days.d
)
select
    contract_id, open_start,
    epoch_us(open_end) - epoch_us(open_start) as open_us,
    coalesce(sum(epoch_us(open_end) - epoch_us(open_start)) over (
        partition by contract_id order by open_start rows between unbounded preceding and 1 preceding
    ), 0)::bigint as open_us_before
from opens
"""

FLOOR_CLOCKS = """
create or replace table floor_clocks as
with points as (
    select ticket_key, contract_id, clock_kind, 0 as p, created_at as t from floor_tickets
    union all select ticket_key, contract_id, clock_kind, 1, response_end_at from floor_tickets
    union all select ticket_key, contract_id, clock_kind, 2, resolution_end_at from floor_tickets
),
mapped as (
    select points.ticket_key, points.p,
        coalesce(i.open_us_before + least(epoch_us(points.t) - epoch_us(i.open_start), i.open_us), 0) as us
    from points
    asof left join floor_intervals as i
        on i.contract_id = points.contract_id and points.t >= i.open_start
    where points.clock_kind = 'business'
    union all
    select ticket_key, p, epoch_us(t) from points where clock_kind = 'calendar'
),
readings as (
    select ticket_key,
        any_value(us) filter (where p = 0) as c0,
        any_value(us) filter (where p = 1) as c1,
        any_value(us) filter (where p = 2) as c2
    from mapped group by ticket_key
),
clocks as (
    select t.ticket_key, t.contract_id, t.clock_kind, t.created_at,
        r.c1 - r.c0 as response_elapsed_us, r.c2 - r.c0 as resolution_elapsed_us,
        r.c0 + t.response_target_us as response_due_us, t.response_target_us,
        r.c0 + t.resolution_target_us as resolution_due_us, t.resolution_target_us
    from floor_tickets as t inner join readings as r using (ticket_key)
),
due_readings as (
    select ticket_key, contract_id, clock_kind, created_at, 'response' as clock,
        response_due_us as due_us, response_target_us as target_us from clocks
    union all
    select ticket_key, contract_id, clock_kind, created_at, 'resolution',
        resolution_due_us, resolution_target_us from clocks
),
dues as (
    select d.ticket_key, d.clock,
        case when d.target_us = 0 then d.created_at
             when d.due_us - i.open_us_before <= i.open_us
                 then i.open_start + to_microseconds(d.due_us - i.open_us_before) end as due_at
    from due_readings as d
    asof left join floor_intervals as i
        on i.contract_id = d.contract_id and d.due_us > i.open_us_before
    where d.clock_kind = 'business'
    union all
    select ticket_key, clock, make_timestamptz(due_us) from due_readings where clock_kind = 'calendar'
)
select
    clocks.ticket_key,
    clocks.response_elapsed_us / 60000000.0 as response_elapsed_minutes,
    clocks.resolution_elapsed_us / 60000000.0 as resolution_elapsed_minutes,
    r.due_at as response_due_at,
    s.due_at as resolution_due_at
from clocks
left join dues as r on r.ticket_key = clocks.ticket_key and r.clock = 'response'
left join dues as s on s.ticket_key = clocks.ticket_key and s.clock = 'resolution'
"""

# Where the floor and the models must agree: tickets never on hold (the floor has no pauses).
AGREEMENT = """
select
    count(*) as compared,
    count(*) filter (where abs(f.response_elapsed_minutes - m.response_elapsed_minutes) > 0.001
                       or abs(f.resolution_elapsed_minutes - m.resolution_elapsed_minutes) > 0.001
                       or f.response_due_at is distinct from m.response_due_at
                       or f.resolution_due_at is distinct from m.resolution_due_at) as differing
from floor_clocks as f
inner join floor_tickets as t using (ticket_key)
inner join intermediate.int_ticket_sla as m using (ticket_id)
where t.ticket_id not in (select ticket_id from intermediate.int_sla_ticket_holds)
"""


def _connect(path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path))
    con.execute("SET TimeZone = 'UTC'")
    con.execute(f"SET memory_limit = '{duckdb_memory_limit()}'")  # settings' own values, not user text
    con.execute(f"SET threads = {int(duckdb_threads())}")
    return con


def time_floor(published: Path, as_of: str) -> dict:
    work = published.with_name(published.name + ".floor")
    shutil.copyfile(published, work)
    try:
        con = _connect(work)
        con.execute(FLOOR_INPUT, {"as_of": as_of})
        tickets = con.execute("select count(*) from floor_tickets").fetchone()[0]
        started = time.perf_counter()
        cpu0 = time.process_time()
        con.execute(FLOOR_CALENDAR)
        calendar_s = time.perf_counter() - started
        con.execute(FLOOR_CLOCKS)
        total_s = time.perf_counter() - started
        cpu = time.process_time() - cpu0
        compared, differing = con.execute(AGREEMENT).fetchone()
        intervals = con.execute("select count(*) from floor_intervals").fetchone()[0]
        con.close()
    finally:
        work.unlink(missing_ok=True)
        Path(str(work) + ".wal").unlink(missing_ok=True)
    return {"tickets": tickets, "intervals": intervals, "calendar_seconds": round(calendar_s, 2),
            "clock_seconds": round(total_s - calendar_s, 2), "seconds": round(total_s, 2),
            "cpu_seconds": round(cpu, 2), "agreement": {"compared": compared, "differing": differing}}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--warehouse", type=Path, required=True, help="a materialized warehouse (not modified)")
    ap.add_argument("--as-of", default=AS_OF)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", type=Path, help="also write the report here")
    args = ap.parse_args()
    if not args.warehouse.exists():
        raise SystemExit(f"{args.warehouse}: no such warehouse (materialize one first, see the docstring)")
    floors, models = [], []
    for _ in range(args.repeat):
        floors.append(time_floor(args.warehouse, args.as_of))
        # --full-refresh: every ticket judged again, as the floor does (not the incremental run)
        models.append(time_sla_models(args.warehouse, args.as_of, full_refresh=True))
    floor_s = statistics.median(f["seconds"] for f in floors)
    model_s = statistics.median(m["models_seconds"] for m in models)
    per_model = {name: statistics.median(m["models"][name] for m in models) for name in models[0]["models"]}
    clock_models = ("int_sla_coverage_calendars", "int_sla_coverage_intervals", "int_sla_ticket_holds",
                    "int_sla_tickets_entitled", "int_sla_ticket_clocks", "int_ticket_sla")
    clock_s = sum(per_model.get(name, 0.0) for name in clock_models)
    report = {
        "warehouse": str(args.warehouse), "as_of": args.as_of, "repeat": args.repeat,
        "machine": {"cores": __import__("os").cpu_count(), "python": platform.python_version(),
                    "duckdb": duckdb.__version__, "threads": duckdb_threads(),
                    "memory_limit": duckdb_memory_limit(),
                    "load_average": [round(x, 1) for x in __import__("os").getloadavg()]},
        "floor_runs": floors, "model_runs": [{k: v for k, v in m.items() if k != "models"} for m in models],
        "floor_median_seconds": floor_s,
        "models_median_seconds": model_s,
        "clock_models_median_seconds": round(clock_s, 2),
        "per_model_median_seconds": per_model,
        "ratio_all_sla_models": round(model_s / floor_s, 2),
        "ratio_clock_models": round(clock_s / floor_s, 2),
    }
    text = json.dumps(report, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
