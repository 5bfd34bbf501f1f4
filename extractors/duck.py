"""Small DuckDB helpers shared by the readers and the rest of the code (contractops.warehouse
re-exports them): extractors stay free of contractops, Dagster and Streamlit imports."""

from __future__ import annotations

import duckdb


def has_table(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    """Does `schema.table` exist on this connection (a first run, or a build not yet there)."""
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
        [schema, table],
    ).fetchone()
    return bool(row and row[0])
