"""Speed of a mapped import: N event rows of a ServiceNow incident log through the shipped mapping.

The log is the real UCI export (../shared/realdata) repeated with renamed incidents until it has
N rows (so values, gaps and quirks are the real ones), written gzip-compressed as a user would
land it. Timed separately, each on its own:
  land     `contractops import`'s work: check the mapping against the export, copy it into place
  map      the connector asset's work: read + map set-based -> mapped.servicenow__tickets / __ticket_status_history
  load     the loader's work on those tables (clean/quarantine/accounting; extractors.landing)

    .venv/bin/python benchmarks/connector_bench.py --rows 1000000
"""

from __future__ import annotations

import argparse
import os
import gzip
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import polars as pl

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from extractors.connectors import uci_sample  # noqa: E402
from extractors.connectors.sources import discover, land, map_source  # noqa: E402
from extractors.landing import accounting_violations, load_kind  # noqa: E402

MAPPING = uci_sample.MAPPING


def make_log(out: Path, rows: int) -> Path:
    log = uci_sample.incident_log()
    if not log.exists():
        raise SystemExit(f"the UCI incident log is not at {log}")
    real = pl.read_csv(log, infer_schema=False)
    copies = -(-rows // real.height)
    big = pl.concat([
        real.with_columns(pl.col("number").str.replace("^INC", f"INC{i:02d}")) for i in range(copies)
    ]).head(rows)
    path = out / "incident_event_log_big.csv.gz"
    with gzip.open(path, "wb", compresslevel=6) as handle:
        big.write_csv(handle)
    return path



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--no-load", action="store_true", help="skip the loader step")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="connector-bench-") as tmp:
        base = Path(tmp)
        t = time.perf_counter()
        log = make_log(base, args.rows)
        print(f"generated {args.rows:,} event rows ({log.stat().st_size / 1e6:.1f} MB gzip) in {time.perf_counter() - t:.1f} s (not timed)")
        landing = base / "landing"
        users = pl.read_csv(log, infer_schema=False, columns=["location", "assigned_to"])
        uci_sample.write_user_files(landing, base / "mapping", users["location"], users["assigned_to"])

        t, c = time.perf_counter(), time.process_time()
        land(base / "mapping" / MAPPING.name, log, landing)
        t_land, c_land = time.perf_counter() - t, time.process_time() - c

        con = duckdb.connect(str(base / "w.duckdb"))
        con.execute("SET TimeZone = 'UTC'")
        for kind in ("clients", "technicians"):
            load_kind(con, landing, kind)
        (source,) = discover(landing)
        t, c = time.perf_counter(), time.process_time()
        mapped = map_source(con, source)
        t_map, c_map = time.perf_counter() - t, time.process_time() - c
        total = t_land + t_map
        # CPU time (all threads of this process) next to wall time: on a shared machine the
        # difference is time spent waiting for a core.
        print(f"land  {t_land:6.1f} s wall, {c_land:5.1f} s CPU")
        print(f"map   {t_map:6.1f} s wall, {c_map:5.1f} s CPU  -> {mapped.rows_written}")
        print(f"mapped import (land + map): {total:.1f} s wall ({c_land + c_map:.1f} s CPU), {args.rows / total:,.0f} rows/s; "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        if not args.no_load:
            t = time.perf_counter()
            for kind in ("tickets", "ticket_status_history"):
                report = load_kind(con, landing, kind)
                print(f"load  {kind}: read {report.rows_read:,} clean {report.rows_clean:,} rejected {report.rows_rejected:,} superseded {report.rows_superseded:,}")
            t_load = time.perf_counter() - t
            print(f"load  {t_load:6.1f} s; accounting violations: {len(accounting_violations(con))}")
        con.close()


if __name__ == "__main__":
    main()
