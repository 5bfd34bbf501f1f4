"""Helpers the tests share: write a landing zone from Python values, materialize it, query it.

(A plain module, not conftest.py: several test folders have their own conftest, and
`from conftest import ...` would pick whichever was imported first.)"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb


def write_landing(root: Path, files: dict[str, object]) -> Path:
    """files: relative path -> list of row dicts (CSV), str (text) or bytes (written as is)."""
    root.mkdir(parents=True, exist_ok=True)
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            rows = list(content)
            header: list[str] = []
            for row in rows:
                header.extend(k for k in row if k not in header)
            buffer = io.StringIO()
            writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
            path.write_text(buffer.getvalue(), encoding="utf-8")
    return root


def materialize(landing: Path, warehouse: Path, as_of: str):
    from contractops.pipeline import materialize as run

    result = run(landing_dir=landing, warehouse_path=warehouse, as_of=as_of)
    assert result.success, f"materialize failed: {result.failed_steps}"
    return result


def query(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        con.execute("SET TimeZone = 'UTC'")
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()
