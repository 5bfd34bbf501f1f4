"""Exporting a public mart for finance: csv, parquet or xlsx, from a read-only connection.

csv and parquet keep every value exactly (DECIMAL money, microsecond UTC instants). xlsx is for
people: typed cells (numbers, real date and date-time cells, booleans), the header frozen with a
filter, column widths, a money format. Excel has no time zones, so an instant is written as its
UTC wall time and the header says so (`started_at (UTC)`); Excel has no exact decimals, so money is
a number with a two-decimal format. xlsxwriter writes the workbook around an empty sheet, and the
rows are streamed into it 10,000 at a time, built set-wise by polars, with progress reported
through a callback (see "xlsx, in three stages" below).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from contractops import warehouse as wh

FORMATS = ("csv", "parquet", "xlsx")
XLSX_MAX_ROWS = 1_048_575  # a sheet holds 1,048,576 rows, one of them the header
PROGRESS_EVERY = 10_000  # rows between two progress reports
EXCEL_EPOCH_DAYS = 25_569  # 1970-01-01 as an Excel serial day number (1900 date system)
MONEY_FORMAT = "#,##0.00"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
DATE_FORMAT = "yyyy-mm-dd"
MAX_WIDTH = 60

Progress = Callable[[int, int], None]  # (rows written, rows in total)


class ExportError(ValueError):
    pass


def export_table(warehouse_path: Path, table: str, fmt: str, out: Path, progress: Progress | None = None) -> int:
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ExportError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    name = table.removeprefix("marts.")
    out = Path(out)
    if out.is_dir():
        raise ExportError(f"--out {out} is a folder: give a file name, e.g. {out / f'{name}.{fmt}'}")
    if not out.parent.exists():
        raise ExportError(f"folder {out.parent} does not exist")
    frame = read_mart(warehouse_path, table)
    if fmt == "xlsx" and frame.height > XLSX_MAX_ROWS:
        raise ExportError(f"marts.{name} has {frame.height:,} rows, more than an Excel sheet holds "
                          f"({XLSX_MAX_ROWS:,}): export it as csv or parquet")
    tmp = out.with_name(out.name + ".partial")
    try:
        if fmt == "csv":
            _nested_as_json(frame).write_csv(tmp)
        elif fmt == "parquet":
            frame.write_parquet(tmp)
        else:
            write_xlsx(frame, tmp, sheet=name[:31], progress=progress)
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    return frame.height


def _nested_as_json(frame: pl.DataFrame) -> pl.DataFrame:
    """CSV has no lists or structs: such a value is written as its JSON text (["a","b"])."""
    nested = [c for c, t in frame.schema.items() if t.is_nested()]
    return frame.with_columns([
        pl.struct(pl.col(c).alias("v")).struct.json_encode()  # {"v":<the JSON value>}
        .str.slice(5).str.strip_suffix("}").replace("null", None).alias(c)
        for c in nested
    ])


def read_mart(warehouse_path: Path, table: str) -> pl.DataFrame:
    """Every row of one public mart, in a fixed order."""
    name = table.removeprefix("marts.")
    try:
        with wh.read_only(warehouse_path) as con:
            tables = [r[0] for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'marts' ORDER BY 1").fetchall()]
            if name not in tables:
                raise ExportError(f"unknown table {table!r}; public marts are: {', '.join(tables) or '(none yet)'}")
            # `name` is one of the listed table names, so quoting it is safe. Rows in a fixed order
            # (every column, left to right: the grain's key comes first), so the same marts always
            # give the same file.
            return con.execute(f'SELECT * FROM marts."{name}" ORDER BY ALL').pl()
    except FileNotFoundError as exc:
        raise ExportError(str(exc)) from None


# --------------------------------------------------------------------------------------------
# xlsx, in three stages: plan the columns; let xlsxwriter write the workbook around an empty sheet
# (styles, header, widths, frozen pane, filter); then stream the data rows into that sheet, built
# as XML by polars a batch at a time. Writing 3 million cells one xlsxwriter call at a time took
# ~20 s for fct_billing_reconciliation; building the rows set-wise takes a few.


@dataclass(frozen=True)
class XlsxColumn:
    name: str
    header: str
    kind: str  # number | money | datetime | date | boolean | text
    width: float


def xlsx_columns(frame: pl.DataFrame) -> list[XlsxColumn]:
    """One typed column per mart column; an instant's header names its zone (`started_at (UTC)`)."""
    columns = []
    for name, dtype in frame.schema.items():
        col = pl.col(name)
        header = name
        if isinstance(dtype, pl.Datetime):
            kind, width = "datetime", 19
            header = f"{name} ({dtype.time_zone or 'UTC'})" if dtype.time_zone else name
        elif dtype == pl.Date:
            kind, width = "date", 10
        elif isinstance(dtype, pl.Decimal) and dtype.scale == 2:
            kind = "money"  # DECIMAL(18,2): money, in the data contract
            widest = frame.select(col.cast(pl.Float64).abs().max()).item() or 0
            width = len(f"{widest:,.2f}") + 1  # the sign
        elif dtype.is_numeric():
            kind = "number"
            width = frame.select(col.cast(pl.String).str.len_chars().max()).item() or 1
        elif dtype == pl.Boolean:
            kind, width = "boolean", 5
        else:
            kind = "text"
            width = frame.select(_as_text(col, dtype).str.len_chars().max()).item() or 1
        columns.append(XlsxColumn(name, header, kind, min(max(float(width), len(header)) + 2, MAX_WIDTH)))
    return columns


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _as_text(col: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """A column as text: lists joined with ", ", structs as JSON, anything else cast."""
    if isinstance(dtype, (pl.List, pl.Array)):
        return col.cast(pl.List(pl.String)).list.join(", ")
    if isinstance(dtype, pl.Struct):
        return col.struct.json_encode()
    return col.cast(pl.String)


def _cell_value(column: XlsxColumn, dtype: pl.DataType) -> pl.Expr:
    """The text of a cell's value, or null for a blank cell."""
    col = pl.col(column.name)
    if column.kind == "datetime":
        # Excel has no zones: the wall time in the column's zone (UTC for the marts), as a serial
        # day number (days since 1899-12-30, fractions for the time of day)
        wall = col.dt.replace_time_zone(None) if dtype.time_zone else col
        return (wall.dt.epoch("us") / 86_400_000_000 + EXCEL_EPOCH_DAYS).cast(pl.String)
    if column.kind == "date":
        return (col.dt.epoch("d") + EXCEL_EPOCH_DAYS).cast(pl.String)
    if column.kind == "money":
        return col.cast(pl.String)  # the decimal as it is ("345.00"): Excel reads it as a number
    if column.kind == "number":
        number = col.cast(pl.Float64)
        return pl.when(number.is_finite()).then(col.cast(pl.String))
    if column.kind == "boolean":
        return col.cast(pl.Int8).cast(pl.String)
    text = (_as_text(col, dtype).str.slice(0, 32_767)  # the most a cell holds
            .str.replace_all(r"[\x00-\x08\x0B\x0C\x0E-\x1F]", "")  # not allowed in XML
            .str.replace_all("&", "&amp;", literal=True).str.replace_all("<", "&lt;", literal=True)
            .str.replace_all(">", "&gt;", literal=True))
    return pl.when(text != "").then(text)


def _row_xml(frame: pl.DataFrame, columns: list[XlsxColumn], styles: dict[str, int], first_row: int) -> str:
    """The `<row>` elements of a batch of rows (sheet row `first_row` onwards), built set-wise."""
    row_number = pl.int_range(first_row, first_row + frame.height, eager=False).cast(pl.String)
    parts: list[pl.Expr] = [pl.lit('<row r="'), row_number, pl.lit('">')]
    for index, column in enumerate(columns):
        value = _cell_value(column, frame.schema[column.name])
        style = f' s="{styles[column.kind]}"' if column.kind in styles else ""
        if column.kind == "text":
            open_, close = f'" t="inlineStr"{style}><is><t xml:space="preserve">', "</t></is></c>"
        elif column.kind == "boolean":
            open_, close = f'" t="b"{style}><v>', "</v></c>"
        else:
            open_, close = f'"{style}><v>', "</v></c>"
        cell = pl.concat_str([pl.lit(f'<c r="{column_letter(index)}'), row_number, pl.lit(open_), value, pl.lit(close)])
        parts.append(cell.fill_null(""))
    parts.append(pl.lit("</row>"))
    return frame.select(pl.concat_str(parts).str.join("")).item()


def write_xlsx(frame: pl.DataFrame, path: Path, sheet: str, progress: Progress | None = None) -> None:
    import zipfile

    columns = xlsx_columns(frame)
    skeleton = path.with_name(path.name + ".skeleton")
    try:
        styles = _write_skeleton(skeleton, columns, sheet, frame.height)
        last = f"{column_letter(len(columns) - 1)}{frame.height + 1}"
        with zipfile.ZipFile(skeleton) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
            for item in source.infolist():
                if item.filename != "xl/worksheets/sheet1.xml":
                    target.writestr(item, source.read(item.filename))
                    continue
                xml = source.read(item.filename).decode("utf-8")
                head, tail = xml.split("</sheetData>", 1)
                head = head.replace(f'<dimension ref="A1:{column_letter(len(columns) - 1)}1"/>', f'<dimension ref="A1:{last}"/>', 1)
                with target.open(item.filename, "w", force_zip64=True) as sheet_xml:
                    sheet_xml.write(head.encode("utf-8"))
                    for start in range(0, frame.height, PROGRESS_EVERY):
                        batch = frame.slice(start, PROGRESS_EVERY)
                        sheet_xml.write(_row_xml(batch, columns, styles, first_row=start + 2).encode("utf-8"))
                        if progress:
                            progress(start + batch.height, frame.height)
                    sheet_xml.write(("</sheetData>" + tail).encode("utf-8"))
        if progress and frame.height == 0:
            progress(0, 0)
    finally:
        skeleton.unlink(missing_ok=True)


def _write_skeleton(path: Path, columns: list[XlsxColumn], sheet: str, rows: int) -> dict[str, int]:
    """The workbook with its header row only; returns the style index of each kind of cell."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                               "strings_to_urls": False})
    bold = workbook.add_format({"bold": True, "bottom": 1})
    formats = {"money": workbook.add_format({"num_format": MONEY_FORMAT}),
               "datetime": workbook.add_format({"num_format": DATETIME_FORMAT}),
               "date": workbook.add_format({"num_format": DATE_FORMAT})}
    ws = workbook.add_worksheet(sheet)
    for index, column in enumerate(columns):
        ws.set_column(index, index, column.width, formats.get(column.kind))
        ws.write_string(0, index, column.header, bold)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(rows, 1), len(columns) - 1)
    workbook.close()
    # xlsxwriter numbers the formats it used when it wrote styles.xml
    return {kind: fmt.xf_index for kind, fmt in formats.items()}
