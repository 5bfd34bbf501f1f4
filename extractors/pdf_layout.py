"""Reading order of a contract PDF page: words -> lines, two-column pages read column by column,
ruled tables read as rows of cells, running headers and footers set aside.

pdfplumber's own `extract_text` interleaves the two columns of a two-column page line by line;
contracts set in columns are common, so lines are rebuilt here from word positions.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Line:
    text: str
    page: int                      # 1-based
    top: float
    bold: bool = False
    size: float = 10.0
    x0: float = 0.0
    x1: float = 0.0
    cells: list[str] | None = None  # set for a row of a ruled table
    header_footer: bool = False
    room: float = 0.0               # white space to the right margin of its column
    conf: float = 1.0               # OCR: confidence of the line's words (0-1); 1.0 for a text layer
    min_conf: float = 1.0           # OCR: the least sure word (for names, e-mails: every letter counts)
    gap_row: bool = False           # cells found from white space (OCR), not from table rules


@dataclass
class PageText:
    lines: list[Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(ln.text for ln in self.lines)


_ROW_TOL = 2.5
_GUTTER_MIN = 9.0  # points of white space between two columns


def _rows(words: list[dict], tol: float = _ROW_TOL) -> list[list[dict]]:
    rows: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (round(w["top"], 1), w["x0"])):
        if rows and abs(w["top"] - rows[-1][0]["top"]) <= tol:
            rows[-1].append(w)
        else:
            rows.append([w])
    return [sorted(r, key=lambda w: w["x0"]) for r in rows]


def _find_gutter(rows: list[list[dict]], width: float) -> float | None:
    """The x of a column gutter: few lines cross it and many lines lie wholly on each side
    (the lines of two columns need not share a baseline). None for a one-column page."""
    stats = []
    for x in range(int(width * 0.3), int(width * 0.7), 2):
        cross = left_only = right_only = 0
        for r in rows:
            left = sum(1 for w in r if w["x1"] <= x - _GUTTER_MIN / 2)
            right = sum(1 for w in r if w["x0"] >= x + _GUTTER_MIN / 2)
            if left + right < len(r):
                cross += 1
            elif right == 0:
                left_only += 1
            elif left == 0:
                right_only += 1
        stats.append((x, cross, left_only, right_only))
    if not stats or not rows:
        return None
    least = min(s[1] for s in stats)
    if least > 0.25 * len(rows):
        return None
    best = [s for s in stats if s[1] == least and s[2] >= 5 and s[3] >= 5]
    if not best:
        return None
    # The middle of the widest run of equally good positions is the gutter's centre.
    return (best[0][0] + best[-1][0]) / 2 if best[-1][0] - best[0][0] < width * 0.2 else None


def _line(words: list[dict], page_no: int) -> Line:
    text = " ".join(w["text"] for w in words)
    bold = all("bold" in str(w.get("fontname", "")).lower() for w in words)
    size = max(float(w.get("size", 10.0)) for w in words)
    # OCR: the mean word confidence, but no more than that of the least sure word with a digit
    # (a misread digit is a wrong amount, date or target; a stray mark is not).
    confs = [float(w.get("conf", 1.0)) for w in words]
    digits = [c for w, c in zip(words, confs) if any(ch.isdigit() for ch in w["text"])]
    conf = min([sum(confs) / len(confs)] + digits)
    return Line(text=text, page=page_no, top=words[0]["top"], bold=bold, size=size,
                x0=words[0]["x0"], x1=words[-1]["x1"], conf=conf, min_conf=min(confs))


def read_page(page, page_no: int) -> PageText:
    """A pdfplumber page with a text layer -> its lines in reading order."""
    words = page.extract_words(x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False,
                               extra_attrs=["fontname", "size"])
    tables = []
    if page.edges:
        for t in page.find_tables():
            rows = [[" ".join((c or "").split()) for c in row] for row in t.extract()]
            rows = [r for r in rows if any(r)]
            if rows:
                tables.append((t.bbox, rows))
    return lines_from_words(words, float(page.width), page_no, tables, gap_cells=True)


_CELL_GAP = 18.0  # points of white space inside a line that separate two cells of a table row


def _gap_cells(words: list[dict]) -> list[str] | None:
    """A row of a table without rules: words separated by wide white space -> its cells."""
    cells, cur = [], [words[0]]
    for a, b in zip(words, words[1:]):
        if b["x0"] - a["x1"] >= _CELL_GAP:
            cells.append(" ".join(w["text"] for w in cur))
            cur = []
        cur.append(b)
    cells.append(" ".join(w["text"] for w in cur))
    return cells if len(cells) >= 2 else None


def lines_from_words(words: list[dict], width: float, page_no: int, tables=(),
                     gap_cells: bool = False, row_tol: float = _ROW_TOL) -> PageText:
    """Words (pdfplumber's dicts: text, x0, x1, top, bottom, optional size/fontname/conf) -> lines
    in reading order. `tables`: (bbox, rows of cells) of ruled tables found on the page.
    `gap_cells`: split a line at wide white space into cells (OCR'd pages, where no table
    rules are known)."""
    tables = list(tables)

    def in_table(w):
        for (x0, top, x1, bottom), _ in tables:
            if w["x0"] >= x0 - 1 and w["x1"] <= x1 + 1 and w["top"] >= top - 1 \
                    and w["bottom"] <= bottom + 1:
                return True
        return False

    free = [w for w in words if not in_table(w)]
    rows = _rows(free, row_tol)
    gutter = _find_gutter(rows, width)
    items: list[tuple[float, int, Line]] = []  # (block order key, sub-order, line)
    if gutter is None:
        for r in rows:
            ln = _line(r, page_no)
            if gap_cells:
                ln.cells = _gap_cells(r)
                ln.gap_row = ln.cells is not None
            items.append((r[0]["top"], 0, ln))
    else:
        # Full-width lines cut the page into blocks; in each block the left column is read
        # before the right one.
        block_start = 0.0
        left_buf: list[Line] = []
        right_buf: list[Line] = []

        def flush():
            for i, ln in enumerate(left_buf + right_buf):
                items.append((block_start, i + 1, ln))
            left_buf.clear()
            right_buf.clear()

        for r in rows:
            left = [w for w in r if w["x1"] <= gutter - _GUTTER_MIN / 2]
            right = [w for w in r if w["x0"] >= gutter + _GUTTER_MIN / 2]
            if len(left) + len(right) < len(r):
                flush()
                block_start = r[0]["top"]
                items.append((block_start, 0, _line(r, page_no)))
                block_start += 0.001
                continue
            if left:
                left_buf.append(_line(left, page_no))
            if right:
                right_buf.append(_line(right, page_no))
        flush()
    for (x0, top, x1, bottom), trows in tables:
        for i, cells in enumerate(trows):
            text = " | ".join(c for c in cells)
            items.append((top, i, Line(text=text, page=page_no, top=top + i, cells=cells)))
    items.sort(key=lambda t: (t[0], t[1]))
    lines = [ln for _, _, ln in items]
    # How far each line stops short of its column's right edge: a wrapped line nearly fills it.
    edges: dict[bool, float] = {}
    for ln in lines:
        if ln.cells is None:
            side = gutter is not None and ln.x0 >= gutter
            edges[side] = max(edges.get(side, 0.0), ln.x1)
    for ln in lines:
        if ln.cells is None:
            side = gutter is not None and ln.x0 >= gutter
            ln.room = edges[side] - ln.x1
    return PageText(lines)


_PAGE_NO = re.compile(r"^(?:.*\bpage\s+\d+(?:\s+of\s+\d+)?|-?\s*\d{1,3}\s*-?|\d{1,3}\s*/\s*\d{1,3})$", re.I)


def mark_headers_footers(pages: list[PageText]) -> None:
    """Running headers/footers: the same line (digits ignored) at the top or bottom of two or
    more pages, and bare page numbers."""
    if not pages:
        return
    def key(ln: Line) -> str:
        return re.sub(r"\d+", "#", ln.text.strip().lower())
    counts: Counter[str] = Counter()
    for p in pages:
        edge = p.lines[:2] + p.lines[-2:]
        for k in {key(ln) for ln in edge if ln.cells is None or ln.gap_row}:
            counts[k] += 1
    for p in pages:
        n = len(p.lines)
        for i, ln in enumerate(p.lines):
            if (ln.cells is not None and not ln.gap_row) or not (i < 2 or i >= n - 2):
                continue
            if (len(pages) >= 2 and counts[key(ln)] >= 2) or _PAGE_NO.match(ln.text.strip()):
                ln.header_footer = True
