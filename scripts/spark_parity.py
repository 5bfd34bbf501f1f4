"""Build the dbt project on local Spark from a DuckDB warehouse's landing tables and compare marts.

    .venv/bin/python scripts/spark_parity.py WAREHOUSE.duckdb BUILD_DIR [--as-of TS] [--select ...]

WAREHOUSE is a build of `contractops materialize` (its clean and reference tables are the input,
its marts the reference); BUILD_DIR receives the Parquet landing, Spark's warehouse folder, dbt's
target and logs. Prints per-model status, per-mart parity and the timings (wall and CPU seconds)
as JSON; exit 1 when a model failed or a public mart differs. The test (tests/spark) runs the same
steps on a fresh tiny landing zone.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from contractops import spark_build  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("build_dir", type=Path)
    parser.add_argument("--as-of", default="2026-11-16T15:00:00+00:00")
    parser.add_argument("--select", nargs="*")
    parser.add_argument("--cores", type=int, default=2)
    args = parser.parse_args()
    timings = {}
    start = time.monotonic()
    tables = spark_build.export_landing(args.warehouse, args.build_dir / "landing")
    timings["export_parquet_s"] = round(time.monotonic() - start, 1)
    start = time.monotonic()
    spark = spark_build.spark_session(args.build_dir, cores=args.cores)
    spark_build.register_landing(spark, tables)
    timings["spark_start_register_s"] = round(time.monotonic() - start, 1)
    try:
        build = spark_build.run_dbt(args.as_of, args.build_dir, args.select)
        marts = spark_build.export_marts(spark, args.build_dir / "marts")
    finally:
        spark.stop()
    timings["dbt_run_wall_s"] = round(build.wall_seconds, 1)
    timings["dbt_run_cpu_s"] = round(build.cpu_seconds, 1)
    report = spark_build.compare_marts(args.warehouse, marts)
    failed = {k: build.model_errors.get(k, v) for k, v in build.model_status.items() if v != "success"}
    print(json.dumps({"timings": timings, "models": len(build.model_status), "failed_models": failed,
                      "marts": report}, indent=2))
    return 1 if failed or any(report.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
