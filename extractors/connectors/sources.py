"""Mapped sources in the landing zone: ``<landing>/sources/<name>/mapping.yaml`` (with the lookup
files it names beside it) and the exports in ``<landing>/sources/<name>/exports/``.

``land`` puts a mapping and an export there (what ``contractops import`` does) after checking
the mapping against the export, so a bad mapping never lands; ``map_source`` turns a source folder
into its ``mapped.*`` tables (what the Dagster asset of the source does).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from extractors.connectors.mapping import Mapping, MappingError, load_mapping
from extractors.connectors.readers import ExportError, is_export, read_export, read_header
from extractors.connectors.transform import Export, map_exports, resolve_columns, write_mapped

SOURCES_DIR = "sources"
MAPPING_FILE = "mapping.yaml"
EXPORTS_DIR = "exports"


@dataclass
class SourceDir:
    name: str
    folder: Path
    landing: Path

    @property
    def mapping_path(self) -> Path:
        return self.folder / MAPPING_FILE

    def exports(self) -> list[Export]:
        folder = self.folder / EXPORTS_DIR
        paths = sorted(p for p in folder.iterdir() if is_export(p)) if folder.is_dir() else []
        return [Export(str(p.relative_to(self.landing)), p) for p in paths]


def discover(landing: Path) -> list[SourceDir]:
    """Every source folder with a mapping file, sorted by name."""
    root = landing / SOURCES_DIR
    if not root.is_dir():
        return []
    return [SourceDir(p.name, p, landing) for p in sorted(root.iterdir()) if (p / MAPPING_FILE).is_file()]


def check_export(mapping: Mapping, path: Path) -> None:
    """The mapping against one export's columns, reading as little as possible (header only for
    CSV and XLSX; the records for JSON lines, whose keys vary by record)."""
    export = Export(path.name, path)
    header = read_header(path, mapping)
    frame = read_export(path, mapping) if header is None else None
    resolve_columns(mapping, export, header, frame)


@dataclass
class Landed:
    source: str
    mapping: Path
    export: Path
    bytes: int
    seconds: float
    lookup_files: list[Path] = field(default_factory=list)


def land(mapping_file: Path, export_file: Path, landing: Path,
         progress: Callable[[int, int], None] | None = None, chunk: int = 8 << 20) -> Landed:
    """Check ``mapping_file`` against ``export_file`` and copy both (and the mapping's lookup
    files) into ``landing/sources/<source>/``; ``progress(done_bytes, total_bytes)`` per chunk."""
    started = time.perf_counter()
    mapping = load_mapping(mapping_file)
    if not export_file.is_file():
        raise ExportError(f"{export_file}: no such export file")
    if not is_export(export_file) and mapping.format is None:
        raise MappingError(f"{mapping.path.name}: format: not set and {export_file.name!r} has no known extension (csv, xlsx, jsonl)")
    check_export(mapping, export_file)
    base = mapping_file.resolve().parent
    for lookup in mapping.lookup_files:
        if not lookup.resolve().is_relative_to(base):
            raise MappingError(f"{mapping.path.name}: value_maps: lookup file {lookup.name!r} is outside the mapping's folder; "
                               "put it beside the mapping so it lands with it")
    folder = landing / SOURCES_DIR / mapping.source
    existing = folder / MAPPING_FILE
    (folder / EXPORTS_DIR).mkdir(parents=True, exist_ok=True)
    if not existing.exists() or existing.read_bytes() != mapping_file.read_bytes():
        shutil.copyfile(mapping_file, existing)
    copied = []
    for lookup in mapping.lookup_files:
        target = folder / lookup.resolve().relative_to(base)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(lookup, target)
        copied.append(target)
    target = folder / EXPORTS_DIR / export_file.name
    total = export_file.stat().st_size
    partial = target.with_name(f".{target.name}.part")
    done = 0
    with export_file.open("rb") as src, partial.open("wb") as dst:
        while block := src.read(chunk):
            dst.write(block)
            done += len(block)
            if progress:
                progress(done, total)
    partial.replace(target)  # a half-copied export is never seen by a run
    return Landed(mapping.source, existing, target, total, time.perf_counter() - started, copied)


@dataclass
class Mapped:
    source: str
    exports: list[str]
    rows_read: int
    rows_written: dict[str, int]
    seconds: float


def map_source(con: duckdb.DuckDBPyConnection, source: SourceDir) -> Mapped:
    """Read every export of a source folder through its mapping into ``mapped.<source>__<kind>``."""
    started = time.perf_counter()
    mapping = load_mapping(source.mapping_path)
    if mapping.source != source.name:
        raise MappingError(f"{mapping.path.name}: source: says {mapping.source!r} but the folder is sources/{source.name}/")
    exports = source.exports()
    if not exports:
        return Mapped(source.name, [], 0, {}, time.perf_counter() - started)
    frames = map_exports(mapping, exports)
    rows_read = next(iter(frames.values())).height
    written = write_mapped(con, source.name, frames, history_from_tickets=bool(mapping.events and mapping.events.status_history))
    return Mapped(source.name, [e.name for e in exports], rows_read, written, time.perf_counter() - started)
