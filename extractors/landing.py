"""Landing-zone CSV files -> raw, clean and quarantine tables (data contract section 1).

One function, :func:`load_kind`, serves every CSV kind: it reads each file as text, validates and
types every row with one set-based DuckDB statement (no per-row Python), keeps the newest of
duplicate keys, and writes

* ``raw.<kind>``            every row as read (VARCHAR) with ``_source_file`` and ``_row_number``
* ``clean.<kind>``          the valid, typed, de-duplicated rows (same two lineage columns)
* ``quarantine.rejected_rows`` / ``superseded_rows`` / ``rejected_files`` / ``file_accounting``

so that for every file ``rows_read = rows_clean + rows_rejected + rows_superseded``.
The SQL is assembled only from the column specs below, never from file contents.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import available_timezones

import duckdb
import polars as pl

from extractors.iso_countries import ISO_3166_ALPHA2
from extractors.schemas import validate_clean

STATUSES = ("open", "in_progress", "on_hold", "resolved", "closed", "cancelled")
RATE_TYPES = ("standard", "after_hours", "emergency")
POLICY_TYPES = ("general_liability", "cyber_liability", "professional_liability", "workers_comp")
PRIORITIES = ("P1", "P2", "P3", "P4")

# A full ISO 8601 date or timestamp; group 1 is the UTC offset when there is one.
_ISO_TS = r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$"
_ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"


@dataclass(frozen=True)
class Col:
    name: str
    type: str  # id text ts date money number hours bool enum priority service tz country
    required: bool = False
    default: str | None = None  # for bool columns
    values: tuple[str, ...] = ()  # for enum
    references: str | None = None  # "clients" / "technicians" / "tickets": foreign key checked


@dataclass(frozen=True)
class Kind:
    name: str  # table name in raw / clean
    pattern: str  # glob in the landing folder
    columns: tuple[Col, ...]
    key: tuple[str, ...] = ()  # duplicate keys: the newest wins, the others are superseded
    newest_by: str | None = None  # a timestamp column ordering duplicates (tickets: updated_at)
    timezone_from: str | None = None  # "client" (client_id column) or "ticket" (ticket_id column)
    checks: tuple[tuple[str, str], ...] = ()  # (SQL condition that is TRUE when bad, reason)

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "clients",
            "clients.csv",
            (
                Col("client_id", "id", True),
                Col("client_name", "text", True),
                Col("timezone", "tz", True),
                Col("country", "country", True),
                Col("account_manager", "text"),
            ),
            key=("client_id",),
        ),
        Kind(
            "technicians",
            "technicians.csv",
            (
                Col("technician_id", "id", True),
                Col("name", "text", True),
                Col("email", "text"),
                Col("cost_rate", "money"),
                Col("active", "bool", default="true"),
            ),
            key=("technician_id",),
            checks=(("t.cost_rate < 0", "cost_rate: must be >= 0"),),
        ),
        Kind(
            "tickets",
            "tickets*.csv",
            (
                Col("ticket_id", "id", True),
                Col("client_id", "id", True, references="clients"),
                Col("created_at", "ts", True),
                Col("priority", "priority", True),
                Col("service_type", "service", True),
                Col("status", "enum", True, values=STATUSES),
                Col("first_response_at", "ts"),
                Col("resolved_at", "ts"),
                Col("technician_id", "id", references="technicians"),
                Col("summary", "text"),
                Col("updated_at", "ts"),
            ),
            key=("ticket_id",),
            newest_by="updated_at",
            timezone_from="client",
            checks=(
                ("t.resolved_at < t.created_at", "resolved_at before created_at"),
                ("t.first_response_at < t.created_at", "first_response_at before created_at"),
            ),
        ),
        Kind(
            "ticket_status_history",
            "ticket_status_history.csv",
            (
                Col("ticket_id", "id", True, references="tickets"),
                Col("status", "enum", True, values=STATUSES),
                Col("changed_at", "ts", True),
            ),
            timezone_from="ticket",
        ),
        Kind(
            "timesheets",
            "timesheets*.csv",
            (
                Col("entry_id", "id", True),
                Col("client_id", "id", True, references="clients"),
                Col("technician_id", "id", True, references="technicians"),
                Col("started_at", "ts", True),
                Col("hours", "number", True),
                Col("service_type", "service", True),
                Col("rate_type", "enum", True, values=RATE_TYPES),
                Col("billable", "bool", True),
                Col("billed_rate", "money", True),
                Col("ticket_id", "id", references="tickets"),
                Col("approved_out_of_scope", "bool", default="false"),
                Col("invoice_id", "text"),
            ),
            key=("entry_id",),
            timezone_from="client",
            checks=(
                ("NOT (t.hours > 0 AND t.hours <= 24)", "hours: must be > 0 and <= 24"),
                ("t.billed_rate < 0", "billed_rate: must be >= 0"),
            ),
        ),
        Kind(
            "credentials",
            "credentials.csv",
            (
                Col("technician_id", "id", True, references="technicians"),
                Col("credential", "text", True),
                Col("issued_on", "date", True),
                Col("expires_on", "date"),
            ),
            checks=(("t.expires_on < t.issued_on", "expires_on before issued_on"),),
        ),
        Kind(
            "insurance_policies",
            "insurance_policies.csv",
            (
                Col("policy_id", "id", True),
                Col("policy_type", "enum", True, values=POLICY_TYPES),
                Col("coverage_amount", "money", True),
                Col("effective_on", "date", True),
                Col("expires_on", "date", True),
                Col("insurer", "text"),
            ),
            key=("policy_id",),
            checks=(
                ("t.coverage_amount < 0", "coverage_amount: must be >= 0"),
                ("t.expires_on < t.effective_on", "expires_on before effective_on"),
            ),
        ),
        Kind(
            "assignments",
            "assignments.csv",
            (
                Col("technician_id", "id", True, references="technicians"),
                Col("client_id", "id", True, references="clients"),
            ),
            key=("technician_id", "client_id"),
        ),
    )
}

# DuckDB types of the clean columns.
_SQL_TYPE = {
    "id": "VARCHAR", "text": "VARCHAR", "ts": "TIMESTAMPTZ", "date": "DATE", "money": "DECIMAL(18,2)",
    "number": "DOUBLE", "bool": "BOOLEAN", "enum": "VARCHAR", "priority": "VARCHAR",
    "service": "VARCHAR", "tz": "VARCHAR", "country": "VARCHAR",
}
_REFERENCE_KEY = {"clients": "client_id", "technicians": "technician_id", "tickets": "ticket_id"}


@dataclass
class LoadReport:
    kind: str
    files: list[str] = field(default_factory=list)
    rejected_files: list[tuple[str, str]] = field(default_factory=list)
    rows_read: int = 0
    rows_clean: int = 0
    rows_rejected: int = 0
    rows_superseded: int = 0


def ensure_schemas(con: duckdb.DuckDBPyConnection) -> None:
    for schema in ("raw", "clean", "quarantine", "staging", "intermediate", "marts"):
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS quarantine.rejected_rows (
            kind VARCHAR, source_file VARCHAR, row_number BIGINT, raw_record JSON, reasons VARCHAR[]);
        CREATE TABLE IF NOT EXISTS quarantine.superseded_rows (
            kind VARCHAR, source_file VARCHAR, row_number BIGINT, record_key VARCHAR,
            kept_file VARCHAR, kept_row_number BIGINT);
        CREATE TABLE IF NOT EXISTS quarantine.rejected_files (kind VARCHAR, source_file VARCHAR, reason VARCHAR);
        CREATE TABLE IF NOT EXISTS quarantine.file_accounting (
            kind VARCHAR, source_file VARCHAR, rows_read BIGINT, rows_clean BIGINT,
            rows_rejected BIGINT, rows_superseded BIGINT);
        """
    )


def _read_file(path: Path, kind: Kind) -> pl.DataFrame:
    """Read one CSV as text; raises ValueError with the reason the whole file is unusable."""
    data = path.read_bytes()
    if b"\x00" in data[:65536]:
        raise ValueError("not a CSV text file (binary content)")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not valid UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}; wrong encoding?)") from None
    try:
        frame = pl.read_csv(io.BytesIO(data), infer_schema=False, encoding="utf8", raise_if_empty=False, truncate_ragged_lines=False)
    except pl.exceptions.ComputeError as exc:
        message = str(exc).splitlines()[0]
        if "utf-8" in message.lower() or "utf8" in message.lower():
            raise ValueError("not valid UTF-8 text (wrong encoding?)") from None
        raise ValueError(f"not a readable CSV file: {message[:200]}") from None
    except Exception as exc:  # polars raises several types for garbage input
        raise ValueError(f"not a readable CSV file: {str(exc).splitlines()[0][:200]}") from None
    frame = frame.rename({c: c.strip().lstrip("\ufeff").strip().lower() for c in frame.columns})
    missing = [c for c in kind.required if c not in frame.columns]
    if missing:
        raise ValueError(f"missing required column{'s' if len(missing) > 1 else ''}: {', '.join(missing)}")
    return frame


_OFFSET_SUFFIX = r"[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?\s*(?:Z|z|[+-]\d{2}(?::?\d{2})?)$"


def _helper_columns(kind: Kind) -> list[pl.Expr]:
    """Per-row regex work done in polars: ISO shape and offset of timestamps, service names."""
    exprs: list[pl.Expr] = []
    for col in kind.columns:
        value = pl.col(col.name).str.strip_chars()
        if col.type == "ts":
            exprs.append(value.str.contains(_ISO_TS).fill_null(False).alias(f"_iso_{col.name}"))
            exprs.append(value.str.contains(_OFFSET_SUFFIX).fill_null(False).alias(f"_off_{col.name}"))
        elif col.type == "service":
            norm = value.str.to_lowercase().str.replace_all(r"[^a-z0-9]+", "_").str.strip_chars("_")
            exprs.append(pl.when(norm == "").then(None).otherwise(norm).alias(f"_norm_{col.name}"))
    return exprs


def _typed(col: Col, tz_expr: str | None) -> tuple[str, str]:
    """(typed SQL expression, SQL condition that is TRUE when the present value is invalid)."""
    v = f"NULLIF(TRIM(i.{col.name}), '')"
    t = col.type
    if t in ("id", "text"):
        return v, "FALSE"
    if t == "ts":
        # _iso_/_off_ come from polars (regexes are much faster there); an offset-less value is
        # wall time in the zone: naive + that zone's UTC offset in its half-hour (see _OFFSETS).
        n = col.name
        typed = f"CASE WHEN i._off_{n} THEN TRY_CAST({v} AS TIMESTAMPTZ) ELSE i._n_{n}::TIMESTAMPTZ + _o_{n}.off END"
        bad = f"NOT (i._iso_{n} AND TRY_CAST({v} AS TIMESTAMPTZ) IS NOT NULL AND i._n_{n} IS NOT NULL)"
        return typed, bad
    if t == "date":
        return f"TRY_CAST({v} AS DATE)", f"NOT (regexp_matches({v}, '{_ISO_DATE}') AND TRY_CAST({v} AS DATE) IS NOT NULL)"
    if t in ("money", "number"):
        cast = "DECIMAL(18,2)" if t == "money" else "DOUBLE"
        return (
            f"TRY_CAST(TRY_CAST({v} AS DOUBLE) AS {cast})",
            f"(TRY_CAST({v} AS DOUBLE) IS NULL OR NOT isfinite(TRY_CAST({v} AS DOUBLE)))",
        )
    if t == "bool":
        lv = f"lower({v})"
        typed = f"CASE WHEN {lv} IN ('true','yes','1') THEN TRUE WHEN {lv} IN ('false','no','0') THEN FALSE END"
        return typed, f"{lv} NOT IN ('true','yes','1','false','no','0')"
    if t == "enum":
        lv = f"lower({v})"
        return lv, f"{lv} NOT IN ({', '.join(repr(x) for x in col.values)})"
    if t == "priority":
        uv = f"upper({v})"
        return uv, f"{uv} NOT IN ('P1','P2','P3','P4')"
    if t == "service":
        return f"i._norm_{col.name}", f"i._norm_{col.name} IS NULL"
    if t == "tz":
        return v, f"{v} NOT IN (SELECT name FROM _valid_timezones)"
    if t == "country":
        uv = f"upper({v})"
        return uv, f"{uv} NOT IN (SELECT code FROM _valid_countries)"
    raise AssertionError(t)


def _reason_for(col: Col) -> str:
    """SQL producing the reason text for an invalid present value of ``col``."""
    name = col.name
    v = f"TRIM(i.{name})"
    fixed = {
        "ts": f"'{name}: not a timestamp'",
        "date": f"'{name}: not a date'",
        "money": f"'{name}: not a number'",
        "number": f"'{name}: not a number'",
        "bool": f"'{name}: not a boolean'",
        "service": f"'{name}: not a service type'",
    }
    if col.type in fixed:
        return fixed[col.type]
    if col.type == "priority":
        return f"'{name}: ''' || {v} || ''' not in P1..P4'"
    if col.type == "enum":
        return f"'{name}: ''' || {v} || ''' not in {', '.join(col.values)}'"
    if col.type == "tz":
        return f"'{name}: ''' || {v} || ''' not an IANA time zone'"
    if col.type == "country":
        return f"'{name}: ''' || {v} || ''' not an ISO-3166 alpha-2 code'"
    return f"'{name}: invalid'"


def _validation_sql(kind: Kind, clean_counts: dict[str, int]) -> str:
    if kind.timezone_from == "client":
        tz_expr = "_tz.timezone"
        tz_join = "LEFT JOIN clean.clients _tz ON _tz.client_id = TRIM(i.client_id)"
    elif kind.timezone_from == "ticket":
        tz_expr = "_tz.timezone"
        tz_join = (
            "LEFT JOIN clean.tickets _tk ON _tk.ticket_id = TRIM(i.ticket_id) "
            "LEFT JOIN clean.clients _tz ON _tz.client_id = _tk.client_id"
        )
    else:
        tz_expr, tz_join = "'UTC'", ""
    ts_cols = [c.name for c in kind.columns if c.type == "ts"]
    naive_cols = "".join(f", TRY_CAST(NULLIF(TRIM(i.{n}), '') AS TIMESTAMP) AS _n_{n}" for n in ts_cols)
    buckets = " UNION ".join(
        f"SELECT DISTINCT _zone, time_bucket(INTERVAL 30 MINUTE, _n_{n}) AS b FROM base "
        f"WHERE _zone IS NOT NULL AND _n_{n} IS NOT NULL AND NOT _off_{n}"
        for n in ts_cols
    ) or "SELECT NULL::VARCHAR AS _zone, NULL::TIMESTAMP AS b WHERE FALSE"
    offset_joins = " ".join(
        f"LEFT JOIN offsets _o_{n} ON _o_{n}._zone = i._zone AND _o_{n}.b = time_bucket(INTERVAL 30 MINUTE, i._n_{n})"
        for n in ts_cols
    )
    typed_cols, reason_items, fk_joins = [], [], []
    for col in kind.columns:
        typed, bad = _typed(col, tz_expr)
        raw_present = f"NULLIF(TRIM(i.{col.name}), '') IS NOT NULL"
        if col.type == "bool" and col.default is not None:
            typed = f"COALESCE({typed}, {col.default.upper()})" if not col.required else typed
        typed_cols.append(f"{typed} AS {col.name}")
        if col.required:
            reason_items.append(f"CASE WHEN NOT {raw_present} THEN '{col.name}: missing' END")
        reason_items.append(f"CASE WHEN {raw_present} AND ({bad}) THEN {_reason_for(col)} END")
        if col.references and clean_counts.get(col.references, 0) > 0:
            # A join, not `NOT IN (subquery)` inside CASE: 2x faster on 100k+ rows.
            ref_key = _REFERENCE_KEY[col.references]
            alias = f"_fk_{col.name}"
            fk_joins.append(
                f"LEFT JOIN (SELECT DISTINCT {ref_key} AS k FROM clean.{col.references}) {alias} ON {alias}.k = TRIM(i.{col.name})"
            )
            reason_items.append(
                f"CASE WHEN {raw_present} AND {alias}.k IS NULL THEN 'unknown {col.name} ' || TRIM(i.{col.name}) END"
            )
        elif col.references and col.required and col.references == "clients":
            # Without any clean client nothing can be placed in a time zone or entitled.
            reason_items.append(f"CASE WHEN {raw_present} THEN 'unknown {col.name} ' || TRIM(i.{col.name}) END")
    checks = [f"CASE WHEN {cond} THEN '{reason}' END" for cond, reason in kind.checks]
    # Typed values first, then the reasons; cross-column checks read the typed values (alias t).
    # The UTC offset of each zone is looked up once per half hour that occurs, not once per row:
    # offsets only change at transitions, which fall on the hour or half hour.
    return f"""
        WITH base AS (
            SELECT i.*, {tz_expr} AS _zone {naive_cols}
            FROM incoming i {tz_join}
        ),
        offsets AS (
            SELECT _zone, b, timezone(_zone, b) - b::TIMESTAMPTZ AS off FROM ({buckets})
        ),
        typed AS (
            SELECT i._source_file, i._row_number, i._file_order, i._raw_record,
                   {', '.join(typed_cols)},
                   list_filter([{', '.join(reason_items)}], x -> x IS NOT NULL) AS _field_reasons
            FROM base i {offset_joins} {' '.join(fk_joins)}
        )
        SELECT t.*,
               list_concat(t._field_reasons,
                           CASE WHEN len(t._field_reasons) = 0
                                THEN list_filter([{', '.join(checks) or 'NULL'}], x -> x IS NOT NULL)
                                ELSE [] END) AS _reasons
        FROM typed t
    """


def load_kind(con: duckdb.DuckDBPyConnection, landing_dir: Path, kind_name: str) -> LoadReport:
    """Load every landing file of one kind; idempotent (replaces this kind's rows everywhere)."""
    kind = KINDS[kind_name]
    ensure_schemas(con)
    report = LoadReport(kind=kind.name)
    paths = sorted(p for p in landing_dir.glob(kind.pattern) if p.is_file())
    frames: list[pl.DataFrame] = []
    for order, path in enumerate(paths):
        rel = path.name
        report.files.append(rel)
        try:
            frame = _read_file(path, kind)
        except ValueError as exc:
            report.rejected_files.append((rel, str(exc)))
            continue
        original = frame.columns
        frame = frame.with_columns(
            pl.struct(original).struct.json_encode().alias("_raw_record") if original else pl.lit("{}").alias("_raw_record"),
            pl.lit(rel).alias("_source_file"),
            pl.lit(order, dtype=pl.Int64).alias("_file_order"),
            pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("_row_number"),
        )
        for col in kind.columns:
            if col.name not in frame.columns:
                frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(col.name))
        frames.append(frame.with_columns(_helper_columns(kind)))

    for order, (rel, frame) in enumerate(mapped_sources(con, kind), start=len(paths)):
        # A mapped source (orchestration/defs/connectors) has already turned another system's
        # export into landing columns; each of its source files is accounted like a landing file.
        report.files.append(rel)
        frame = frame.with_columns(pl.lit(order, dtype=pl.Int64).alias("_file_order"))
        for col in kind.columns:
            if col.name not in frame.columns:
                frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(col.name))
        frames.append(frame.with_columns(_helper_columns(kind)))

    if frames:
        incoming = pl.concat(frames, how="diagonal_relaxed")
    else:
        incoming = pl.DataFrame(
            {c.name: pl.Series([], dtype=pl.String) for c in kind.columns}
            | {"_raw_record": pl.Series([], dtype=pl.String), "_source_file": pl.Series([], dtype=pl.String),
               "_file_order": pl.Series([], dtype=pl.Int64), "_row_number": pl.Series([], dtype=pl.Int64)}
        ).with_columns(_helper_columns(kind))
    con.register("incoming", incoming)
    con.register("_valid_timezones", pl.DataFrame({"name": sorted(available_timezones())}))
    con.register("_valid_countries", pl.DataFrame({"code": sorted(ISO_3166_ALPHA2)}))
    clean_counts = {
        ref: con.execute(f"SELECT count(*) FROM clean.{ref}").fetchone()[0]
        for ref in {c.references for c in kind.columns if c.references}
        if _table_exists(con, "clean", ref)
    }
    try:
        raw_cols = [c for c in incoming.columns
                    if c not in ("_raw_record", "_file_order") and not c.startswith(("_iso_", "_off_", "_norm_"))]
        con.execute(f"CREATE OR REPLACE TABLE raw.{kind.name} AS SELECT {', '.join(_q(c) for c in raw_cols)} FROM incoming")
        con.execute(f"CREATE OR REPLACE TEMP TABLE _validated AS {_validation_sql(kind, clean_counts)}")
        typed_names = [c.name for c in kind.columns]
        if kind.key:
            key_expr = " || '|' || ".join(f"coalesce({k}, '')" for k in kind.key)
            newest = f"{kind.newest_by} DESC NULLS LAST, " if kind.newest_by else ""
            con.execute(
                f"""
                CREATE OR REPLACE TEMP TABLE _ranked AS
                SELECT *, {key_expr} AS _key,
                       row_number() OVER (PARTITION BY {key_expr}
                                          ORDER BY {newest}_file_order DESC, _row_number DESC) AS _rank
                FROM _validated WHERE len(_reasons) = 0
                """
            )
        else:
            con.execute("CREATE OR REPLACE TEMP TABLE _ranked AS SELECT *, NULL::VARCHAR AS _key, 1 AS _rank FROM _validated WHERE len(_reasons) = 0")
        col_defs = ", ".join(f"{c.name} {_SQL_TYPE[c.type]}" for c in kind.columns)
        con.execute(f"CREATE OR REPLACE TABLE clean.{kind.name} ({col_defs}, _source_file VARCHAR, _row_number BIGINT)")
        con.execute(
            f"INSERT INTO clean.{kind.name} SELECT {', '.join(typed_names)}, _source_file, _row_number "
            f"FROM _ranked WHERE _rank = 1 ORDER BY {', '.join(kind.key) or '_file_order'}, _file_order, _row_number"
        )
        con.execute("DELETE FROM quarantine.rejected_rows WHERE kind = ?", [kind.name])
        con.execute(
            "INSERT INTO quarantine.rejected_rows SELECT ?, _source_file, _row_number, _raw_record::JSON, _reasons "
            "FROM _validated WHERE len(_reasons) > 0 ORDER BY _file_order, _row_number",
            [kind.name],
        )
        con.execute("DELETE FROM quarantine.superseded_rows WHERE kind = ?", [kind.name])
        con.execute(
            """
            INSERT INTO quarantine.superseded_rows
            SELECT ?, r._source_file, r._row_number, r._key, k._source_file, k._row_number
            FROM _ranked r JOIN _ranked k ON k._key = r._key AND k._rank = 1
            WHERE r._rank > 1 ORDER BY r._file_order, r._row_number
            """,
            [kind.name],
        )
        con.execute("DELETE FROM quarantine.rejected_files WHERE kind = ?", [kind.name])
        for rel, reason in report.rejected_files:
            con.execute("INSERT INTO quarantine.rejected_files VALUES (?, ?, ?)", [kind.name, rel, reason])
        con.execute("DELETE FROM quarantine.file_accounting WHERE kind = ?", [kind.name])
        con.execute(
            f"""
            INSERT INTO quarantine.file_accounting
            SELECT ?, f.source_file,
                   (SELECT count(*) FROM raw.{kind.name} r WHERE r._source_file = f.source_file),
                   (SELECT count(*) FROM clean.{kind.name} c WHERE c._source_file = f.source_file),
                   (SELECT count(*) FROM quarantine.rejected_rows q WHERE q.kind = ? AND q.source_file = f.source_file),
                   (SELECT count(*) FROM quarantine.superseded_rows s WHERE s.kind = ? AND s.source_file = f.source_file)
            FROM (SELECT DISTINCT _source_file AS source_file FROM raw.{kind.name}) f ORDER BY 2
            """,
            [kind.name, kind.name, kind.name],
        )
        counts = con.execute(
            "SELECT coalesce(sum(rows_read),0), coalesce(sum(rows_clean),0), coalesce(sum(rows_rejected),0), "
            "coalesce(sum(rows_superseded),0) FROM quarantine.file_accounting WHERE kind = ?",
            [kind.name],
        ).fetchone()
        report.rows_read, report.rows_clean, report.rows_rejected, report.rows_superseded = map(int, counts)
        validate_clean(kind.name, con.execute(f"SELECT * EXCLUDE (_source_file, _row_number) FROM clean.{kind.name}").pl())
    finally:
        for name in ("incoming", "_valid_timezones", "_valid_countries"):
            con.unregister(name)
        con.execute("DROP TABLE IF EXISTS _validated; DROP TABLE IF EXISTS _ranked")
    return report


MAPPED_SCHEMA = "mapped"


def mapped_sources(con: duckdb.DuckDBPyConnection, kind: Kind) -> list[tuple[str, pl.DataFrame]]:
    """The rows of ``kind`` that mapped sources put in ``mapped.<source>__<kind>``, one frame per
    source file, sorted by file name.

    Interface (what a connector writes): every landing column it maps, as VARCHAR, plus
    ``_source_file`` (the export's name as the user will see it in quarantine), ``_row_number``
    (the row's number in that export) and ``_raw_record`` (the source row as JSON text).
    """
    names = [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name",
            [MAPPED_SCHEMA],
        ).fetchall()
        if r[0].endswith("__" + kind.name) and len(r[0]) > len(kind.name) + 2
    ]
    out: list[tuple[str, pl.DataFrame]] = []
    for name in names:
        frame = con.execute(f"SELECT * FROM {MAPPED_SCHEMA}.{_q(name)}").pl()
        frame = frame.with_columns(
            [pl.col(c).cast(pl.String) for c in frame.columns if c not in ("_row_number",)]
            + [pl.col("_row_number").cast(pl.Int64)]
        )
        for (rel,), part in sorted(frame.partition_by("_source_file", as_dict=True).items()):
            out.append((rel, part))
    return out


def accounting_violations(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """Files where rows_read != clean + rejected + superseded, recomputed from the tables themselves,
    plus any raw row that is in more than one place or in none."""
    problems: list[tuple] = []
    for kind in KINDS.values():
        if not _table_exists(con, "raw", kind.name) or not _table_exists(con, "clean", kind.name):
            continue
        rows = con.execute(
            f"""
            WITH placed AS (
                SELECT _source_file AS f, _row_number AS n FROM clean.{kind.name}
                UNION ALL SELECT source_file, row_number FROM quarantine.rejected_rows WHERE kind = ?
                UNION ALL SELECT source_file, row_number FROM quarantine.superseded_rows WHERE kind = ?
            ), counted AS (SELECT f, n, count(*) AS places FROM placed GROUP BY f, n)
            SELECT ? AS kind, r._source_file, r._row_number, coalesce(c.places, 0) AS places
            FROM raw.{kind.name} r LEFT JOIN counted c ON c.f = r._source_file AND c.n = r._row_number
            WHERE coalesce(c.places, 0) <> 1
            UNION ALL
            SELECT ?, c.f, c.n, c.places FROM counted c
            WHERE NOT EXISTS (SELECT 1 FROM raw.{kind.name} r WHERE r._source_file = c.f AND r._row_number = c.n)
            LIMIT 20
            """,
            [kind.name, kind.name, kind.name, kind.name],
        ).fetchall()
        problems.extend(rows)
    return problems


def _table_exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?", [schema, table]
        ).fetchone()[0]
    )


def _q(identifier: str) -> str:
    """Quote a column name that came from a file header (identifiers cannot be bound as parameters)."""
    return '"' + identifier.replace('"', '""') + '"'
