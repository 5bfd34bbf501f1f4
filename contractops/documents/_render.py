"""Shared helpers: marts to dicts, number formatting, HTML through jinja2, PDF through fpdf2."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Sequence
from pathlib import Path

import duckdb
import jinja2

_env = jinja2.Environment(
    loader=jinja2.PackageLoader("contractops.documents", "templates"),
    autoescape=jinja2.select_autoescape(["html"]),
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence | None = None) -> list[dict]:
    cur = con.execute(sql, list(params or []))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def one(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence | None = None) -> dict | None:
    found = rows(con, sql, params)
    return found[0] if found else None


def money(value, currency: str | None = None) -> str:
    if value is None:
        return "-"
    text = f"{decimal.Decimal(value):,.2f}"
    return f"{currency} {text}" if currency else text


def pct(value, digits: int = 1) -> str:
    return "-" if value is None else f"{float(value) * 100:.{digits}f} %"


def hours(value) -> str:
    return "-" if value is None else f"{float(value):,.2f}"


def number(value, digits: int = 1) -> str:
    return "-" if value is None else f"{float(value):,.{digits}f}"


def day(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M %Z").strip()
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


_env.filters.update(money=money, pct=pct, hours=hours, number=number, day=day)


def render_html(template: str, **context) -> str:
    return _env.get_template(template).render(**context)


def write_text(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path


def safe_name(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in str(text))


def _latin1(text) -> str:
    # the PDF core fonts are Latin-1: anything else is replaced, never an error
    return str(text).encode("latin-1", "replace").decode("latin-1")


class PdfDocument:
    """A plain A4 document: title, paragraphs, key-value blocks and tables."""

    def __init__(self, title: str, subtitle: str = ""):
        from fpdf import FPDF  # imported when a PDF is made (about 1 CPU s): e-mails need none

        self.pdf = FPDF(orientation="P", unit="mm", format="A4")
        self.pdf.set_auto_page_break(auto=True, margin=15)
        self.pdf.set_title(_latin1(title))
        self.pdf.add_page()
        self.pdf.set_font("Helvetica", "B", 15)
        self.pdf.multi_cell(0, 8, _latin1(title), new_x="LMARGIN", new_y="NEXT")
        if subtitle:
            self.pdf.set_font("Helvetica", "", 9)
            self.pdf.set_text_color(90, 90, 90)
            self.pdf.multi_cell(0, 5, _latin1(subtitle), new_x="LMARGIN", new_y="NEXT")
            self.pdf.set_text_color(0, 0, 0)
        self.pdf.ln(2)

    def heading(self, text: str) -> None:
        self.pdf.ln(2)
        self.pdf.set_font("Helvetica", "B", 11)
        self.pdf.multi_cell(0, 6, _latin1(text), new_x="LMARGIN", new_y="NEXT")

    def paragraph(self, text: str) -> None:
        self.pdf.set_font("Helvetica", "", 9)
        self.pdf.multi_cell(0, 5, _latin1(text), new_x="LMARGIN", new_y="NEXT")

    def table(self, header: Sequence[str], body: Sequence[Sequence], widths: Sequence[float] | None = None,
              font_size: float = 7.5, align_right_from: int | None = None) -> None:
        """One line per row (cells are cut to fit): fast enough for hundreds of rows."""
        pdf = self.pdf
        columns = len(header) if header else (len(body[0]) if body else 0)
        if not columns:
            return
        usable = pdf.w - pdf.l_margin - pdf.r_margin
        widths = list(widths) if widths else [usable / columns] * columns
        scale = usable / sum(widths) if sum(widths) > usable else 1.0
        widths = [w * scale for w in widths]
        height = font_size * 0.5

        def line(values, bold=False, fill=False):
            if pdf.get_y() + height > pdf.h - pdf.b_margin:
                pdf.add_page()
            pdf.set_font("Helvetica", "B" if bold else "", font_size)
            for index, (value, width) in enumerate(zip(values, widths)):
                text = _latin1("" if value is None else value)
                while text and pdf.get_string_width(text) > width - 1:
                    text = text[:-1]
                align = "R" if align_right_from is not None and index >= align_right_from and not bold else "L"
                pdf.cell(width, height, text, border=1, align=align, fill=fill)
            pdf.ln(height)

        if header:
            pdf.set_fill_color(225, 230, 240)
            line(header, bold=True, fill=True)
        for values in body:
            line(values)

    def key_values(self, pairs: Sequence[tuple[str, object]]) -> None:
        self.table([], [(k, v) for k, v in pairs], widths=(80, 100), font_size=8.5)

    def save(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        self.pdf.output(str(tmp))
        tmp.replace(path)
        return path
