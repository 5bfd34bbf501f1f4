"""Included / excluded services from lists under a heading, wherever they are: bullets under
"What is not included", plain lines under "The Provider will deliver the following In-Scope
Services:", or two lists side by side in a table ("In-Scope Services | Services Not Included").

`heading_kind(text)` classifies a heading by the phrases in `vocab/scope.yaml`;
`scope_lists(paras)` returns (kind, items, paragraph) for each list found. A list whose end is
unclear (a side-by-side list whose rows lost a column) is not returned: a partial list is wrong.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

VOCAB = Path(__file__).with_name("vocab") / "scope.yaml"
# Bullet glyphs, and what OCR makes of a round bullet ('¢', '«', '°', '©').
_BULLET = re.compile(r"^[-\u2022*\u25aa\u25cf\u2013\u00a2\u00ab\u00b0\u00a9\u00b7]\s*(.+)$")
_NUMBERING = re.compile(r"^(?:\(?[0-9a-zA-Z]{1,3}[.)]|\d{1,2}(?:\.\d{1,2})*)\s+")


@lru_cache(maxsize=1)
def _vocab():
    data = yaml.safe_load(VOCAB.read_text(encoding="utf-8"))
    return [(kind, re.compile(r"(?:" + "|".join(data[kind]) + r")", re.I)) for kind in ("excluded", "included")]


def heading_kind(text: str) -> str | None:
    t = _NUMBERING.sub("", " ".join(text.split())).strip()
    short = len(t.split()) <= 6 and not t.endswith(".")
    for kind, rx in _vocab():
        if short and rx.fullmatch(t.rstrip(":").strip()):
            return kind
        if t.endswith(":") and len(t) <= 160 and rx.search(t):
            return kind
    return None


def _item(text: str) -> str | None:
    """A list item: a short name, no sentence."""
    t = text.strip().rstrip(";.,")
    if not t or len(t) > 50 or len(t.split()) > 6 or re.search(r"[:@]|\d{3}", t):
        return None
    return t


def _glyph_items(text: str) -> list[str] | None:
    """' Mobile Device Support  Desktop Support': a Word bullet list set on one line (the
    symbol-font bullet U+F0B7 before each item)."""
    if text.count("\uf0b7") < 2 or not text.lstrip().startswith("\uf0b7"):
        return None
    items = [_item(x) for x in text.split("\uf0b7") if x.strip()]
    return items if items and all(items) else None


def _pair_table(paras, i, kinds) -> list[tuple[str, list[str], object]] | None:
    """'In-Scope Services: Exclusions' then 'Device Imaging: End User Training' rows: two lists
    side by side read as label/value pairs. Any row that is not a pair of items: not stated."""
    cols: list[list[str]] = [[], []]
    for q in paras[i + 1:]:
        qc = getattr(q, "cells", None)
        if qc is None and q.text.count(": ") == 1 and \
                [heading_kind(x) for x in q.text.split(": ")] == list(kinds):
            continue  # the header repeated after a page break
        if qc is not None:
            if len(qc) != 2:
                break
            for j, c in enumerate(qc):
                if c.strip():
                    if not _item(c):
                        return None
                    cols[j].append(_item(c))
            continue
        if heading_kind(q.text) or getattr(q, "bold", False):
            break
        parts = q.text.split(": ")
        if len(parts) != 2:
            if _item(q.text):
                return None  # a row holding one item: which list it belongs to is lost
            break
        a, b = (_item(x) for x in parts)
        if not a or not b:
            return None
        cols[0].append(a)
        cols[1].append(b)
    if not cols[0]:
        return None
    return [(k, c, paras[i]) for k, c in zip(kinds, cols)]


def scope_lists(paras) -> list[tuple[str, list[str], object]]:
    out = []
    for i, p in enumerate(paras):
        cells = getattr(p, "cells", None)
        if cells is None and p.text.count(": ") == 1:
            kinds = [heading_kind(x) for x in p.text.split(": ")]
            if all(kinds) and len(set(kinds)) == 2:
                got = _pair_table(paras, i, kinds)
                if got:
                    out += got
                continue
        if cells is not None:
            kinds = [heading_kind(c) if c else None for c in cells]
            if len(cells) >= 2 and all(kinds) and len(set(kinds)) == len(kinds):
                cols: list[list[str]] = [[] for _ in cells]
                ok = True
                for q in paras[i + 1:]:
                    qc = getattr(q, "cells", None)
                    if qc is None or len(qc) != len(cells):
                        # The lists end at anything that is not a full row; a short line right
                        # after could be an item that lost its column: give up then.
                        if qc is None and _item(q.text) and len(q.text.split()) <= 4 and \
                                not heading_kind(q.text) and q.text[:1].isupper():
                            ok = False
                        break
                    for j, c in enumerate(qc):
                        if c.strip():
                            if _item(c) is None:
                                ok = False
                            cols[j].append(c.strip())
                if ok:
                    out += [(k, col, p) for k, col in zip(kinds, cols) if col]
            continue
        kind = heading_kind(p.text)
        if not kind:
            continue
        glyphs = _glyph_items(paras[i + 1].text) if i + 1 < len(paras) else None
        if glyphs:
            out.append((kind, glyphs, p))
            continue
        items, bulleted, end = [], None, len(paras)
        for j in range(i + 1, len(paras)):
            q = paras[j]
            if getattr(q, "cells", None) is not None or heading_kind(q.text):
                end = j
                break
            m = _BULLET.match(q.text)
            if bulleted is None:
                bulleted = bool(m)
            if bulleted and not m:
                end = j
                break
            it = _item(m.group(1) if m else q.text)
            if it is None:
                end = j
                break
            items.append(it)
        if not items or not bulleted:
            # Unbulleted lines may have been joined or may run into the next heading: too
            # unsure to state (the reader gives such a list a review suggestion at most).
            continue
        stop = paras[end] if end < len(paras) else None
        next_list = stop is not None and (heading_kind(stop.text) or getattr(stop, "bold", False)
                                          or stop.text.rstrip().endswith(":"))
        after = []
        for q in paras[end + 1:end + 8]:
            if getattr(q, "bold", False) or q.text.rstrip().endswith(":"):
                break  # a new heading or the lead-in of another list
            after.append(q)
        if not next_list and any(_BULLET.match(q.text) for q in after):
            continue  # more bullets after an interruption (a column or page break): partial
        nxt = paras[end] if end < len(paras) else None
        if nxt is not None and getattr(nxt, "cells", None) is None and not heading_kind(nxt.text) \
                and _item(nxt.text) and len(nxt.text.split()) <= 4 and nxt.text[:1].isupper() \
                and not _NUMBERING.match(nxt.text):
            continue  # the next line looks like one more item whose bullet was lost (OCR)
        out.append((kind, items, p))
    return out
