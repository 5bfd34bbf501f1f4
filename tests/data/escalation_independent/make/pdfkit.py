"""Block list -> text PDF with fpdf2 (DejaVu fonts). Written for this corpus only.

Blocks:
  ("title", text)            ("h", text)              ("p", text)   ("small", text)
  ("bullets", [text])        ("numbered", [text])     ("space", mm) ("break",)
  ("table", rows, opts)      opts: widths (fractions), header (bool), ruled (bool), size
  ("kv", [(label, value)])   ruled two-column label/value table
  ("mono", [line])           whitespace-aligned monospace lines (no rules)
  ("sig", [(party, name, title, date)])
Text may carry **bold** (fpdf2 markdown). In two-column mode only title/h/p/small/bullets/numbered/space
are allowed (fpdf2 text columns cannot hold tables).
"""
import datetime as dt

from fpdf import FPDF
from fpdf.enums import XPos, YPos

FONT_DIR = "/usr/share/fonts/truetype/dejavu/"
FAMILIES = {
    "sans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    "serif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"),
    "cond": ("DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf"),
    "cserif": ("DejaVuSerifCondensed.ttf", "DejaVuSerifCondensed-Bold.ttf"),
    "mono": ("DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf"),
}
FIXED_DATE = dt.datetime(2026, 12, 1, 9, 0, 0, tzinfo=dt.timezone.utc)


class Doc(FPDF):
    def __init__(self, page, head_l, head_r, foot_l, foot_fmt, family, accent):
        super().__init__(orientation="P", unit="mm", format=page)
        self.head_l, self.head_r, self.foot_l, self.foot_fmt = head_l, head_r, foot_l, foot_fmt
        self.fam = family
        self.accent = accent
        for key, (reg, bold) in FAMILIES.items():
            self.add_font(key, "", FONT_DIR + reg)
            self.add_font(key, "B", FONT_DIR + bold)
        self.set_margins(20, 22, 20)
        self.set_auto_page_break(True, margin=20)
        self.set_creation_date(FIXED_DATE)
        self.set_author("escalation_independent corpus")

    def header(self):
        self.set_font("sans", "", 7.5)
        self.set_text_color(80, 80, 80)
        self.set_xy(20, 10)
        self.cell(0, 4, self.head_l, align="L")
        self.set_xy(20, 10)
        self.cell(0, 4, self.head_r, align="R")
        self.set_draw_color(150, 150, 150)
        self.line(20, 15, self.w - 20, 15)
        self.set_text_color(0, 0, 0)
        self.set_y(22)

    def footer(self):
        self.set_y(-13)
        self.set_font("sans", "", 7.5)
        self.set_text_color(80, 80, 80)
        self.cell(0, 4, self.foot_l, align="L")
        self.set_x(20)
        self.cell(0, 4, self.foot_fmt.format(p=self.page_no(), n="{nb}"), align="R")
        self.set_text_color(0, 0, 0)


def render(path, blocks, *, page="A4", family="sans", size=10, head_l="", head_r="", foot_l="",
           foot_fmt="Page {p} of {n}", accent=(31, 59, 90), twocol=False):
    d = Doc(page, head_l, head_r, foot_l, foot_fmt, family, accent)
    d.add_page()
    lh = size * 0.47  # line height in mm

    def font(style="", sz=None, fam=None):
        d.set_font(fam or family, style, sz or size)

    def para(text, sz=None, style="", after=1.6, align="J"):
        font(style, sz)
        d.multi_cell(0, (sz or size) * 0.47, text, markdown=True, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        d.ln(after)

    if twocol:
        # title blocks before the first "h" go full width; the rest flows in two columns
        i = 0
        while i < len(blocks) and blocks[i][0] in ("title", "p", "small", "space") and not (blocks[i][0] == "p" and i > 2):
            b = blocks[i]
            if b[0] == "title":
                d.set_text_color(*accent)
                para(b[1], size + 6, "B", 2, "C")
                d.set_text_color(0, 0, 0)
            elif b[0] == "space":
                d.ln(b[1])
            else:
                para(b[1], size - (1.5 if b[0] == "small" else 0), "", 1.5, "C")
            i += 1
        with d.text_columns(ncols=2, gutter=7, text_align="J", line_height=1.12) as cols:
            for b in blocks[i:]:
                k = b[0]
                if k == "h":
                    d.set_text_color(*accent)
                    font("B", size + 0.5)
                    with cols.paragraph(text_align="L", top_margin=2.5, bottom_margin=1) as p:
                        p.write(b[1])
                    d.set_text_color(0, 0, 0)
                elif k in ("p", "small"):
                    font("", size - (1.5 if k == "small" else 0))
                    with cols.paragraph(bottom_margin=1.6) as p:
                        _write_md(d, p, b[1], family, size - (1.5 if k == "small" else 0))
                elif k in ("bullets", "numbered"):
                    for j, t in enumerate(b[1]):
                        mark = "\u2022 " if k == "bullets" else f"{j + 1}. "
                        font("", size)
                        with cols.paragraph(bottom_margin=0.8, text_align="L") as p:
                            _write_md(d, p, mark + t, family, size)
                elif k == "space":
                    cols.ln(b[1])
                elif k == "colbreak":
                    cols.new_column()
                else:
                    raise ValueError(f"{k} not allowed in two columns")
        d.output(path)
        return

    for b in blocks:
        k = b[0]
        if k == "title":
            d.set_text_color(*accent)
            para(b[1], size + 6, "B", 3, "C")
            d.set_text_color(0, 0, 0)
        elif k == "h":
            if d.get_y() > d.h - 50:  # keep a heading with what follows
                d.add_page()
            d.ln(1.5)
            d.set_text_color(*accent)
            para(b[1], size + 1.5, "B", 1.2, "L")
            d.set_text_color(0, 0, 0)
        elif k == "p":
            para(b[1])
        elif k == "small":
            para(b[1], size - 1.8, after=1.2)
        elif k in ("bullets", "numbered"):
            font()
            for j, t in enumerate(b[1]):
                mark = "\u2022" if k == "bullets" else f"{j + 1}."
                if d.get_y() + 3 * lh > d.page_break_trigger:  # never leave a bullet mark alone at a page foot
                    d.add_page()
                y = d.get_y()
                d.set_x(24)
                d.cell(6, lh, mark)
                d.set_xy(30, y)
                d.multi_cell(0, lh, t, markdown=True, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
                d.ln(0.8)
            d.ln(1)
        elif k == "space":
            d.ln(b[1])
        elif k == "break":
            d.add_page()
        elif k == "mono":
            d.set_font("mono", "", size - 1.5)
            for line in b[1]:
                d.cell(0, (size - 1.5) * 0.46, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            d.ln(2)
        elif k in ("table", "kv"):
            opts = b[2] if len(b) > 2 else {}
            rows = b[1] if k == "table" else [list(r) for r in b[1]]
            header = opts.get("header", k == "table")
            ruled = opts.get("ruled", True)
            ncol = max(len(r) for r in rows)
            widths = opts.get("widths") or ((0.34, 0.66) if k == "kv" else [1 / ncol] * ncol)
            tsz = opts.get("size", size - 1)
            font("", tsz)
            kw = dict(col_widths=tuple(int(w * 1000) for w in widths), text_align="LEFT",
                      first_row_as_headings=header, line_height=tsz * 0.5, width=d.epw,
                      borders_layout="ALL" if ruled else "NONE", padding=1.2 if ruled else 0.6)
            if header and ruled:
                kw["headings_style"] = _head_style(family)
            elif header:
                kw["headings_style"] = _head_style(family, fill=False)
            with d.table(**kw) as t:
                for i, r in enumerate(rows):
                    row = t.row()
                    for j, c in enumerate(r):
                        if k == "kv" and j == 0:
                            font("B", tsz)
                            row.cell(str(c))
                            font("", tsz)
                        else:
                            row.cell(str(c))
            d.ln(3)
        elif k == "sig":
            d.ln(4)
            font("", size)
            x0 = d.l_margin
            colw = d.epw / max(1, len(b[1]))
            y0 = d.get_y()
            if y0 > d.h - 60:
                d.add_page()
                y0 = d.get_y()
            for j, (party, name, title, date) in enumerate(b[1]):
                d.set_xy(x0 + j * colw, y0)
                sz = size
                font("B", sz)
                while d.get_string_width(party) > colw - 4 and sz > 6:  # long legal names: smaller type
                    sz -= 0.5
                    font("B", sz)
                d.cell(colw, lh + 1, party, new_x=XPos.LEFT, new_y=YPos.NEXT)
                font("", size)
                for line in ("Signature: ________________________", f"Name: {name}", f"Title: {title}", f"Date: {date}"):
                    d.set_x(x0 + j * colw)
                    d.cell(colw, lh + 1.5, line, new_x=XPos.LEFT, new_y=YPos.NEXT)
            d.set_x(x0)
            d.ln(4)
        else:
            raise ValueError(k)
    d.output(path)


def _head_style(family, fill=True):
    from fpdf.fonts import FontFace
    return FontFace(family=family, emphasis="BOLD", fill_color=(222, 229, 236) if fill else None)


def _write_md(d, p, text, family, size):
    """write text with **bold** runs into a text-column paragraph"""
    parts = text.split("**")
    for i, part in enumerate(parts):
        if not part:
            continue
        d.set_font(family, "B" if i % 2 else "", size)
        p.write(part)
    d.set_font(family, "", size)
