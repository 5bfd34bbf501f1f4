"""The warehouse file across runs: it does not grow on the same inputs, and every connection is
capped in memory and threads (issue 17)."""

import duckdb
import pytest

from contractops import warehouse as wh
from contractops.settings import SettingsError, duckdb_memory_limit


def _run(published, run_id: str, rows: int) -> None:
    """One build-and-publish cycle that replaces every table, as a full materialize does."""
    build = wh.begin_build(published, run_id)
    con = wh.connect(build)
    con.execute("CREATE SCHEMA IF NOT EXISTS marts")
    con.execute(f"CREATE OR REPLACE TABLE marts.facts AS SELECT range AS id, md5(range::VARCHAR) AS h FROM range({rows})")
    con.execute("CREATE OR REPLACE VIEW marts.v_facts AS SELECT id FROM marts.facts WHERE id < 10")
    con.close()
    wh.publish(published, run_id)


def test_ten_reruns_on_the_same_inputs_do_not_grow_the_file(tmp_path, monkeypatch):
    # one thread: with two, how the rows fall into row groups (and so blocks) depends on the load
    monkeypatch.setenv("CONTRACTOPS_DUCKDB_THREADS", "1")
    published = tmp_path / "w.duckdb"
    sizes = []
    for n in range(10):
        _run(published, f"run{n}", 100_000)
        sizes.append(published.stat().st_size)
    # The first file is written fresh (no free blocks). Without compaction each rerun writes the
    # new table beside the old one: measured 2.1, 3.9, 2.1, 3.9 ... MB (the dead half reused
    # every other run); with it every file is the size of the first.
    # (two 256 KiB blocks of slack: parallel writes may lay out a block more; 2.1 + 0.5 < 3.9)
    assert max(sizes) <= sizes[0] * 1.05 + 2 * 262_144, sizes
    assert wh.free_share(published) <= wh.COMPACT_FREE_SHARE
    with wh.read_only(published) as con:
        # the data and the view survive the rewrite, and the view still resolves
        assert con.execute("SELECT count(*), sum(id) FROM marts.facts").fetchone() == (100_000, 100_000 * 99_999 // 2)
        assert con.execute("SELECT count(*) FROM marts.v_facts").fetchone()[0] == 10


def test_compaction_keeps_constraints_and_gives_back_free_blocks(tmp_path):
    path = tmp_path / "w.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE SCHEMA marts")
    con.execute("CREATE TABLE marts.keep (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL)")
    con.execute("INSERT INTO marts.keep VALUES (1, 'a'), (2, 'b')")
    con.execute("CREATE TABLE marts.dropped AS SELECT range AS id, md5(range::VARCHAR) h FROM range(500000)")
    con.execute("CHECKPOINT")
    con.execute("DROP TABLE marts.dropped")
    con.execute("CHECKPOINT")
    con.close()
    before = path.stat().st_size
    assert wh.free_share(path) > 0.5
    wh.compact(path)
    assert path.stat().st_size < before / 2
    con = duckdb.connect(str(path))
    assert con.execute("SELECT * FROM marts.keep ORDER BY id").fetchall() == [(1, "a"), (2, "b")]
    with pytest.raises(duckdb.ConstraintException):
        con.execute("INSERT INTO marts.keep VALUES (1, 'dup')")
    with pytest.raises(duckdb.ConstraintException):
        con.execute("INSERT INTO marts.keep VALUES (3, NULL)")
    con.close()


def test_connections_carry_the_memory_and_thread_caps(tmp_path, monkeypatch):
    monkeypatch.setenv("CONTRACTOPS_DUCKDB_MEMORY_LIMIT", "512MB")
    monkeypatch.setenv("CONTRACTOPS_DUCKDB_THREADS", "1")
    con = wh.connect(tmp_path / "w.duckdb")
    limit, threads = con.execute(
        "SELECT current_setting('memory_limit'), current_setting('threads')").fetchone()
    con.close()
    # DuckDB reports 512MB (10^6 bytes) as 488.2 MiB
    assert limit == "488.2 MiB"
    assert threads == 1


def test_a_malformed_memory_limit_is_named(monkeypatch):
    monkeypatch.setenv("CONTRACTOPS_DUCKDB_MEMORY_LIMIT", "lots")
    with pytest.raises(SettingsError, match="CONTRACTOPS_DUCKDB_MEMORY_LIMIT: 'lots'"):
        duckdb_memory_limit()
