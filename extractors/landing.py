"""Landing-zone CSV files -> raw, clean and quarantine tables (data contract section 1).

Each landing kind is declared once, in :data:`KINDS`: its columns, their types and ranges, its
key and what it references. Everything else is derived from that declaration: the validation SQL
below, the pandera schema of its clean table (``extractors.schemas``) and the ingestion asset's
upstream kinds (``Kind.upstream``, read by ``orchestration/defs/ingest``).

:func:`load_kind` serves every kind in three named steps:

* **read** (:func:`read_kind`): each file as text into one DuckDB staging table (every column
  as read, then lineage), by DuckDB's CSV reader, so a large export is never held in Python; a
  file that reader cannot read exactly (a broken record, an odd layout) is read whole as before.
  The *working* rows are a view over it (the declared columns and the loader's own
  ``_``-prefixed columns, nothing else, so a user's extra column can never collide with them).
  A file that cannot be used at all (encoding, malformed header, missing required column) is a
  rejected file; a broken CSV record (an unterminated quote) loses only itself and is accounted
  as a rejected row.
* **validate** (:func:`validate_kind`): one set-based DuckDB statement types every value and
  lists each row's reasons; the newest of duplicate keys is kept, the others are superseded.
  pandera then checks the clean table in slices (``extractors.schemas.validate_clean_table``).
* **write** (:func:`write_kind`): ``raw.<kind>`` (the staging table, renamed), ``clean.<kind>`` and
  ``quarantine.rejected_rows`` / ``superseded_rows`` / ``rejected_files`` / ``file_accounting``

so that for every file ``rows_read = rows_clean + rows_rejected + rows_superseded``.
The SQL is assembled only from the column specs below, never from file contents.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import itertools
import json
from dataclasses import dataclass, field
from pathlib import Path
from datetime import datetime, timezone
from zoneinfo import available_timezones

import duckdb
import polars as pl

from extractors.duck import has_table
from extractors.iso_countries import ISO_3166_ALPHA2
from extractors.vocabularies import POLICY_TYPES, PRIORITIES, RATE_TYPES, TICKET_STATUSES

STATUSES = TICKET_STATUSES  # older name, kept for importers

# A full ISO 8601 date or timestamp; group 1 is the UTC offset when there is one.
_ISO_TS = r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$"
_ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
# Timestamps outside these years are rejected: no export of this business holds them, and far
# ones overflow when moved into UTC (year 9999 wall time became year 10000).
TIMESTAMP_YEARS = (1970, 2100)
# A money value must fit DECIMAL(18,2): |x| < 10^16.
MONEY_TYPE = "DECIMAL(18,2)"


@dataclass(frozen=True)
class Col:
    name: str
    type: str  # id text ts date money number bool enum priority service tz country
    required: bool = False
    default: str | None = None  # for bool columns
    values: tuple[str, ...] = ()  # for enum (priority columns use PRIORITIES)
    references: str | None = None  # the kind whose key this column names: foreign key checked
    at_least: float | None = None  # range of a number: value >= at_least
    above: float | None = None  # value > above
    at_most: float | None = None  # value <= at_most

    @property
    def vocabulary(self) -> tuple[str, ...]:
        return PRIORITIES if self.type == "priority" else self.values

    @property
    def nullable(self) -> bool:
        return not self.required and not (self.type == "bool" and self.default is not None)

    def range_check(self) -> tuple[str, str] | None:
        """(SQL condition on the typed value that is TRUE when out of range, reason), if ranged."""
        bounds = [(op, v) for op, v in ((">=", self.at_least), (">", self.above), ("<=", self.at_most)) if v is not None]
        if not bounds:
            return None
        text = " and ".join(f"{op} {_number_text(v)}" for op, v in bounds)
        condition = " AND ".join(f"t.{self.name} {op} {_number_text(v)}" for op, v in bounds)
        return f"NOT ({condition})", f"{self.name}: must be {text}"


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


# Which kinds' clean tables give a kind its time zone (timezone_from).
_TIMEZONE_SOURCES = {"client": ("clients",), "ticket": ("tickets", "clients")}


@dataclass(frozen=True)
class Kind:
    name: str  # table name in raw / clean
    pattern: str  # glob in the landing folder
    columns: tuple[Col, ...]
    key: tuple[str, ...] = ()  # duplicate keys: the newest wins, the others are superseded
    newest_by: str | None = None  # a timestamp column ordering duplicates (tickets: updated_at)
    timezone_from: str | None = None  # "client" (client_id column) or "ticket" (ticket_id column)
    checks: tuple[tuple[str, str], ...] = ()  # cross-column: (SQL condition TRUE when bad, reason)

    def __post_init__(self) -> None:
        # The loader's working columns all start with "_": a declared column never may.
        assert not any(c.name.startswith("_") for c in self.columns), self.name

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    @property
    def upstream(self) -> tuple[str, ...]:
        """The kinds that must be loaded first: those referenced, and those giving the time zone."""
        needed = [c.references for c in self.columns if c.references]
        needed += list(_TIMEZONE_SOURCES.get(self.timezone_from or "", ()))
        return tuple(dict.fromkeys(n for n in needed if n != self.name))

    @property
    def row_checks(self) -> tuple[tuple[str, str], ...]:
        """Range checks of the columns (in column order), then the cross-column checks."""
        ranges = tuple(rc for rc in (c.range_check() for c in self.columns) if rc)
        return ranges + self.checks


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
                Col("cost_rate", "money", at_least=0),
                Col("active", "bool", default="true"),
            ),
            key=("technician_id",),
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
                Col("status", "enum", True, values=TICKET_STATUSES),
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
                Col("status", "enum", True, values=TICKET_STATUSES),
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
                Col("hours", "number", True, above=0, at_most=24),
                Col("service_type", "service", True),
                Col("rate_type", "enum", True, values=RATE_TYPES),
                Col("billable", "bool", True),
                Col("billed_rate", "money", True, at_least=0),
                Col("ticket_id", "id", references="tickets"),
                Col("approved_out_of_scope", "bool", default="false"),
                Col("invoice_id", "text"),
            ),
            key=("entry_id",),
            timezone_from="client",
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
                Col("coverage_amount", "money", True, at_least=0),
                Col("effective_on", "date", True),
                Col("expires_on", "date", True),
                Col("insurer", "text"),
            ),
            key=("policy_id",),
            checks=(("t.expires_on < t.effective_on", "expires_on before effective_on"),),
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
    "id": "VARCHAR", "text": "VARCHAR", "ts": "TIMESTAMPTZ", "date": "DATE", "money": MONEY_TYPE,
    "number": "DOUBLE", "bool": "BOOLEAN", "enum": "VARCHAR", "priority": "VARCHAR",
    "service": "VARCHAR", "tz": "VARCHAR", "country": "VARCHAR",
}
# Columns the loader adds to raw.<kind>; a user's column of the same name is kept as "<name> (from file)".
LINEAGE_COLUMNS = ("_source_file", "_row_number")
# A file with more broken records than this is rejected whole (each one costs a re-read of the rest).
MAX_BROKEN_RECORDS = 200
# A run is loud about a file when it quarantined more than this share of its kind's rows.
LOUD_LOSS_FRACTION = 0.01


@dataclass
class LoadReport:
    kind: str
    files: list[str] = field(default_factory=list)
    rejected_files: list[tuple[str, str]] = field(default_factory=list)
    rows_read: int = 0
    rows_clean: int = 0
    rows_rejected: int = 0
    rows_superseded: int = 0
    # one line per file that lost much: a rejected file, or rejected rows > LOUD_LOSS_FRACTION of the kind
    loud_files: list[str] = field(default_factory=list)
    kept: bool = False  # inputs unchanged since the last load: nothing read, tables kept


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


# ---------------------------------------------------------------------------------------------
# Step 1: read
# ---------------------------------------------------------------------------------------------
#
# Every row goes into one staging table in DuckDB, ``raw._incoming_<kind>`` (it becomes
# raw.<kind> in step 3), so that a large export is never held in Python:
#
# * the fast path: DuckDB's own CSV reader (all text, strict RFC 4180, the width of the header)
#   streams the file into the table, numbering the records in file order (`row_number() OVER ()`
#   keeps the reader's order). It is taken only for files it reads exactly as the tolerant
#   reader below would: valid UTF-8, one line ending throughout, no blank line, a plain header
#   (no quote) that names every column once and has the required ones.
# * every other file (a broken record, a bad header, a blank line, a stray CR, ...) is read the
#   way it always was, whole, by polars or record by record (:func:`_read_file`), and its frame
#   is appended to the same table. Such files are the exception and are rejected or quarantined
#   in part; their reasons and row numbers are those of that reader.


@dataclass
class FileRows:
    """One file as read: its columns under their header names (all text), and the records that
    could not be parsed (index in ``frame`` -> (the line as text, reason)); those rows are all
    NULL in ``frame`` so that row numbers stay the record numbers of the file."""

    frame: pl.DataFrame
    broken: dict[int, tuple[str, str]] = field(default_factory=dict)


def _read_file(path: Path, kind: Kind) -> FileRows:
    """Read one CSV as text; raises ValueError with the reason the whole file is unusable."""
    data = path.read_bytes()
    if b"\x00" in data[:65536]:
        raise ValueError("not a CSV text file (binary content)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not valid UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}; wrong encoding?)") from None
    broken: dict[int, tuple[str, str]] = {}
    try:
        # No header row for polars: it would rename duplicate names; the header is checked below.
        table = pl.read_csv(io.BytesIO(data), infer_schema=False, has_header=False, encoding="utf8",
                            raise_if_empty=False, truncate_ragged_lines=False)
    except Exception:  # polars raises several types for malformed CSV: recover record by record
        table, broken = _read_record_by_record(text)
    if table.height == 0:
        raise ValueError(f"missing required column{'s' if len(kind.required) > 1 else ''}: {', '.join(kind.required)}")
    body = table.slice(1)

    def holds_values(index: int) -> bool:
        cells = body.get_column(body.columns[index]).str.strip_chars().fill_null("")
        return bool((cells != "").any())

    names = _checked_header(list(table.row(0)), holds_values)
    _check_required(names, kind)
    body = body.select(body.columns[: len(names)])
    return FileRows(body.rename(dict(zip(body.columns, names))), {i - 1: v for i, v in broken.items()})


def _normal_name(name: str | None) -> str:
    return (name or "").strip().lstrip("\ufeff").strip().lower()


def _checked_header(header: list[str | None], holds_values) -> list[str]:
    """The header's column names (trimmed, lower case); raises ValueError for a malformed header.
    Unnamed columns at the end that hold no value (a trailing comma on every line) are dropped:
    ``holds_values(index)`` says whether the column at that index has a non-blank cell."""
    names = [_normal_name(n) for n in header]
    while names and names[-1] == "":
        if holds_values(len(names) - 1):
            break
        names.pop()
    first_seen: dict[str, int] = {}
    for position, name in enumerate(names, start=1):
        if name == "":
            raise ValueError(f"header: column {position} has no name")
        if name in first_seen:
            earlier = first_seen[name]
            spelled = (f": {header[earlier - 1]!r}, {header[position - 1]!r}"
                       if header[earlier - 1] != header[position - 1] else "")
            raise ValueError(f"header: duplicate column {name!r} (columns {earlier} and {position}{spelled})")
        first_seen[name] = position
    return names


def _check_required(names: list[str], kind: Kind) -> None:
    missing = [c for c in kind.required if c not in names]
    if missing:
        raise ValueError(f"missing required column{'s' if len(missing) > 1 else ''}: {', '.join(missing)}")


def _read_record_by_record(text: str) -> tuple[pl.DataFrame, dict[int, tuple[str, str]]]:
    """The tolerant reader, used only when the fast one fails: Python's csv module, strict, one
    record at a time. A record that does not parse (an unterminated or stray quote) costs only its
    first line: reading starts again on the next line. A record with more fields than the header
    is broken too; fewer fields are padded with NULL, as the fast reader does."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    lines = [line + "\n" for line in lines]
    records: list[list[str | None]] = []
    broken: dict[int, tuple[str, str]] = {}  # record index (0 = header) -> (line, reason)
    width = None
    start = 0
    while start < len(lines):
        reader = csv.reader(itertools.islice(lines, start, None), strict=True)
        consumed = 0
        try:
            for fields in reader:
                line_no = start + consumed + 1
                consumed = reader.line_num
                if width is None:
                    width = len(fields)
                if len(fields) > width:
                    broken[len(records)] = (lines[line_no - 1].rstrip("\r\n"),
                                            f"malformed CSV record at line {line_no}: {len(fields)} fields, the header has {width}")
                    records.append([None] * width)
                    continue
                records.append([f if f != "" else None for f in fields] + [None] * (width - len(fields)))
        except csv.Error as exc:
            bad = start + consumed  # index of the first line of the record that did not parse
            if not records:
                raise ValueError(f"header: not a readable CSV record ({exc})") from None
            broken[len(records)] = (lines[bad].rstrip("\r\n"), f"malformed CSV record at line {bad + 1}: {_csv_problem(exc)}")
            records.append([None] * (width or 0))
            if len(broken) > MAX_BROKEN_RECORDS:
                raise ValueError(f"not a readable CSV file: more than {MAX_BROKEN_RECORDS} malformed records") from None
            start = bad + 1
            continue
        break
    width = width or 0
    columns = [f"column_{i}" for i in range(width)]
    table = pl.DataFrame(records, schema={c: pl.String for c in columns}, orient="row")
    return table, broken


def _csv_problem(exc: csv.Error) -> str:
    message = str(exc)
    if any(s in message for s in ("unexpected end of data", "field larger than field limit", "expected after")):
        return "unbalanced quote"  # a quote that never closes, or closes where no quote may
    return message


# Reading in chunks keeps the scan of a large file small in memory.
_SCAN_CHUNK = 8 << 20
# DuckDB's reader: every value as text, the header's width, RFC 4180 quoting, nothing guessed.
# A quoted empty value stays an empty string and an unquoted one is NULL, as polars reads them.
_CSV_OPTIONS = ("header = false, auto_detect = false, delim = ',', quote = '\"', escape = '\"', "
                "strict_mode = true, null_padding = true, allow_quoted_nulls = false, encoding = 'utf-8'")


def _plain_header(path: Path) -> list[str] | None:
    """The header's cells when DuckDB's reader may read the file (see above), else None.
    Scans the whole file once, in chunks; raises ValueError for binary content."""
    with open(path, "rb") as handle:
        first = handle.read(_SCAN_CHUNK)
        if b"\x00" in first[:65536]:
            raise ValueError("not a CSV text file (binary content)")
        end = first.find(b"\n")
        if not first or end < 0 or first.startswith((b"\n", b"\r\n")):
            return None  # a single line (header only, or no line ending) or a blank first line
        line = first[: end + 1]
        decoder = codecs.getincrementaldecoder("utf-8")()
        newlines = returns = pairs = 0
        chunk, tail = first, b""
        try:
            while chunk:
                decoder.decode(chunk)
                window = tail + chunk
                # a blank line (polars reads it as a row of NULLs, DuckDB skips it)
                if b"\n\n" in window or b"\n\r\n" in window:
                    return None
                newlines += chunk.count(b"\n")
                returns += chunk.count(b"\r")
                pairs += window.count(b"\r\n") - tail.count(b"\r\n")
                tail = window[-2:]
                chunk = handle.read(_SCAN_CHUNK)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return None  # the whole-file reader names the offending byte
    # One line ending throughout: LF only, or CRLF only (a lone CR is a line break for DuckDB only).
    if returns and not (returns == pairs == newlines):
        return None
    text = line.decode("utf-8").removesuffix("\n").removesuffix("\r")
    if '"' in text:
        return None
    return text.split(",")


@dataclass
class Incoming:
    """What step 1 staged: ``raw._incoming_<kind>`` (every column as read, then the lineage
    columns), the temp tables ``_incoming_files`` (accepted file, its order among the kind's
    files, its shape: which columns its raw record holds) and ``_incoming_records`` (the raw
    record of a row that is not one of its file's columns: a broken line, a mapped source's)."""

    stage: str
    raw_columns: list[str]
    accepted_files: list[str]
    shapes: list[list[tuple[str, str]]]  # per shape: (name in the raw record, column of the stage)


class _Stage:
    """Appends each file's rows to the staging table, adding the columns a file brings."""

    def __init__(self, con: duckdb.DuckDBPyConnection, kind: Kind):
        self.con, self.kind = con, kind
        self.table = f"raw.{_q('_incoming_' + kind.name)}"
        self.columns: list[str] = []
        self.shapes: list[list[tuple[str, str]]] = []
        con.execute(f"DROP TABLE IF EXISTS {self.table}")
        con.execute("CREATE OR REPLACE TEMP TABLE _incoming_files (_source_file VARCHAR, _file_order BIGINT, _shape INTEGER)")
        con.execute("CREATE OR REPLACE TEMP TABLE _incoming_records "
                    "(_source_file VARCHAR, _row_number BIGINT, _raw_record VARCHAR, _read_error VARCHAR)")

    def raw_names(self, names: list[str]) -> list[str]:
        """raw.<kind>'s name for each of a file's columns: a lineage name is kept as "<name> (from file)"."""
        return [f"{n} (from file)" if n in LINEAGE_COLUMNS else n for n in names]

    def append(self, names: list[str], select: str, params: list, rel: str, order: int, records: bool = False) -> None:
        """``select`` yields the file's columns c0.. (text, in ``names`` order), _source_file and
        _row_number; ``records``: its raw record is in _incoming_records, not its columns."""
        raw = self.raw_names(names)
        lacking = [c.name for c in self.kind.columns if c.name not in raw]
        outputs = [f"c{i} AS {_q(n)}" for i, n in enumerate(raw)] + [f"NULL::VARCHAR AS {_q(n)}" for n in lacking]
        outputs += ["_source_file::VARCHAR AS _source_file", "_row_number::BIGINT AS _row_number"]
        if not self.columns:
            self.con.execute(f"CREATE TABLE {self.table} AS SELECT {', '.join(outputs)} FROM ({select})", params)
            self.columns = raw + lacking + list(LINEAGE_COLUMNS)
        else:
            for name in raw + lacking:
                if name not in self.columns:
                    self.con.execute(f"ALTER TABLE {self.table} ADD COLUMN {_q(name)} VARCHAR")
                    self.columns.append(name)
            self.con.execute(f"INSERT INTO {self.table} BY NAME SELECT {', '.join(outputs)} FROM ({select})", params)
        shape = [] if records else list(zip(names, raw))
        if shape not in self.shapes:
            self.shapes.append(shape)
        self.con.execute("INSERT INTO _incoming_files VALUES (?, ?, ?)", [rel, order, self.shapes.index(shape)])

    def finish(self) -> None:
        """A kind without any file still gets its tables, with the declared columns."""
        if not self.columns:
            outputs = [f"NULL::VARCHAR AS {c.name}" for c in self.kind.columns]
            self.con.execute(f"CREATE TABLE {self.table} AS SELECT {', '.join(outputs)}, "
                             "NULL::VARCHAR AS _source_file, NULL::BIGINT AS _row_number LIMIT 0")
            self.columns = [c.name for c in self.kind.columns] + list(LINEAGE_COLUMNS)


def _stage_with_duckdb(con: duckdb.DuckDBPyConnection, stage: _Stage, path: Path, rel: str, order: int,
                       kind: Kind) -> bool:
    """The fast path: DuckDB reads the file straight into the staging table. False when the file
    is not one it may read (then nothing was staged and the whole-file reader takes it)."""
    header = _plain_header(path)
    if header is None:
        return False
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(header))) + "}"
    source = f"read_csv(?, {_CSV_OPTIONS}, columns = {columns})"

    def holds_values(index: int) -> bool:
        # the header's own cell there is blank (the column has no name), so the whole column is scanned
        row = con.execute(f"SELECT count(*) FROM {source} WHERE regexp_matches(c{index}, ?)",
                          [str(path), f"[^{_WHITESPACE}]"]).fetchone()
        return bool(row[0])

    try:
        names = _checked_header(header, holds_values)
        _check_required(names, kind)
    except (ValueError, duckdb.Error):
        return False  # rejected, or not readable here: the whole-file reader says why, as always
    select = (f"SELECT * EXCLUDE (_record), _record - 1 AS _row_number, ? AS _source_file FROM "
              f"(SELECT *, row_number() OVER () AS _record FROM {source}) WHERE _record > 1")
    try:
        stage.append(names, select, [rel, str(path)], rel, order)
    except duckdb.Error:
        return False  # a record DuckDB will not read: the statement left nothing behind
    return True


def _stage_frame(con: duckdb.DuckDBPyConnection, stage: _Stage, rows: FileRows, rel: str, order: int) -> None:
    """A file read whole (the exceptions: broken records, odd layout) appended to the stage."""
    names = rows.frame.columns
    frame = rows.frame.rename({n: f"c{i}" for i, n in enumerate(names)}).with_columns(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("_row_number"))
    con.register("_incoming_frame", frame)
    try:
        stage.append(names, "SELECT *, ? AS _source_file FROM _incoming_frame", [rel], rel, order)
    finally:
        con.unregister("_incoming_frame")
    if rows.broken:
        con.executemany("INSERT INTO _incoming_records VALUES (?, ?, ?, ?)",
                        [[rel, index + 1, json.dumps({"_line": line}), reason]
                         for index, (line, reason) in sorted(rows.broken.items())])


def _stage_mapped(con: duckdb.DuckDBPyConnection, stage: _Stage, kind: Kind, first_order: int) -> list[str]:
    """Every mapped source of ``kind`` (see :func:`mapped_sources`), one source file at a time in
    the order of table name then file name; returns the files staged."""
    staged = []
    order = first_order
    for table in mapped_sources(con, kind):
        columns = [r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ? "
            "ORDER BY ordinal_position", [MAPPED_SCHEMA, table]).fetchall()]
        user = [c for c in columns if c not in ("_source_file", "_row_number", "_raw_record")]
        source = f"{MAPPED_SCHEMA}.{_q(table)}"
        record = "_raw_record::VARCHAR" if "_raw_record" in columns else "'{}'"
        files = [r[0] for r in con.execute(
            f"SELECT DISTINCT _source_file::VARCHAR FROM {source} WHERE _source_file IS NOT NULL ORDER BY 1").fetchall()]
        for rel in files:
            cells = ", ".join(f"{_q(c)}::VARCHAR AS c{i}" for i, c in enumerate(user))
            select = (f"SELECT {cells}{', ' if cells else ''}_source_file, _row_number FROM {source} "
                      "WHERE _source_file::VARCHAR = ?")
            stage.append(user, select, [rel], rel, order, records=True)
            con.execute(f"INSERT INTO _incoming_records SELECT _source_file::VARCHAR, _row_number::BIGINT, "
                        f"{record}, NULL FROM {source} WHERE _source_file::VARCHAR = ?", [rel])
            staged.append(rel)
            order += 1
    return staged


def read_kind(con: duckdb.DuckDBPyConnection, landing_dir: Path, kind: Kind, report: LoadReport) -> Incoming:
    """Step 1: every landing file of ``kind`` and every mapped source of it, as text, into
    ``raw._incoming_<kind>``."""
    paths = sorted(p for p in landing_dir.glob(kind.pattern) if p.is_file())
    stage = _Stage(con, kind)
    accepted: list[str] = []
    for order, path in enumerate(paths):
        rel = path.name
        report.files.append(rel)
        try:
            if not _stage_with_duckdb(con, stage, path, rel, order, kind):
                _stage_frame(con, stage, _read_file(path, kind), rel, order)
        except ValueError as exc:
            report.rejected_files.append((rel, str(exc)))
            continue
        accepted.append(rel)
    # A mapped source (orchestration/defs/connectors) has already turned another system's
    # export into landing columns; each of its source files is accounted like a landing file.
    mapped = _stage_mapped(con, stage, kind, len(paths))
    report.files.extend(mapped)
    accepted.extend(mapped)
    stage.finish()
    return Incoming(stage.table, stage.columns, accepted, stage.shapes)


# ---------------------------------------------------------------------------------------------
# Step 2: validate (SQL assembled from the declaration only)
# ---------------------------------------------------------------------------------------------

_OFFSET_SUFFIX = r"[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?\s*(?:Z|z|[+-]\d{2}(?::?\d{2})?)$"


# What polars' strip_chars() strips (Unicode White_Space), as an RE2 class body; RE2's own \s and
# \d are ASCII only, so the patterns are given the Unicode classes the validation always used.
_WHITESPACE = r"\s\x0B\x{85}\p{Z}"


def _re2(pattern: str) -> str:
    return pattern.replace(r"\d", r"\p{Nd}").replace(r"\s", f"[{_WHITESPACE}]")


# Matched on the value as written; the surrounding whitespace is allowed as if it were trimmed.
_ISO_TS_UNTRIMMED = f"^[{_WHITESPACE}]*{_re2(_ISO_TS[1:-1])}[{_WHITESPACE}]*$"
_OFFSET_SUFFIX_UNTRIMMED = f"(?:{_re2(_OFFSET_SUFFIX[:-1])})[{_WHITESPACE}]*$"


def _helper_columns(kind: Kind) -> list[str]:
    """Per-row regex work: ISO shape and offset of timestamps, service names (SQL over the stage)."""
    exprs: list[str] = []
    for col in kind.columns:
        value = f"s.{col.name}"
        if col.type == "ts":
            exprs.append(f"coalesce(regexp_matches({value}, '{_ISO_TS_UNTRIMMED}'), FALSE) AS _iso_{col.name}")
            exprs.append(f"coalesce(regexp_matches({value}, '{_OFFSET_SUFFIX_UNTRIMMED}'), FALSE) AS _off_{col.name}")
        elif col.type == "service":
            norm = f"trim(regexp_replace(lower({value}), '[^a-z0-9]+', '_', 'g'), '_')"
            exprs.append(f"NULLIF({norm}, '') AS _norm_{col.name}")
    return exprs


def _incoming_view(kind: Kind, incoming: Incoming) -> str:
    """The rows the validation reads: the declared columns, lineage, the read error of a broken
    record, the regex helpers, and the row's place in the stage (to find its raw record later)."""
    declared = ", ".join(f"s.{c.name}" for c in kind.columns)
    helpers = "".join(f", {e}" for e in _helper_columns(kind))
    return f"""
        CREATE OR REPLACE TEMP VIEW incoming AS
        SELECT {declared}, s._source_file, f._file_order, s._row_number, b._read_error,
               s.rowid AS _stage_row {helpers}
        FROM {incoming.stage} s
        JOIN _incoming_files f ON f._source_file = s._source_file
        LEFT JOIN (SELECT _source_file, _row_number, _read_error FROM _incoming_records
                   WHERE _read_error IS NOT NULL) b
          ON b._source_file = s._source_file AND b._row_number = s._row_number
    """


def _sql_list(values: tuple[str, ...]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def _in_years(naive: str) -> str:
    low, high = TIMESTAMP_YEARS
    return f"year({naive}) BETWEEN {low} AND {high}"


def _typed(col: Col) -> tuple[str, str, str | None]:
    """(typed SQL expression, SQL condition TRUE when the present value is invalid, SQL condition
    TRUE when a valid value is out of the column's range, or None)."""
    v = f"NULLIF(TRIM(i.{col.name}), '')"
    t = col.type
    if t in ("id", "text"):
        return v, "FALSE", None
    if t == "ts":
        # _iso_/_off_ come from the incoming view (_helper_columns); an offset-less value is
        # wall time in the zone: naive + that zone's UTC offset in its half-hour (see offsets).
        n = col.name
        typed = (f"CASE WHEN {_in_years(f'i._n_{n}')} THEN "
                 f"CASE WHEN i._off_{n} THEN TRY_CAST({v} AS TIMESTAMPTZ) ELSE i._n_{n}::TIMESTAMPTZ + _o_{n}.off END END")
        bad = f"NOT (i._iso_{n} AND TRY_CAST({v} AS TIMESTAMPTZ) IS NOT NULL AND i._n_{n} IS NOT NULL)"
        return typed, bad, f"NOT {_in_years(f'i._n_{n}')}"
    if t == "date":
        return f"TRY_CAST({v} AS DATE)", f"NOT (regexp_matches({v}, '{_ISO_DATE}') AND TRY_CAST({v} AS DATE) IS NOT NULL)", None
    if t in ("money", "number"):
        number = f"TRY_CAST({v} AS DOUBLE)"
        not_a_number = f"({number} IS NULL OR NOT isfinite({number}))"
        if t == "number":
            return number, not_a_number, None
        money = f"TRY_CAST({number} AS {MONEY_TYPE})"
        return money, not_a_number, f"{money} IS NULL"
    if t == "bool":
        lv = f"lower({v})"
        typed = f"CASE WHEN {lv} IN ('true','yes','1') THEN TRUE WHEN {lv} IN ('false','no','0') THEN FALSE END"
        return typed, f"{lv} NOT IN ('true','yes','1','false','no','0')", None
    if t == "enum":
        lv = f"lower({v})"
        return lv, f"{lv} NOT IN ({_sql_list(col.vocabulary)})", None
    if t == "priority":
        uv = f"upper({v})"
        return uv, f"{uv} NOT IN ({_sql_list(col.vocabulary)})", None
    if t == "service":
        return f"i._norm_{col.name}", f"i._norm_{col.name} IS NULL", None
    if t == "tz":
        return v, f"{v} NOT IN (SELECT name FROM _valid_timezones)", None
    if t == "country":
        uv = f"upper({v})"
        return uv, f"{uv} NOT IN (SELECT code FROM _valid_countries)", None
    raise AssertionError(t)


def _vocabulary_text(col: Col) -> str:
    values = col.vocabulary
    if col.type == "priority" and len(values) > 2:
        return f"{values[0]}..{values[-1]}"
    return ", ".join(values)


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
    if col.type in ("priority", "enum"):
        return f"'{name}: ''' || {v} || ''' not in {_vocabulary_text(col)}'"
    if col.type == "tz":
        return f"'{name}: ''' || {v} || ''' not an IANA time zone'"
    if col.type == "country":
        return f"'{name}: ''' || {v} || ''' not an ISO-3166 alpha-2 code'"
    return f"'{name}: invalid'"


def _out_of_range_reason(col: Col) -> str:
    """SQL for the reason of a value outside its column's range, naming the value as written."""
    suffix = " out of range (%d-%d)" % TIMESTAMP_YEARS if col.type == "ts" else " out of range"
    return f"'{col.name}: ' || left(TRIM(i.{col.name}), 60) || '{suffix}'"


def _zone_source(kind: Kind) -> tuple[str, str]:
    """(SQL for the zone an offset-less time of a row is read in, the join that gives it)."""
    if kind.timezone_from == "client":
        return "_tz.timezone", "LEFT JOIN clean.clients _tz ON _tz.client_id = TRIM(i.client_id)"
    if kind.timezone_from == "ticket":
        return "_tz.timezone", (
            "LEFT JOIN clean.tickets _tk ON _tk.ticket_id = TRIM(i.ticket_id) "
            "LEFT JOIN clean.clients _tz ON _tz.client_id = _tk.client_id"
        )
    return "'UTC'", ""


def _local_offsets(kind: Kind) -> tuple[str, str, str]:
    """(naive timestamp columns, the half hours whose zone offset is needed, their joins).
    The UTC offset of each zone is looked up once per half hour that occurs, not once per row:
    offsets only change at transitions, which fall on the hour or half hour."""
    ts_cols = [c.name for c in kind.columns if c.type == "ts"]
    naive = "".join(f", TRY_CAST(NULLIF(TRIM(i.{n}), '') AS TIMESTAMP) AS _n_{n}" for n in ts_cols)
    buckets = " UNION ".join(
        f"SELECT DISTINCT _zone, time_bucket(INTERVAL 30 MINUTE, _n_{n}) AS b FROM base "
        f"WHERE _zone IS NOT NULL AND _n_{n} IS NOT NULL AND NOT _off_{n} AND {_in_years(f'_n_{n}')}"
        for n in ts_cols
    ) or "SELECT NULL::VARCHAR AS _zone, NULL::TIMESTAMP AS b WHERE FALSE"
    joins = " ".join(
        f"LEFT JOIN offsets _o_{n} ON _o_{n}._zone = i._zone AND _o_{n}.b = time_bucket(INTERVAL 30 MINUTE, i._n_{n})"
        for n in ts_cols
    )
    return naive, buckets, joins


def _column_reasons(kind: Kind, clean_counts: dict[str, int]) -> tuple[list[str], list[str], list[str]]:
    """(typed column expressions, one reason CASE per check of a value, foreign-key joins)."""
    typed_cols, reasons, fk_joins = [], [], []
    for col in kind.columns:
        typed, bad, out_of_range = _typed(col)
        present = f"NULLIF(TRIM(i.{col.name}), '') IS NOT NULL"
        if col.type == "bool" and col.default is not None and not col.required:
            typed = f"COALESCE({typed}, {col.default.upper()})"
        typed_cols.append(f"{typed} AS {col.name}")
        if col.required:
            reasons.append(f"CASE WHEN NOT {present} THEN '{col.name}: missing' END")
        range_case = f" WHEN {present} AND ({out_of_range}) THEN {_out_of_range_reason(col)}" if out_of_range else ""
        reasons.append(f"CASE WHEN {present} AND ({bad}) THEN {_reason_for(col)}{range_case} END")
        if col.references and clean_counts.get(col.references, 0) > 0:
            # A join, not `NOT IN (subquery)` inside CASE: 2x faster on 100k+ rows.
            alias = f"_fk_{col.name}"
            fk_joins.append(
                f"LEFT JOIN (SELECT DISTINCT {KINDS[col.references].key[0]} AS k FROM clean.{col.references}) {alias} "
                f"ON {alias}.k = TRIM(i.{col.name})"
            )
            reasons.append(f"CASE WHEN {present} AND {alias}.k IS NULL THEN 'unknown {col.name} ' || TRIM(i.{col.name}) END")
        elif col.references and col.required and col.references == "clients":
            # Without any clean client nothing can be placed in a time zone or entitled.
            reasons.append(f"CASE WHEN {present} THEN 'unknown {col.name} ' || TRIM(i.{col.name}) END")
    return typed_cols, reasons, fk_joins


def _validation_sql(kind: Kind, clean_counts: dict[str, int]) -> str:
    """One statement: each row's typed values and its reasons (empty list = valid).
    Typed values first, then the reasons; row checks (ranges, cross-column) read the typed values
    (alias t) and only run on rows whose every value is valid. A record the reader could not
    parse has only its read error as reason."""
    zone, zone_join = _zone_source(kind)
    naive, buckets, offset_joins = _local_offsets(kind)
    typed_cols, reasons, fk_joins = _column_reasons(kind, clean_counts)
    row_checks = [f"CASE WHEN {cond} THEN '{reason}' END" for cond, reason in kind.row_checks]
    return f"""
        WITH base AS (
            SELECT i.*, {zone} AS _zone {naive}
            FROM incoming i {zone_join}
        ),
        offsets AS (
            SELECT _zone, b, timezone(_zone, b) - b::TIMESTAMPTZ AS off FROM ({buckets})
        ),
        typed AS (
            SELECT i._source_file, i._row_number, i._file_order, i._stage_row,
                   {', '.join(typed_cols)},
                   CASE WHEN i._read_error IS NOT NULL THEN [i._read_error]
                        ELSE list_filter([{', '.join(reasons)}], x -> x IS NOT NULL) END AS _field_reasons
            FROM base i {offset_joins} {' '.join(fk_joins)}
        )
        SELECT t.*,
               list_concat(t._field_reasons,
                           CASE WHEN len(t._field_reasons) = 0
                                THEN list_filter([{', '.join(row_checks) or 'NULL'}], x -> x IS NOT NULL)
                                ELSE [] END) AS _reasons
        FROM typed t
    """


def _rank_duplicates_sql(kind: Kind) -> str:
    """The valid rows, each with its key and rank among the rows of that key (1 = kept)."""
    if not kind.key:
        return "SELECT *, NULL::VARCHAR AS _key, 1 AS _rank FROM _validated WHERE len(_reasons) = 0"
    key_expr = " || '|' || ".join(f"coalesce({k}, '')" for k in kind.key)
    newest = f"{kind.newest_by} DESC NULLS LAST, " if kind.newest_by else ""
    return f"""
        SELECT *, {key_expr} AS _key,
               row_number() OVER (PARTITION BY {key_expr}
                                  ORDER BY {newest}_file_order DESC, _row_number DESC) AS _rank
        FROM _validated WHERE len(_reasons) = 0
    """


def validate_kind(con: duckdb.DuckDBPyConnection, kind: Kind) -> None:
    """Step 2: ``incoming`` -> temp tables ``_validated`` (typed rows + reasons) and ``_ranked``."""
    clean_counts = {
        ref: con.execute(f"SELECT count(*) FROM clean.{ref}").fetchone()[0]
        for ref in {c.references for c in kind.columns if c.references}
        if has_table(con, "clean", ref)
    }
    con.execute(f"CREATE OR REPLACE TEMP TABLE _validated AS {_validation_sql(kind, clean_counts)}")
    con.execute(f"CREATE OR REPLACE TEMP TABLE _ranked AS {_rank_duplicates_sql(kind)}")


# ---------------------------------------------------------------------------------------------
# Step 3: write
# ---------------------------------------------------------------------------------------------


def write_kind(con: duckdb.DuckDBPyConnection, kind: Kind, incoming: Incoming, report: LoadReport) -> None:
    """Step 3: replace this kind's rows in raw, clean and quarantine, then account every file."""
    con.execute("DROP VIEW IF EXISTS incoming")
    con.execute(f"DROP TABLE IF EXISTS raw.{kind.name}")
    con.execute(f"ALTER TABLE {incoming.stage} RENAME TO {kind.name}")  # the stage is raw.<kind> as it stands
    col_defs = ", ".join(f"{c.name} {_SQL_TYPE[c.type]}" for c in kind.columns)
    con.execute(f"CREATE OR REPLACE TABLE clean.{kind.name} ({col_defs}, _source_file VARCHAR, _row_number BIGINT)")
    con.execute(
        f"INSERT INTO clean.{kind.name} SELECT {', '.join(c.name for c in kind.columns)}, _source_file, _row_number "
        f"FROM _ranked WHERE _rank = 1 ORDER BY {', '.join(kind.key) or '_file_order'}, _file_order, _row_number"
    )
    con.execute("DELETE FROM quarantine.rejected_rows WHERE kind = ?", [kind.name])
    # The raw record (the row as read, JSON) only for the rejected rows: their file's columns, or
    # the record kept aside for a broken line or a mapped source's row.
    shapes = " ".join(
        f"WHEN {index} THEN to_json(struct_pack({', '.join(f'{_q(name)} := s.{_q(column)}' for name, column in shape)}))"
        for index, shape in enumerate(incoming.shapes) if shape
    )
    record = f"CASE WHEN r._row_number IS NOT NULL THEN r._raw_record::JSON ELSE CASE f._shape {shapes or 'WHEN -1 THEN NULL'} END END"
    con.execute(
        f"""
        INSERT INTO quarantine.rejected_rows
        SELECT ?, v._source_file, v._row_number, {record}, v._reasons
        FROM _validated v
        JOIN raw.{kind.name} s ON s.rowid = v._stage_row
        JOIN _incoming_files f ON f._source_file = v._source_file
        LEFT JOIN _incoming_records r ON r._source_file = v._source_file AND r._row_number = v._row_number
        WHERE len(v._reasons) > 0 ORDER BY v._file_order, v._row_number
        """,
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
    _write_accounting(con, kind, report)


def _write_accounting(con: duckdb.DuckDBPyConnection, kind: Kind, report: LoadReport) -> None:
    """One row per file that was read (a header-only file too: 0 rows), counted from the tables."""
    con.execute("DELETE FROM quarantine.file_accounting WHERE kind = ?", [kind.name])
    con.execute(
        f"""
        INSERT INTO quarantine.file_accounting
        SELECT ?, f.source_file,
               (SELECT count(*) FROM raw.{kind.name} r WHERE r._source_file = f.source_file),
               (SELECT count(*) FROM clean.{kind.name} c WHERE c._source_file = f.source_file),
               (SELECT count(*) FROM quarantine.rejected_rows q WHERE q.kind = ? AND q.source_file = f.source_file),
               (SELECT count(*) FROM quarantine.superseded_rows s WHERE s.kind = ? AND s.source_file = f.source_file)
        FROM (SELECT DISTINCT _source_file AS source_file FROM _incoming_files) f ORDER BY 2
        """,
        [kind.name, kind.name, kind.name],
    )
    counts = con.execute(
        "SELECT coalesce(sum(rows_read),0), coalesce(sum(rows_clean),0), coalesce(sum(rows_rejected),0), "
        "coalesce(sum(rows_superseded),0) FROM quarantine.file_accounting WHERE kind = ?",
        [kind.name],
    ).fetchone()
    report.rows_read, report.rows_clean, report.rows_rejected, report.rows_superseded = map(int, counts)
    report.loud_files = loud_losses(con, kind.name)


def loud_losses(con: duckdb.DuckDBPyConnection, kind_name: str | None = None,
                fraction: float = LOUD_LOSS_FRACTION) -> list[str]:
    """One line per file that lost much: rejected whole, or whose rejected rows are more than
    ``fraction`` of its kind's rows (so one bad row in a big export is not news). Every kind in
    the quarantine tables (contract documents too) unless ``kind_name`` is given."""
    rows = con.execute(
        """
        SELECT source_file, 'whole file rejected: ' || reason FROM quarantine.rejected_files
        WHERE ? IS NULL OR kind = ?
        UNION ALL
        SELECT a.source_file, a.rows_rejected || ' of ' || a.rows_read || ' rows quarantined ('
               || printf('%.1f', 100.0 * a.rows_rejected / a.rows_read) || '%)'
        FROM quarantine.file_accounting a
        JOIN (SELECT kind, sum(rows_read) AS rows FROM quarantine.file_accounting GROUP BY kind) k USING (kind)
        WHERE (? IS NULL OR a.kind = ?) AND a.rows_rejected > ? * k.rows
        ORDER BY 1
        """,
        [kind_name, kind_name, kind_name, kind_name, fraction],
    ).fetchall()
    return [f"{source_file}: {what}" for source_file, what in rows]


# ---------------------------------------------------------------------------------------------
# Unchanged inputs are not re-read (issue 17)
# ---------------------------------------------------------------------------------------------

STATE_SCHEMA = "state"
_LOADER_SOURCES = ("landing.py", "schemas.py", "vocabularies.py", "iso_countries.py", "duck.py")


def file_sha256(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _loader_version() -> str:
    """The loader's own code: a changed rule reloads every kind."""
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in _LOADER_SOURCES:
        digest.update((here / name).read_bytes())
    digest.update("\n".join(sorted(available_timezones())).encode())
    return digest.hexdigest()


def _ensure_state(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {STATE_SCHEMA}")
    con.execute(f"""
        CREATE TABLE IF NOT EXISTS {STATE_SCHEMA}.landing_files (
            kind VARCHAR, source_file VARCHAR, sha256 VARCHAR, size_bytes BIGINT);
        CREATE TABLE IF NOT EXISTS {STATE_SCHEMA}.kind_loads (kind VARCHAR, fingerprint VARCHAR);
        ALTER TABLE {STATE_SCHEMA}.landing_files ADD COLUMN IF NOT EXISTS modified_at TIMESTAMPTZ;
    """)


def record_landing_files(con: duckdb.DuckDBPyConnection, kind_name: str, files: list[tuple[Path, str, str]]) -> None:
    """The files a kind was last read from, with content hash, size and modification time (when
    the export landed: dbt's source freshness reads it, `loaded_at_query` in the sources yml).
    ``files``: (path, name as recorded, sha256)."""
    _ensure_state(con)
    con.execute(f"DELETE FROM {STATE_SCHEMA}.landing_files WHERE kind = ?", [kind_name])
    rows = []
    for path, rel, sha in files:
        stat = path.stat()
        rows.append([kind_name, rel, sha, stat.st_size,
                     datetime.fromtimestamp(stat.st_mtime, tz=timezone.utc)])
    if rows:
        con.executemany(f"INSERT INTO {STATE_SCHEMA}.landing_files "
                        "(kind, source_file, sha256, size_bytes, modified_at) VALUES (?, ?, ?, ?, ?)", rows)


def input_fingerprint(con: duckdb.DuckDBPyConnection, landing_dir: Path, kind: Kind,
                      hashes: list[tuple[str, str, int]]) -> str | None:
    """What a kind's load is a function of: the loader's code, the content of each of its files
    (``hashes``), and the fingerprints its upstream kinds were loaded with (foreign keys, time
    zones). None (always load) when a mapped source feeds the kind or an upstream has none."""
    mapped = con.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = ?",
                         [MAPPED_SCHEMA]).fetchall()
    if any(name.endswith("__" + kind.name) and len(name) > len(kind.name) + 2 for (name,) in mapped):
        return None
    digest = hashlib.sha256(_loader_version().encode())
    digest.update(kind.name.encode())
    for rel, sha, size in hashes:
        digest.update(f"\0{rel}\0{sha}\0{size}".encode())
    for up in kind.upstream:
        row = con.execute(f"SELECT fingerprint FROM {STATE_SCHEMA}.kind_loads WHERE kind = ?", [up]).fetchone()
        if row is None or row[0] is None:
            return None
        digest.update(f"\0{up}\0{row[0]}".encode())
    return digest.hexdigest()


def _kept_report(con: duckdb.DuckDBPyConnection, kind: Kind, files: list[str]) -> LoadReport:
    """The report of a kind whose inputs did not change: its accounting as the last load left it."""
    report = LoadReport(kind=kind.name, files=list(files))
    report.rejected_files = [tuple(r) for r in con.execute(
        "SELECT source_file, reason FROM quarantine.rejected_files WHERE kind = ? ORDER BY 1", [kind.name]).fetchall()]
    counts = con.execute(
        "SELECT coalesce(sum(rows_read),0), coalesce(sum(rows_clean),0), coalesce(sum(rows_rejected),0), "
        "coalesce(sum(rows_superseded),0) FROM quarantine.file_accounting WHERE kind = ?", [kind.name]).fetchone()
    report.rows_read, report.rows_clean, report.rows_rejected, report.rows_superseded = map(int, counts)
    report.loud_files = loud_losses(con, kind.name)
    return report


def load_kind(con: duckdb.DuckDBPyConnection, landing_dir: Path, kind_name: str,
              full_refresh: bool = False) -> LoadReport:
    """Load every landing file of one kind; idempotent (replaces this kind's rows everywhere).
    When the kind's inputs (input_fingerprint) are those of its last load, nothing is read and
    its tables stay as they are (``report.kept`` is True); ``full_refresh`` loads regardless."""
    kind = KINDS[kind_name]
    ensure_schemas(con)
    _ensure_state(con)
    paths = sorted(p for p in landing_dir.glob(kind.pattern) if p.is_file())
    hashes = [(p.name, file_sha256(p), p.stat().st_size) for p in paths]
    fingerprint = input_fingerprint(con, landing_dir, kind, hashes)
    stored = con.execute(f"SELECT fingerprint FROM {STATE_SCHEMA}.kind_loads WHERE kind = ?", [kind.name]).fetchone()
    if (not full_refresh and fingerprint is not None and stored is not None and stored[0] == fingerprint
            and has_table(con, "raw", kind.name) and has_table(con, "clean", kind.name)):
        report = _kept_report(con, kind, [rel for rel, _, _ in hashes])
        report.kept = True
        return report
    report = _load_kind(con, landing_dir, kind)
    record_landing_files(con, kind.name, [(p, rel, sha) for p, (rel, sha, _) in zip(paths, hashes)])
    con.execute(f"DELETE FROM {STATE_SCHEMA}.kind_loads WHERE kind = ?", [kind.name])
    con.execute(f"INSERT INTO {STATE_SCHEMA}.kind_loads VALUES (?, ?)", [kind.name, fingerprint])
    return report


def _load_kind(con: duckdb.DuckDBPyConnection, landing_dir: Path, kind: Kind) -> LoadReport:
    from extractors.schemas import validate_clean_table  # the schemas are derived from KINDS: import late

    report = LoadReport(kind=kind.name)
    registered = {
        "_valid_timezones": pl.DataFrame({"name": sorted(available_timezones())}),
        "_valid_countries": pl.DataFrame({"code": sorted(ISO_3166_ALPHA2)}),
    }
    for name, frame in registered.items():
        con.register(name, frame)
    stage = f"raw.{_q('_incoming_' + kind.name)}"
    try:
        incoming = read_kind(con, landing_dir, kind, report)
        con.execute(_incoming_view(kind, incoming))
        validate_kind(con, kind)
        write_kind(con, kind, incoming, report)
        validate_clean_table(con, kind)
    finally:
        for name in registered:
            con.unregister(name)
        con.execute(f"DROP VIEW IF EXISTS incoming; DROP TABLE IF EXISTS _validated; DROP TABLE IF EXISTS _ranked; "
                    f"DROP TABLE IF EXISTS _incoming_files; DROP TABLE IF EXISTS _incoming_records; "
                    f"DROP TABLE IF EXISTS {stage}")
    return report


MAPPED_SCHEMA = "mapped"


def mapped_sources(con: duckdb.DuckDBPyConnection, kind: Kind) -> list[str]:
    """The tables (or views) in which mapped sources put rows of ``kind``: ``mapped.<source>__<kind>``,
    sorted by name. Each of their source files is loaded like a landing file (:func:`read_kind`).

    Interface (what a connector writes): every landing column it maps, as VARCHAR, plus
    ``_source_file`` (the export's name as the user will see it in quarantine), ``_row_number``
    (the row's number in that export) and ``_raw_record`` (the source row as JSON text).
    """
    return [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name",
            [MAPPED_SCHEMA],
        ).fetchall()
        if r[0].endswith("__" + kind.name) and len(r[0]) > len(kind.name) + 2
    ]


def accounting_violations(con: duckdb.DuckDBPyConnection, kind_names: list[str] | None = None) -> list[tuple]:
    """Files where rows_read != clean + rejected + superseded, recomputed from the tables themselves,
    plus any raw row that is in more than one place or in none (of ``kind_names``; None: all)."""
    problems: list[tuple] = []
    for kind in KINDS.values():
        if kind_names is not None and kind.name not in kind_names:
            continue
        if not has_table(con, "raw", kind.name) or not has_table(con, "clean", kind.name):
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


def _q(identifier: str) -> str:
    """Quote a column name that came from a file header (identifiers cannot be bound as parameters)."""
    return '"' + identifier.replace('"', '""') + '"'
