"""The same dbt project on Apache Spark (issue 14): landing tables as Parquet, dbt-spark in session mode.

The Python loader writes the landing zone's clean tables (schema ``clean``) and the seeds
(``reference``) into DuckDB. For Spark they are exported to Parquet, one folder per table, and
registered as Spark tables of the same names; dbt then builds every model with the ``spark``
target (dbt-spark, ``method: session``) in this process's local SparkSession, and the public marts
are written back out as Parquet so they can be compared with the DuckDB build
(:func:`compare_marts`).

On a cluster the landing step writes the same Parquet folders to object storage
(``s3://.../clean/<table>/``), the tables are registered once in the metastore (Unity Catalog,
Glue or Hive) and the same project runs with ``dbt-databricks`` or dbt-spark's ``thrift`` /
``http`` methods: only the profile changes (docs/ARCHITECTURE.md, "Scale model").

Needs the optional dependencies (``./scripts/setup.sh --spark``: pyspark, dbt-spark) and a Java 17
runtime (Debian's openjdk-17-jre-headless).
"""

from __future__ import annotations

import json
import os
import resource
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from contractops.settings import DBT_PROJECT_DIR

# The tables the models read that are not models: the loader's clean tables and the seeds.
LANDING_SCHEMAS = ("clean", "reference")

# Public marts (data contract section 4) built by dbt, with the columns that identify a row.
# `alerts` is written by the delivery step in Python (from marts.mart_alert_candidates), not by
# dbt, so it is not part of the Spark build.
PUBLIC_MART_KEYS: dict[str, tuple[str, ...]] = {
    "dim_contracts": ("contract_id",),
    "dim_contract_sla": ("contract_id", "priority"),
    "fct_ticket_sla": ("ticket_id",),
    "fct_billing_reconciliation": ("entry_id",),
    "mart_contract_month_billing": ("contract_id", "month"),
    "mart_sla_compliance": ("contract_id", "month", "priority"),
    "mart_renewal_pipeline": ("contract_id",),
    "mart_compliance_gaps": ("contract_id", "subject_type", "subject_id", "requirement"),
    "mart_contract_health": ("contract_id",),
    "escalations": ("ticket_id", "clock", "step"),
}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def export_landing(warehouse: Path, out_dir: Path) -> dict[tuple[str, str], Path]:
    """Every table of the landing schemas of a DuckDB warehouse as a Parquet folder."""
    out_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(warehouse), read_only=True)
    con.execute("SET TimeZone = 'UTC'")
    tables = con.execute(
        "SELECT schema_name, table_name FROM duckdb_tables() WHERE schema_name IN ("
        + ", ".join("?" for _ in LANDING_SCHEMAS) + ") ORDER BY 1, 2", list(LANDING_SCHEMAS)).fetchall()
    written: dict[tuple[str, str], Path] = {}
    for schema, table in tables:
        target = out_dir / schema / f"{table}.parquet"
        target.parent.mkdir(parents=True, exist_ok=True)
        # COPY takes no bound parameters: the path is quoted as a SQL string literal
        con.execute(f"COPY {_q(schema)}.{_q(table)} TO {_literal(str(target))} (FORMAT parquet)")
        written[(schema, table)] = target
    con.close()
    return written


def spark_session(build_dir: Path, cores: int = 2):
    """The local SparkSession dbt-spark's session method picks up (builder.getOrCreate)."""
    from pyspark.sql import SparkSession

    warehouse_dir = build_dir / "spark-warehouse"
    warehouse_dir.mkdir(parents=True, exist_ok=True)
    return (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("contractops-dbt")
        # instants are TIMESTAMP (LTZ) read in UTC: the same values DuckDB's TIMESTAMPTZ shows
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.extraJavaOptions", "-Duser.timezone=UTC")
        .config("spark.sql.warehouse.dir", str(warehouse_dir))
        # the tables live for the session: no Hive metastore (derby) to set up or clean up
        .config("spark.sql.catalogImplementation", "in-memory")
        # a backslash in a SQL string literal is a backslash (as in DuckDB): regexes stay the same
        .config("spark.sql.parser.escapedStringLiterals", "true")
        .config("spark.sql.shuffle.partitions", str(max(2, cores * 2)))
        .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", os.environ.get("CONTRACTOPS_SPARK_DRIVER_MEMORY", "3g"))
        .getOrCreate()
    )


def register_landing(spark, tables: dict[tuple[str, str], Path]) -> None:
    for schema in sorted({schema for schema, _ in tables}):
        spark.sql(f"CREATE DATABASE IF NOT EXISTS `{schema}`")
    for (schema, table), path in tables.items():
        spark.sql(f"DROP TABLE IF EXISTS `{schema}`.`{table}`")
        spark.catalog.createTable(f"{schema}.{table}", path=str(path), source="parquet")


@dataclass
class SparkBuild:
    model_status: dict[str, str] = field(default_factory=dict)   # model name -> success / error / skipped
    model_errors: dict[str, str] = field(default_factory=dict)
    wall_seconds: float = 0.0
    cpu_seconds: float = 0.0   # this process's user + system time (driver and the local executors)


def _cpu() -> float:
    """CPU seconds of this process and its live descendants (Spark's JVM is a child that runs
    until the session stops, so RUSAGE_CHILDREN alone would miss it)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    total = usage.ru_utime + usage.ru_stime
    tick = os.sysconf("SC_CLK_TCK")
    pending, seen = [os.getpid()], set()
    while pending:
        pid = pending.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            for task in Path(f"/proc/{pid}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
            if pid != os.getpid():
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / tick
        except (OSError, ValueError):
            continue
    return total


def run_dbt(as_of: str, build_dir: Path, select: list[str] | None = None) -> SparkBuild:
    """`dbt run --target spark` in this process (the session of :func:`spark_session`)."""
    from dbt.cli.main import dbtRunner

    os.environ["CONTRACTOPS_SPARK_WAREHOUSE"] = str(build_dir / "spark-warehouse")
    args = [
        "run", "--target", "spark",
        "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR),
        "--target-path", str(build_dir / "dbt-target"), "--log-path", str(build_dir / "dbt-logs"),
        "--vars", json.dumps({"as_of": as_of}), "--no-partial-parse",
    ]
    if select:
        args += ["--select", *select]
    start_wall, start_cpu = time.monotonic(), _cpu()
    result = dbtRunner().invoke(args)
    build = SparkBuild(wall_seconds=time.monotonic() - start_wall, cpu_seconds=_cpu() - start_cpu)
    if result.result is None:
        raise RuntimeError(f"dbt on Spark did not run: {result.exception}")
    for node in result.result:
        name = node.node.name
        build.model_status[name] = str(node.status)
        if node.message and str(node.status) != "success":
            build.model_errors[name] = str(node.message).strip().splitlines()[0][:400]
    return build


def export_marts(spark, out_dir: Path, schema: str = "marts") -> dict[str, Path]:
    """The public marts Spark built, as Parquet (for DuckDB to compare with its own)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    existing = {row.tableName for row in spark.sql(f"SHOW TABLES IN `{schema}`").collect()}
    written = {}
    for mart in PUBLIC_MART_KEYS:
        if mart in existing:
            path = out_dir / mart
            spark.table(f"{schema}.{mart}").write.mode("overwrite").parquet(str(path))
            written[mart] = path
    return written


def compare_marts(warehouse: Path, spark_marts: dict[str, Path]) -> dict[str, list[str]]:
    """Row-for-row comparison of each public mart, DuckDB build against Spark build.

    Rows are matched on the mart's key (PUBLIC_MART_KEYS); every column of the DuckDB mart must
    agree: money (DECIMAL) and text and dates exactly, minutes (and any DOUBLE) within 0.01,
    instants to the second. Returns mart -> problems (empty list = equal); a mart Spark did not
    build is reported as missing.
    """
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute(f"ATTACH {_literal(str(warehouse))} AS d (READ_ONLY)")
    report: dict[str, list[str]] = {}
    for mart, keys in PUBLIC_MART_KEYS.items():
        if mart not in spark_marts:
            report[mart] = ["not built on Spark"]
            continue
        con.execute(f"CREATE OR REPLACE TEMP VIEW s AS SELECT * FROM read_parquet("
                    f"{_literal(str(spark_marts[mart]) + '/*.parquet')})")
        columns = con.execute(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = 'd' "
            "AND schema_name = 'marts' AND table_name = ? ORDER BY column_index", [mart]).fetchall()
        spark_columns = {r[0] for r in con.execute("DESCRIBE s").fetchall()}
        problems = [f"column {c} missing on Spark" for c, _ in columns if c not in spark_columns]
        compared = [(c, t) for c, t in columns if c in spark_columns and c not in keys]
        on = " AND ".join(f"d_.{_q(k)} IS NOT DISTINCT FROM s_.{_q(k)}" for k in keys)
        counts = con.execute(
            f"SELECT (SELECT count(*) FROM d.marts.{_q(mart)}), (SELECT count(*) FROM s),"
            f" (SELECT count(*) FROM (SELECT {', '.join(_q(k) for k in keys)} FROM s"
            f"  GROUP BY ALL HAVING count(*) > 1))").fetchone()
        if counts[0] != counts[1]:
            problems.append(f"{counts[0]} rows on DuckDB, {counts[1]} on Spark")
        if counts[2]:
            problems.append(f"{counts[2]} keys repeat on Spark")
        unmatched = con.execute(
            f"SELECT count(*) FILTER (WHERE s_.{_q(keys[0])} IS NULL AND d_.{_q(keys[0])} IS NOT NULL),"
            f" count(*) FILTER (WHERE d_.{_q(keys[0])} IS NULL AND s_.{_q(keys[0])} IS NOT NULL)"
            f" FROM d.marts.{_q(mart)} AS d_ FULL OUTER JOIN s AS s_ ON {on}").fetchone()
        if unmatched[0] or unmatched[1]:
            problems.append(f"{unmatched[0]} keys only on DuckDB, {unmatched[1]} only on Spark")
        for column, data_type in compared:
            a, b = f"d_.{_q(column)}", f"s_.{_q(column)}"
            upper = data_type.upper()
            if upper in ("DOUBLE", "FLOAT", "REAL"):
                differs = f"NOT (({a} IS NULL AND {b} IS NULL) OR abs({a} - cast({b} AS DOUBLE)) <= 0.01)"
            elif upper.startswith("TIMESTAMP"):
                differs = (f"date_trunc('second', cast({a} AS TIMESTAMPTZ)) IS DISTINCT FROM "
                           f"date_trunc('second', cast({b} AS TIMESTAMPTZ))")
            else:
                differs = f"{a} IS DISTINCT FROM cast({b} AS {data_type})"
            bad, example = con.execute(
                f"SELECT count(*), any_value(concat_ws(' | ', {', '.join(f'cast(d_.{_q(k)} AS VARCHAR)' for k in keys)},"
                f" 'duckdb=' || coalesce(cast({a} AS VARCHAR), 'NULL'), 'spark=' || coalesce(cast({b} AS VARCHAR), 'NULL')))"
                f" FROM d.marts.{_q(mart)} AS d_ JOIN s AS s_ ON {on} WHERE {differs}").fetchone()
            if bad:
                problems.append(f"{column}: {bad} rows differ (e.g. {example})")
        report[mart] = problems
    con.close()
    return report
