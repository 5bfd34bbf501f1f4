"""The whole pipeline on the real ServiceNow log (UCI incident event log, ../shared/realdata) through
the shipped mapping, from nothing: user files, `contractops import`, `contractops materialize`.

What a user writes once for this log (the log names locations, not customers, and has no SLA
terms): one client per location (zone unknown: UTC; country BR as the log's origin), the client map
location -> client_id, the resolvers as technicians, and one contract per location with the SLA
below (24x7 calendar clocks, targets per priority in minutes, an assumption: the log's own SLA
definitions are not in the file). Then it reports what benchmarks/RESULTS.md records.

    .venv/bin/python benchmarks/realdata_pipeline.py [--out DIR]
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import polars as pl

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from connector_bench import MAPPING  # noqa: E402
from extractors.connectors import uci_sample  # noqa: E402

AS_OF = "2017-06-01T00:00:00Z"
# priority: (response minutes, resolution minutes); calendar clock, 24x7.
SLA = {"P1": (60, 8 * 60), "P2": (4 * 60, 24 * 60), "P3": (8 * 60, 3 * 24 * 60), "P4": (24 * 60, 5 * 24 * 60)}


def contracts(landing: Path) -> int:
    folder = landing / "contracts"
    folder.mkdir(parents=True, exist_ok=True)
    with (landing / "clients.csv").open() as handle:
        clients = [r["client_id"] for r in csv.DictReader(handle)]
    rows = "\n".join(
        f"  - {{priority: {p}, response_minutes: {r}, resolution_minutes: {s}, clock: calendar}}" for p, (r, s) in SLA.items()
    )
    for client in clients:
        (folder / f"SN-{client}.yaml").write_text(
            f"contract_id: SN-{client}\nclient_id: {client}\ntitle: Service desk ({client})\ntier: silver\n"
            f"start_date: 2016-01-01\nend_date: 2017-12-31\ncurrency: USD\n"
            # No timesheets in the log; billing terms only so the contract is not under review.
            f"billing:\n  model: time_and_materials\n  rates: {{standard: 100.00, after_hours: 150.00, emergency: 200.00}}\n"
            f"coverage:\n  hours: \"24x7\"\n  timezone: UTC\n  public_holidays: false\nsla:\n{rows}\n",
            encoding="utf-8",
        )
    return len(clients)


def report(warehouse: Path, log: Path) -> None:
    con = duckdb.connect(str(warehouse), read_only=True)
    con.execute("SET TimeZone = 'UTC'")
    q = lambda sql, *p: con.execute(sql, list(p)).fetchall()  # noqa: E731
    print("\naccounting per kind (source export):")
    for row in q("SELECT kind, rows_read, rows_clean, rows_rejected, rows_superseded FROM quarantine.file_accounting "
                 "WHERE source_file LIKE 'sources/%' ORDER BY 1"):
        print("  ", row)
    incidents = q("SELECT count(DISTINCT raw_record->>'number') FROM quarantine.rejected_rows WHERE kind = 'tickets' "
                  "AND (raw_record->>'number') NOT IN (SELECT ticket_id FROM clean.tickets)")[0][0]
    print(f"incidents: {q('SELECT count(*) FROM clean.tickets')[0][0]} clean, {incidents} with no clean snapshot (all rejected)")
    print("rejection reasons (ticket rows):")
    for row in q("SELECT r, count(*) FROM (SELECT unnest(reasons) r FROM quarantine.rejected_rows WHERE kind='tickets') GROUP BY 1 ORDER BY 2 DESC"):
        print("  ", row)
    print("tickets per status:", q("SELECT status, count(*) FROM clean.tickets GROUP BY 1 ORDER BY 2 DESC"))
    print("entitlement:", q("SELECT entitlement, count(*) FROM marts.fct_ticket_sla GROUP BY 1 ORDER BY 1"))
    print("response:", q("SELECT response_status, count(*) FROM marts.fct_ticket_sla GROUP BY 1 ORDER BY 1"))
    print("resolution:", q("SELECT resolution_status, count(*) FROM marts.fct_ticket_sla GROUP BY 1 ORDER BY 1"))

    # The log's own verdict: made_sla of the event row the loader kept for each incident.
    source = pl.read_csv(log, infer_schema=False, columns=["made_sla"]).with_row_index("_row_number", offset=1)
    con.register("made", source.with_columns(pl.col("_row_number").cast(pl.Int64)))
    rows = q(
        """
        SELECT s.priority, m.made_sla, s.resolution_status, count(*) FROM marts.fct_ticket_sla s
        JOIN clean.tickets t USING (ticket_id) JOIN made m ON m._row_number = t._row_number
        WHERE s.resolution_status IN ('met', 'breached') GROUP BY ALL ORDER BY ALL
        """
    )
    print("priority, log made_sla, our resolution status, tickets:")
    for row in rows:
        print("  ", row)
    both = q(
        """
        SELECT count(*) FILTER (WHERE m.made_sla = 'true'), count(*) FILTER (WHERE s.resolution_status = 'met'),
               count(*) FILTER (WHERE (m.made_sla = 'true') = (s.resolution_status = 'met')), count(*)
        FROM marts.fct_ticket_sla s JOIN clean.tickets t USING (ticket_id) JOIN made m ON m._row_number = t._row_number
        WHERE s.resolution_status IN ('met', 'breached')
        """
    )[0]
    print(f"finished resolution clocks: {both[3]}; log made_sla true {both[0]}, ours met {both[1]}, agree {both[2]} ({both[2] / both[3]:.1%})")
    con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="keep the landing zone and warehouse here")
    args = parser.parse_args()
    from contractops.pipeline import materialize
    from extractors.connectors.sources import land

    with tempfile.TemporaryDirectory(prefix="realdata-") as tmp:
        base = (args.out or Path(tmp)).resolve()
        landing = base / "landing"
        log = uci_sample.incident_log()
        users = pl.read_csv(log, infer_schema=False, columns=["location", "assigned_to"])
        uci_sample.write_user_files(landing, base / "mapping", users["location"], users["assigned_to"])
        print(f"contracts written: {contracts(landing)}")
        t = time.perf_counter()
        land(base / "mapping" / MAPPING.name, log, landing)
        print(f"import (contractops import): {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        result = materialize(landing, base / "warehouse" / "contractops.duckdb", AS_OF)
        elapsed = time.perf_counter() - t
        print(f"materialize: success={result.success} in {elapsed:.1f} s; failed checks {result.failed_checks}; failed steps {result.failed_steps}")
        meta = result.asset_metadata.get("mapped/servicenow") or {}
        if meta:
            print(f"mapped/servicenow: {meta}")
        report(result.warehouse_path, log)


if __name__ == "__main__":
    main()
