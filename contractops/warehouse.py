"""Build-and-publish: how a run writes the warehouse without ever exposing a half-built one.

DuckDB lets one process write a file, and a writer blocks every other process from opening it.
So no run writes the published file. A run copies it to ``<warehouse>.build-<run_id>``, every
asset of the run writes there, and the last step renames the build over the published path
(``os.replace`` is atomic on POSIX). A reader with the old file open keeps reading the old inode;
new readers see the new file; a run killed half-way leaves only a stale build file, removed by the
next run. Readers use :func:`read_only` for short-lived connections.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb

from extractors.duck import has_table  # noqa: F401  (re-exported)

BUILD_MARK = ".build-"
# Publish rewrites the build file compactly when more than this share of its blocks is free.
# DuckDB reuses free blocks but never shrinks a file: a run that replaces every table writes the
# new tables while the old ones still hold their blocks, so without this the file grows to about
# twice its data and each run copies (and the box stores) the dead half too.
COMPACT_FREE_SHARE = 0.2


def build_path(published: Path, run_id: str) -> Path:
    return published.with_name(f"{published.name}{BUILD_MARK}{run_id}")


def connect(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection in UTC with the memory and thread caps of contractops.settings."""
    from contractops.settings import duckdb_memory_limit, duckdb_threads

    con = duckdb.connect(str(path), read_only=read_only)
    # SET, not connect(config=...): DuckDB refuses a second connection to the same file in one
    # process whose config differs, and tests, the app and dbt-duckdb open files plainly too
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET memory_limit = ?", [duckdb_memory_limit()])
    con.execute("SET threads = ?", [duckdb_threads()])
    return con


@contextlib.contextmanager
def _file_lock(lock_path: Path) -> Iterator[None]:
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def begin_build(published: Path, run_id: str) -> Path:
    """Return the run's build file, creating it from the published warehouse on first use."""
    target = build_path(published, run_id)
    with _file_lock(published.with_name(published.name + ".lock")):
        if target.exists():
            return target
        for stale in published.parent.glob(f"{published.name}{BUILD_MARK}*"):
            if stale != target and not stale.name.endswith(".wal"):
                stale.unlink(missing_ok=True)
                Path(str(stale) + ".wal").unlink(missing_ok=True)
        tmp = target.with_name(target.name + ".copying")
        if published.exists():
            try:
                shutil.copyfile(published, tmp)
            except OSError:
                tmp.unlink(missing_ok=True)  # a partial copy (disk full) must not stay behind
                raise
            os.replace(tmp, target)
        else:
            published.parent.mkdir(parents=True, exist_ok=True)
            connect(target).close()
    return target


def publish(published: Path, run_id: str) -> Path:
    """Atomically make the run's build file the published warehouse."""
    source = build_path(published, run_id)
    if not source.exists():
        raise FileNotFoundError(f"no build file for run {run_id}: nothing to publish")
    con = connect(source)
    con.execute("CHECKPOINT")
    total, free = con.execute("SELECT total_blocks, free_blocks FROM pragma_database_size()").fetchone()
    con.close()
    if total and free / total > COMPACT_FREE_SHARE:
        compact(source)
    with open(source, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(source, published)
    dir_fd = os.open(published.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return published


def free_share(path: Path) -> float:
    """The share of the file's blocks that hold no data (what compaction would give back)."""
    con = connect(path, read_only=True)
    try:
        total, free = con.execute("SELECT total_blocks, free_blocks FROM pragma_database_size()").fetchone()
    finally:
        con.close()
    return free / total if total else 0.0


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def compact(path: Path) -> None:
    """Rewrite ``path`` without its free blocks: every schema, table, view, macro and sequence is
    copied into a new file (COPY FROM DATABASE), which then replaces it. The new file's name starts
    like the old one's (DuckDB names the catalog after the part before the first dot, and dbt's
    views name that catalog)."""
    fresh = path.with_name(path.name + ".compact")
    fresh.unlink(missing_ok=True)
    con = connect(Path(":memory:"))
    try:
        # ATTACH takes no parameters: the paths go in as quoted literals
        con.execute(f"ATTACH {_literal(path)} AS compact_source (READ_ONLY)")
        con.execute(f"ATTACH {_literal(fresh)} AS compact_target")
        con.execute("COPY FROM DATABASE compact_source TO compact_target")
        con.execute("DETACH compact_target")
        con.execute("DETACH compact_source")
    except BaseException:
        con.close()
        fresh.unlink(missing_ok=True)
        raise
    con.close()
    os.replace(fresh, path)


@contextlib.contextmanager
def read_only(published: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived read-only connection to the published warehouse."""
    if not published.exists():
        raise FileNotFoundError(f"no warehouse at {published}: run `contractops materialize` first")
    con = connect(published, read_only=True)
    try:
        yield con
    finally:
        con.close()
