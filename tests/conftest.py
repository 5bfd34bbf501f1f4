"""Shared test helpers: write a landing zone from Python values, materialize it, query it."""

from __future__ import annotations

import csv
import io
import os
import sys
from pathlib import Path

import duckdb
import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "tests"))
# Tests never see a developer's own configuration.
for _name in [k for k in os.environ if k.startswith("CONTRACTOPS_")]:
    del os.environ[_name]


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


@pytest.fixture(scope="session", autouse=True)
def _isolated_environment(tmp_path_factory):
    """Keep caches, outbox and reports of every test run out of the repository's data/."""
    base = tmp_path_factory.mktemp("contractops-env")
    os.environ["CONTRACTOPS_CACHE_DIR"] = str(base / "cache")
    os.environ["CONTRACTOPS_OUTBOX_DIR"] = str(base / "outbox")
    os.environ["CONTRACTOPS_REPORTS_DIR"] = str(base / "reports")
    from contractops.pipeline import ensure_manifest

    ensure_manifest()
    yield
