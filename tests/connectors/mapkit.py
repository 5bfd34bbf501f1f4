"""Helpers for the connector tests: a shipped mapping with a filled-in client map, an export
written in the system's layout, mapped and loaded by the real loader."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import duckdb

from extractors.connectors.mapping import load_mapping
from extractors.connectors.transform import Export, map_exports, write_mapped
from extractors.landing import load_kind
from foundation.landing_fixture import CLIENTS, TECHNICIANS
from testkit import write_landing

SHIPPED = Path(__file__).resolve().parents[2] / "config" / "mappings"


def shipped_mapping(tmp: Path, name: str, clients: dict[str, str] | None = None, edit=None) -> Path:
    """Copy config/mappings/<name>.yaml and its lookup files to tmp; fill the client map."""
    folder = tmp / "mapping"
    folder.mkdir(parents=True, exist_ok=True)
    text = (SHIPPED / f"{name}.yaml").read_text(encoding="utf-8")
    if edit:
        text = edit(text)
    target = folder / f"{name}.yaml"
    target.write_text(text, encoding="utf-8")
    for lookup in SHIPPED.glob("*.csv"):
        shutil.copyfile(lookup, folder / lookup.name)
    mapping = load_mapping(target)
    for lookup in mapping.lookup_files:
        if lookup.name.endswith("_clients.csv") and clients is not None:
            lookup.write_text("source_value,client_id\n" + "".join(f"{k},{v}\n" for k, v in clients.items()), encoding="utf-8")
    return target


def write_jsonl(path: Path, records: list[dict], gz: bool = False) -> Path:
    data = "".join(json.dumps(r) + "\n" for r in records).encode("utf-8")
    path.write_bytes(gzip.compress(data) if gz else data)
    return path


def load_through(tmp: Path, mapping_file: Path, export: Path, kinds=("tickets",)) -> duckdb.DuckDBPyConnection:
    """Map one export and load it with the landing loader (clients C1/C2, technicians T1/T2)."""
    landing = write_landing(tmp / "landing", {"clients.csv": CLIENTS, "technicians.csv": TECHNICIANS})
    con = duckdb.connect(str(tmp / "w.duckdb"))
    con.execute("SET TimeZone = 'UTC'")
    for kind in ("clients", "technicians"):
        load_kind(con, landing, kind)
    mapping = load_mapping(mapping_file)
    frames = map_exports(mapping, [Export(f"sources/{mapping.source}/{export.name}", export)])
    write_mapped(con, mapping.source, frames, history_from_tickets=bool(mapping.events and mapping.events.status_history))
    for kind in kinds:
        load_kind(con, landing, kind)
    return con


def accounting(con, kind: str) -> tuple:
    return con.execute(
        "SELECT rows_read, rows_clean, rows_rejected, rows_superseded FROM quarantine.file_accounting "
        "WHERE kind = ? AND source_file LIKE 'sources/%'", [kind]
    ).fetchone()


def reasons(con, kind: str) -> dict[int, list[str]]:
    return dict(con.execute(
        "SELECT row_number, reasons FROM quarantine.rejected_rows WHERE kind = ? ORDER BY 1", [kind]
    ).fetchall())
