"""The contract's title, as printed: a heading, or the line under a heading that names only the
kind of document ("ORDER FORM", "AMENDMENT No. 1", "SERVICE SCHEDULE 1"), or what follows that
kind in a line ("Statement of Work - Managed Field Support Services"), or a title label
("Re: ...", "Service: ...", labels in vocab/identity.yaml `title_labels`).

`title_candidates(paras, issued_under)` returns (text, para, confidence) in order of preference; it
works on anything with .text, .page, .bold, .size, .cells (the reader's paragraphs).
A title is needed to judge nothing, so an uncertain one is left out rather than guessed.
"""

from __future__ import annotations

import re
from functools import lru_cache

import yaml

from extractors.reader_identity import ID, VOCAB, is_generic_title

# Parts of a party's name or address: a line holding one is not a title.
_PARTY = re.compile(r"\b(?:LLC|L\.L\.C|Ltd|Limited|Inc|GmbH|Pty|P\.C|SAS|SARL|B\.V|LLP|PLC|AG|S\.A)\b\.?"
                    r"|@|\bTel\b|\+\d|\b\d{4,5}\b(?!\s*x)", re.I)


@lru_cache(maxsize=1)
def _labels() -> re.Pattern:
    data = yaml.safe_load(VOCAB.read_text(encoding="utf-8"))
    return re.compile(r"^(?:" + "|".join(data["title_labels"]) + r")\s*:\s*(?P<v>.+)$", re.I)


def _kind_only(text: str, under: bool) -> bool:
    """A heading naming the kind of document, maybe with its number or a translation."""
    t = " ".join(text.split()).strip(" .:")
    bare = re.sub(r"\s+" + ID + r"$|\s+(?:no\.?\s*)?\d+$", "", t, flags=re.I).strip(" .:")
    return any(is_generic_title(part, under) for x in (t, bare) for part in re.split(r"\s+/\s+", x))


def title_like(text: str) -> bool:
    """A line that can be a title: short, not a sentence, not a label, no party or address."""
    t = " ".join(text.split())
    return (4 <= len(t) <= 100 and ":" not in t and not t.endswith((".", ",", ";"))
            and not _PARTY.search(t) and not re.match(r"^(?:\d|\(|[-\u2022*])", t)
            and not t.isupper() and re.match(r"^[A-Z]", t) is not None
            and len(t.split()) >= 2)


def _body_size(page1) -> float | None:
    by_size: dict[float, int] = {}
    for p in page1:
        if not p.bold:
            by_size[round(p.size, 1)] = by_size.get(round(p.size, 1), 0) + len(p.text)
    return max(by_size, key=by_size.get) if by_size else None


def _heading_page(paras, under: bool) -> int:
    """Page 1; for a schedule issued under a master agreement, the schedule's first page."""
    if under:
        for p in paras:
            if re.search(r"\bissued\s+under\b|\bschedule\s+(?:reference|ref\.?|no\.?)\s*:?\s*[A-Z0-9]",
                         p.text, re.I):
                return p.page
    return 1


def title_candidates(paras, under: bool) -> list[tuple[str, object, float]]:
    page_no = _heading_page(paras, under)
    page = [p for p in paras if p.page == page_no and p.cells is None]
    body = _body_size([p for p in paras if p.page == page_no]) or _body_size(paras)
    out: list[tuple[str, object, float]] = []
    if not page or body is None:
        return out
    top = page[:8]
    big = [i for i, p in enumerate(top) if p.size >= body * 1.2 and (p.bold or p.size >= body * 1.5)
           and not re.match(r"^(?:[A-Z]?\d+(?:\.\d+)*\.?|[IVX]+\.)\s", p.text)  # "1. Fees": a section
           and len(p.text.split()) >= 2]
    if big:
        i = max(big, key=lambda j: (top[j].size, -j))
        head = top[i]
        if _kind_only(head.text, under):
            nxt = top[i + 1] if i + 1 < len(top) else None
            if nxt is not None and nxt.size <= head.size and title_like(nxt.text) \
                    and not _kind_only(nxt.text, under):
                out.append((" ".join(nxt.text.split()), nxt, 0.9))
        else:
            out.append((None, head, 0.95))  # the heading itself: the caller keeps its old rules
    # "Statement of Work - X" / "Re: X" / "Service: X" near the top of the page
    for p in page[:12]:
        t = " ".join(p.text.split())
        m = re.match(r"^(.{3,60}?)\s+[-\u2013\u2014]\s+(.+)$", t)
        if m and _kind_only(m.group(1), under) and title_like(m.group(2)):
            out.append((m.group(2), p, 0.9))
        m = _labels().match(t)
        if m and title_like(m.group("v")):
            out.append((m.group("v").strip(), p, 0.88))
    return out
