"""Contract terms (spec section 2) read from a signed contract PDF.

`extract_contract_pdf(path)` returns every term the document states, keyed by flat field path
(`billing.rates.standard`, `sla.P2.resolution_minutes`, ...), each with the page and text it was
read from and a confidence. A term the document does not state is absent, never defaulted; a
value that could be read two ways is left out (or given confidence < 0.8) and a problem is
recorded: a wrong term is worse than a missing one, because the merged contract drives SLA and
billing judgements.

`extract_many(paths, cache_dir)` reads many PDFs in a process pool and caches results by content
hash, so an unchanged PDF is never read twice.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from functools import lru_cache, partial
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from zoneinfo import available_timezones
import yaml

from extractors.pdf_layout import Line, PageText, lines_from_words, mark_headers_footers, read_page
from extractors.budget import OverBudget, run_bounded
from extractors.pdf_ocr import OcrUnavailable, ocr_confidence_cap, ocr_page
from extractors.pdf_ocr import available as ocr_available
from extractors.reader_escalation import escalation_ladder
from extractors.reader_scope import scope_lists
from extractors.reader_client import Client, _fold, resolve_client
from extractors.reader_timezone import zone_mentions
from extractors.reader_identity import is_generic_title, identity_candidates, previous_contract_ids, resolve_identity
from extractors.reader_title import title_candidates
from extractors.reader_compliance import insurance_minimums, security_label_lists
from extractors.reader_term import term_end_clauses
from extractors.reader_sla import clock_of, clock_statements, column_kind, declared_levels, priority_in, strip_clause_number
from extractors.pdf_values import (
    X247_RE, day_lengths, find_dates, find_durations, find_money, find_percent, parse_hours,
    parse_number, snake_case, words_or_digits,
)

# The budget of one document (extractors.budget): wall time, and memory beyond the reader's own.
PDF_SECONDS_PER_DOCUMENT = 300
PDF_MEMORY_PER_DOCUMENT = 3 * 2**30
MAX_PAGES = 200  # longer files are rejected before reading: a contract's terms are not on page 250
EXTRACTOR_VERSION = "contract_pdf/8"  # bump whenever what is extracted changes: the cache is keyed by it (8: round 4 + the escalation clause)
CONFIDENT = 0.8  # below this a value is a suggestion for review, not a term


class UnreadablePdf(Exception):
    """The file cannot be read as a contract: str() is the reason for quarantine."""


@dataclass
class ExtractedField:
    value: object
    page: int | None
    snippet: str
    confidence: float


@dataclass
class PdfExtraction:
    fields: dict[str, ExtractedField]
    pages: list[str]
    problems: list[str]
    sha256: str
    ocr_pages: list[int] = field(default_factory=list)   # 1-based pages read by OCR
    ocr_seconds: float = 0.0                             # wall time spent on them


# ------------------------------------------------------------------------------ reading
@dataclass
class _Reading:
    pages: list[PageText]
    problems: list[str] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)
    ocr_seconds: float = 0.0


def _open_failure(exc: BaseException, data: bytes) -> str:
    """The reason a PDF that pdfminer could not open goes to quarantine."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    causes = [exc, *exc.args, exc.__cause__, exc.__context__]
    if any(isinstance(c, PDFPasswordIncorrect) for c in causes):
        return "encrypted PDF: it needs a password to open (send an unprotected copy)"
    if any(isinstance(c, PDFEncryptionError) for c in causes) or (
            b"/Encrypt" in data and "crypt" in repr(exc).lower()):
        return "encrypted PDF: its encryption cannot be opened (send an unprotected copy)"
    detail = str(exc).strip() or type(exc).__name__
    return f"corrupt PDF: {detail[:200]}"


def _too_many_pages(count: int) -> str:
    return (f"too many pages: {count} (a contract is read up to {MAX_PAGES} pages; "
            "split off the annexes or land the terms as YAML)")


def _quick_page_count(path: Path) -> int | None:
    """The page count from pdfium (C, milliseconds for any length), before pdfminer builds every
    page; None when pdfium cannot open the file (pdfplumber then gives the specific reason)."""
    try:
        import pypdfium2

        doc = pypdfium2.PdfDocument(str(path))
        try:
            return len(doc)
        finally:
            doc.close()
    except Exception:  # encrypted, damaged: the full reader says which
        return None


def _read_pages(path: Path) -> _Reading:
    """Every page's lines: from the text layer, or by OCR for a page that has none but an image."""
    import pdfplumber

    count = _quick_page_count(path)
    if count is not None and count > MAX_PAGES:
        raise UnreadablePdf(_too_many_pages(count))
    try:
        with pdfplumber.open(path) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise UnreadablePdf(_too_many_pages(len(pdf.pages)))
            pages = [read_page(p, i + 1) for i, p in enumerate(pdf.pages)]
            images = [bool(p.images) for p in pdf.pages]
    except UnreadablePdf:
        raise
    except Exception as exc:  # pdfminer raises many kinds on broken files
        if isinstance(exc, MemoryError):
            raise
        raise UnreadablePdf(_open_failure(exc, path.read_bytes())) from None
    if not pages:
        raise UnreadablePdf("corrupt PDF: no pages")
    reading = _Reading(pages)
    textless = [i for i, p in enumerate(pages) if not any(ln.text.strip() for ln in p.lines)]
    if len(textless) == len(pages) and not any(images):
        raise UnreadablePdf("no text layer and no page image: blank PDF")
    legible = len(pages) - len(textless)
    for i in textless:
        if not images[i]:
            continue  # a blank page in a text PDF
        try:
            op = ocr_page(path, i)
        except OcrUnavailable as exc:
            raise UnreadablePdf(str(exc)) from None
        reading.ocr_pages.append(i + 1)
        reading.ocr_seconds += op.seconds
        if not op.legible:
            reading.problems.append(
                f"page {i + 1}: scanned page not legible by OCR ({op.legible_words} words read "
                f"with confidence >= 60%, mean {op.mean_conf:.0%})")
            continue
        legible += 1
        # Rows of a scan line up less exactly than a text layer's (residual skew, noise).
        pages[i] = lines_from_words(op.words, op.width, i + 1, gap_cells=True, row_tol=5.0)
    if legible == 0:
        raise UnreadablePdf("image-only PDF with no legible text (blank or unreadable scan)")
    return reading


@dataclass
class _Para:
    """A logical line: a paragraph, a 'Label: value' item or a table row."""
    text: str
    page: int
    bold: bool
    size: float
    cells: list[str] | None = None
    conf: float = 1.0  # OCR: the confidence of its lines (1.0: a text layer)
    min_conf: float = 1.0  # OCR: its least sure word


_LABEL_START = re.compile(r"^[A-Z][A-Za-z'/&()\- ]{1,45}:\s")
_STARTER = re.compile(
    r"^(?:\([a-z]{1,3}\)\s|[a-z]\)\s|(?-i:\d{1,2}(?:\.\d{1,2})*\.\s+[A-Z])|(?-i:\(\d{1,2}\)\s+[A-Z])|[-\u2022*\u00a2\u00ab\u00b0\u00a9\u00b7]\s|(?:\d{1,2}\s+)?(?:level|tier)\s*\d|p[1-4]\b|priority\s*\d|"
    r"severity\s*\d|(?-i:[A-Z][A-Za-z'/&()\- ]{1,45}:\s)|schedule\b|appendix\b|exhibit\b|"
    r"in witness)", re.I)


_ABBREV_END = re.compile(r"\b(?:No|Ref|Nos|a\.m|p\.m|Inc|Ltd|Co|Corp|Mr|Ms|Dr|St|approx|e\.g|i\.e)\.$")


_KNOWN_LABELS: set[str] = set()  # every label regex `_kv` has been asked for


def _label_split(prev: Line, text: str) -> bool:
    """'... Closed' + 'Dates: ...': a known label broken over two lines (the first line full)."""
    if prev.room < 40 and re.search(r"[A-Za-z]$", prev.text) and \
            re.match(r"^\d{1,2}\.\s+[A-Z]", text) and not _LABEL_START.match(text):
        return True  # "... report failures to level" + "2. Wear PPE ...": a wrapped sentence
    if not (_LABEL_START.match(text) and prev.room < 40):
        return False
    last = re.search(r"\b([A-Z][a-z'-]+(?: [A-Z][a-z'-]+)?)$", prev.text)
    if not last or not _KNOWN_LABELS:
        return False
    known = re.compile(r"^(?:" + "|".join(_KNOWN_LABELS) + r")\s*:", re.I)
    if known.match(text):
        return False
    return bool(known.match(last.group(1) + " " + text) or
                known.match(last.group(1).split()[-1] + " " + text))


def _paragraphs(pages: list[PageText]) -> list[_Para]:
    out: list[_Para] = []
    prev: Line | None = None
    for p in pages:
        for ln in p.lines:
            if ln.header_footer:
                continue
            text = ln.text.strip()
            if not text:
                continue
            if ln.cells is not None:
                cells = [c.strip() for c in ln.cells]
                nonempty = [c for c in cells if c]
                if len(nonempty) == 2 and cells[0]:
                    out.append(_Para(f"{nonempty[0]}: {nonempty[1]}", ln.page, False, ln.size,
                                     conf=ln.conf, min_conf=ln.min_conf))
                elif ln.gap_row and len(cells) in (4, 6) and all(cells) and not any(
                        re.search(r"\d", c) for c in cells[0::2]) and all(len(c) <= 30 for c in cells[0::2]) \
                        and any(re.search(r"\d", c) for c in cells[1::2]):  # not a table's header
                    # Label/value blocks side by side: "Start | Jan 1, 2025 | Model | Block hours".
                    out.append(_Para(text, ln.page, False, ln.size, cells=cells, conf=ln.conf,
                                     min_conf=ln.min_conf))
                    for a, b in zip(cells[0::2], cells[1::2]):
                        out.append(_Para(f"{a}: {b}", ln.page, False, ln.size, conf=ln.conf,
                                         min_conf=ln.min_conf))
                else:
                    out.append(_Para(text, ln.page, False, ln.size, cells=cells, conf=ln.conf,
                                     min_conf=ln.min_conf))
                prev = None
                continue
            join = (
                prev is not None and out and out[-1].cells is None
                and not ln.bold and not prev.bold
                # the next line below, or the top of the next column or page
                and (0 < ln.top - prev.top <= 1.6 * max(prev.size, ln.size)
                     or ln.page != prev.page or ln.top < prev.top)
                and (not _STARTER.match(text) or _label_split(prev, text))
                and not (prev.text.rstrip().endswith(".") and not _ABBREV_END.search(prev.text))
            )
            if join:
                out[-1].text += " " + text
                out[-1].conf = min(out[-1].conf, ln.conf)
                out[-1].min_conf = min(out[-1].min_conf, ln.min_conf)
            else:
                out.append(_Para(text, ln.page, ln.bold, ln.size, conf=ln.conf, min_conf=ln.min_conf))
            prev = ln
    return out


# ------------------------------------------------------------------------------ collecting
# Text that must be right letter by letter: from an OCR'd page, every word must be sure.
_EXACT_TEXT = {"escalation_contacts", "special_instructions", "title", "client_id",
               "compliance.required_credentials", "compliance.security_clauses"}


class _Fields:
    def __init__(self):
        self.cands: dict[str, list[tuple[object, int | None, str, float]]] = {}
        self.problems: list[str] = []

    def add(self, name: str, value, para: _Para | None, conf: float, snippet: str | None = None):
        if value is None:
            return
        snip = " ".join((snippet or (para.text if para else "")).split())[:240]
        if para is not None:  # a badly OCR'd line goes to review
            exact = name in _EXACT_TEXT or name.endswith("_services")
            conf = min(conf, ocr_confidence_cap(para.min_conf if exact else para.conf))
            if name == "title" and para.conf < 1.0:
                # An OCR'd title ('AuBendienst' for 'Außendienst', a label read as a heading) cannot
                # be checked against anything, and no judgement needs it: a suggestion for review.
                conf = min(conf, 0.7)
        self.cands.setdefault(name, []).append((value, para.page if para else None, snip, conf))

    def has(self, name: str) -> bool:
        return name in self.cands

    def problem(self, text: str):
        if text not in self.problems:
            self.problems.append(text)

    def result(self) -> dict[str, ExtractedField]:
        out = {}
        for name, cands in self.cands.items():
            values = []
            for v, *_ in cands:
                if v not in values:
                    values.append(v)
            if len(values) > 1:
                shown = " vs ".join(repr(_plain(v)) for v in values[:3])
                self.problem(f"{name}: the document states conflicting values ({shown})")
                continue
            best = max(cands, key=lambda c: c[3])
            out[name] = ExtractedField(best[0], best[1], best[2], round(best[3], 3))
        return out


def _plain(v):
    if isinstance(v, Decimal):
        return str(v)
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return v


def _label_re(*labels: str) -> re.Pattern:
    return re.compile(
        r"^(?:\(?[a-z0-9]{1,3}[.)]\s*)?(?:" + "|".join(labels) + r")\s*(?::|\||-(?=\s)|\.(?=\s))?\s*",
        re.I)


def _kv(paras: list[_Para], *labels: str, whole: bool = False) -> list[tuple[_Para, str]]:
    """(paragraph, value) for each 'Label: value' item with one of the labels, at the start of a
    paragraph or of a sentence in it. The value ends with its sentence unless `whole`."""
    _KNOWN_LABELS.update(labels)
    rx = _label_re(*labels)
    mid = re.compile(r"(?<![\w-])(?:" + "|".join(labels) + r")\s*:\s*", re.I)
    out = []
    for p in paras:
        if p.cells is not None:
            continue
        m = rx.match(p.text)
        if m:
            rest = p.text[m.end():].strip()
            out.append((p, rest if whole else _first_sentence(_cut_at_label(rest))))
            continue
        # Mid-paragraph: "... (normal coverage days). Closed Dates: 2025-12-24; ..."
        for m in mid.finditer(p.text):
            if m.start() == 0:
                continue
            out.append((p, _first_sentence(_cut_at_label(p.text[m.end():].strip()))))
    return out


_NEXT_LABEL = re.compile(r"(?<=[a-z0-9).;,])\s+(?=[A-Z][A-Za-z'/&\-]*(?: [A-Z][A-Za-z'/&\-]*){0,3}:\s)")


def _cut_at_label(v: str) -> str:
    m = _NEXT_LABEL.search(v)
    return v[:m.start()] if m else v


_ID = r"([A-Z][A-Z0-9]*(?:[-/][A-Z0-9]+)+)"


def _id_in(text: str) -> str | None:
    for m in re.finditer(_ID, text):
        if re.search(r"\d", m.group(1)):
            return m.group(1)
    return None


_SENTENCE_END = re.compile(r"\.\s+(?=[A-Z(\"])")


def _sentences(text: str) -> list[str]:
    """Split at '. ' before a capital, but not after an abbreviation (No., a.m., Inc.)."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if _ABBREV_END.search(text[start:m.start() + 1]):
            continue
        out.append(text[start:m.start() + 1].strip())
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def _first_sentence(text: str) -> str:
    ss = _sentences(text)
    return ss[0] if ss else text


COUNTRY_NAMES = {
    "united states": "US", "usa": "US", "united kingdom": "GB", "england": "GB", "ireland": "IE",
    "canada": "CA", "australia": "AU", "new zealand": "NZ", "germany": "DE", "austria": "AT",
    "switzerland": "CH", "france": "FR", "netherlands": "NL", "belgium": "BE", "spain": "ES",
    "italy": "IT", "portugal": "PT", "sweden": "SE", "denmark": "DK", "norway": "NO",
    "finland": "FI", "poland": "PL", "singapore": "SG", "india": "IN", "japan": "JP",
    "mexico": "MX", "brazil": "BR", "south africa": "ZA",
}
_DAY_FIRST = {"GB", "IE", "AU", "NZ", "DE", "AT", "CH", "FR", "NL", "BE", "ES", "IT", "PT", "SE",
              "DK", "NO", "FI", "PL", "SG", "IN", "MX", "BR", "ZA"}


def _country(paras: list[_Para]) -> str | None:
    for p in paras[:15]:
        if re.match(r"^(?:client|customer)", p.text, re.I) or re.search(
                r"\b(?:client|customer)\s+id\b|made\s+between|entered\s+into\s+(?:by\s+and\s+)?between",
                p.text, re.I):
            for name, code in COUNTRY_NAMES.items():
                if re.search(r"\b" + name + r"\b", p.text, re.I):
                    return code
    return None


# ------------------------------------------------------------------------------ field readers
def _identity(paras, f: _Fields):
    # The printed reference next to a label (extractors/reader_identity.py, labels in
    # vocab/identity.yaml); none found -> the loader uses the file stem and lists it for review.
    chosen, conf, problem = resolve_identity(identity_candidates(paras))
    if problem:
        f.problem(problem)
    elif chosen is not None:
        f.add("contract_id", chosen.value, chosen.para, conf, chosen.snippet)
    rx = re.compile(r"\b(?:client|customer)\s+(?:id|no\.?|number|account(?:\s+(?:no\.?|number|id))?)"
                    r"\s*[:#]?\s*([A-Z]{0,4}-?\d[\w-]*)", re.I)
    for p in paras:
        for m in rx.finditer(p.text):
            f.add("client_id", m.group(1), p, 0.95, m.group(0))


def _title(paras: list[_Para], f: _Fields):
    page1 = [p for p in paras if p.page == 1 and p.cells is None]
    if not page1:
        return
    under = any(re.search(r"\bissued\s+under\b|\bschedule\s+(?:reference|ref\.?|no\.?)\s*:?\s*[A-Z0-9]",
                          p.text, re.I) for p in paras)
    by_size: dict[float, int] = {}
    for p in page1:
        if not p.bold:
            by_size[round(p.size, 1)] = by_size.get(round(p.size, 1), 0) + len(p.text)
    if by_size:
        body = max(by_size, key=by_size.get)  # the size most body text is set in
        first = page1[0]
        if first.bold and first.size >= body * 1.2 and _title_from_heading(paras, page1, first, under, f):
            return
    # Elsewhere: the heading found by size, the line under a kind-only heading, "Kind - Title",
    # a title label (extractors/reader_title.py). The first candidate only: never a guess between two.
    for text, p, conf in title_candidates(paras, under):
        if text is None:
            if _title_from_heading(paras, [q for q in paras if q.page == p.page and q.cells is None],
                                   p, under, f):
                return
            continue
        f.add("title", text, p, conf)
        return


def _title_from_heading(paras, page, first, under, f: _Fields) -> bool:
    """The heading `first` (and the lines it wraps onto) as the title; False when it is not one."""
    i = page.index(first)
    parts = [first.text]
    for p in page[i + 1:i + 4]:  # a long title wraps onto further lines of the same heading
        if p.bold and abs(p.size - first.size) < 0.5:
            parts.append(p.text)
        else:
            break
    title = " ".join(" ".join(parts).split())
    if is_generic_title(title, under):
        return False  # "ORDER FORM", "Master Services Agreement": the kind of document, not its title
    if re.match(r"^(schedule|appendix|exhibit)\b", title, re.I) or len(title) > 150:
        return False
    if title.isupper():
        # Capitals lose the real case ("IT"): look for the title written in mixed case.
        rx = re.compile(re.escape(title), re.I)
        for p in paras[1:]:
            m = rx.search(p.text)
            if m and not m.group(0).isupper():
                f.add("title", m.group(0), p, 0.95)
                return True
        # Its case cannot be recovered ("IT", "of"); the title is not needed to judge a
        # contract, so it is left out rather than sent to review.
        return False
    f.add("title", title, first, 0.95)
    return True


def _tier(paras, f: _Fields):
    for p, v in _kv(paras, r"(?:service|support)\s+(?:level\s+)?tier", r"support\s+level",
                    r"service\s+level", r"tier", r"(?:support|service)\s+plan", r"plan"):
        m = re.match(r"(platinum|gold|silver)\b", v, re.I)
        if m:
            f.add("tier", m.group(1).lower(), p, 0.97)
    if f.has("tier"):
        return
    for p in paras:
        for m in re.finditer(r"\b(platinum|gold|silver)\s+(?:support\s+|service\s+)?"
                             r"(?:tier|level|plan|package)\b|\b(?:tier|level|plan)\s*(?:is|:)\s*"
                             r"(platinum|gold|silver)\b|\bservice\s+tier\b[^.]{0,40}?\bis\s+"
                             r"(platinum|gold|silver)\b", p.text, re.I):
            f.add("tier", next(g for g in m.groups() if g).lower(), p, 0.9, m.group(0))


_BETWEEN_DATES = re.compile(
    r"^\W*(?:\([^)]{0,40}\)\s*)?,?\s*(?:through|thru|to|until(?:\s+and\s+including)?|-|\u2013|"
    r"and\s+(?:shall\s+)?(?:ends?|ending|expires?|expiring|terminates?|terminating|continues?\s+"
    r"(?:until|through))(?:\s+on)?|and\s+end(?:s|ing)?\s+on)\s*(?:the\s+)?$", re.I)


def _term(paras, f: _Fields, day_first):
    def dates(text):
        return find_dates(text, day_first)

    def conf_of(*ds):
        return 0.97 if all(d.confident for d in ds) else 0.6

    for p, v in _kv(paras, r"term", r"contract\s+period", r"initial\s+term", r"contract\s+term",
                    r"agreement\s+term", r"period\s+of\s+(?:performance|service)", r"term\s+of\s+agreement",
                    r"service\s+period"):
        ds = dates(v)
        if len(ds) >= 2 and _BETWEEN_DATES.match(v[ds[0].end:ds[1].start]):
            f.add("start_date", ds[0].value, p, conf_of(ds[0]))
            f.add("end_date", ds[1].value, p, conf_of(ds[1]))
    for p, v in _kv(paras, r"effective\s+date", r"commencement\s+date", r"(?:service\s+)?start\s+date",
                    r"commencement", r"start"):
        ds = dates(v[:40])
        if ds and ds[0].start < 5:
            f.add("start_date", ds[0].value, p, conf_of(ds[0]))
    for p, v in _kv(paras, r"expiration\s+date", r"expiry\s+date", r"(?:service\s+)?end\s+date",
                    r"termination\s+date", r"expiry", r"end"):
        ds = dates(v[:40])
        if ds and ds[0].start < 5:
            f.add("end_date", ds[0].value, p, conf_of(ds[0]))
    # 'dated as of March 30, 2009 (the "Effective Date")'
    for p in paras:
        for m in re.finditer(r"\(\s*(?:the|this)\s+[\"\u201c]?(?:(?:renewal|amendment|variation)\s+)?(?:Effective|"
                             r"Start|Commencement)\s+Date[\"\u201d]?\s*\)",
                             p.text, re.I):
            ds = [d for d in dates(p.text[:m.start()]) if m.start() - d.end <= 4]
            if ds:
                f.add("start_date", ds[-1].value, p, min(0.9, conf_of(ds[-1])),
                      p.text[max(0, ds[-1].start - 40):m.end()])
    if not f.has("end_date"):
        # "... for the remainder of the Agreement's term, which ends on Jan 31, 2026." (reader_term.py)
        for d, p, s in term_end_clauses(paras, _sentences, dates):
            f.add("end_date", d.value, p, min(0.9, conf_of(d)), s)
    if f.has("start_date") and f.has("end_date"):
        return
    # Prose: two dates joined by "through" / "and ends on" in a sentence about the term.
    for p in paras:
        for s in _sentences(p.text):
            if not re.search(r"\b(term|period|effective|commenc\w*|agreement|statement\s+of\s+work)\b", s,
                                       re.I) or \
                    re.search(r"\bclosed\b|holiday", s, re.I):
                continue
            ds = dates(s)
            for a, b in zip(ds, ds[1:]):
                if _BETWEEN_DATES.match(s[a.end:b.start]) and b.value > a.value:
                    f.add("start_date", a.value, p, min(0.92, conf_of(a)), s)
                    f.add("end_date", b.value, p, min(0.92, conf_of(b)), s)
                    break
            else:
                if len(ds) == 1 and not f.has("start_date"):
                    d = ds[0]
                    pre = s[:d.start]
                    if re.search(r"(?:commenc\w*|begin\w*|start\w*|effective)\s+(?:as\s+of\s+|on\s+|"
                                 r"from\s+)?(?:the\s+)?$", pre, re.I) and re.search(
                                     r"\bterm\b|\bagreement\b", s, re.I):
                        f.add("start_date", d.value, p, min(0.85, conf_of(d)), s)


_TERM_LENGTH = re.compile(
    r"(?:for\s+(?:a|an\s+initial)\s+(?:\w+\s+)?term\s+of|^initial\s+term\s*:?|^(?:contract\s+)?term\s*:?)\s*"
    r"((?:[a-z]+(?:-[a-z]+)?\s+)?\(\d+\)|\d+|[a-z]+(?:-[a-z]+)?)\s*(?:calendar\s+)?months?\s+"
    r"(?:from|after|commencing\s+on|starting\s+on)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}(?:start|effective|"
    r"commencement)\s+date", re.I)


def _add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    y, m = d.year + y, m + 1
    import calendar
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _term_length(paras, f: _Fields):
    """'continues for a term of twenty-four (24) months from the Effective Date', 'Initial Term:
    12 months from the Service Start Date' -> end_date = start + N months - 1 day (inclusive,
    spec section 2), from the one confident start date."""
    if f.has("end_date"):
        return
    starts = {v for v, _, _, c in f.cands.get("start_date", []) if c >= CONFIDENT}
    if len(starts) != 1:
        return
    start = starts.pop()
    start_conf = min(c for v, _, _, c in f.cands["start_date"] if v == start)
    for p in paras:
        for s in _sentences(p.text):
            m = _TERM_LENGTH.search(s)
            if not m or re.search(r"\b(?:prior|previous|supersed\w*)\b", s, re.I):
                continue
            n = words_or_digits(m.group(1))
            if n and 0 < n <= 120:
                end = _add_months(start, n) - timedelta(days=1)
                f.add("end_date", end, p, min(0.92, start_conf), s)


def _renewal(paras, f: _Fields):
    for p, v in _kv(paras, r"auto(?:matic)?[- ]?renew(?:al|s)?", r"renewal\s+type"):
        t = v.lower()
        if re.match(r"(yes|true|automatic)", t):
            f.add("auto_renew", True, p, 0.97)
        elif re.match(r"(no\b|false|none|not)", t):
            f.add("auto_renew", False, p, 0.97)
    for p, v in _kv(paras, r"renewal\s+notice(?:\s+period)?", r"notice\s+of\s+non-renewal",
                    r"non-renewal\s+notice", r"notice\s+period\s+for\s+non-renewal"):
        m = re.match(r"((?:[a-z]+(?:-[a-z]+)?\s+)?\(\d+\)|\d+|[a-z]+(?:-[a-z]+)?)\s*(?:calendar\s+)?days",
                     v, re.I)
        if m and words_or_digits(m.group(1)) is not None:
            f.add("renewal_notice_days", words_or_digits(m.group(1)), p, 0.97)
    for p in paras:
        for s in _sentences(p.text):
            low = s.lower()
            if not f.has("auto_renew") and re.search(r"renew\w*\s+automatically|automatic(?:ally)?"
                                                     r"\s+(?:be\s+)?renew", low):
                neg = re.search(r"\b(?:not|no|never|without)\b[^.]{0,30}(?:renew\w*\s+automatically"
                                r"|automatic(?:ally)?\s+(?:be\s+)?renew)", low)
                f.add("auto_renew", not neg, p, 0.9, s)
            # Only a notice that stops a renewal: "notice of non-renewal", "notice of
            # termination ... prior to the expiration of the ... Renewal Term".
            if re.search(r"renew", low) and "notice" in low and not f.has("renewal_notice_days") \
                    and re.search(r"non-?renewal|not\s+(?:to\s+)?renew|terminat|cancel|"
                                  r"prior\s+to\s+the\s+(?:end|expiration|expiry)|before\s+the\s+"
                                  r"(?:end|expiration|expiry)", low) \
                    and not re.search(r"rate|price|fee", low):
                m = re.search(r"(?:at\s+least|not\s+less\s+than|no\s+less\s+than|minimum\s+of|"
                              r"within)?\s*((?:[a-z]+(?:-[a-z]+)?\s+)?\(\d+\)|\d+)\s*(?:calendar\s+)?"
                              r"days'?\s*(?:prior\s+)?(?:written\s+)?(?:notice|before|prior)", low)
                if m and words_or_digits(m.group(1)) is not None:
                    f.add("renewal_notice_days", words_or_digits(m.group(1)), p, 0.88, s)
    for p, v in _kv(paras, r"previous\s+(?:agreement|contract)", r"prior\s+(?:agreement|contract)",
                    r"supersedes", r"replaces", r"renewal\s+of", r"predecessor(?:\s+(?:agreement|contract))?"):
        cid = _id_in(v)
        if cid:
            f.add("previous_contract_id", cid, p, 0.97)
    for ident, p, snippet in previous_contract_ids(paras):
        f.add("previous_contract_id", ident, p, 0.93, snippet)


def _money_after_label(v: str):
    ms = find_money(v[:60])
    if ms and v.find(ms[0].text) <= 12:
        return ms[0]
    return None


def _fees(paras, f: _Fields, country):
    currencies = []
    for p, v in _kv(paras, r"annual\s+contract\s+value", r"annual\s+value",
                    r"total\s+annual\s+(?:fees?|value|contract\s+value)", r"annual\s+fees?",
                    r"estimated\s+annual\s+(?:value|fees?)", r"annual\s+estimate",
                    r"annual\s+contract\s+price"):
        m = _money_after_label(v)
        if m:
            f.add("annual_value", m.amount, p, 0.97)
            currencies.append((m, p))
    if not f.has("annual_value"):
        for p in paras:
            for mm in re.finditer(r"annual\s+(?:contract\s+)?value\s+of\s+(?:this\s+agreement\s+)?"
                                  r"(?:is\s+)?(.{0,30})", p.text, re.I):
                ms = find_money(mm.group(1))
                if ms:
                    f.add("annual_value", ms[0].amount, p, 0.9, mm.group(0))
                    currencies.append((ms[0], p))
    if not f.has("annual_value"):
        # "The annual contract value is A$109,200.00." / "The estimated annual spend under this
        # engagement is USD 64,000." / "... is accordingly revised to £109,800."
        for p in paras:
            for s in _sentences(p.text):
                mm = re.search(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?(?:the\s+)?(?:estimated\s+|total\s+)?annual\s+(?:contract\s+)?"
                               r"(?:value|spend|fees?|price)(?:\s+(?:under|of)\s+this\s+\w+)?\s+"
                               r"(?:is|are|will\s+be|shall\s+be)\s+(?:\w+ly\s+)?(?:revised\s+to\s+)?(.{0,30})",
                               s, re.I)
                if mm:
                    ms = find_money(mm.group(1))
                    if ms and mm.group(1).find(ms[0].text) <= 1:
                        f.add("annual_value", ms[0].amount, p, 0.9, s)
                        currencies.append((ms[0], p))
    if not f.has("annual_value"):
        for p, v in _kv(paras, r"per\s+(?:year|annum)", r"(?:estimated\s+)?annual\s+spend",
                        r"yearly\s+(?:fee|value|total)"):
            m = _money_after_label(v)
            if m:
                f.add("annual_value", m.amount, p, 0.9)
                currencies.append((m, p))
    if not f.has("annual_value"):
        _annual_from_line_items(paras, f)
    for p, v in _kv(paras, r"currency"):
        m = re.match(r"([A-Z]{3})\b", v)
        if m:
            f.add("currency", m.group(1), p, 0.97)
    if not f.has("currency"):
        all_money = [(m, p) for p in paras for m in find_money(p.text)]
        stated = currencies or all_money
        codes = {m.currency for m, _ in stated if m.currency}
        if len(codes) == 1:
            code = codes.pop()
            m, p = next((m, p) for m, p in stated if m.currency == code)
            if m.text.startswith("$") and country not in (None, "US"):
                f.problem(f"currency: '$' in a document for country {country}: which dollar?")
            else:
                explicit = not m.text.startswith("$")
                f.add("currency", code, p, 0.95 if explicit else (0.9 if country == "US" else 0.85),
                      m.text)
        elif len(codes) > 1:
            f.problem("currency: amounts in several currencies (" + ", ".join(sorted(codes)) + ")")

    _billing_model(paras, f)

    for p, v in _kv(paras, r"monthly\s+(?:service\s+|support\s+|block\s+)?(?:fee|charge|retainer|price)",
                    r"fixed\s+monthly\s+fee", r"monthly\s+amount"):
        m = _money_after_label(v)
        if m:
            f.add("billing.monthly_fee", m.amount, p, 0.97)
    if not f.has("billing.monthly_fee"):
        for p in paras:
            for mm in re.finditer(r"monthly\s+fee\s+of\s+(.{0,30})", p.text, re.I):
                ms = find_money(mm.group(1))
                if ms and mm.group(1).find(ms[0].text) <= 2:
                    f.add("billing.monthly_fee", ms[0].amount, p, 0.9, mm.group(0))
    for p, v in _kv(paras, r"included\s+(?:support\s+)?hours", r"hours\s+included", r"block\s+hours",
                    r"monthly\s+(?:hour\s+)?block", r"block\s+size", r"included\s+hours\s+per\s+month"):
        m = re.match(r"((?:[a-z]+(?:-[a-z]+)?\s+)?\(\d+(?:\.\d+)?\)|\d+(?:[.,]\d+)?)\s*(?:support\s+)?"
                     r"hours", v, re.I)
        if m:
            f.add("billing.included_hours_per_month", _hours_number(m.group(1)), p, 0.97)
    if not f.has("billing.included_hours_per_month"):
        for p in paras:
            for mm in re.finditer(r"(?:block\s+of|includes?|including)\s+((?:[a-z]+(?:-[a-z]+)?\s+)?"
                                  r"\(\d+\)|\d+(?:[.,]\d+)?)\s+(?:support\s+|service\s+)?hours\s+"
                                  r"(?:per|each|a|every)\s+(?:calendar\s+)?month", p.text, re.I):
                f.add("billing.included_hours_per_month", _hours_number(mm.group(1)), p, 0.9,
                      mm.group(0))
    for p, v in _kv(paras, r"overage(?:\s+(?:hourly\s+)?rate)?", r"excess\s+hours?\s+rate",
                    r"additional\s+hours?\s+rate"):
        m = _money_after_label(v)
        if m:
            f.add("billing.overage_rate", m.amount, p, 0.97)
    if not f.has("billing.overage_rate"):
        for p in paras:
            for mm in re.finditer(r"(?:beyond|in\s+excess\s+of|exceeding|over)\s+the\s+(?:monthly\s+)?"
                                  r"(?:block|included\s+hours)[^.]{0,60}?(?:at|of)\s+(.{0,60})",
                                  p.text, re.I):
                ms = find_money(mm.group(1))
                if ms and mm.group(1).find(ms[0].text) <= 30:
                    f.add("billing.overage_rate", ms[0].amount, p, 0.88, mm.group(0))
    rate_labels = {
        "standard": (r"standard(?:\s+hourly)?\s+rate", r"normal(?:\s+hourly)?\s+rate",
                     r"business[- ]hours\s+rate", r"standard\s+labou?r\s+rate"),
        "after_hours": (r"after[- ]hours(?:\s+hourly)?\s+rate", r"out[- ]of[- ]hours\s+rate"),
        "emergency": (r"emergency(?:\s+hourly)?\s+rate", r"emergency\s+call[- ]out\s+rate"),
    }
    for key, labels in rate_labels.items():
        for p, v in _kv(paras, *labels):
            m = _money_after_label(v)
            if m:
                f.add(f"billing.rates.{key}", m.amount, p, 0.97)
    # A rate card table: "Standard | Business hours | $150/hr".
    for p in paras:
        if p.cells and len(p.cells) >= 2:
            head = p.cells[0].lower()
            key = ("after_hours" if re.search(r"after[- ]hours|out[- ]of[- ]hours", head) else
                   "emergency" if "emergency" in head else "standard" if "standard" in head else None)
            if key:
                ms = [m for c in p.cells[1:] for m in find_money(c)]
                if len(ms) == 1:
                    f.add(f"billing.rates.{key}", ms[0].amount, p, 0.95)
    _rates_in_clauses(paras, f)


@lru_cache(maxsize=1)
def _billing_vocab():
    data = yaml.safe_load((Path(__file__).with_name("vocab") / "billing.yaml").read_text(encoding="utf-8"))
    words = {k: re.compile(r"\s*(?:" + v + ")", re.I) for k, v in data["value_words"].items()}
    cues = {k: re.compile("|".join(v), re.I) for k, v in data["sentence_cues"].items()}
    return words, cues


def _billing_model(paras, f: _Fields):
    words, cues = _billing_vocab()
    for p, v in _kv(paras, r"billing\s+(?:model|basis|method|type|arrangement)", r"pricing\s+model",
                    r"fee\s+(?:model|structure|basis)", r"model"):
        hits = [k for k, rx in words.items() if rx.match(v)]
        if len(hits) == 1:
            f.add("billing.model", hits[0], p, 0.97)
    if f.has("billing.model"):
        return
    for p in paras:
        for s in ([p.text] if p.cells else _sentences(p.text)):
            for k, rx in cues.items():
                if rx.search(s):
                    f.add("billing.model", k, p, 0.88, s)


def _annual_from_monthly_fee(f: _Fields):
    """No annual value printed, a fixed or block-hours monthly fee stated: the value per year is
    twelve of them (spec section 2: per year, also for multi-year terms)."""
    if f.has("annual_value"):
        return
    got = f.result()
    model, fee = got.get("billing.model"), got.get("billing.monthly_fee")
    if model and fee and model.confidence >= CONFIDENT and fee.confidence >= CONFIDENT \
            and model.value in ("fixed_fee", "block_hours"):
        f.cands["annual_value"] = [(fee.value * 12, fee.page, fee.snippet,
                                    round(min(0.85, fee.confidence), 3))]


def _annual_from_line_items(paras, f: _Fields):
    """A quote's priced table (Description | Qty | Unit price | Total) with one line item billed
    for twelve months ("..., 16 hours per month | 12 | ..." or "... (12 months)"): its total is
    the 12-month value."""
    for i, p in enumerate(paras):
        if not p.cells:
            continue
        head = [c.lower() for c in p.cells]
        qty = next((j for j, c in enumerate(head) if re.fullmatch(r"qty|quantity|months?|term", c.strip())), None)
        tot = next((j for j, c in enumerate(head) if re.fullmatch(r"(?:line\s+)?total|amount", c.strip())), None)
        if qty is None or tot is None:
            continue
        rows = []
        for q in paras[i + 1:i + 6]:
            if not q.cells or len(q.cells) != len(p.cells) or not find_money(q.cells[tot]):
                break
            rows.append(q)
        if len(rows) != 1:
            continue  # several items: which of them recur yearly is not said
        row = rows[0]
        desc = " ".join(c for j, c in enumerate(row.cells) if j not in (qty, tot))
        monthly = re.search(r"\bper\s+month\b|\bmonthly\b", desc, re.I)
        twelve = row.cells[qty].strip() == "12" and monthly
        if twelve or re.search(r"\(\s*12\s+months?\s*\)|\btwelve\s+months\b|\bannual\b", desc, re.I):
            f.add("annual_value", find_money(row.cells[tot])[0].amount, row, 0.88, row.text)
            return


_RATE_KINDS = {
    "after_hours": re.compile(r"after[- ]hours|out[- ]of[- ]hours|outside\s+(?:of\s+)?(?:the\s+)?"
                              r"(?:coverage|support)\s+(?:hours|window)", re.I),
    "emergency": re.compile(r"emergency|call[- ]outs?", re.I),
    "standard": re.compile(r"\bstandard\b|\bnormal\b|within\s+(?:the\s+)?(?:coverage|support)\s+"
                           r"(?:hours|window)", re.I),
}
_HOURLY = re.compile(r"per\s+hour|/\s*(?:hour|hr|h)\b|\bhourly\b|\blabou?r\b|\ban\s+hour\b", re.I)


def _rates_in_clauses(paras, f: _Fields):
    """Hourly rates wherever they are printed: 'USD 190 per hour for after-hours work;',
    'Labour: standard USD 175.00/hr, after-hours USD 260.00/hr', a rate card row 'After hours |
    USD 260'. A clause naming exactly one kind of rate and one amount, and saying it is hourly
    (here or in its row/paragraph), is a candidate; differing candidates cancel out (review)."""
    new_col = None  # a "Rate | Previous rate | New rate" table: the column that states the terms
    hourly_at = -10  # index of the last heading saying the amounts below are hourly
    for i, p in enumerate(paras):
        if p.cells is not None:
            low = [c.lower() for c in p.cells]
            if any(re.search(r"\b(?:previous|old|current)\b", c) for c in low):
                news = [j for j, c in enumerate(low) if re.search(r"\b(?:new|revised|amended)\b", c)]
                new_col = (news[0], len(p.cells)) if len(news) == 1 else None
                continue
            if new_col and len(p.cells) == new_col[1]:
                head = p.cells[0]
                ms = find_money(p.cells[new_col[0]])
                key = ("billing.overage_rate" if re.search(r"\boverage\b", head, re.I) else
                       "billing.monthly_fee" if re.search(r"monthly\s+(?:fee|charge)", head, re.I) else None)
                if key is None:
                    kinds = [k for k, rx in _RATE_KINDS.items() if rx.search(head)]
                    key = f"billing.rates.{kinds[0]}" if len(kinds) == 1 else None
                if key and len(ms) == 1:
                    f.add(key, ms[0].amount, p, 0.9, " | ".join(p.cells))
                continue
        else:
            new_col = None
        if re.search(r"\b(?:previous|prior|old|former|deleted)\b", p.text, re.I):
            continue  # an amendment's superseded rates
        if re.search(r"hourly\s+rate|rate\s+type|labou?r\s+rates?|rate\s+card", p.text, re.I) and \
                not find_money(p.text):
            hourly_at = i
        hourly_para = bool(_HOURLY.search(p.text)) or i - hourly_at <= 4
        clauses = [p.text] if p.cells is not None else re.split(r";\s+|\.\s+", p.text)
        # "standard USD 175.00/hr, after-hours USD 260.00/hr": commas part kinds, not a label
        # from its amount ("Standard labour, per hour A$135.00").
        clauses = [x for c in clauses for x in (
            re.split(r",\s+(?=[A-Za-z])", c)
            if sum(1 for rx in _RATE_KINDS.values() if rx.search(c)) > 1 else [c])]
        for c in clauses:
            kinds = [k for k, rx in _RATE_KINDS.items() if rx.search(c)]
            if len(kinds) != 1 or f.has(f"billing.rates.{kinds[0]}") and \
                    any(conf >= 0.95 for *_, conf in f.cands[f"billing.rates.{kinds[0]}"]):
                continue
            ms = find_money(c)
            if len(ms) != 1 or not (_HOURLY.search(c) or hourly_para):
                continue
            if re.search(r"\boverage\b|beyond\s+the|in\s+excess|monthly|per\s+month|annual|surcharge|"
                         r"\bplus\b|premium|discount", c, re.I):
                continue
            f.add(f"billing.rates.{kinds[0]}", ms[0].amount, p, 0.88, c)


def _hours_number(text: str):
    m = re.search(r"\((\d+(?:\.\d+)?)\)", text)
    raw = m.group(1) if m else text
    n = parse_number(raw)
    if n is None:
        return None
    return int(n) if n == n.to_integral_value() else n


_TZ = None


def _zones():
    global _TZ
    if _TZ is None:
        _TZ = available_timezones()
    return _TZ


def _coverage(paras, f: _Fields, day_first, country=None):
    labels = (r"coverage\s+hours", r"support\s+hours", r"hours\s+of\s+(?:coverage|support|service|"
              r"operation)", r"service\s+(?:window|hours)", r"covered\s+hours", r"support\s+window",
              r"coverage\s+window", r"coverage", r"business\s+hours")
    for p, v in _kv(paras, *labels):
        spec = parse_hours(v)
        if spec:
            f.add("coverage.hours", spec, p, 0.96)
        elif v and not re.match(r"^(?:holidays|time|zone)", v, re.I) and re.search(r"\d", v):
            f.problem(f"coverage.hours: cannot read {v[:80]!r}")
    if not f.has("coverage.hours"):
        for p in paras:
            for s in _sentences(p.text):
                m = re.search(r"(?:support|services?|coverage|help\s*desk|service\s+desk)\s+(?:is|are|"
                              r"will\s+be|shall\s+be)\s+(?:provided|available|delivered)\s+(.*)", s, re.I)
                if m:
                    spec = parse_hours(m.group(1))
                    if spec:
                        f.add("coverage.hours", spec, p, 0.9, s)
    if not f.has("coverage.hours"):
        _coverage_in_sentences(paras, f)
    zones = _zones()
    for p, v in _kv(paras, r"time\s*zone"):
        tok = v.split()[0].rstrip(".,;)") if v.split() else ""
        if tok in zones:
            f.add("coverage.timezone", tok, p, 0.97)
        else:
            for zone, phrase in zone_mentions(v[:60], country):
                if v.find(phrase) <= 3:  # "Time Zone: Central Time"
                    f.add("coverage.timezone", zone, p, 0.95)
    if not f.has("coverage.timezone"):
        for p in paras:
            for m in re.finditer(r"\b([A-Z][A-Za-z_]+/[A-Z][A-Za-z_]+(?:/[A-Z][A-Za-z_]+)?)\b", p.text):
                if m.group(1) in zones and re.search(r"\btime\b|\bzone\b", p.text, re.I):
                    f.add("coverage.timezone", m.group(1), p, 0.9, m.group(0))
    if not f.has("coverage.timezone"):
        # "weekdays 08:00-18:00 Central Time (closed on public holidays)": a zone named in a
        # sentence about the coverage hours. Two different zones -> a conflict (review).
        for p in paras:
            for s in _sentences(p.text):
                if not (re.search(r"\d{1,2}(?::\d{2})?\s*(?:am|pm)?\s*(?:-|to|\u2013)\s*\d", s, re.I)
                        or re.search(r"\b(?:times?|hours)\b[^.]{0,40}\bare\b", s, re.I)):
                    continue
                for zone, phrase in zone_mentions(s, country):
                    f.add("coverage.timezone", zone, p, 0.9, s)
    for p, v in _kv(paras, r"public\s+holidays?", r"bank\s+holidays?", r"holidays?"):
        t = v.lower()
        if re.search(r"closed|exclud|except|not\s+(?:covered|available|included|provided)|observed|"
                     r"no\s+(?:coverage|service)", t):
            f.add("coverage.public_holidays", True, p, 0.95)
        elif re.search(r"\bopen\b|includ|covered|available|normal", t):
            f.add("coverage.public_holidays", False, p, 0.95)
    if not f.has("coverage.public_holidays"):
        for p in paras:
            for s in _sentences(p.text):
                if re.search(r"(?:excluding|except(?:\s+on)?|other\s+than|closed\s+on)\s+(?:\w+\s+){0,3}"
                             r"public\s+holidays", s, re.I):
                    f.add("coverage.public_holidays", True, p, 0.9, s)
                elif re.search(r"including\s+(?:\w+\s+){0,3}public\s+holidays|open\s+on\s+public\s+"
                               r"holidays", s, re.I):
                    f.add("coverage.public_holidays", False, p, 0.9, s)
    for p, v in _kv(paras, r"(?:additional\s+)?closed\s+dates?", r"closure\s+dates?",
                    r"(?:additional\s+)?(?:office\s+)?closures?", r"days\s+closed",
                    r"additional\s+closed\s+days"):
        if re.match(r"none\b|n/a", v, re.I):
            f.add("coverage.closed_dates", [], p, 0.95)
            continue
        ds = find_dates(v, day_first)
        if ds:
            conf = 0.96 if all(d.confident for d in ds) else 0.6
            f.add("coverage.closed_dates", [d.value for d in ds], p, conf)


_COVER_CUE = re.compile(
    r"(?:support|coverage|service|covered)\s+(?:hours|window)[\"\u201d)]*(?:\s*\([^)]{0,40}\))?\s*(?:are|is|:|\|)?"
    r"|hours\s+of\s+(?:cover(?:age)?|support|service)\s*(?:are|is|:)?|\bcover\s*:|^hours\s*(?::|\|)"
    r"|(?:available|provided|delivered)\s+(?:on\s+)?(?=weekdays|mon|24)", re.I)
_DAYS_START = re.compile(r"\b(?:weekdays|mon(?:day)?s?\b|24\s*(?:x|hours))", re.I)


def _coverage_in_sentences(paras, f: _Fields):
    """'The Support Hours ("Coverage Hours") are Monday through Friday, 08:00 to 17:00 ...',
    'Cover: weekdays 08:00-17:00 Berlin time', 'Hours | Monday through Friday, 08:00 to 18:00':
    the hours that follow a coverage cue. Two readings that differ cancel out (review)."""
    for p in paras:
        for s in _sentences(p.text):
            for m in _COVER_CUE.finditer(s):
                d = _DAYS_START.search(s, m.end())
                if not d or d.start() - m.end() > 25:
                    continue
                spec = parse_hours(s[d.start():])
                if spec:
                    f.add("coverage.hours", spec, p, 0.9, s)
                    break


_PRIORITY = re.compile(r"^\s*(?:P\s?([1-4])|priority\s*([1-4])|severity\s*([1-4])|sev\s*([1-4]))\b",
                       re.I)
_PRIORITY_WORD = {"critical": 1, "urgent": 1, "high": 2, "medium": 3, "normal": 3, "moderate": 3,
                  "low": 4}


def _clock_of(text: str) -> str | None:
    return clock_of(text)  # cues as data: vocab/sla.yaml (extractors/reader_sla.py)


def _sla(paras, f: _Fields, coverage_spec: str | None):
    rows: dict[str, dict] = {}

    def put(prio: str, key: str, value, para, snippet, conf=0.96):
        rows.setdefault(prio, {})
        if key in rows[prio] and rows[prio][key][0] != value:
            rows[prio][key] = ("CONFLICT", para, snippet, 0)
        else:
            rows[prio][key] = (value, para, snippet, conf)

    levels = declared_levels(paras)  # the document's own severity names, in its order
    # Tables with a header naming the columns (header words: vocab/sla.yaml).
    header = None
    for p in paras:
        if p.cells is None:
            header = None
            continue
        kinds = [column_kind(c) for c in p.cells]
        if "response" in kinds and "resolution" in kinds and _priority_of(p.cells[0]) is None:
            header = kinds
            continue
        if header is None or len(p.cells) != len(header):
            continue
        prio = levels.get(" ".join(p.cells[0].lower().split())) or _priority_of(p.cells[0])
        if prio is None:
            continue
        for kind, cell in zip(header, p.cells):
            if kind in ("response", "resolution"):
                ds = find_durations(cell)
                if len(ds) == 1:
                    put(prio, kind, ds[0], p, p.text)
            elif kind == "clock":
                c = _clock_of(cell)
                if c:
                    put(prio, "clock", c, p, p.text)
    # Lines and sentences: "P1 - Critical: Response Time 60 minutes; Resolution 4 hours; ..."
    for p in paras:
        if p.cells is not None:
            continue
        for s in _sentences(p.text) if not _PRIORITY.match(p.text) else [p.text]:
            prio = _priority_of(strip_clause_number(s))
            if prio is None:
                # "The Provider shall respond to Sev 1 incidents ...", "6 High incidents shall ..."
                prio = priority_in(s, levels) if re.search(r"respon|resol", s, re.I) else None
                if prio is None:
                    continue
            resp = re.search(r"(?:respon\w*|acknowledg\w*)", s, re.I)
            reso = re.search(r"(?:resol\w*|restor\w*|fix\w*)", s, re.I)
            ds = find_durations(s)
            for d in ds:
                # The duration belongs to the nearest keyword before it.
                kws = [(k.end(), name) for k, name in ((resp, "response"), (reso, "resolution"))
                       if k and k.end() <= d.start]
                if not kws:
                    continue
                name = max(kws)[1]
                put(prio, name, d, p, s, 0.93)
            c = _clock_of(s.split(":", 1)[-1] if _PRIORITY.match(s) else s)
            if c:
                put(prio, "clock", c, p, s, 0.93)
    # "Urgent targets run around the clock (elapsed time). High, Normal targets count Coverage Hours."
    for prio, c, p, s in clock_statements(paras, levels, _sentences, find_durations):
        put(prio, "clock", c, p, s, 0.9)
    # A priority row without any target is not an SLA ("Severity 1: updates every two hours").
    rows = {k: v for k, v in rows.items() if "response" in v or "resolution" in v}
    if not rows:
        f.problem("sla: no SLA section found")
        return
    # A clock stated once for all priorities.
    general_clock = None
    for p in paras:
        m = re.search(r"(?:all\s+)?(?:service\s+levels?|targets?|response\s+and\s+resolution\s+times?)"
                      r"\s+(?:are\s+|is\s+)?measured\s+in\s+([\w\s-]{3,30})", p.text, re.I)
        if m and not _priority_of(p.text):
            general_clock = (_clock_of(m.group(1)), p)
    lengths = day_lengths(coverage_spec) if coverage_spec else None
    for prio in sorted(rows):
        row = rows[prio]
        for key in ("response", "resolution"):
            if key not in row:
                continue
            d, para, snippet, conf = row[key]
            name = f"sla.{prio}.{key}_minutes"
            if d == "CONFLICT":
                f.problem(f"{name}: the document states conflicting values")
                continue
            if d.minutes is not None:
                f.add(name, d.minutes, para, conf, snippet)
                continue
            if not lengths:
                f.problem(f"{name}: {d.text!r} but the coverage hours are not stated")
                continue
            if len(set(lengths.values())) != 1:
                f.problem(f"{name}: {d.text!r} with unequal coverage days")
                continue
            f.add(name, d.business_days * next(iter(lengths.values())), para, min(conf, 0.9), snippet)
        if "clock" in row:
            c, para, snippet, conf = row["clock"]
            if c == "CONFLICT":
                f.problem(f"sla.{prio}.clock: the document states conflicting values")
            else:
                f.add(f"sla.{prio}.clock", c, para, conf, snippet)
        elif general_clock and general_clock[0]:
            f.add(f"sla.{prio}.clock", general_clock[0], general_clock[1], 0.9)
        elif any(row.get(k, (None,))[0] not in (None, "CONFLICT") and row[k][0].business_days
                 for k in ("response", "resolution")):
            f.add(f"sla.{prio}.clock", "business", row.get("resolution", row.get("response"))[1],
                  0.8)


def _priority_of(text: str) -> str | None:
    m = _PRIORITY.match(text)
    if m:
        return f"P{next(g for g in m.groups() if g)}"
    # "High (P1)": the number wins over the name.
    m = re.search(r"\b(?:P|priority\s*|severity\s*|sev\s*)([1-4])\b", text[:30], re.I)
    if m and re.match(r"^\s*(?:critical|urgent|high|medium|normal|moderate|low)\b", text, re.I):
        return f"P{m.group(1)}"
    # A bare level name only as a row label ("High:", "High - ...", "Critical incidents"), not
    # in prose ("Normal business hours responses ...").
    m = re.match(r"^\s*(critical|urgent|high|medium|normal|moderate|low)\b\s*(?:[:\-\u2013(|]|"
                 r"priority|severity|incidents?|issues?|tickets?|$)", text, re.I)
    if m:
        return f"P{_PRIORITY_WORD[m.group(1).lower()]}"
    return None


def _split_list(v: str) -> list[str]:
    v = v.strip().rstrip(".")
    sep = ";" if ";" in v else ","
    parts = [p.strip() for p in v.split(sep)]
    if sep == "," and parts:
        # "A, B and C" / "A, B, and C"
        last = re.split(r"\s+and\s+", parts[-1], maxsplit=1) if len(parts) > 1 else [parts[-1]]
        parts = parts[:-1] + last
    items = []
    for part in parts:
        part = re.sub(r"^(?:and|or)\s+", "", part).strip()
        if part:
            items.append(part)
    return items


def _bullets_after(paras, p) -> list[str]:
    i = paras.index(p)
    out = []
    for q in paras[i + 1:]:
        m = re.match(r"^[-\u2022*]\s+(.*)$", q.text)
        if not m:
            break
        out.append(m.group(1).strip().rstrip(".;"))
    return out


_SCOPE_HEADING = re.compile(
    r"(?:included|excluded|covered|in[- ]scope|out[- ]of[- ]scope)\s+services|services\s+(?:in\s+scope|"
    r"not\s+(?:included|covered)|excluded)|exclusions|excluded|inclusions", re.I)


def _scope(paras, f: _Fields):
    for name, labels in (
            ("included_services", (r"included\s+services", r"services\s+in\s+scope",
                                   r"in[- ]scope\s+services", r"covered\s+services", r"includes")),
            ("excluded_services", (r"excluded\s+services", r"out[- ]of[- ]scope\s+services",
                                   r"services\s+not\s+covered", r"exclusions", r"excluded",
                                   r"not\s+included"))):
        for p, v in _kv(paras, *labels):
            if _SCOPE_HEADING.fullmatch(v.strip().rstrip(":")):
                continue  # two lists side by side: "In-Scope Services | Services Not Included"
            if not v:
                items = _bullets_after(paras, p)
                if items:
                    f.add(name, [snake_case(x) for x in items], p, 0.93)
                continue
            if re.match(r"^(?:all\b|any\b|none\b|n/a|no\s+exclusions)", v, re.I):
                f.add(name, [], p, 0.93)
                continue
            items = [snake_case(x) for x in _split_list(v)]
            if items and all(items) and all(len(x) <= 40 for x in items):
                f.add(name, items, p, 0.96)
    for kind, items, p in scope_lists(paras):
        name = f"{kind}_services"
        if not any(c >= 0.95 for *_, c in f.cands.get(name, [])):
            f.add(name, [snake_case(x) for x in items], p, 0.9, p.text + ": " + "; ".join(items))
    cred_labels = (r"required\s+credentials", r"required\s+certifications",
                   r"technician\s+credentials", r"credentials\s+required")
    whole = {id(p): v for p, v in _kv(paras, *cred_labels, whole=True)}
    for p, v in _kv(paras, *cred_labels):
        if re.match(r"^none\b", v, re.I):
            f.add("compliance.required_credentials", [], p, 0.93)
        elif v:
            # Cut at what looked like the next label ("Microsoft Certified: ..."): unsure.
            cut = not _first_sentence(whole.get(id(p), v)).startswith(v) or \
                len(_first_sentence(whole.get(id(p), v))) > len(v) + 1
            f.add("compliance.required_credentials", _split_list(v), p, 0.6 if cut else 0.96)
        else:
            items = _bullets_after(paras, p)
            if items:
                f.add("compliance.required_credentials", items, p, 0.93)
    if not f.cands.get("compliance.required_credentials"):
        _credentials_in_sentences(paras, f)
    sec_labels = (r"security\s+clauses", r"security\s+requirements",
                  r"security\s+(?:and|&)\s+privacy(?:\s+requirements)?", r"security\s+terms")
    for p, v in _kv(paras, *sec_labels):
        if not _label_re(*sec_labels).match(p.text):
            # "... shall meet the following security requirements: A" + "B; C.": a label inside a
            # sentence whose list may run on; the sentence reader follows it (or leaves it out)
            continue
        if re.match(r"^none\b", v, re.I):
            f.add("compliance.security_clauses", [], p, 0.93)
        elif v:
            f.add("compliance.security_clauses", _split_list(v), p, 0.96)
        else:
            items = _bullets_after(paras, p)
            if items:
                f.add("compliance.security_clauses", items, p, 0.93)
    for p in paras:  # an order form's row "Security | A, B"
        if p.cells and len(p.cells) == 2 and p.cells[0].strip().lower() == "security" and p.cells[1].strip():
            items = [x.strip() for x in re.split(r";" if ";" in p.cells[1] else r",", p.cells[1].rstrip(". "))]
            if all(2 <= len(x) <= 70 for x in items):
                f.add("compliance.security_clauses", items, p, 0.93)
    if not f.cands.get("compliance.security_clauses"):
        _security_in_sentences(paras, f)
    if not f.cands.get("compliance.security_clauses"):
        for items, p in security_label_lists(paras):  # "Security: SOC 2 Type II, HIPAA BAA" (reader_compliance.py)
            f.add("compliance.security_clauses", items, p, 0.9 if p.conf >= 1.0 else 0.7)


# "Every technician ... must hold the following current credentials: A; B." / "Technicians hold: A, B."
_CRED_SENTENCE = re.compile(
    r"\b(?:technicians?|engineers?|personnel|staff)\b[^.:]{0,160}?\b(?:hold|possess)\b"
    r"(?:\s+the\s+following)?(?:\s+(?:current|valid))?(?:\s+(?:credentials|certifications|qualifications|checks))?"
    r"\s*:\s*", re.I)
_SENTENCE_END = re.compile(r"\.(?=\s+[A-Z(]|\s*$)")


# "The Provider shall comply with the following security and data-protection obligations: A; B."
# and "... per occurrence. Security: A, B." inside a paragraph
_SECURITY_SENTENCE = re.compile(
    r"\b(?:comply\s+with|adhere\s+to|maintain|meet)\s+the\s+following\s+(?:[\w/&-]+\s+){0,4}?"
    r"(?:security|data[- ]protection)\s+(?:[\w/&-]+\s+){0,3}?(?:obligations|requirements|standards|controls)"
    r"\s*:\s*|(?:^|(?<=[.;])\s+)(?-i:Security)(?:\s+(?:requirements|standards))?\s*:\s*", re.I)


def _security_in_sentences(paras, f: _Fields):
    _credentials_in_sentences(paras, f, "compliance.security_clauses", _SECURITY_SENTENCE, None)


def _credentials_in_sentences(paras, f: _Fields, name: str = "compliance.required_credentials",
                              sentence: re.Pattern = _CRED_SENTENCE,
                              second_line: str | None = r"[^.:]{0,80}\b(?:hold|possess)\b[^.:]{0,40}:"):
    for k, p in enumerate(paras):
        if p.cells is not None:
            continue
        text = p.text
        m = sentence.search(text)
        prev = paras[k - 1] if k else None
        if not m and second_line and prev is not None and prev.cells is None and prev.page == p.page and \
                re.match(second_line, text, re.I):
            # "... Each technician attending the / Customer's premises shall hold: A, B." - the
            # second line looks like a label and starts a paragraph of its own
            text = f"{prev.text} {text}"
            m = sentence.search(text)
        if not m:
            continue
        rest = text[m.end():].strip()
        j = k + 1
        while j < len(paras) and paras[j].cells is None and paras[j].page == p.page and (
                not rest or rest.endswith((";", ","))):
            rest = f"{rest} {paras[j].text.strip()}".strip()  # the list goes on on the next line
            j += 1
        end = _SENTENCE_END.search(rest)
        if not end and j < len(paras) and paras[j].cells is None and paras[j].page == p.page and \
                not paras[j].bold and not _LABEL_START.match(paras[j].text):
            # "... obligations: Essential Eight Maturity" + "Level 2; Privacy Act 1988 (Cth).": a
            # line that looked like the start of a list item of its own
            rest = f"{rest} {paras[j].text.strip()}"
            end = _SENTENCE_END.search(rest)
        if not end:
            continue  # the list runs on where it cannot be followed: not a value
        listed = rest[:end.start()]
        items = [x.strip() for x in re.split(r";" if ";" in listed else r",", listed)]
        items = [re.sub(r"^(?:and|or)\s+", "", x) for x in items]
        if items and all(2 <= len(x) <= 70 for x in items):
            # OCR confuses I/l/1 inside names of standards ('SOC 2 Type Il') even at high word
            # confidence: a list read from a scan is a suggestion for review
            f.add(name, items, p, 0.9 if p.conf >= 1.0 else 0.7, text[m.start():m.end()] + listed)
            return


_INSURANCE = {
    "general_liability": r"(?:commercial\s+)?general\s+liability",
    "cyber_liability": r"cyber(?:\s+liability|\s+security|\s+risk)?",
    "professional_liability": r"professional\s+liability|errors\s+(?:and|&)\s+omissions|\be&o\b",
    "workers_comp": r"workers'?\s*comp(?:ensation)?|employers'?\s+liability",
}


def _insurance(paras, f: _Fields):
    # Policy lines in an insurance context, any naming ("Public Liability", "Professional
    # Indemnity", "not less than ..."): extractors/reader_compliance.py, names in vocab/compliance.yaml
    for key, amount, p, snippet in insurance_minimums(paras):
        f.add(f"compliance.insurance_minimums.{key}", amount, p, 0.93, snippet)
    for key, rx in _INSURANCE.items():
        for p, v in _kv(paras, rx + r"(?:\s+insurance)?(?:\s+minimum)?"):
            m = _money_after_label(v)
            if m:
                f.add(f"compliance.insurance_minimums.{key}", m.amount, p, 0.96)
        if f.has(f"compliance.insurance_minimums.{key}"):
            continue
        for p in paras:
            for s in _sentences(p.text):
                km = re.search(rx, s, re.I)
                if not km or "insurance" not in s.lower():
                    continue
                # The first amount after the kind, before any other kind is named.
                rest = s[km.end():]
                others = [re.search(o, rest, re.I) for k, o in _INSURANCE.items() if k != key]
                cut = min([o.start() for o in others if o] + [len(rest)])
                ms = find_money(rest[:cut])
                if ms:
                    f.add(f"compliance.insurance_minimums.{key}", ms[0].amount, p, 0.88, s)


def _penalties(paras, f: _Fields):
    for p, v in _kv(paras, r"service\s+credits?\s+per\s+breach", r"credit\s+per\s+breach",
                    r"service\s+credits?", r"sla\s+credits?", r"breach\s+credit"):
        ps = find_percent(v[:30])
        if ps and not re.search(r"\bcap|maximum", v[:30], re.I):
            f.add("penalties.credit_pct_per_breach", ps[0], p, 0.96)
    for p, v in _kv(paras, r"monthly\s+credit\s+cap", r"credit\s+cap", r"maximum\s+(?:monthly\s+)?"
                    r"(?:service\s+)?credits?", r"cap\s+on\s+(?:service\s+)?credits"):
        ps = find_percent(v[:30])
        if ps:
            f.add("penalties.monthly_credit_cap_pct", ps[0], p, 0.96)
    if f.has("penalties.credit_pct_per_breach") and f.has("penalties.monthly_credit_cap_pct"):
        return
    for p in paras:
        for s in _sentences(p.text):
            low = s.lower()
            if "credit" not in low:
                continue
            capm = re.search(r"\bcap(?:ped)?\b|not\s+(?:to\s+)?exceed|maximum|in\s+no\s+event", low)
            for m in re.finditer(r"(\d+(?:[.,]\d+)?)\s?(?:%|percent\b|per\s+cent\b)", s, re.I):
                val = Decimal(m.group(1).replace(",", "."))
                if capm and m.start() > capm.start():
                    if not f.has("penalties.monthly_credit_cap_pct") or True:
                        f.add("penalties.monthly_credit_cap_pct", val, p, 0.88, s)
                elif re.search(r"per\s+breach|each\s+(?:breach|missed|failure)|for\s+every\s+breach|"
                               r"(?:for\s+)?(?:each|every|per)\s+(?:affected\s+)?(?:incident|ticket|"
                               r"occurrence|missed\s+target)", low):
                    f.add("penalties.credit_pct_per_breach", val, p, 0.88, s)


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"\+?\(?\d[\d\s().-]{5,}\d")


# "Level 1: Name", "• L2 Name", "Tier 3 - Name", "2 Level 2: Name" (a numbered list of levels)
_CONTACT_LINE = re.compile(r"^\s*(?:\d{1,2}\.?\s+)?(?:[-\u2022*\u00b7]\s*)?(?:escalation\s+)?"
                           r"(?:level\s*|tier\s*|l(?=\d))(\d+)\s*(?:[:.)\-\u2013]|contact:?)?\s*(.*)$", re.I)
_CONTACT_DETAILS = re.compile(r"^\s*(?:e-?mail|email address)\s*:", re.I)
_CONTACT_RUN = re.compile(r"\bescalation(?:\s+(?:path|contacts?|order))?\s*:\s*(?=\(1\))", re.I)


def _contact_from(level: int, rest: str) -> dict | None:
    """One escalation contact from 'Name, Role - email - phone' in any order of the three."""
    em = _EMAIL.search(rest)
    if not em:
        return None
    rest_wo = rest.replace(em.group(0), "\x00")
    ph = _PHONE.search(rest_wo)
    phone = ph.group(0).strip() if ph else None
    if ph:
        rest_wo = rest_wo.replace(ph.group(0), "\x00")
    chunks = [x.strip(" ,;-\u2013()") for x in re.split(r"\x00|\s-\s|\s\u2013\s|\(|\)|;", rest_wo)]
    chunks = [x for x in chunks if x and not re.fullmatch(r"(?:email|e-mail|phone|tel|mobile)\.?:?", x,
                                                           re.I)]
    # "Sophie Tran, General Manager, Operations": the name ends at the first comma.
    if chunks and "," in chunks[0]:
        parts = [x.strip() for x in chunks[0].split(",", 1)] + chunks[1:]
    else:
        parts = chunks
    if not parts:
        return None
    return {"level": level, "name": parts[0], "role": parts[1] if len(parts) > 1 else None,
            "email": em.group(0), "phone": phone}


def _contacts(paras, f: _Fields):
    contacts = []
    first_para = None
    header = None
    run_cut = False
    for k, p in enumerate(paras):
        if p.cells is not None:
            low = [c.lower() for c in p.cells]
            if any("name" in c or re.fullmatch(r"contact(?:\s+name)?", c) for c in low) and \
                    any("mail" in c or "phone" in c for c in low):
                header = low
                continue
            if header and len(p.cells) == len(header):
                c = {}
                for h, cell in zip(header, p.cells):
                    if re.search(r"\blev\s*e?\s*l?\b|level|tier|^#$", h):  # "Leve l": a wrapped header
                        m = re.search(r"\d+", cell)
                        c["level"] = int(m.group(0)) if m else None
                    elif "name" in h or h.startswith("contact"):
                        c["name"] = cell
                    elif "role" in h or "title" in h or "position" in h:
                        c["role"] = cell
                    elif "mail" in h:
                        c["email"] = re.sub(r"\s+", "", cell)
                    elif "phone" in h or "tel" in h:
                        c["phone"] = cell
                if c.get("level") is not None and c.get("name"):
                    contacts.append((c, p))
            continue
        header = None
        m = _CONTACT_LINE.match(p.text)
        if m:
            rest = m.group(2)
            nxt = paras[k + 1] if k + 1 < len(paras) else None
            if not _EMAIL.search(rest) and nxt is not None and nxt.page == p.page and \
                    _CONTACT_DETAILS.match(nxt.text):
                rest = f"{rest} - {nxt.text}"  # "Level 1 - Name, Role" / "Email: ... Tel: ..."
            c = _contact_from(int(m.group(1)), rest)
            if c:
                contacts.append((c, p))
            continue
        # running prose: "Escalation: (1) Name, Role - email - phone; (2) ..."
        m = _CONTACT_RUN.search(p.text)
        if m and not contacts:
            run = p.text[m.end():]
            for q in paras[k + 1:]:  # "(3) ..." wrapped onto a line of its own starts a new paragraph
                if q.page != p.page or q.cells is not None or not re.match(r"\s*\(\d\)\s", q.text):
                    break
                run = f"{run} {q.text}"
            items = re.split(r"\((\d)\)\s*", run)
            for level, rest in zip(items[1::2], items[2::2]):
                c = _contact_from(int(level), rest.split(";")[0])
                if c:
                    contacts.append((c, p))
            if run.rstrip().endswith((";", ",", "-")):
                run_cut = True  # the list goes on where it could not be followed
    if contacts:
        out = []
        for c, p in contacts:
            out.append({k: c.get(k) for k in ("level", "name", "role", "email", "phone")})
            first_para = first_para or p
        snippet = "; ".join(f"{c['level']}: {c['name']}" for c in out)
        conf = min([0.93] + [ocr_confidence_cap(p.min_conf) for _, p in contacts])
        if [c["level"] for c in out] != list(range(1, len(out) + 1)):
            conf = min(conf, 0.6)  # levels not 1..n in order: some contact was missed
        if run_cut:
            conf = min(conf, 0.6)
        if any(p.conf < 1.0 for _, p in contacts):
            # OCR drops and adds spaces inside digit runs and addresses ('+1 804555 0904') even
            # at high word confidence: a scanned contact list is a suggestion for review
            conf = min(conf, 0.7)
        f.add("escalation_contacts", out, first_para, conf, snippet)


def _escalation(paras, f: _Fields):
    # The ladder of the escalation clause (extractors/reader_escalation.py, words in
    # vocab/escalation.yaml), in the YAML shape of a contract's `escalation:` list.
    contacts = [v for v, *_ in f.cands.get("escalation_contacts", [])]
    ladder = escalation_ladder(paras, contacts[0] if len(contacts) == 1 else None)
    if ladder is None:
        return
    for problem in ladder.problems:
        f.problem(problem)  # listed for review: the default ladder applies until it is confirmed
    if not ladder.steps:
        return
    f.add("escalation", ladder.steps, ladder.para,
          min(ladder.confidence, ocr_confidence_cap(ladder.least_conf)), ladder.snippet)


_SPECIAL_LABELS = (r"special\s+(?:site\s+)?instructions", r"site\s+(?:access\s+)?instructions",
                   r"access\s+instructions", r"special\s+notes", r"site\s+notes")


def _special(paras, f: _Fields):
    rx = _label_re(*_SPECIAL_LABELS)
    for i, p in enumerate(paras):
        m = rx.match(p.text) if p.cells is None else None
        if not m:
            # A heading such as "9. Site Instructions".
            if p.bold and re.search(r"(?:" + "|".join(_SPECIAL_LABELS) + r")\s*$", p.text, re.I):
                m = None
                start_text = ""
            else:
                continue
        else:
            start_text = p.text[m.end():].strip()
        parts = [start_text] if start_text else []
        for q in paras[i + 1:i + 6]:
            if q.bold or q.cells is not None or re.match(
                    r"^(?:in\s+witness|schedule\b|appendix\b|exhibit\b|\d+\.\s|[A-Z][A-Za-z'/&()\- ]{1,45}:\s)",
                    q.text, re.I):
                break
            if start_text and not p.bold:
                break  # a "Label: value" item ends at its paragraph
            parts.append(q.text.strip())
        text = " ".join(" ".join(parts).split())
        kept = []
        for sent in _sentences(text):
            if re.match(r"^(?:this\s+(?:order\s+form|agreement|schedule|contract|statement\s+of\s+work|"
                        r"sow|quot(?:e|ation)|amendment)\b|either\s+party|in\s+(?:the\s+)?(?:case|event)\s+of"
                        r"\s+(?:a\s+)?conflict|signed\b|in\s+witness)", sent, re.I):
                break  # the terms of the document itself follow, not site instructions
            kept.append(sent)
        text = " ".join(kept)
        if text:
            f.add("special_instructions", text, p, 0.93 if start_text else 0.9, text)


# ------------------------------------------------------------------------------ entry points
# What a file named .pdf that is not one most likely is, by its first bytes.
_SIGNATURES = (
    (b"PK\x03\x04", "a ZIP archive (a Word/Excel .docx/.xlsx?)"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (.doc/.xls)"),
    (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"), (b"GIF8", "a GIF image"),
    (b"{\\rtf", "an RTF document"),
)


def _what_file(data: bytes) -> str:
    head = data.lstrip()[:512]
    for magic, what in _SIGNATURES:
        if head.startswith(magic):
            return what
    low = head.lower()
    if low.startswith((b"<!doctype html", b"<html")) or b"<html" in low:
        return "an HTML page (a login or error page saved instead of the document?)"
    if data[:4096].decode("utf-8", "replace").count("\ufffd") > 3:
        return "unrecognised binary data"
    return "plain text"


def extract_contract_pdf(path: Path, clients: tuple[Client, ...] = ()) -> PdfExtraction:
    """`clients`: the known clients (id, legal name, country): a document that prints only the
    client's legal name still gets its client_id, and the client's country decides d/m vs m/d."""
    path = Path(path)
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise UnreadablePdf("empty file: 0 bytes of content (an interrupted copy or download?)")
    if b"%PDF-" not in data[:1024]:  # readers accept the header anywhere in the first 1 KiB
        raise UnreadablePdf(f"not a PDF: the file is {_what_file(data)}, named .pdf")
    reading = _read_pages(path)
    pages = reading.pages
    mark_headers_footers(pages)
    if not _KNOWN_LABELS:
        _read_fields([], _Fields())  # registers every label the readers look for
    paras = _paragraphs(pages)
    f = _Fields()
    for problem in reading.problems:
        f.problem(problem)
    _read_fields(paras, f, clients)
    fields = f.result()
    for name, fld in fields.items():
        if fld.confidence < CONFIDENT:
            f.problem(f"{name}: low confidence ({fld.confidence:.2f}) in {fld.snippet[:60]!r}")
    if "start_date" in fields and "end_date" in fields and \
            fields["end_date"].value < fields["start_date"].value:
        f.problem("end_date: before start_date")
    return PdfExtraction(fields=fields, pages=[p.text for p in pages], problems=f.problems,
                         sha256=sha, ocr_pages=reading.ocr_pages,
                         ocr_seconds=round(reading.ocr_seconds, 3))


def _client(paras: list[_Para], f: _Fields, clients) -> Client | None:
    """The known client this document is for (printed number, else legal name), if any."""
    if not clients:
        return None
    known = {c.client_id: c for c in clients}
    if f.has("client_id"):
        printed = {v for v, *_ in f.cands["client_id"]}
        return known.get(printed.pop()) if len(printed) == 1 else None
    cid, conf, problem, client, snippet = resolve_client([p.text for p in paras], list(clients))
    if problem:
        f.problem(problem)
    if cid and client:
        folded = _fold(client.name)
        para = next((p for p in paras if folded in _fold(p.text)), None)
        f.add("client_id", cid, para, conf, snippet)
    return client


def _read_fields(paras: list[_Para], f: _Fields, clients=()) -> None:
    _identity(paras, f)
    client = _client(paras, f, clients)
    country = client.country if client and client.country else _country(paras)
    day_first = None if country is None else country in _DAY_FIRST
    _title(paras, f)
    _tier(paras, f)
    _term(paras, f, day_first)
    _term_length(paras, f)
    _renewal(paras, f)
    _fees(paras, f, country)
    _annual_from_monthly_fee(f)
    _coverage(paras, f, day_first, country)
    fields_so_far = f.result()
    cov = fields_so_far.get("coverage.hours")
    _sla(paras, f, cov.value if cov and cov.confidence >= CONFIDENT else None)
    _scope(paras, f)
    _insurance(paras, f)
    _penalties(paras, f)
    _contacts(paras, f)
    _escalation(paras, f)
    _special(paras, f)


def _extract_one(path: str, clients: tuple[Client, ...] = ()):
    try:
        return extract_contract_pdf(Path(path), clients) if clients else extract_contract_pdf(Path(path))
    except UnreadablePdf as exc:
        return exc


def _cache_file(cache_dir: Path, sha: str, clients_key: str = "") -> Path:
    return cache_dir / f"{EXTRACTOR_VERSION.replace('/', '-')}-{sha}{clients_key}.json"


def _clients_key(clients: tuple[Client, ...]) -> str:
    """Results depend on the known clients too: a changed client list is a different key."""
    if not clients:
        return ""
    text = json.dumps(sorted((c.client_id, c.name, c.country) for c in clients))
    return "-c" + hashlib.sha256(text.encode()).hexdigest()[:12]


# The cache is plain JSON, so a cache folder someone else could write to can at worst cost a
# re-read, never run code. Decimals and dates keep their exact type and text through a one-key tag.
def _tagged(value):
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    raise TypeError(f"cannot cache a {type(value).__name__}")


def _untagged(obj: dict):
    if len(obj) == 1:
        if "$decimal" in obj:
            return Decimal(obj["$decimal"])
        if "$date" in obj:
            return date.fromisoformat(obj["$date"])
    return obj


def _dump_result(result: PdfExtraction | UnreadablePdf) -> str:
    if isinstance(result, UnreadablePdf):
        return json.dumps({"unreadable": str(result)})
    return json.dumps({
        "sha256": result.sha256, "pages": result.pages, "problems": result.problems,
        "ocr_pages": result.ocr_pages, "ocr_seconds": result.ocr_seconds,
        "fields": {name: [f.value, f.page, f.snippet, f.confidence] for name, f in result.fields.items()},
    }, default=_tagged, ensure_ascii=False)


def _load_result(text: str) -> PdfExtraction | UnreadablePdf:
    data = json.loads(text, object_hook=_untagged)
    if "unreadable" in data:
        return UnreadablePdf(data["unreadable"])
    return PdfExtraction(
        fields={name: ExtractedField(value, page, snippet, confidence)
                for name, (value, page, snippet, confidence) in data["fields"].items()},
        pages=data["pages"], problems=data["problems"], sha256=data["sha256"],
        ocr_pages=data.get("ocr_pages", []), ocr_seconds=data.get("ocr_seconds", 0.0))


def extract_many(paths: list[Path], cache_dir: Path, workers: int | None = None,
                 clients: tuple[Client, ...] | list[Client] = ()
                 ) -> dict[Path, PdfExtraction | UnreadablePdf]:
    """Extract many PDFs: unchanged content (same sha256, same extractor version) comes from the
    cache; the rest is read in a process pool using every core."""
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    out: dict[Path, PdfExtraction | UnreadablePdf] = {}
    todo: list[tuple[Path, str]] = []
    clients = tuple(clients)
    ckey = _clients_key(clients)
    for path in paths:
        path = Path(path)
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        cf = _cache_file(cache_dir, sha, ckey)
        if cf.exists():
            try:
                out[path] = _load_result(cf.read_text(encoding="utf-8"))
                continue
            except (ValueError, KeyError, TypeError, InvalidOperation):  # a damaged cache entry is simply recomputed
                pass
        todo.append((path, sha))
    if todo:
        n = workers or os.cpu_count() or 1
        # each document within a time and memory budget: one that hangs or balloons (a
        # 300-page scan, a decompression bomb) is a rejected file with the reason, not a stuck run
        results = run_bounded(partial(_extract_one, clients=clients), [str(p) for p, _ in todo],
                              workers=n, seconds=PDF_SECONDS_PER_DOCUMENT, memory_bytes=PDF_MEMORY_PER_DOCUMENT)
        for (path, sha), res in zip(todo, results):
            if isinstance(res, OverBudget):
                out[path] = UnreadablePdf(f"reading stopped: {res.reason}")
                continue  # not cached: on a quieter machine the next run may read it
            out[path] = res
            tmp = _cache_file(cache_dir, sha, ckey).with_suffix(f".tmp{os.getpid()}")
            tmp.write_text(_dump_result(res), encoding="utf-8")
            os.replace(tmp, _cache_file(cache_dir, sha, ckey))
    return out
