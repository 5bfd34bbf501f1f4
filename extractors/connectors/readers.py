"""Reading an export as it comes: CSV, XLSX or JSON lines, gzip-compressed or not.

Every reader returns text only (no type guessing) plus the three lineage columns the loader's
mapped-source seam wants: ``_row_number`` (1 = the first data row / line), ``_raw_record`` (the
source row as JSON text) and, for JSON lines, the line itself in ``_line`` from which nested paths
(``company.identifier``, ``_info/dateEntered``) are read set-based with JSONPath.
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import polars as pl

from extractors.connectors.mapping import Mapping, MappingError

EXPORT_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".jsonl", ".ndjson", ".json")


class ExportError(ValueError):
    """An export that cannot be read at all (the reason is for the user)."""


def export_format(path: Path, mapping: Mapping) -> str:
    if mapping.format:
        return mapping.format
    name = path.name.lower().removesuffix(".gz")
    if name.endswith((".csv", ".txt", ".tsv")):
        return "csv"
    if name.endswith(".xlsx"):
        return "xlsx"
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    raise MappingError(f"{mapping.path.name}: format: not set and {path.name!r} has no known extension (csv, xlsx, jsonl)")


def is_export(path: Path) -> bool:
    return path.is_file() and path.name.lower().removesuffix(".gz").endswith(EXPORT_SUFFIXES)


def _bytes(path: Path) -> bytes:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":  # gzip magic, whatever the name says
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise ExportError(f"{path.name}: not a readable gzip file ({exc})") from None
    return data


def _decode(data: bytes, path: Path, encoding: str) -> bytes:
    """UTF-8 bytes for polars (which reads UTF-8 only)."""
    if encoding.replace("-", "").lower() in ("utf8", "utf8sig"):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ExportError(
                f"{path.name}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); set csv.encoding in the mapping"
            ) from None
        return data.removeprefix(b"\xef\xbb\xbf")
    return data.decode(encoding).encode("utf-8")


def read_header(path: Path, mapping: Mapping) -> list[str] | None:
    """The column names of a CSV/XLSX export (None for JSON lines: keys are checked on the data)."""
    fmt = export_format(path, mapping)
    if fmt == "csv":
        with path.open("rb") as handle:
            raw = handle.read(1 << 20)
        if raw[:2] == b"\x1f\x8b":
            try:
                with gzip.open(path, "rb") as handle:
                    raw = handle.read(1 << 20)
            except (OSError, EOFError) as exc:
                raise ExportError(f"{path.name}: not a readable gzip file ({exc})") from None
        text = _decode(raw.split(b"\n", 1)[0], path, mapping.encoding).decode("utf-8")
        frame = pl.read_csv(io.StringIO(text + "\n"), separator=mapping.delimiter, infer_schema=False, n_rows=0)
        return [_clean_header(c) for c in frame.columns]
    if fmt == "xlsx":
        return list(read_export(path, mapping, n_rows=1).columns[3:])
    return None


def _clean_header(name: str) -> str:
    return name.lstrip("\ufeff").strip()


def read_export(path: Path, mapping: Mapping, n_rows: int | None = None) -> pl.DataFrame:
    """The export as text columns plus ``_row_number`` and ``_raw_record`` (and ``_line`` for JSON)."""
    fmt = export_format(path, mapping)
    if fmt == "csv":
        return _read_csv(path, mapping, n_rows)
    if fmt == "xlsx":
        return _read_xlsx(path, mapping, n_rows)
    return _read_jsonl(path, n_rows)


def _with_lineage(frame: pl.DataFrame, raw: pl.Expr) -> pl.DataFrame:
    return frame.select(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("_row_number"),
        raw.alias("_raw_record"),
        pl.all(),
    )


def _read_csv(path: Path, mapping: Mapping, n_rows: int | None) -> pl.DataFrame:
    data = _decode(_bytes(path), path, mapping.encoding)
    try:
        frame = pl.read_csv(
            io.BytesIO(data), separator=mapping.delimiter, infer_schema=False, raise_if_empty=False,
            n_rows=n_rows, truncate_ragged_lines=False,
        )
    except Exception as exc:  # polars raises several types for garbage input
        raise ExportError(f"{path.name}: not a readable CSV file: {str(exc).splitlines()[0][:200]}") from None
    frame = frame.rename({c: _clean_header(c) for c in frame.columns})
    if frame.width == 0:
        return frame.with_columns(pl.lit(None, pl.Int64).alias("_row_number"), pl.lit(None, pl.String).alias("_raw_record"))
    return _with_lineage(frame, pl.struct(frame.columns).struct.json_encode())


def _read_xlsx(path: Path, mapping: Mapping, n_rows: int | None) -> pl.DataFrame:
    # openpyxl parses cell by cell whatever reads it; a spreadsheet is at most ~1M rows.
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(_bytes(path)), read_only=True, data_only=True)
    except Exception as exc:
        raise ExportError(f"{path.name}: not a readable XLSX workbook ({str(exc).splitlines()[0][:200]})") from None
    try:
        if mapping.sheet is not None and mapping.sheet not in book.sheetnames:
            raise MappingError(f"{mapping.path.name}: sheet: no sheet {mapping.sheet!r} in {path.name} (sheets: {', '.join(book.sheetnames)})")
        sheet = book[mapping.sheet] if mapping.sheet else book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            return pl.DataFrame({"_row_number": [], "_raw_record": []}, schema={"_row_number": pl.Int64, "_raw_record": pl.String})
        names = [_clean_header(str(h)) if h is not None else f"column_{i + 1}" for i, h in enumerate(header)]
        columns: list[list[str | None]] = [[] for _ in names]
        for count, row in enumerate(rows):
            if n_rows is not None and count >= n_rows:
                break
            for i in range(len(names)):
                columns[i].append(_cell_text(row[i] if i < len(row) else None))
    finally:
        book.close()
    frame = pl.DataFrame({n: pl.Series(n, c, dtype=pl.String) for n, c in zip(names, columns)})
    # Trailing blank rows a spreadsheet often carries are formatting, not records.
    frame = frame.filter(~pl.all_horizontal(pl.all().is_null()))
    return _with_lineage(frame, pl.struct(frame.columns).struct.json_encode())


def _cell_text(value: object) -> str | None:
    """A cell as the text an export would show; typed dates become ISO 8601 (no guessing)."""
    import datetime as dt

    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep="T")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_jsonl(path: Path, n_rows: int | None) -> pl.DataFrame:
    data = _decode(_bytes(path), path, "utf-8")
    lines = pl.Series("_line", data.decode("utf-8").splitlines(), dtype=pl.String)
    frame = pl.DataFrame([lines]).with_row_index("_index", offset=1)
    frame = frame.filter(pl.col("_line").str.strip_chars() != "")
    if n_rows is not None:
        frame = frame.head(n_rows)
    # A line that is not a JSON object still gets a row (the loader rejects it: nothing is dropped).
    frame = frame.with_columns(pl.col("_line").str.strip_chars())
    return frame.select(
        pl.col("_index").cast(pl.Int64).alias("_row_number"),
        pl.when(pl.col("_line").str.json_path_match("$").is_not_null() & pl.col("_line").str.starts_with("{"))
        .then(pl.col("_line"))
        .otherwise(pl.struct(pl.col("_line").alias("_unparsed_line")).struct.json_encode())
        .alias("_raw_record"),
        pl.col("_line"),
    )


def json_path(column: str) -> str:
    """`company.identifier` / `_info/dateEntered` -> a JSONPath in bracket notation."""
    parts = [p for p in column.replace("/", ".").split(".") if p]
    return "$" + "".join("['" + p.replace("\\", "\\\\").replace("'", "\\'") + "']" for p in parts)
