"""Steps that keep their output when their inputs are those of the published build (issue 17).

A step's output is a function of its inputs. A step fingerprints them (content of the tables and
files it reads, the code that turns them into output, the settings that matter) and compares the
fingerprint with the one stored in ``state.step_inputs`` by the build the published warehouse was
made with: equal, the step does no work (its tables are already in the build file, a copy of the
published one; its files are where it wrote them) and reports what it reported then, marked
``kept``. The state lives in the warehouse, so it is published, or discarded with a failed build,
together with what it describes. ``contractops materialize --full-refresh`` ignores it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

import duckdb

from contractops.warehouse import has_table

STATE_SCHEMA = "state"
REPO = Path(__file__).resolve().parent.parent


def code_digest(roots: Iterable[Path | str]) -> str:
    """Every file under ``roots`` (paths relative to the repository or absolute), name and bytes;
    compiled caches left out."""
    digest = hashlib.sha256()
    for root in roots:
        root = REPO / root if not Path(root).is_absolute() else Path(root)
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []
        for path in files:
            if "__pycache__" in path.parts or path.suffix == ".pyc":
                continue
            digest.update(str(path.relative_to(REPO) if path.is_relative_to(REPO) else path).encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def table_digest(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> str:
    """Row count and order-independent content checksum (sum of row hashes) of one table; a
    missing table has its own digest."""
    if not has_table(con, schema, table):
        return "missing"
    count, checksum = con.execute(f'SELECT count(*), sum(hash(t)::HUGEINT) FROM "{schema}"."{table}" t').fetchone()
    return f"{count}:{checksum}"


def fingerprint(*parts: object) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(b"\0" + str(part).encode())
    return digest.hexdigest()


def _ensure(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {STATE_SCHEMA}")
    con.execute(f"CREATE TABLE IF NOT EXISTS {STATE_SCHEMA}.step_inputs "
                "(step VARCHAR PRIMARY KEY, fingerprint VARCHAR, outcome VARCHAR)")


def stored(con: duckdb.DuckDBPyConnection, step: str, current: str) -> dict | None:
    """What ``step`` reported when it last ran, if it ran on inputs with fingerprint ``current``."""
    if not has_table(con, STATE_SCHEMA, "step_inputs"):
        return None
    row = con.execute(f"SELECT fingerprint, outcome FROM {STATE_SCHEMA}.step_inputs WHERE step = ?", [step]).fetchone()
    if row is None or row[0] != current:
        return None
    return json.loads(row[1])


def store(con: duckdb.DuckDBPyConnection, step: str, current: str, outcome: dict) -> None:
    _ensure(con)
    con.execute(f"INSERT OR REPLACE INTO {STATE_SCHEMA}.step_inputs VALUES (?, ?, ?)",
                [step, current, json.dumps(outcome, default=str)])


def forget(con: duckdb.DuckDBPyConnection, step: str) -> None:
    if has_table(con, STATE_SCHEMA, "step_inputs"):
        con.execute(f"DELETE FROM {STATE_SCHEMA}.step_inputs WHERE step = ?", [step])


def dbt_build_fingerprint(con: duckdb.DuckDBPyConnection) -> str | None:
    """The inputs fingerprint of the dbt build whose tables the build file holds (as_of, the dbt
    project, every clean table's content), or None when there is none."""
    if not has_table(con, STATE_SCHEMA, "dbt_build"):
        return None
    row = con.execute(f"SELECT fingerprint FROM {STATE_SCHEMA}.dbt_build").fetchone()
    return row[0] if row else None
