"""Helpers the tests share: write a landing zone from Python values, materialize it, query it.

(A plain module, not conftest.py: several test folders have their own conftest, and
`from conftest import ...` would pick whichever was imported first.)"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb


def write_landing(root: Path, files: dict[str, object]) -> Path:
    """files: relative path -> list of row dicts (CSV), str (text) or bytes (written as is)."""
    root.mkdir(parents=True, exist_ok=True)
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            rows = list(content)
            header: list[str] = []
            for row in rows:
                header.extend(k for k in row if k not in header)
            buffer = io.StringIO()
            writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
            path.write_text(buffer.getvalue(), encoding="utf-8")
    return root


def materialize(landing: Path, warehouse: Path, as_of: str):
    from contractops.pipeline import materialize as run

    result = run(landing_dir=landing, warehouse_path=warehouse, as_of=as_of)
    assert result.success, f"materialize failed: {result.failed_steps}"
    return result


def query(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        con.execute("SET TimeZone = 'UTC'")
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def block_pdf(path: Path, blocks: list[tuple[str, object]], font: str = "Times", margin_x: float = 25,
              body: tuple[float, float, float] = (10.5, 5.5, 2)) -> Path:
    """A hand-written test contract as fpdf2 renders it: blocks of ("title" | "h" | "p" | "table" |
    "page", content); `body` is the paragraphs' (font size, line height, gap after)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(margin_x, 20, margin_x)
    pdf.add_page()
    for kind, content in blocks:
        if kind == "h":
            pdf.set_font(font, "B", 11)
            pdf.multi_cell(0, 6, content, new_x="LMARGIN", new_y="NEXT")
        elif kind == "title":
            pdf.set_font(font, "B", 16)
            pdf.multi_cell(0, 9, content, new_x="LMARGIN", new_y="NEXT")
        elif kind == "p":
            size, height, gap = body
            pdf.set_font(font, "", size)
            pdf.multi_cell(0, height, content, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(gap)
        elif kind == "table":
            pdf.set_font(font, "", 9)
            with pdf.table(line_height=5) as table:
                for row in content:
                    r = table.row()
                    for cell in row:
                        r.cell(cell)
            pdf.ln(3)
        elif kind == "page":
            pdf.add_page()
    pdf.output(str(path))
    return path
