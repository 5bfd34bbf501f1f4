"""Exporting a public mart for finance: csv, parquet or xlsx, from a read-only connection."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from contractops import warehouse as wh

FORMATS = ("csv", "parquet", "xlsx")


class ExportError(ValueError):
    pass


def export_table(warehouse_path: Path, table: str, fmt: str, out: Path) -> int:
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ExportError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
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
            frame = con.execute(f'SELECT * FROM marts."{name}" ORDER BY ALL').pl()
    except FileNotFoundError as exc:
        raise ExportError(str(exc)) from None
    out = Path(out)
    if not out.parent.exists():
        raise ExportError(f"folder {out.parent} does not exist")
    tmp = out.with_name(out.name + ".partial")
    if fmt == "csv":
        frame.write_csv(tmp)
    elif fmt == "parquet":
        frame.write_parquet(tmp)
    else:
        # Excel has no time zones and no exact decimals: timestamps as ISO text in UTC, money as numbers.
        frame = frame.with_columns(
            [pl.col(c).dt.strftime("%Y-%m-%dT%H:%M:%S%:z") for c, t in frame.schema.items() if isinstance(t, pl.Datetime)]
            + [pl.col(c).cast(pl.Float64) for c, t in frame.schema.items() if isinstance(t, pl.Decimal)]
        )
        frame.write_excel(tmp, worksheet=name[:31])
    tmp.replace(out)
    return frame.height
