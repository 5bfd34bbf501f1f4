"""The escalation ladder a contract states (spec section 3, "Escalation"), wherever a reader would
find it: an escalation matrix (any header wording and column order: Trigger / Threshold / % of
target | Notify / Contact / Escalate to, optionally Priority and Clock columns, or thresholds or
priorities as the columns), prose ("at seventy-five per cent (75%) of the resolution target ...
notify the Level 1 escalation contact"), lists under a priority ("Priority 1 (Critical):" then one
step a line), and "label: value" lines ("On breach: Level 2 contact and account manager").

`escalation_ladder(paras)` returns a `Ladder`: the steps in the YAML shape of a contract's
`escalation:` list (`[{threshold_pct, notify: [...], priority?, clock?}]`, which
`extractors.contract_terms.parse_escalation_steps` reads), the paragraph it starts in, a snippet,
a confidence and the problems found; or None when the document states no escalation step at all
(a contacts-only escalation section is not a ladder). Words live in `vocab/escalation.yaml`.

A ladder is unsure (confidence < 0.8, so it goes to review) when a step in the escalation text
could not be completed (a threshold without anyone to notify, a person the vocabulary does not
know, a step after a time rather than a share of the target, a matrix row not read whole), or when
its steps are in prose outside any escalation section or sentence. A clause none of whose steps
could be read gives a Ladder with no steps and the problems: listed for review, never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import yaml

from extractors.pdf_values import find_durations
from extractors.vocabularies import PRIORITIES

VOCAB = Path(__file__).with_name("vocab") / "escalation.yaml"

TABLE_CONF = 0.93     # a matrix whose header names its columns, every row read
SECTION_CONF = 0.9    # prose or lines under an escalation heading / in an escalation sentence
LOOSE_CONF = 0.7      # steps in prose that never says "escalation": a suggestion for review
INCOMPLETE_CONF = 0.6  # some step in the escalation text could not be read whole


# ------------------------------------------------------------------------------ vocabulary
def _rx(patterns, whole: bool = True) -> re.Pattern:
    body = "|".join(f"(?:{p})" for p in ([patterns] if isinstance(patterns, str) else patterns))
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w])" if whole else body, re.I)


@dataclass
class _Vocab:
    section: re.Pattern
    roles: list[tuple[str, re.Pattern]]
    levels: list[re.Pattern]
    level_words: dict[str, int]
    ordinals: dict[str, int]
    words: list[tuple[Decimal, re.Pattern]]
    remaining: re.Pattern
    clocks: dict[str, re.Pattern]
    clock_phrase: dict[str, re.Pattern]
    priority_codes: dict[str, re.Pattern]
    priority_names: dict[str, re.Pattern]
    all_priorities: re.Pattern
    columns: dict[str, re.Pattern]
    verbs: re.Pattern


@lru_cache(maxsize=1)
def vocab() -> _Vocab:
    data = yaml.safe_load(VOCAB.read_text(encoding="utf-8"))
    words = {str(k).lower(): v for k, v in data["level_words"].items()}
    ords = {str(k).lower(): v for k, v in data["ordinals"].items()}
    n = r"(?:\d{1,2}|" + "|".join(words) + r")"
    ord_ = r"(?:" + "|".join(ords) + r")"
    levels = [_rx(p.replace("{n}", n).replace("{ord}", ord_)) for p in data["levels"]]
    roles = [(kind, _rx(pats)) for kind, pats in data["roles"].items()]
    # Word thresholds tried from the most specific: 150/200 ("one and a half times") before 50
    order = sorted(data["threshold_words"], key=lambda k: (k != 150, k != 200, k != 100, k))
    thresholds = [(Decimal(str(k)), _rx(data["threshold_words"][k])) for k in order]
    clocks = {k: _rx(v) for k, v in data["clocks"].items()}
    target = r"(?:target|time|clock|sla|deadline|window|objective|period|commitment|limit)s?"
    phrase = {k: re.compile(rf"(?<![\w-])(?:{'|'.join(v)})(?:\s+[\w-]+){{0,2}}?\s+{target}\b|"
                            rf"\b{target}\s+(?:for\s+|to\s+)?(?:{'|'.join(v)})|"
                            rf"\btime\s+to\s+(?:{'|'.join(v)})", re.I)
              for k, v in data["clocks"].items()}
    codes, names = {}, {}
    for prio, pats in data["priorities"].items():
        codes[prio] = _rx([p for p in pats if re.search(r"\\s|\d|one|two|three|four", p)])
        plain = [p for p in pats if not re.search(r"\\s|\d|one|two|three|four", p)]
        names[prio] = _rx(plain) if plain else None
    return _Vocab(
        section=_rx(data["section"]), roles=roles, levels=levels, level_words=words, ordinals=ords,
        words=thresholds, remaining=re.compile(r"^\W*(?:of\s+)?(?:the\s+|its\s+)?(?:[\w-]+\s+){0,3}?"
                                               + data["remaining"], re.I),
        clocks=clocks, clock_phrase=phrase, priority_codes=codes,
        priority_names={k: v for k, v in names.items() if v is not None},
        all_priorities=re.compile(data["all_priorities"], re.I),
        columns={k: _rx(v) for k, v in data["columns"].items()},
        verbs=_rx(data["notify_verbs"]),
    )


# ------------------------------------------------------------------------------ small readers
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_UNDER_100 = (rf"(?:(?:{'|'.join(_TENS)})(?:[- ](?:{'|'.join(_UNITS)}))?|{'|'.join(_TEENS)}|"
              rf"{'|'.join(_UNITS)})")
_NUMBER_WORDS = rf"(?:(?:one|a|two)\s+hundred(?:\s+(?:and\s+)?{_UNDER_100})?|{_UNDER_100})"
_PCT = re.compile(
    r"(?<![\w.])(\d{1,3}(?:\.\d{1,2})?)\s?(?:%|per\s?cent\b|percent\b|pct\b)"
    rf"|(?<![\w-])({_NUMBER_WORDS})\s+(?:per\s?cent|percent)\b(?:\s*\(\s*\d{{1,3}}(?:\.\d+)?\s?%\s*\))?",
    re.I)


def _number_words(text: str) -> int | None:
    """'seventy-five' -> 75, 'one hundred and fifty' -> 150."""
    total, cur = 0, 0
    for w in re.split(r"[\s-]+", text.lower()):
        if w in ("and", ""):
            continue
        if w == "hundred":
            total += max(cur, 1) * 100
            cur = 0
        elif w == "a":
            cur = 1
        elif w in _UNITS:
            cur += _UNITS.index(w) + 1
        elif w in _TEENS:
            cur += _TEENS.index(w) + 10
        elif w in _TENS:
            cur += (_TENS.index(w) + 2) * 10
        else:
            return None
    return total + cur
_MULTIPLE = re.compile(r"(?<![\w.])(\d(?:\.\d{1,2})?)\s*(?:x|times|\u00d7)\s+(?:the\s+|its\s+)?"
                       r"(?:[\w-]+\s+){0,2}?(?:target|time|sla|deadline)", re.I)


@dataclass
class _Hit:
    start: int
    end: int
    value: object


def find_thresholds(text: str, bare_number: bool = False) -> list[_Hit]:
    """Thresholds in percent of the target: '75%', 'seventy-five per cent (75%)', 'on breach'
    (100), 'one and a half times the target' (150), 'with 25% of the time remaining' (75).
    `bare_number`: a cell of a '% of target' column, where '75' is a percentage."""
    v = vocab()
    hits: list[_Hit] = []
    taken: list[tuple[int, int]] = []

    def free(a, b):
        return all(b <= s or a >= e for s, e in taken)

    for m in _PCT.finditer(text):
        if m.group(1):
            pct = Decimal(m.group(1))
        else:
            n = _number_words(m.group(2))
            if not n:
                continue
            pct = Decimal(n)
        hits.append(_Hit(m.start(), m.end(), pct))
        taken.append((m.start(), m.end()))
    for m in _MULTIPLE.finditer(text):
        if free(m.start(), m.end()):
            hits.append(_Hit(m.start(), m.end(), Decimal(m.group(1)) * 100))
            taken.append((m.start(), m.end()))
    for pct, rx in v.words:
        for m in rx.finditer(text):
            if not free(m.start(), m.end()):
                continue
            before = text[max(0, m.start() - 25):m.start()]
            if re.search(r"\b(?:before|prior\s+to|ahead\s+of|avoid\w*|prevent\w*|not)\W+(?:\w+\W+){0,2}$",
                         before, re.I):
                continue  # "escalated before the target is breached": not a step at 100%
            hits.append(_Hit(m.start(), m.end(), pct))
            taken.append((m.start(), m.end()))
    if bare_number and not hits:
        m = re.fullmatch(r"\s*(?:>=?|\u2265|at\s+)?\s*(\d{1,3}(?:\.\d{1,2})?)\s*", text)
        if m:
            hits.append(_Hit(m.start(1), m.end(1), Decimal(m.group(1))))
    out = []
    for h in sorted(hits, key=lambda h: h.start):
        if v.remaining.match(text[h.end:h.end + 60]) and h.value < 100:
            h = _Hit(h.start, h.end, Decimal(100) - h.value)
        if 0 < h.value <= 1000:
            out.append(h)
    return out


def _level_numbers(text: str) -> list[int]:
    v = vocab()
    out = []
    for tok in re.findall(r"\d{1,2}|[a-z]+", text.lower()):
        if tok.isdigit():
            out.append(int(tok))
        elif tok in v.level_words:
            out.append(v.level_words[tok])
        elif tok in v.ordinals:
            out.append(v.ordinals[tok])
    return [n for n in out if 0 < n < 10]


def find_roles(text: str, names: dict[str, int] | None = None) -> list[_Hit]:
    """Who is notified: 'technician', 'account_manager' or 'level N' (one hit per person).
    `names`: the document's escalation contacts (full name -> level): 'notify Dana Ortiz' is
    level N when the contact list says so."""
    v = vocab()
    hits: list[_Hit] = []
    taken: list[tuple[int, int]] = []
    for name, level in (names or {}).items():
        for m in re.finditer(r"(?<!\w)" + r"\s+".join(map(re.escape, name.split())) + r"(?!\w)", text, re.I):
            hits.append(_Hit(m.start(), m.end(), f"level {level}"))
            taken.append((m.start(), m.end()))
    for rx in v.levels:
        for m in rx.finditer(text):
            if any(not (m.end() <= s or m.start() >= e) for s, e in taken):
                continue
            body = re.sub(r"\b(?:level|tier|lvl|line|escalation|contact|point)s?\b", " ", m.group(0), flags=re.I)
            for n in _level_numbers(body):
                hits.append(_Hit(m.start(), m.end(), f"level {n}"))
            taken.append((m.start(), m.end()))
    for kind, rx in v.roles:
        for m in rx.finditer(text):
            if any(not (m.end() <= s or m.start() >= e) for s, e in taken):
                continue
            if kind == "technician" and any(
                    0 <= m.start() - e <= 24 and re.fullmatch(
                        r"\s*(?:(?:support|service|escalation|on[- ]site|field|desk|team)\s*)*",
                        text[e:m.start()], re.I) for s, e in taken):
                taken.append((m.start(), m.end()))  # "a Tier 2 support engineer": the level
                continue
            hits.append(_Hit(m.start(), m.end(), kind))
            taken.append((m.start(), m.end()))
    return sorted(hits, key=lambda h: h.start)


def find_clock(text: str, bare: bool = False) -> str | None:
    """'response' / 'resolution' when the text names one clock ('of the resolution target');
    'both' when it names the two; None when neither. `bare`: a header or clock cell, where the
    word alone says it ('Resolution')."""
    v = vocab()
    rxs = v.clocks if bare else v.clock_phrase
    found = {k for k, rx in rxs.items() if rx.search(re.sub(r"respons\w*ib\w*", " ", text, flags=re.I))}
    if len(found) == 2:
        return "both"
    return found.pop() if found else None


_PRIORITY_RANGE = re.compile(r"\b(?:p|priority|priorities|sev(?:erity|erities)?)\s?([1-4])\s*(?:-|\u2013|to|through)\s*"
                             r"(?:p|priority|sev(?:erity)?)?\s?([1-4])\b", re.I)


def find_priorities(text: str, label: bool = False) -> list[str] | None:
    """The priorities named: codes anywhere ('P1', 'Priority 2', 'Sev 1'); names ('Critical',
    'High') only as a label (`label`: a cell or a heading) or before 'priority', 'incidents', ...
    [] for 'all priorities'; None when no priority is named."""
    v = vocab()
    found = []
    for m in _PRIORITY_RANGE.finditer(text):  # "P1-P3", "Priority 1 to 2", "Sev 2 - 4"
        a, b = int(m.group(1)), int(m.group(2))
        if a < b:
            found.extend(f"P{i}" for i in range(a, b + 1))
    for prio in PRIORITIES:
        rx = v.priority_codes[prio]
        if rx.search(text):
            found.append(prio)
    if not found:
        for prio, rx in v.priority_names.items():
            for m in rx.finditer(text):
                after = text[m.end():m.end() + 30]
                if label and len(text.split()) <= 6 or re.match(
                        r"\s*(?:\(|-|/)?\s*(?:priority|severity|impact|incidents?|tickets?|issues?|calls?|faults?)\b",
                        after, re.I):
                    found.append(prio)
                    break
    if found:
        return sorted(set(found))
    if v.all_priorities.search(text):
        return []
    return None


# ------------------------------------------------------------------------------ steps
@dataclass
class _Step:
    priorities: list[str]   # [] = every priority
    clock: str | None       # response | resolution | None = both clocks
    pct: Decimal
    roles: list[str]
    para: object
    conf: float
    clock_stated: bool = False  # its own text named the clock (or both)


@dataclass
class Ladder:
    steps: list[dict]
    para: object
    snippet: str
    confidence: float
    problems: list[str] = field(default_factory=list)
    least_conf: float = 1.0  # OCR: the least sure paragraph a step was read from


def _pair(thresholds: list[_Hit], roles: list[_Hit], respectively: bool = False
          ) -> tuple[list[tuple[_Hit, list[str]]], int]:
    """Thresholds and people of one clause, in text order -> ((threshold, people) pairs, number of
    thresholds left unpaired): a run of thresholds takes the run of people after it ('at 75% ...
    the Level 1 contact'), or before it when the clause starts with a person ('the Level 1 contact
    at 75%'). Several thresholds and several people in two runs pair one to one only when the
    text says 'respectively'; otherwise who is told at which threshold is unclear."""
    tokens = sorted([("T", h) for h in thresholds] + [("R", h) for h in roles], key=lambda t: t[1].start)
    runs: list[tuple[str, list[_Hit]]] = []
    for kind, h in tokens:
        if runs and runs[-1][0] == kind:
            if kind == "T" and h.value == runs[-1][1][-1].value:
                continue  # "100% of the target (target missed)": one threshold said twice
            runs[-1][1].append(h)
        else:
            runs.append((kind, [h]))
    if not thresholds:
        return [], 0
    if len(runs) < 2:
        return [], len(thresholds)
    first = runs[0][0]
    out, unpaired = [], 0
    for i in range(0, len(runs) - 1, 2):
        a, b = runs[i], runs[i + 1]
        ts, rs = (a[1], b[1]) if first == "T" else (b[1], a[1])
        if len(ts) > 1 and len(rs) > 1:
            if not respectively or len(ts) != len(rs):
                unpaired += len(ts)
                continue
            out.extend((t, [r.value]) for t, r in zip(ts, rs))
            continue
        people = []
        for r in rs:
            if r.value not in people:
                people.append(r.value)
        out.extend((t, people) for t in ts)
    if len(runs) % 2 and runs[-1][0] == "T":
        unpaired += len(runs[-1][1])  # a threshold left over with nobody after it
    return out, unpaired


_CLAUSE_SPLIT = re.compile(r";\s*|,\s+(?=(?:and\s+|then\s+|while\s+|whereas\s+)?(?:at|on|upon|if|when|once|after|"
                           r"with|reaching|should)\b)|,?\s+(?:and\s+)?then\s+|\s+(?:and|whilst|while)\s+(?=(?:at|on|upon|"
                           r"if|when|once|after|with)\s)", re.I)
_SENT_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"\u201c\d-])")


def _units(sentence: str, names: dict[str, int]) -> list[str]:
    """A sentence -> clauses, each with at least one threshold and one person where it can: a
    clause lacking one is joined to the next ("If the resolution target is reached, | the
    Level 2 contact is notified")."""
    parts = [p for p in _CLAUSE_SPLIT.split(sentence) if p and p.strip()]
    units, cur = [], ""
    for part in parts:
        if not cur and units and find_roles(part, names) and not find_thresholds(part):
            units[-1] = f"{units[-1]}; {part}"  # "... : Level 2 contact; Account Manager"
            continue
        cur = f"{cur}, {part}" if cur else part
        if find_thresholds(cur) and find_roles(cur, names):
            units.append(cur)
            cur = ""
    if cur:
        units.append(cur)
    return units


_HEADING_NUM = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[A-Z]\.|(?:section|schedule|appendix|annex|"
                          r"exhibit|part|article|clause)\s+[\w.]+)\s*[-:.\u2013]?\s+", re.I)
_SMALL_WORDS = {"and", "or", "of", "the", "a", "an", "to", "for", "in", "on", "at", "by", "with", "&", "-", "\u2013"}


def _title_line(t: str) -> bool:
    """'Service Credits', 'Escalation Procedure': a short line in title case (a heading whose
    bold an OCR'd page lost)."""
    words = t.split()
    return 1 <= len(words) <= 6 and not re.search(r"[.;,]$", t) and ":" not in t and all(
        w.lower() in _SMALL_WORDS or w[:1].isupper() or w[:1].isdigit() for w in words)


def _is_heading(p) -> bool:
    t = p.text.strip()
    if p.cells is not None or not t or len(t.split()) > 12 or len(t) > 90:
        return False
    if re.search(r"[.;]$", t) and not re.fullmatch(r"[A-Z0-9 .\-:&/()]+", t):
        return False
    if find_thresholds(t) or find_roles(t):
        return False
    return bool(p.bold or _HEADING_NUM.match(t) or (t.isupper() and len(t) > 3) or t.endswith(":")
                or _title_line(t) and find_priorities(t, label=True) is None)


# A joined line break: the paragraph reader starts a new paragraph at "Level 2 ..." or "P1 ...",
# also inside a sentence ("... shall notify the" / "Level 2 contact and the account manager").
_OPEN_END = re.compile(r"(?:\b(?:the|a|an|to|of|and|or|notify|notifies|notified|inform|alert|escalate[sd]?|at|"
                       r"its|for|with|by|is|are|be|will|shall|from|his|her|their)|,)\s*$", re.I)


def _joined(paras) -> list:
    out = []
    for p in paras:
        prev = out[-1] if out else None
        if prev is not None and p.cells is None and prev.cells is None and not p.bold and \
                not prev.bold and prev.page == p.page and (
                    _OPEN_END.search(prev.text) and not re.match(r"^[^:]{1,60}:\s", p.text)
                    or re.match(r"^[a-z]", p.text) and not re.search(r"[.:;!?]\s*$", prev.text)) \
                and not _pair_header(prev.text):
            out[-1] = _Joined(f"{prev.text} {p.text}", prev.page, False, prev.size, None,
                              min(prev.conf, p.conf), min(prev.min_conf, p.min_conf))
            continue
        out.append(p)
    return out


@dataclass
class _Joined:
    text: str
    page: int
    bold: bool
    size: float
    cells: list | None
    conf: float = 1.0
    min_conf: float = 1.0


class _Reader:
    def __init__(self, names: dict[str, int] | None = None):
        self.names = names or {}
        self.steps: list[_Step] = []
        self.incomplete: list[str] = []
        self.in_section = False
        self.priority: list[str] = []
        self.clock: str | None = None
        self.header = None  # the matrix being read: (kinds per column, column values)
        self.section_start = 0  # index of the first step of the current escalation section
        self.first_para = None
        self.snippets: list[str] = []

    # -------------------------------------------------------------------------- tables
    def table_header(self, cells: list[str]):
        """Kinds of the columns of an escalation matrix header, or None when it is not one (a
        row naming people is a row of steps)."""
        v = vocab()
        if any(find_roles(c, self.names) for c in cells):
            return None
        kinds, values = [], []
        for c in cells:
            low = c.strip()
            th = find_thresholds(low)
            pr = find_priorities(low, label=True) if low else None
            if th and len(th) == 1 and len(low) <= 25:
                kinds.append("threshold_value")
                values.append((th[0].value, find_clock(low, bare=True)))
            elif pr and len(low.split()) <= 4 and not v.columns["notify"].search(low):
                kinds.append("priority_value")
                values.append(pr)
            elif v.columns["threshold"].search(low) and not v.columns["notify"].search(low) or \
                    re.search(r"\b(?:notif\w*|escalat\w*|raised?|triggered)\s+(?:at|when|after|on)\b", low, re.I):
                kinds.append("threshold")
                values.append(find_clock(low, bare=True))
            elif v.columns["priority"].search(low):
                kinds.append("priority")
                values.append(None)
            elif v.columns["notify"].search(low):
                kinds.append("notify")
                values.append(None)
            elif v.columns["clock"].search(low) or find_clock(low, bare=True) in ("response", "resolution"):
                kinds.append("clock")
                values.append(None)
            elif v.columns["level"].search(low):
                kinds.append("level")
                values.append(None)
            else:
                kinds.append(None)
                values.append(None)
        if "threshold" not in kinds and kinds.count("notify") == 1:
            # "Notify | Response | Resolution": a threshold column per clock
            for i, k in enumerate(kinds):
                if k == "clock" and find_clock(cells[i], bare=True) in ("response", "resolution"):
                    kinds[i], values[i] = "threshold", find_clock(cells[i], bare=True)
        n_tv = kinds.count("threshold_value")
        n_pv = kinds.count("priority_value")
        if n_tv >= 2 and n_tv + kinds.count(None) + kinds.count("priority") + kinds.count("clock") == len(kinds):
            return kinds, values  # "Priority | 50% | 75% | 100%": who is notified in the cells
        if n_pv >= 2 and kinds.count("threshold") == 1:
            return kinds, values  # "Trigger | P1 | P2 | P3": who is notified per priority
        if kinds.count("threshold") >= 1 and (kinds.count("notify") >= 1 or kinds.count("level") == 1):
            return kinds, values
        return None

    def table_row(self, p):
        kinds, values = self.header
        cells = p.cells
        if len(cells) != len(kinds):
            return False
        prios = None
        clock = None
        for k, c in zip(kinds, cells):
            if k == "priority" and c.strip():
                prios = find_priorities(c, label=True)
            elif k == "clock" and c.strip():
                clock = find_clock(c, bare=True)
        if prios is None and "priority" in kinds and not any(
                c.strip() for k, c in zip(kinds, cells) if k == "priority"):
            prios = self.priority  # a merged cell: the priority of the rows above
        if prios is None and "priority" not in kinds and kinds[0] is None and cells[0].strip():
            prios = find_priorities(cells[0], label=True)
        if prios is None:
            prios = self.priority
        if "priority" in kinds and any(c.strip() for k, c in zip(kinds, cells) if k == "priority") and \
                find_priorities(next(c for k, c in zip(kinds, cells) if k == "priority"), label=True) is None:
            self.incomplete.append(f"priority not read in {p.text[:60]!r}")
        self.priority = prios
        if "threshold_value" in kinds:
            for (k, c), val in zip(zip(kinds, cells), values):
                if k != "threshold_value" or not c.strip():
                    continue
                people = [h.value for h in find_roles(c, self.names)]
                pct, col_clock = val
                self.add(prios, _clock(clock or col_clock or self.clock), pct, people, p, TABLE_CONF, c)
            return True
        th_cols = [(i, values[i]) for i, k in enumerate(kinds) if k == "threshold"]
        if "priority_value" in kinds:
            (i, col_clock), = th_cols
            ths = find_thresholds(cells[i], bare_number=True)
            if len(ths) != 1:
                if cells[i].strip():
                    self.incomplete.append(f"threshold not read in {p.text[:60]!r}")
                return True
            for (k, c), val in zip(zip(kinds, cells), values):
                if k == "priority_value" and c.strip():
                    people = [h.value for h in find_roles(c, self.names)]
                    cl = find_clock(cells[i], bare=True) or col_clock
                    self.add(val, _clock(clock or cl or self.clock), ths[0].value, people, p, TABLE_CONF, c)
            return True
        notify = [c for k, c in zip(kinds, cells) if k == "notify"]
        levels = [c for k, c in zip(kinds, cells) if k == "level"]
        people = [h.value for c in notify for h in find_roles(c, self.names)]
        if not people:
            people = [f"level {n}" for c in levels for n in _level_numbers(c)][:1]
        read_any = False
        for i, col_clock in th_cols:
            ths = find_thresholds(cells[i], bare_number=True)
            if not ths:
                if cells[i].strip() and not find_priorities(cells[i], label=True):
                    self.incomplete.append(f"threshold not read in {p.text[:60]!r}")
                continue
            if len(ths) > 1:
                self.incomplete.append(f"several thresholds in one cell {cells[i][:40]!r}")
                continue
            cl = clock or find_clock(cells[i], bare=True) or col_clock or self.clock
            self.add(prios, _clock(cl), ths[0].value, people, p, TABLE_CONF, p.text)
            read_any = True
        if not read_any and people and self.steps and self.steps[-1].para is not None and \
                not any(cells[i].strip() for i, _ in th_cols):
            last = self.steps[-1]  # a cell wrapped onto a row of its own: more people for the step above
            last.roles += [r for r in people if r not in last.roles]
        return True

    # -------------------------------------------------------------------------- prose
    def prose(self, p):
        v = vocab()
        text = p.text.strip()
        sentences = []
        for s in _SENT_SPLIT.split(text):
            # "... and the account manager All other priorities:": the next list's lead, run on
            m = re.match(r"^(.*\S)\s+((?:for\s+)?(?:all|any|priority|p[1-4]|sev|severity|critical|urgent|high|"
                         r"medium|normal|low)\b[^.:]{0,40}:)\s*$", s, re.I)
            sentences += [m.group(1), m.group(2)] if m and find_thresholds(m.group(1)) else [s]
        for s in [x for x in sentences if x.strip()]:
            ths = find_thresholds(s)
            prios = find_priorities(s)
            lead = re.match(r"^\s*(?:[-\u2022*]\s*)?(?:for\s+)?([^:,]{1,60}?)\s*(?::|,|-\s|\u2013)", s)
            if prios is None and lead and find_priorities(lead.group(1), label=True) is not None:
                prios = find_priorities(lead.group(1), label=True)
            sclock = find_clock(s)
            if not ths:
                if self.in_section and v.verbs.search(s) and find_roles(s, self.names) and find_durations(s):
                    # "unresolved after 2 hours, the Level 1 contact is notified": a step by elapsed
                    # time, which the ladder (percentages of the target) cannot hold as it is
                    self.incomplete.append(f"a step after a time, not a share of the target: {s[:80]!r}")
                if prios is not None and (len(s.split()) <= 5 or s.rstrip().endswith(":")):
                    self.priority = prios  # "Priority 1 (Critical) incidents:"
                if sclock and (self.in_section or v.section.search(s)) and re.search(
                        r"percent|per\s+cent|%|threshold|measured|escalat|step|ladder|trigger|elapsed", s, re.I):
                    self.clock = sclock  # "Thresholds are percentages of the resolution target."
                    if sclock in ("response", "resolution"):
                        for st in self.steps[self.section_start:]:
                            if st.clock is None and not st.clock_stated:
                                st.clock = sclock  # a footnote under the matrix names the clock
                if _pair_header(s):
                    self.in_section = True  # "Trigger: Escalate to", the header of a two-column matrix
                    if find_clock(s, bare=True) in ("response", "resolution"):
                        self.clock = find_clock(s, bare=True)
                continue
            escalation_words = bool(v.section.search(s))
            context = self.in_section or escalation_words
            roles = find_roles(s, self.names)
            if not context and not (v.verbs.search(s) and any(h.value.startswith("level") for h in roles)
                                    and (sclock or re.search(r"\b(?:target|sla)\b", s, re.I))):
                continue  # prose outside escalation text: only "notify the Level 1 contact at 75% of the target"
            if not roles:
                if context and _step_like(s):
                    self.incomplete.append(f"a threshold with nobody to notify: {s[:80]!r}")
                continue
            if prios is not None:
                self.priority = prios
            if sclock and sclock != "both":
                self.clock = sclock
            conf = SECTION_CONF if context else LOOSE_CONF
            units = [self._unit(u, sclock) for u in _units(s, self.names)]
            if any(bad for _, bad, _ in units):
                whole = self._unit(s, sclock)  # "The Level 1 contact is told at 50% for P1 and at 75% for P2"
                if not whole[1]:
                    units = [whole]
            for steps, bad, unit in units:
                if bad and context and _step_like(unit):
                    why = "who is notified at which threshold is unclear" if find_roles(unit, self.names) \
                        else "a threshold with nobody to notify"
                    self.incomplete.append(f"{why}: {unit[:80]!r}")
                for prios_, clock_, pct, people, stated in steps:
                    self.add(prios_, _clock(clock_), pct, people, p, conf, s, stated)

    def _unit(self, unit: str, sclock):
        """The steps of one clause: (steps, some threshold not paired, the clause). Each step takes
        the priority and clock named around its threshold ('at 50% of the response target for P1
        incidents'), else those of the clause, the sentence, the section."""
        uths, uroles = find_thresholds(unit), find_roles(unit, self.names)
        if not uths:
            return [], False, unit
        pairs, unpaired = _pair(uths, uroles, bool(re.search(r"\brespectively\b", unit, re.I)))
        uclock = find_clock(unit) or sclock or self.clock
        uprios = find_priorities(unit)
        steps = []
        for t, people in pairs:
            k = uths.index(t)
            lo = uths[k - 1].end if k else 0
            hi = uths[k + 1].start if k + 1 < len(uths) else len(unit)
            clock = find_clock(unit[t.start:hi]) or (uclock if len(uths) == 1 or find_clock(unit) != "both"
                                                      else sclock or self.clock)
            prios = None
            if len(uths) > 1:  # the qualifier after the threshold, else the one before it
                prios = find_priorities(unit[t.end:hi])
                if prios is None:
                    prios = find_priorities(unit[lo:t.start])
            if prios is None:
                prios = uprios if uprios is not None else self.priority
            stated = bool(find_clock(unit[t.start:hi]) or find_clock(unit) or sclock)
            steps.append((prios, clock, t.value, people, stated))
        if steps and uprios is not None and len({tuple(x[0]) for x in steps}) == 1:
            self.priority = steps[-1][0]
        return steps, unpaired > 0, unit

    def add(self, prios, clock, pct, people, para, conf, snippet, stated=None):
        if not people and re.fullmatch(r"\s*(?:[-\u2013\u2014]+|none|n/?a|nil)?\s*\.?\s*", snippet or "", re.I):
            return  # a dash or 'none' in a matrix: no step there
        if not people:
            self.incomplete.append(f"nobody to notify at {pct}% in {snippet[:60]!r}")
            return
        if self.first_para is None:
            self.first_para = para
        self.snippets.append(" ".join(snippet.split()))
        stated = clock is not None if stated is None else stated
        self.steps.append(_Step(list(prios or []), clock, pct, list(people), para, conf, stated))


_OF_TARGET = re.compile(r"%\s*(?:\)\s*)?(?:of\s+(?:the\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,2}?(?:target|time|sla|deadline|"
                        r"window)|elapsed|consumed|used)", re.I)


def _step_like(text: str) -> bool:
    """A sentence that reads as an escalation step ('notify ... at 75%', '75% of the target'),
    not any percentage (a service credit of 5% per breach)."""
    v = vocab()
    return bool(v.verbs.search(text) or _OF_TARGET.search(text) or
                any(rx.search(text) for _, rx in v.words))


def _pair_header(text: str) -> bool:
    """'Trigger: Escalate to' / 'Notify: % of resolution target': a two-column matrix's header
    (the paragraph reader turns two-cell rows into 'label: value')."""
    v = vocab()
    parts = [x.strip() for x in text.split(":")]
    if len(parts) != 2 or len(text.split()) > 10 or find_thresholds(text):
        return False
    a, b = parts
    return bool(v.columns["threshold"].search(a) and v.columns["notify"].search(b) and not
                v.columns["notify"].search(a) or v.columns["notify"].search(a) and
                v.columns["threshold"].search(b) and not v.columns["notify"].search(b))


def _clock(c: str | None) -> str | None:
    return c if c in ("response", "resolution") else None


def escalation_ladder(paras, contacts: list[dict] | None = None) -> Ladder | None:
    """The ladder the document states (see the module docstring), or None. `contacts`: the
    escalation contacts read from the document ({level, name, ...}), so that a step naming a
    contact by name notifies that contact's level."""
    v = vocab()
    names = {c["name"]: c["level"] for c in contacts or [] if c.get("name") and c.get("level")
             and len(str(c["name"]).split()) >= 2}
    r = _Reader(names)
    for p in _joined(paras):
        if p.cells is not None:
            header = r.table_header(p.cells)
            if header is not None:
                r.header = header
                r.clock = next((c for k, c in zip(*header) if k == "threshold" and c in ("response", "resolution")),
                               r.clock)
                continue
            if r.header is not None:
                if r.table_row(p):
                    continue
                if find_roles(" ".join(p.cells), r.names) or find_thresholds(" ".join(p.cells)):
                    # a row whose cells were not all found (an OCR'd matrix, a merged cell)
                    r.incomplete.append(f"a row of the escalation matrix not read: {p.text[:60]!r}")
                    continue
            r.header = None
            if len(p.cells) == 2 or r.in_section:
                # a row of a matrix whose header was not found: its cells as 'a: b: c' (a cell
                # naming only a clock, 'response', says the clock of the row's threshold)
                cells = [f"{c} target" if len(c.split()) <= 3 and find_clock(c, bare=True) in
                         ("response", "resolution") and not find_clock(c) else c for c in p.cells if c.strip()]
                r.prose(_Joined(": ".join(cells), p.page, False, p.size, None, p.conf, p.min_conf))
            continue
        if r.header is not None and r.steps and len(p.text.split()) <= 8 and not find_thresholds(p.text) \
                and find_roles(p.text, r.names) and not _is_heading(p):
            # a cell of an unruled matrix wrapped onto a line of its own: more people for the step
            last = r.steps[-1]
            last.roles += [x.value for x in find_roles(p.text, r.names) if x.value not in last.roles]
            continue
        r.header = None
        short = len(p.text.split()) <= 8 and not re.search(r"[.;,]\s*$", p.text.strip())
        if (_is_heading(p) or short and v.section.search(p.text)) and not find_thresholds(p.text) \
                and not find_roles(p.text, r.names):
            if v.section.search(p.text):
                r.in_section = True
                r.section_start = len(r.steps)
                r.priority, r.clock = find_priorities(p.text) or [], None  # "P1 Escalation"
                sc = find_clock(p.text, bare=True)
                if sc in ("response", "resolution"):
                    r.clock = sc
                continue
            prios = find_priorities(p.text, label=True)
            if r.in_section and prios is not None:
                r.priority = prios
                continue
            if r.in_section and find_clock(p.text, bare=True) in ("response", "resolution") and \
                    len(p.text.split()) <= 5:
                r.clock = find_clock(p.text, bare=True)
                continue
            if r.in_section and p.text.strip().endswith(":"):
                r.prose(p)  # "The Provider escalates as follows:" (a lead, not a heading)
                continue
            r.in_section = False
            r.priority, r.clock = [], None
            continue
        r.prose(p)
    if not r.steps and not r.incomplete:
        return None
    return _ladder(r)


def _ladder(r: _Reader) -> Ladder:
    merged: dict[tuple, list[str]] = {}
    conf = min([s.conf for s in r.steps] or [INCOMPLETE_CONF])
    for s in r.steps:
        for prio in (s.priorities or [None]):
            key = (prio, s.clock, s.pct)
            people = merged.setdefault(key, [])
            people.extend(x for x in s.roles if x not in people)
    problems = []
    if r.incomplete:
        conf = min(conf, INCOMPLETE_CONF)
        problems.append("escalation: some of the escalation clause was not read: " + "; ".join(
            dict.fromkeys(r.incomplete))[:300])
    steps = []
    for (prio, clock, pct), people in sorted(merged.items(), key=lambda kv: (
            kv[0][0] or "", kv[0][1] or "", kv[0][2])):
        step: dict = {"threshold_pct": int(pct) if pct == pct.to_integral_value() else float(pct),
                      "notify": sorted(people, key=_role_order)}
        if prio:
            step["priority"] = prio
        if clock:
            step["clock"] = clock
        steps.append(step)
    snippet = " / ".join(dict.fromkeys(r.snippets))
    return Ladder(steps, r.first_para, snippet, conf, problems,
                  least_conf=min([getattr(s.para, "conf", 1.0) for s in r.steps] or [1.0]))


def _role_order(role: str):
    return (0, 0) if role == "technician" else (2, 0) if role == "account_manager" else (1, int(role.split()[-1]))
