"""A ServiceNow incident event log (one row per update of an incident) -> landing files.

The export is what a real PSA gives: every update of an incident as a full snapshot, `d/m/Y H:M`
wall times without a zone, `?` for missing, priorities like `3 - Moderate`. The converter maps
vocabulary and formats and nothing else: every event row becomes one `tickets.csv` row (so the
loader's "latest `updated_at` wins" keeps each incident's final state and counts the rest as
superseded), state changes become `ticket_status_history.csv`, and values it cannot map are passed
through unchanged so that quarantine rejects them with a specific reason. Nothing is dropped.

    python -m extractors.servicenow incident_event_log.csv.gz OUT_DIR [--timezone UTC] [--country BR]
"""

from __future__ import annotations

import argparse
import gzip
import io
from pathlib import Path

import polars as pl

# ServiceNow incident_state -> the data contract's status vocabulary.
STATES = {
    "New": "open",
    "Active": "in_progress",
    "Awaiting User Info": "on_hold",
    "Awaiting Vendor": "on_hold",
    "Awaiting Problem": "on_hold",
    "Awaiting Evidence": "on_hold",
    "Resolved": "resolved",
    "Closed": "closed",
}
PRIORITIES = {"1 - Critical": "P1", "2 - High": "P2", "3 - Moderate": "P3", "4 - Low": "P4"}


def _iso(col: str) -> pl.Expr:
    """`29/2/2016 01:16` -> `2016-02-29T01:16:00`; anything else passes through as it was."""
    parsed = pl.col(col).str.strptime(pl.Datetime, "%d/%m/%Y %H:%M", strict=False)
    return pl.when(parsed.is_not_null()).then(parsed.dt.strftime("%Y-%m-%dT%H:%M:%S")).otherwise(pl.col(col))


def _missing(col: str) -> pl.Expr:
    return pl.when(pl.col(col) == "?").then(pl.lit("")).otherwise(pl.col(col))


def _slug(col: str, prefix: str) -> pl.Expr:
    """`Location 143` -> `LOC143`; `?` -> empty (the loader reports it as missing)."""
    digits = pl.col(col).str.extract(r"(\d+)$")
    return pl.when(pl.col(col) == "?").then(pl.lit("")).when(digits.is_not_null()).then(pl.lit(prefix) + digits).otherwise(pl.col(col))


def read_event_log(path: Path) -> pl.DataFrame:
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    return pl.read_csv(io.BytesIO(raw), infer_schema=False)


def convert(events: pl.DataFrame, timezone: str = "UTC", country: str = "BR") -> dict[str, pl.DataFrame]:
    """The landing frames: clients, technicians, tickets (one row per event), status history."""
    events = events.with_row_index("_event")
    tickets = events.select(
        pl.col("number").alias("ticket_id"),
        _slug("location", "LOC").alias("client_id"),
        _iso("opened_at").alias("created_at"),
        pl.col("priority").replace(PRIORITIES).alias("priority"),
        _missing("category").alias("service_type"),
        pl.col("incident_state").replace(STATES).alias("status"),
        pl.lit("").alias("first_response_at"),
        pl.when(pl.col("resolved_at") == "?").then(pl.lit("")).otherwise(_iso("resolved_at")).alias("resolved_at"),
        _slug("assigned_to", "TECH").alias("technician_id"),
        (_missing("subcategory") + pl.lit(" / ") + _missing("u_symptom")).alias("summary"),
        _iso("sys_updated_at").alias("updated_at"),
        pl.col("made_sla").alias("source_made_sla"),
    )
    # A status change is an event whose state differs from the incident's previous event.
    ordered = events.with_columns(
        pl.col("sys_updated_at").str.strptime(pl.Datetime, "%d/%m/%Y %H:%M", strict=False).alias("_t")
    ).sort(["number", "_t", "sys_mod_count", "_event"])
    history = (
        ordered.with_columns(pl.col("incident_state").shift(1).over("number").alias("_previous"))
        .filter(pl.col("_previous").is_null() | (pl.col("_previous") != pl.col("incident_state")))
        .select(
            pl.col("number").alias("ticket_id"),
            pl.col("incident_state").replace(STATES).alias("status"),
            _iso("sys_updated_at").alias("changed_at"),
        )
    )
    clients = (
        tickets.filter(pl.col("client_id") != "")
        .select("client_id")
        .unique()
        .sort("client_id")
        .with_columns(
            (pl.lit("Client ") + pl.col("client_id")).alias("client_name"),
            pl.lit(timezone).alias("timezone"),
            pl.lit(country).alias("country"),
        )
    )
    technicians = (
        tickets.filter(pl.col("technician_id") != "")
        .select("technician_id")
        .unique()
        .sort("technician_id")
        .with_columns((pl.lit("Resolver ") + pl.col("technician_id")).alias("name"))
    )
    return {"clients": clients, "technicians": technicians, "tickets": tickets, "ticket_status_history": history}


def write_landing(frames: dict[str, pl.DataFrame], out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, frame in frames.items():
        frame.write_csv(out_dir / f"{name}.csv")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("event_log", type=Path)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--timezone", default="UTC", help="the log has no zone; wall times are read in this one")
    parser.add_argument("--country", default="BR", help="ISO country for the clients (public holidays)")
    args = parser.parse_args()
    write_landing(convert(read_event_log(args.event_log), args.timezone, args.country), args.out_dir)


if __name__ == "__main__":
    main()
