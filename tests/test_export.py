"""`contractops export`: csv and parquet keep every value exactly; xlsx has typed cells (read back
with openpyxl), a frozen header, widths and a money format; mistakes are one line."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import duckdb
import openpyxl
import polars as pl
import pytest

from contractops.export import column_letter

CLI = str(Path(sys.executable).with_name("contractops"))


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    """A warehouse with one mart holding every kind of cell, written here by hand."""
    path = tmp_path_factory.mktemp("export") / "w.duckdb"
    con = duckdb.connect(str(path))
    con.execute("SET TimeZone = 'UTC'")
    con.execute("CREATE SCHEMA marts")
    con.execute("""
        CREATE TABLE marts.fct_entries (
            entry_id VARCHAR, started_at TIMESTAMPTZ, billing_month DATE, hours DOUBLE,
            billed_amount DECIMAL(18,2), billable BOOLEAN, note VARCHAR, fx_rate DECIMAL(18,6),
            tags VARCHAR[])""")
    con.execute("""INSERT INTO marts.fct_entries VALUES
        ('E1', '2026-03-08 09:59:59.123456+00', '2026-03-01', 1.25, 1234567.89, true, 'R&D <lab> "x"',
         0.654321, ['a', 'b']),
        ('E2', '2026-11-16 15:00:00+00', '2026-11-01', 0.1, -0.05, false, '  leading spaces', 1, []),
        ('E3', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)""")
    con.execute("CREATE TABLE marts.empty_mart (id VARCHAR, raised_at TIMESTAMPTZ, amount DECIMAL(18,2))")
    con.close()
    return path


def _export(warehouse: Path, fmt: str, out: Path, table: str = "fct_entries") -> subprocess.CompletedProcess:
    return subprocess.run([CLI, "export", table, "--format", fmt, "--out", str(out), "--warehouse", str(warehouse)],
                          capture_output=True, text=True, timeout=120)


def test_xlsx_cells_are_typed_and_the_sheet_is_laid_out_for_finance(warehouse, tmp_path):
    out = tmp_path / "entries.xlsx"
    run = _export(warehouse, "xlsx", out)
    assert run.returncode == 0, run.stderr
    assert "wrote 3 rows of marts.fct_entries" in run.stdout
    assert "3 / 3 rows (100 %)" in run.stderr  # the progress line

    ws = openpyxl.load_workbook(out).active
    assert ws.title == "fct_entries"
    header = [c.value for c in ws[1]]
    # an instant's header names its zone; the other headers are the column names
    assert header == ["entry_id", "started_at (UTC)", "billing_month", "hours", "billed_amount", "billable", "note",
                      "fx_rate", "tags"]
    e1, e2, e3 = ws[2], ws[3], ws[4]
    # a real date-time cell at the UTC wall time (Excel keeps milliseconds: .123456 -> .123)
    assert e1[1].data_type == "d" and isinstance(e1[1].value, dt.datetime)  # not text ("s")
    assert abs(e1[1].value - dt.datetime(2026, 3, 8, 9, 59, 59, 123456)) < dt.timedelta(milliseconds=1)
    assert e2[1].value == dt.datetime(2026, 11, 16, 15, 0, 0)
    assert e1[1].number_format == "yyyy-mm-dd hh:mm:ss"
    # a real date cell
    assert e1[2].is_date and e1[2].value == dt.datetime(2026, 3, 1) and e1[2].number_format == "yyyy-mm-dd"
    # numbers and money are numbers; money carries the two-decimal format
    assert e1[3].value == 1.25 and e1[3].data_type == "n"
    assert e1[4].value == 1234567.89 and e1[4].number_format == "#,##0.00"
    assert e2[4].value == -0.05
    # booleans are booleans; text is text, escaped and kept as written
    assert e1[5].value is True and e2[5].value is False and e1[5].data_type == "b"
    assert e1[6].value == 'R&D <lab> "x"' and e2[6].value == "  leading spaces"
    # a decimal that is not money is a number with its digits, not the money format
    assert e1[7].value == 0.654321 and e1[7].number_format == "General"
    # a list is text
    assert e1[8].value == "a, b" and e2[8].value is None
    # an empty value is a blank cell
    assert [c.value for c in e3] == ["E3", None, None, None, None, None, None, None, None]
    # header frozen, filter over the whole table, widths set (the longest money value fits)
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:I4"
    assert ws.column_dimensions["E"].width >= len("1,234,567.89")


def test_an_empty_mart_is_a_header_only_sheet(warehouse, tmp_path):
    out = tmp_path / "empty.xlsx"
    run = _export(warehouse, "xlsx", out, table="empty_mart")
    assert run.returncode == 0, run.stderr
    ws = openpyxl.load_workbook(out).active
    assert [[c.value for c in row] for row in ws.iter_rows()] == [["id", "raised_at (UTC)", "amount"]]


def test_csv_and_parquet_keep_full_precision(warehouse, tmp_path):
    assert _export(warehouse, "csv", tmp_path / "e.csv").returncode == 0
    assert _export(warehouse, "parquet", tmp_path / "e.parquet").returncode == 0
    csv_text = (tmp_path / "e.csv").read_text()
    assert "2026-03-08T09:59:59.123456+0000" in csv_text  # microseconds and the offset
    assert "1234567.89" in csv_text and "-0.05" in csv_text and "0.654321" in csv_text  # decimals as stored
    assert pl.read_csv(tmp_path / "e.csv")["tags"].to_list() == ['["a","b"]', "[]", None]  # lists as JSON
    parquet = pl.read_parquet(tmp_path / "e.parquet")
    assert parquet.schema["billed_amount"] == pl.Decimal(18, 2)
    assert parquet["billed_amount"].to_list()[:2] == [Decimal("1234567.89"), Decimal("-0.05")]
    assert parquet["started_at"][0] == dt.datetime(2026, 3, 8, 9, 59, 59, 123456, tzinfo=dt.timezone.utc)


def test_an_export_to_a_folder_is_one_clear_line(warehouse, tmp_path):
    run = _export(warehouse, "xlsx", tmp_path)
    assert run.returncode == 2
    assert run.stderr.strip() == (f"contractops: --out {tmp_path} is a folder: give a file name, "
                                  f"e.g. {tmp_path / 'fct_entries.xlsx'}")
    assert not list(tmp_path.iterdir())  # nothing written beside it


def test_a_missing_folder_and_an_unknown_table_are_one_line(warehouse, tmp_path):
    run = _export(warehouse, "csv", tmp_path / "nowhere" / "e.csv")
    assert run.returncode == 2 and run.stderr.strip() == f"contractops: folder {tmp_path / 'nowhere'} does not exist"
    run = _export(warehouse, "csv", tmp_path / "e.csv", table="nope")
    assert run.returncode == 2 and "unknown table 'nope'; public marts are: empty_mart, fct_entries" in run.stderr
    assert "Traceback" not in run.stderr


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 27, 51, 52, 701, 702)] == [
        "A", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]
