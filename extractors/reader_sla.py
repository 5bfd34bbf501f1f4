"""Service levels in any wording: SLA table headers, a document's own severity names, and the
clock a target runs on (spec section 2/3), with the words as data (`vocab/sla.yaml`).

- `column_kind(cell)`: what an SLA table column holds ('response', 'resolution', 'clock' or None),
  from its header cell ("Reaction time", "Restoration Target", "Time basis").
- `declared_levels(paras)`: the severity names a document declares in order ("Incidents are
  classified ... as Urgent, High, Normal or Low, in descending order of severity") -> P1..P4.
- `priority_in(sentence, levels)`: the one priority a prose sentence is about ("6 High incidents
  shall receive ...", "The Provider shall respond to Sev 1 incidents ..."), None when it names none
  or several.
- `clock_of(text)`: 'calendar' / 'business' / None from the cues in the text.
- `clock_statements(paras, levels)`: "Urgent targets run around the clock (elapsed time). High,
  Normal, Low targets count Coverage Hours only." -> (priority, clock, para, sentence) per level.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml


@lru_cache(maxsize=1)
def _vocab() -> dict:
    data = yaml.safe_load((Path(__file__).with_name("vocab") / "sla.yaml").read_text(encoding="utf-8"))
    return {
        "columns": [(k, re.compile("|".join(v))) for k, v in data["columns"].items()],
        "words": {k.lower(): int(v) for k, v in data["priority_words"].items()},
        "calendar": re.compile("|".join(data["calendar_cues"]), re.I),
        "business": re.compile("|".join(data["business_cues"]), re.I),
    }


def column_kind(cell: str) -> str | None:
    low = " ".join(cell.lower().split())
    for kind, rx in _vocab()["columns"]:
        if rx.search(low):
            return kind
    return None


def clock_of(text: str) -> str | None:
    v = _vocab()
    cal, bus = v["calendar"].search(text), v["business"].search(text)
    if cal and not bus:
        return "calendar"
    if bus and not cal:
        return "business"
    return None


_DECLARED = re.compile(
    r"\bclassified\b[^.]{0,80}?\bas\s+(?P<list>[^.;:]{3,160}?),?\s+in\s+(?P<dir>descending|decreasing|"
    r"ascending|increasing)\s+order\s+of\s+(?:severity|priority|urgency|impact)", re.I)
_NUMBERED = r"(?:P\s?[1-4]|priority\s*[1-4]|severity\s*[1-4]|sev\s*[1-4])"


def declared_levels(paras) -> dict[str, str]:
    """name (lower case) -> 'P1'..'P4', from the one sentence declaring the order; {} if none or
    if two sentences declare different orders."""
    found: list[dict[str, str]] = []
    for p in paras:
        for m in _DECLARED.finditer(p.text):
            items = [x.strip(" \"'\u201c\u201d") for x in re.split(r",\s*|\s+or\s+|\s+and\s+", m.group("list"))]
            items = [x for x in items if x]
            if not 2 <= len(items) <= 4 or any(len(x) > 40 for x in items):
                continue
            if m.group("dir").lower() in ("ascending", "increasing"):
                items = items[::-1]
            found.append({x.lower(): f"P{i + 1}" for i, x in enumerate(items)})
    if not found or any(d != found[0] for d in found):
        return {}
    return found[0]


def _names(levels: dict[str, str]) -> dict[str, str]:
    names = {w: f"P{n}" for w, n in _vocab()["words"].items()}
    names.update(levels)  # the document's own order wins
    return names


def _number_of(token: str) -> str | None:
    m = re.fullmatch(r"(?:P\s?|priority\s*|severity\s*|sev\s*)([1-4])", token.strip(), re.I)
    return f"P{m.group(1)}" if m else None


def _item_priority(item: str, names: dict[str, str]) -> str | None:
    """'Severity 2 - Major' -> P2: the document's own name first, then its number, then the word."""
    item = " ".join(item.split()).strip()
    low = item.lower()
    if low in names and low not in _vocab()["words"]:
        return names[low]  # declared by the document
    m = re.match(rf"{_NUMBERED}", item, re.I)
    if m:
        return _number_of(m.group(0))
    return names.get(low)


_SEP = r"(?:\s*,\s*|\s+and\s+|\s+or\s+|\s*/\s*)"


def _mentions(s: str, levels: dict[str, str], nouns: bool) -> list[str]:
    """The priorities named in `s`, in order. With `nouns`, only a name (or a list of names)
    followed by incidents/targets/tickets...: 'High, Medium targets', 'Sev 2 incidents'; without,
    numbered levels anywhere ('P1', 'Severity 2')."""
    if not nouns:
        return [_number_of(m.group(0)) for m in re.finditer(rf"(?<![\w-]){_NUMBERED}(?![\w-])", s, re.I)]
    names = _names(levels)
    alt = "|".join([re.escape(n) for n in sorted(names, key=len, reverse=True)] + [_NUMBERED])
    # "Severity 2 - Major", "P1 (Critical)", "Emergency (P1)"
    one = rf"(?:{alt})(?:\s*[-\u2013]\s*[A-Za-z]+|\s*\([A-Za-z]+\))?\)?"
    rx = re.compile(rf"(?<![\w-])((?:{one})(?:{_SEP}(?:{one}))*)\s+(?:priority\s+|severity\s+)?"
                    r"(?:targets?|incidents?|tickets?|issues?|faults?|calls?|requests?|cases?)\b", re.I)
    out = []
    for m in rx.finditer(s):
        for item in re.split(_SEP, m.group(1)):
            prio = _item_priority(item, names)
            if prio:
                out.append(prio)
    return out


def strip_clause_number(s: str) -> str:
    """'6 High incidents shall ...' -> 'High incidents shall ...' (a clause number, not a level)."""
    return re.sub(r"^\s*\(?\d{1,2}(?:\.\d{1,2})*[.)]?\s+(?=[A-Z])", "", s)


def priority_in(s: str, levels: dict[str, str]) -> str | None:
    """The one priority a target sentence is about: a numbered level anywhere, or a name followed
    by 'incidents'/'tickets'...; None when none or several different ones are named."""
    found = set(_mentions(s, levels, nouns=True)) | {p for p in _mentions(s, levels, nouns=False) if p}
    return found.pop() if len(found) == 1 else None


_TARGET_WORDS = re.compile(r"\btargets?\b|\bservice\s+levels?\b|\brespon|\bresol|\bclocks?\b|\bmeasured\b", re.I)


def clock_statements(paras, levels: dict[str, str], sentences, find_durations):
    """(priority, clock, para, sentence) for each level named in a sentence that states the clock
    of several levels' targets and no target itself."""
    out = []
    for p in paras:
        if p.cells is not None:
            continue
        for s in sentences(p.text):
            if find_durations(s) or not _TARGET_WORDS.search(s):
                continue
            c = clock_of(s)
            if c is None:
                continue
            prios = []
            for prio in _mentions(s, levels, nouns=True):
                if prio not in prios:
                    prios.append(prio)
            for prio in prios:
                out.append((prio, c, p, s))
    return out
