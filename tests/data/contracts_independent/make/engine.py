"""Block-list -> PDF (reportlab) and block-list -> DOCX (python-docx) renderers.

Blocks: ("title", text) ("h", text) ("p", text) ("small", text) ("bullets", [text]) ("numbered", [text])
("table", rows, opts) ("kv", pairs, opts) ("kv2", left_pairs, right_pairs) ("space", pts)
("break",) ("colbreak",) ("sig", [(party_label, name, title, date)])
"""
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (BaseDocTemplate, Frame, FrameBreak, KeepTogether, ListFlowable,
                                ListItem, NextPageTemplate, PageBreak, PageTemplate, Paragraph,
                                Spacer, Table, TableStyle)

_FONTS = {}


def _reg():
    if _FONTS:
        return
    base = "/usr/share/fonts/truetype/"
    for name, path in [("DejaVuSans", "dejavu/DejaVuSans.ttf"), ("DejaVuSans-Bold", "dejavu/DejaVuSans-Bold.ttf"),
                       ("DejaVuSerif", "dejavu/DejaVuSerif.ttf"), ("DejaVuSerif-Bold", "dejavu/DejaVuSerif-Bold.ttf"),
                       ("LiberationSerif", "liberation/LiberationSerif-Regular.ttf"),
                       ("LiberationSerif-Bold", "liberation/LiberationSerif-Bold.ttf"),
                       ("LiberationSans", "liberation/LiberationSans-Regular.ttf"),
                       ("LiberationSans-Bold", "liberation/LiberationSans-Bold.ttf")]:
        pdfmetrics.registerFont(TTFont(name, base + path))
    _FONTS["ok"] = True


FAMILIES = {
    "serif": ("LiberationSerif", "LiberationSerif-Bold"),
    "sans": ("LiberationSans", "LiberationSans-Bold"),
    "dejavu": ("DejaVuSans", "DejaVuSans-Bold"),
    "dserif": ("DejaVuSerif", "DejaVuSerif-Bold"),
}


def _esc(t):
    # allow <b>..</b> markup written by layouts
    return escape(t).replace("&lt;b&gt;", "<b>").replace("&lt;/b&gt;", "</b>").replace("&lt;i&gt;", "<i>").replace("&lt;/i&gt;", "</i>").replace("&lt;br/&gt;", "<br/>")


def make_canvas(header_left, header_right, footer_left, footer_fmt, font):
    class NumberedCanvas(rl_canvas.Canvas):
        def __init__(self, *a, **k):
            super().__init__(*a, **k)
            self._saved = []

        def showPage(self):
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            n = len(self._saved)
            for st in self._saved:
                self.__dict__.update(st)
                w, h = self._pagesize
                self.setFont(font, 8)
                self.setFillColor(colors.HexColor("#444444"))
                if header_left:
                    self.drawString(18 * mm, h - 12 * mm, header_left)
                if header_right:
                    self.drawRightString(w - 18 * mm, h - 12 * mm, header_right)
                self.setStrokeColor(colors.HexColor("#999999"))
                self.line(18 * mm, h - 13.5 * mm, w - 18 * mm, h - 13.5 * mm)
                if footer_left:
                    self.drawString(18 * mm, 10 * mm, footer_left)
                self.drawRightString(w - 18 * mm, 10 * mm, footer_fmt.format(p=self._pageNumber, n=n))
                super().showPage()
            super().save()
    return NumberedCanvas


def render_pdf(path, blocks, *, family="serif", size=10, pagesize=LETTER, header_left="", header_right="",
               footer_left="", footer_fmt="Page {p} of {n}", twocol=False, accent="#1f3b5a", ruled_default=True):
    _reg()
    reg, bold = FAMILIES[family]
    acc = colors.HexColor(accent)
    st = {
        "p": ParagraphStyle("p", fontName=reg, fontSize=size, leading=size * 1.32, spaceAfter=size * 0.55),
        "small": ParagraphStyle("s", fontName=reg, fontSize=size - 1.5, leading=(size - 1.5) * 1.3, spaceAfter=4),
        "h": ParagraphStyle("h", fontName=bold, fontSize=size + 1.5, leading=(size + 1.5) * 1.3, spaceBefore=size * 0.6,
                            spaceAfter=size * 0.35, textColor=acc),
        "title": ParagraphStyle("t", fontName=bold, fontSize=size + 7, leading=(size + 7) * 1.25, spaceAfter=size,
                                alignment=TA_CENTER, textColor=acc),
        "cell": ParagraphStyle("c", fontName=reg, fontSize=size - 1, leading=(size - 1) * 1.25),
        "cellb": ParagraphStyle("cb", fontName=bold, fontSize=size - 1, leading=(size - 1) * 1.25),
    }
    W, H = pagesize
    lm = rm = 20 * mm
    tm, bm = 20 * mm, 18 * mm
    fw = W - lm - rm
    if twocol:
        gap = 8 * mm
        cw = (fw - gap) / 2
        title_h = 38 * mm
        first = [Frame(lm, H - tm - title_h, fw, title_h, id="title"),
                 Frame(lm, bm, cw, H - tm - bm - title_h, id="c1"),
                 Frame(lm + cw + gap, bm, cw, H - tm - bm - title_h, id="c2")]
        later = [Frame(lm, bm, cw, H - tm - bm, id="l1"), Frame(lm + cw + gap, bm, cw, H - tm - bm, id="l2")]
        templates = [PageTemplate("first", first), PageTemplate("later", later)]
        avail = cw
    else:
        templates = [PageTemplate("all", [Frame(lm, bm, fw, H - tm - bm, id="f")])]
        avail = fw
    doc = BaseDocTemplate(path, pagesize=pagesize, pageTemplates=templates, leftMargin=lm, rightMargin=rm,
                          topMargin=tm, bottomMargin=bm, title=header_left or "Contract", author="corpus")
    story = []
    if twocol:
        story.append(NextPageTemplate("later"))

    def P(t, s="p"):
        return Paragraph(_esc(t), st[s])

    for b in blocks:
        kind = b[0]
        if kind in ("p", "h", "title", "small"):
            story.append(P(b[1], kind))
        elif kind == "space":
            story.append(Spacer(1, b[1]))
        elif kind == "break":
            story.append(PageBreak())
        elif kind == "colbreak":
            story.append(FrameBreak())
        elif kind in ("bullets", "numbered"):
            items = [ListItem(P(t), leftIndent=14) for t in b[1]]
            if kind == "bullets":
                story.append(ListFlowable(items, bulletType="bullet", start="\u2022", leftIndent=14, bulletFontName=reg))
            else:
                story.append(ListFlowable(items, bulletType="1", leftIndent=16, bulletFontName=reg, bulletFontSize=size))
            story.append(Spacer(1, 4))
        elif kind in ("table", "kv"):
            opts = b[2] if len(b) > 2 else {}
            ruled = opts.get("ruled", ruled_default)
            header = opts.get("header", kind == "table")
            rows = b[1]
            data = []
            for i, r in enumerate(rows):
                cells = []
                for j, c in enumerate(r):
                    sname = "cellb" if (header and i == 0) or (kind == "kv" and j == 0) else "cell"
                    cells.append(Paragraph(_esc(str(c)), st[sname]))
                data.append(cells)
            ncol = max(len(r) for r in rows)
            cw_ = opts.get("widths")
            if cw_:
                widths = [avail * x for x in cw_]
            elif kind == "kv":
                widths = [avail * 0.36, avail * 0.64]
            else:
                widths = [avail / ncol] * ncol
            t = Table(data, colWidths=widths, hAlign="LEFT", repeatRows=1 if header else 0)
            ts = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 4),
                  ("RIGHTPADDING", (0, 0), (-1, -1), 4)]
            if ruled:
                ts += [("GRID", (0, 0), (-1, -1), 0.6, colors.HexColor("#555555"))]
                if header:
                    ts += [("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dfe6ee"))]
                if kind == "kv":
                    ts += [("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#eef1f4"))]
            else:
                ts += [("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]
            t.setStyle(TableStyle(ts))
            story.append(t)
            story.append(Spacer(1, 8))
        elif kind == "kv2":
            left, right = b[1], b[2]
            n = max(len(left), len(right))
            data = []
            for i in range(n):
                l = left[i] if i < len(left) else ("", "")
                r = right[i] if i < len(right) else ("", "")
                data.append([Paragraph(_esc(l[0]), st["cellb"]), Paragraph(_esc(l[1]), st["cell"]),
                             Paragraph(_esc(r[0]), st["cellb"]), Paragraph(_esc(r[1]), st["cell"])])
            t = Table(data, colWidths=[avail * 0.18, avail * 0.32, avail * 0.18, avail * 0.32], hAlign="LEFT")
            t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("LINEBELOW", (0, -1), (-1, -1), 0.5, colors.HexColor("#777777")),
                                   ("LINEABOVE", (0, 0), (-1, 0), 0.5, colors.HexColor("#777777"))]))
            story.append(t)
            story.append(Spacer(1, 8))
        elif kind == "sig":
            rows = []
            for label, name, title, date in b[1]:
                rows.append([Paragraph(_esc(label), st["cellb"])])
                rows.append([Paragraph("Signature: ______________________", st["cell"])])
                rows.append([Paragraph(_esc(f"Name: {name}"), st["cell"])])
                rows.append([Paragraph(_esc(f"Title: {title}"), st["cell"])])
                rows.append([Paragraph(_esc(f"Date: {date}"), st["cell"])])
                rows.append([Spacer(1, 6)])
            # two blocks side by side when there is room
            if len(b[1]) == 2 and not twocol:
                half = len(rows) // 2
                data = [[rows[i][0], rows[i + half][0]] for i in range(half)]
                t = Table(data, colWidths=[avail / 2, avail / 2], hAlign="LEFT")
            else:
                t = Table(rows, colWidths=[avail], hAlign="LEFT")
            story.append(KeepTogether([Spacer(1, 10), t]))
        else:
            raise ValueError(kind)
    canvasmaker = make_canvas(header_left, header_right, footer_left, footer_fmt, reg)
    doc.build(story, canvasmaker=canvasmaker)


# ---------------------------------------------------------------- DOCX
def render_docx(path, blocks, *, header_left="", header_right="", footer_left="", font="Calibri", size=10.5):
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, Cm

    d = docx.Document()
    sec = d.sections[0]
    sec.left_margin = sec.right_margin = Cm(2.2)
    stl = d.styles["Normal"]
    stl.font.name = font
    stl.font.size = Pt(size)

    def field(run, code):
        for tag, txt in (("begin", None), (None, code), ("end", None)):
            if tag:
                e = OxmlElement("w:fldChar")
                e.set(qn("w:fldCharType"), tag)
            else:
                e = OxmlElement("w:instrText")
                e.set(qn("xml:space"), "preserve")
                e.text = txt
            run._r.append(e)

    hp = sec.header.paragraphs[0]
    hp.text = f"{header_left}\t\t{header_right}"
    fp = sec.footer.paragraphs[0]
    fp.add_run(f"{footer_left}\t\tPage ")
    field(fp.add_run(), "PAGE")
    fp.add_run(" of ")
    field(fp.add_run(), "NUMPAGES")

    def add_text(par, t):
        # support <b>..</b>
        import re
        parts = re.split(r"(<b>.*?</b>)", t)
        for part in parts:
            if part.startswith("<b>"):
                par.add_run(part[3:-4]).bold = True
            elif part:
                par.add_run(part)

    for b in blocks:
        k = b[0]
        if k == "title":
            p = d.add_heading(level=0)
            add_text(p, b[1])
        elif k == "h":
            p = d.add_heading(level=1)
            add_text(p, b[1])
        elif k in ("p", "small"):
            p = d.add_paragraph()
            for j, line in enumerate(b[1].split("<br/>")):
                if j:
                    p.add_run().add_break()
                add_text(p, line)
        elif k == "bullets":
            for t in b[1]:
                add_text(d.add_paragraph(style="List Bullet"), t)
        elif k == "numbered":
            for t in b[1]:
                add_text(d.add_paragraph(style="List Number"), t)
        elif k in ("table", "kv"):
            rows = b[1]
            ncol = max(len(r) for r in rows)
            t = d.add_table(rows=len(rows), cols=ncol)
            t.style = "Table Grid"
            for i, r in enumerate(rows):
                for j, c in enumerate(r):
                    cell = t.cell(i, j)
                    cell.text = ""
                    run = cell.paragraphs[0].add_run(str(c))
                    if (k == "table" and i == 0) or (k == "kv" and j == 0):
                        run.bold = True
            d.add_paragraph()
        elif k == "space":
            d.add_paragraph()
        elif k == "break":
            d.add_page_break()
        elif k == "sig":
            t = d.add_table(rows=5, cols=len(b[1]))
            for j, (label, name, title, date) in enumerate(b[1]):
                for i, txt in enumerate([label, "Signature: ____________________", f"Name: {name}", f"Title: {title}", f"Date: {date}"]):
                    t.cell(i, j).text = txt
        else:
            raise ValueError(k)
    d.save(path)
