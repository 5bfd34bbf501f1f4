"""The same dbt project on Apache Spark (issue 14): every model built by dbt-spark (session
method, local pyspark) from the tiny landing zone's clean tables, and every public mart (data
contract section 4) equal to the DuckDB build row for row: money exactly, minutes within 0.01,
instants to the second. Marked `spark` (deselected by default): `make test-spark`.

The DuckDB side is the ordinary pipeline (`contractops materialize`); the Spark side reads the
very clean and reference tables that run loaded (exported to Parquet), so the two builds differ
only in the engine.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.spark

pytest.importorskip("pyspark", reason="the Spark stack is optional: ./scripts/setup.sh --spark")
pytest.importorskip("dbt.adapters.spark", reason="the Spark stack is optional: ./scripts/setup.sh --spark")
if shutil.which("java") is None:
    pytest.skip("no Java runtime (./scripts/setup.sh --spark installs Debian's)", allow_module_level=True)

from contractops import spark_build  # noqa: E402

CLI = str(Path(sys.executable).with_name("contractops"))
AS_OF = "2026-11-16T15:00:00+00:00"


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    base = tmp_path_factory.mktemp("spark_parity")
    run = subprocess.run([CLI, "generate", "--scale", "tiny", "--seed", "7", "--out", str(base)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    warehouse = base / "warehouse.duckdb"
    run = subprocess.run([CLI, "materialize", "--landing", str(base / "landing"), "--warehouse",
                          str(warehouse), "--as-of", AS_OF], capture_output=True, text=True, timeout=1200)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    build_dir = base / "spark"
    tables = spark_build.export_landing(warehouse, build_dir / "landing")
    spark = spark_build.spark_session(build_dir)
    try:
        spark_build.register_landing(spark, tables)
        build = spark_build.run_dbt(AS_OF, build_dir)
        marts = spark_build.export_marts(spark, build_dir / "marts")
    finally:
        spark.stop()
    return build, spark_build.compare_marts(warehouse, marts)


def test_every_model_builds_on_spark(builds):
    build, _ = builds
    assert build.model_status, "dbt ran no model"
    failed = {name: build.model_errors.get(name, status)
              for name, status in build.model_status.items() if status != "success"}
    assert failed == {}


@pytest.mark.parametrize("mart", sorted(spark_build.PUBLIC_MART_KEYS))
def test_public_mart_equals_the_duckdb_build(builds, mart):
    _, report = builds
    assert report[mart] == []
