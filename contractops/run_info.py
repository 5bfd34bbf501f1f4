"""What the warehouse says about the run that built it: `meta.run_info`, one row per published
run (written by the publish step into the build, just before the rename).

Readers use it to know the instant the marts were judged from and whether that was the generated
sample's own clock (contractops.sample_clock): the technician lookup then defaults to that instant
rather than the real now, so its "coverage now" agrees with the figures beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from contractops.sample_clock import sample_reference_instant
from contractops.warehouse import has_table

DDL = """
CREATE SCHEMA IF NOT EXISTS meta;
CREATE TABLE IF NOT EXISTS meta.run_info (
    run_id VARCHAR NOT NULL,
    as_of TIMESTAMPTZ NOT NULL,
    landing_dir VARCHAR,
    sample_clock BOOLEAN NOT NULL,  -- the landing zone was the generated sample, judged at its reference instant
    published_at TIMESTAMPTZ NOT NULL
);
"""


@dataclass(frozen=True)
class RunInfo:
    run_id: str
    as_of: datetime
    landing_dir: str | None
    sample_clock: bool
    published_at: datetime


def record(con: duckdb.DuckDBPyConnection, run_id: str, as_of: datetime, landing_dir: Path) -> RunInfo:
    """Append this run's row (into the build file, before it is published)."""
    sample = sample_reference_instant(landing_dir)
    info = RunInfo(run_id, as_of, str(landing_dir), sample is not None and sample == as_of,
                   datetime.now(timezone.utc).replace(microsecond=0))
    con.execute(DDL)
    con.execute("INSERT INTO meta.run_info VALUES (?, ?, ?, ?, ?)",
                [info.run_id, info.as_of, info.landing_dir, info.sample_clock, info.published_at])
    return info


def latest(con: duckdb.DuckDBPyConnection) -> RunInfo | None:
    """The run that built this warehouse, or None (a warehouse built before run_info existed)."""
    if not has_table(con, "meta", "run_info"):
        return None
    row = con.execute(
        "SELECT run_id, as_of, landing_dir, sample_clock, published_at FROM meta.run_info "
        "ORDER BY published_at DESC, as_of DESC LIMIT 1").fetchone()
    if row is None:
        return None
    return RunInfo(row[0], row[1].astimezone(timezone.utc), row[2], bool(row[3]), row[4].astimezone(timezone.utc))
