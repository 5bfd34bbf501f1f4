"""Parsers for the value forms contracts are written in: money, percentages, dates, durations,
coverage hours. Each returns a normalised value or None when the text is not (unambiguously)
that kind of value: extraction leaves a term out rather than guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"])}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9

_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "a": 1, "an": 1, "half": None,
}

CURRENCY_CODES = {"USD", "EUR", "GBP", "CAD", "AUD", "NZD", "CHF", "SEK", "NOK", "DKK", "PLN",
                  "JPY", "SGD", "INR", "MXN", "BRL", "ZAR"}
_SYMBOLS = {"$": "USD", "\u00a3": "GBP", "\u20ac": "EUR", "US$": "USD", "C$": "CAD",
            "CA$": "CAD", "A$": "AUD", "AU$": "AUD", "NZ$": "NZD"}

# ------------------------------------------------------------------------------------ numbers
NUM = r"\d{1,3}(?:[,.\u00a0 ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"


def parse_number(text: str) -> Decimal | None:
    """'86,400.00' / '86.400,00' / '86 400' / '1.5' -> Decimal. A lone separator followed by
    exactly three digits is a thousands separator (money is written with 0 or 2 decimals)."""
    t = text.strip().replace("\u00a0", " ").replace(" ", "")
    if not t or not re.fullmatch(r"[\d.,]+", t):
        return None
    if "," in t and "." in t:
        dec_sep = "," if t.rfind(",") > t.rfind(".") else "."
        thou = "." if dec_sep == "," else ","
        t = t.replace(thou, "").replace(dec_sep, ".")
    elif "," in t or "." in t:
        sep = "," if "," in t else "."
        parts = t.split(sep)
        if len(parts) > 2 or len(parts[-1]) == 3:
            if any(len(p) != 3 for p in parts[1:]):
                return None
            t = "".join(parts)
        else:
            t = t.replace(",", ".")
    try:
        return Decimal(t)
    except InvalidOperation:
        return None


@dataclass
class Money:
    amount: Decimal
    currency: str | None  # None when written without a symbol or code
    text: str


_MONEY_RE = re.compile(
    r"(?P<pre>US\$|CA\$|AU\$|NZ\$|C\$|A\$|\$|\u00a3|\u20ac|\b(?:" + "|".join(CURRENCY_CODES)
    + r")\b)?\s?(?P<num>" + NUM + r")(?:\s?(?P<mult>million|m\b|k\b))?"
    r"(?:\s?(?P<post>\b(?:" + "|".join(CURRENCY_CODES) + r")\b|\u20ac))?")


def find_money(text: str) -> list[Money]:
    out = []
    for m in _MONEY_RE.finditer(text):
        pre, post = m.group("pre"), m.group("post")
        if not pre and not post:
            continue
        amount = parse_number(m.group("num"))
        if amount is None:
            continue
        mult = (m.group("mult") or "").lower()
        if mult in ("million", "m"):
            amount *= 1000000
        elif mult == "k":
            amount *= 1000
        cur = None
        for sym in (pre, post):
            if sym:
                cur = _SYMBOLS.get(sym, sym if sym in CURRENCY_CODES else None)
        out.append(Money(amount, cur, m.group(0).strip()))
    return out


_PCT_RE = re.compile(r"(\d+(?:[.,]\d+)?)\s?(?:%|percent\b|per cent\b)", re.I)


def find_percent(text: str) -> list[Decimal]:
    return [Decimal(m.group(1).replace(",", ".")) for m in _PCT_RE.finditer(text)]


def words_or_digits(text: str) -> int | None:
    """'sixty (60)' / '60' / 'sixty' / 'forty-five' -> int."""
    t = text.strip().lower()
    m = re.fullmatch(r"[a-z -]*\((\d+)\)", t)
    if m:
        return int(m.group(1))
    if t.isdigit():
        return int(t)
    total = 0
    for part in re.split(r"[ -]+", t):
        v = _NUMBER_WORDS.get(part)
        if v is None:
            return None
        total += v
    return total


# ------------------------------------------------------------------------------------ dates
_MONTH_NAMES = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|" \
               r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
DATE_RE = re.compile(
    r"(?P<mdy>" + _MONTH_NAMES + r"\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{4}))"
    r"|(?P<dmy>(?P<d2>\d{1,2})(?:\s?(?:st|nd|rd|th)?\s+(?:day\s+of\s+)?|-)(?P<m2>" + _MONTH_NAMES
    + r")(?:,?\s+|-)(?P<y2>\d{4}))"  # "1st March 2025", "the 1st day of March, 2025", "01-Mar-2025"
    r"|(?P<iso>(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2}))"
    r"|(?P<num>(?P<a4>\d{1,2})(?P<sep>[/.])(?P<b4>\d{1,2})(?P=sep)(?P<y4>\d{4}|\d{2}))\b",
    re.I)


@dataclass
class FoundDate:
    value: date
    text: str
    start: int
    end: int
    confident: bool  # False: numeric day/month order guessed


def find_dates(text: str, day_first: bool | None = None) -> list[FoundDate]:
    """Dates in `text`. `day_first` is the document's locale for 01/02/2025 forms (None:
    unknown: such a date is only taken when one part is > 12 or both parts are equal)."""
    out = []
    for m in DATE_RE.finditer(text):
        try:
            confident = True
            if m.group("mdy"):
                mon = MONTHS[m.group("mdy").split()[0].rstrip(".").lower()[:3]
                             if m.group("mdy").split()[0].rstrip(".").lower() not in MONTHS
                             else m.group("mdy").split()[0].rstrip(".").lower()]
                d = date(int(m.group("y1")), mon, int(m.group("d1")))
            elif m.group("dmy"):
                mname = m.group("m2").rstrip(".").lower()
                mon = MONTHS.get(mname) or MONTHS[mname[:3]]
                d = date(int(m.group("y2")), mon, int(m.group("d2")))
            elif m.group("iso"):
                d = date(int(m.group("y3")), int(m.group("m3")), int(m.group("d3")))
            else:
                a, b, y = int(m.group("a4")), int(m.group("b4")), int(m.group("y4"))
                if y < 100:
                    y += 2000 if y < 70 else 1900
                if m.group("sep") == ".":
                    d = date(y, b, a)  # dotted dates are day-first everywhere
                elif a > 12 >= b:
                    d = date(y, b, a)
                elif b > 12 >= a:
                    d = date(y, a, b)
                elif a == b:
                    d = date(y, a, b)
                elif day_first is None:
                    d = date(y, a, b)
                    confident = False
                else:
                    d = date(y, b, a) if day_first else date(y, a, b)
            out.append(FoundDate(d, m.group(0), m.start(), m.end(), confident))
        except (ValueError, KeyError):
            continue
    return out


# ------------------------------------------------------------------------------------ durations
_DUR_RE = re.compile(
    r"(?P<n>(?:[a-z]+(?:-[a-z]+)?\s+)?\(\d+\)|\d+(?:[.,]\d+)?|[a-z]+(?:-[a-z]+)?)\s*"
    r"(?P<unit>business\s+days?|working\s+days?|calendar\s+days?|days?|"
    r"(?:business\s+|working\s+|clock\s+)?hours?|hrs?\.?|"
    r"minutes?|mins?\.?)\b"
    r"(?:\s+(?:and\s+)?(?P<n2>\d+)\s*(?:minutes?|mins?))?",
    re.I)


@dataclass
class Duration:
    minutes: int | None        # None for business days that need the coverage day length
    business_days: int | None  # set for "N business days"
    text: str
    start: int
    end: int


def find_durations(text: str) -> list[Duration]:
    out = []
    for m in re.finditer(r"next\s+business\s+day", text, re.I):
        out.append(Duration(None, 1, m.group(0), m.start(), m.end()))
    for m in _DUR_RE.finditer(text):
        if any(d.start <= m.start() < d.end for d in out):
            continue
        raw = m.group("n").strip()
        if re.fullmatch(r"\d+(?:[.,]\d+)?", raw):
            n = Decimal(raw.replace(",", "."))
        else:
            v = words_or_digits(raw)
            if v is None:
                continue
            n = Decimal(v)
        unit = m.group("unit").lower()
        if re.search(r"\bhalf\b", text[max(0, m.start() - 12):m.end() + 12], re.I):
            if re.fullmatch(r"half\s+an?\s+hour", text[max(0, m.start() - 5):m.end()].strip(),
                            re.I):
                out.append(Duration(30, None, "half an hour", m.start() - 5, m.end()))
            continue  # "one and a half hours", "an hour and a half": not read
        if unit.startswith(("business", "working")) and "day" in unit:
            if n != n.to_integral_value():
                continue
            out.append(Duration(None, int(n), m.group(0), m.start(), m.end()))
            continue
        if "day" in unit:
            mins = n * 1440
        elif unit.startswith(("hour", "hr", "business", "working", "clock")):
            mins = n * 60
        else:
            mins = n
        if m.group("n2"):
            mins += int(m.group("n2"))
        if mins != mins.to_integral_value():
            continue
        out.append(Duration(int(mins), None, m.group(0), m.start(), m.end()))
    return sorted(out, key=lambda d: d.start)


# ------------------------------------------------------------------------------------ hours
DAY_ABBR = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
_DAY_WORD = r"(?:mon(?:day)?s?|tue(?:s(?:day)?)?s?|wed(?:nesday)?s?|thu(?:r(?:s(?:day)?)?)?s?|" \
            r"fri(?:day)?s?|sat(?:urday)?s?|sun(?:day)?s?)\b"
_DAY_PHRASE = re.compile(
    r"(?P<range>(?P<a>" + _DAY_WORD + r")\.?\s*(?:-|\u2013|to|through|thru|until)\s*(?P<b>"
    + _DAY_WORD + r"))"
    r"|(?P<list>" + _DAY_WORD + r"(?:\s*(?:,|and|&)\s*" + _DAY_WORD + r")+)"
    r"|(?P<single>" + _DAY_WORD + r")"
    r"|(?P<weekdays>weekdays|business\s+days)|(?P<weekends>weekends)",
    re.I)
_TIME = r"(?:\d{1,2}(?::\d{2})?(?::\d{2})?\s*(?:a\.?\s?m\.?|p\.?\s?m\.?)?(?:\s*noon)?|noon|midnight)"
_TIME_RANGE = re.compile(r"(?P<a>" + _TIME + r")\s*(?:-|\u2013|to|until|till)\s*(?P<b>" + _TIME
                         + r")", re.I)
_CANONICAL_GROUP = re.compile(
    r"^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)(?:[-,](?:Mon|Tue|Wed|Thu|Fri|Sat|Sun))*\s+"
    r"\d{2}:\d{2}(?::\d{2})?-\d{2}:\d{2}(?::\d{2})?(?:,\d{2}:\d{2}(?::\d{2})?-\d{2}:\d{2}"
    r"(?::\d{2})?)*$")
X247_RE = re.compile(
    r"24\s*[x\u00d7/]\s*7|24\s*hours\s*(?:a|per|each)\s*day,?\s*(?:7|seven)\s*days\s*(?:a|per)"
    r"\s*week|around\s+the\s+clock|24\s*hours?,?\s*(?:7|seven)\s*days|"
    r"24\s*hours\s*a\s*day,?\s*365\s*days", re.I)


def _day_index(word: str) -> int:
    return DAY_ABBR.index(word.strip()[:3].capitalize())


def _time_seconds(t: str, is_end: bool) -> int | None:
    t = t.strip().lower().replace(" ", "")
    if t in ("midnight",):
        return 86400 if is_end else 0
    if t == "noon":
        return 12 * 3600
    m = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?(a\.?m\.?|p\.?m\.?)?(noon)?", t)
    if not m:
        return None
    h, mi, s = int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0)
    ap = (m.group(4) or "").replace(".", "")
    if m.group(5):
        if h != 12:
            return None
        ap = ""
    if ap == "am":
        if h == 12:
            h = 0
    elif ap == "pm":
        if h != 12:
            h += 12
    elif not m.group(2) and not m.group(5):
        return None  # a bare "8" is not a time
    if h > 24 or mi > 59 or s > 59 or (h == 24 and (mi or s)):
        return None
    sec = h * 3600 + mi * 60 + s
    if is_end and sec == 0:
        sec = 86400
    return sec


def _fmt_time(sec: int) -> str:
    h, r = divmod(sec, 3600)
    m, s = divmod(r, 60)
    return f"{h:02d}:{m:02d}" + (f":{s:02d}" if s else "")


def _day_spec(days: list[int]) -> str:
    days = sorted(set(days))
    if len(days) > 1 and days == list(range(days[0], days[-1] + 1)):
        return f"{DAY_ABBR[days[0]]}-{DAY_ABBR[days[-1]]}"
    return ",".join(DAY_ABBR[d] for d in days)


def windows_to_canonical(per_day: dict[int, list[tuple[int, int]]]) -> str:
    """{day: [(start_s, end_s)]} -> canonical spec; days with the same windows are grouped."""
    if all(per_day.get(d) == [(0, 86400)] for d in range(7)):
        return "24x7"
    by_windows: dict[tuple, list[int]] = {}
    for d in range(7):
        wins = per_day.get(d)
        if wins:
            by_windows.setdefault(tuple(sorted(wins)), []).append(d)
    groups = sorted(by_windows.items(), key=lambda kv: kv[1][0])
    return "; ".join(
        _day_spec(days) + " " + ",".join(f"{_fmt_time(a)}-{_fmt_time(b)}" for a, b in wins)
        for wins, days in groups)


def canonical_windows(spec: str) -> dict[int, list[tuple[int, int]]] | None:
    """Canonical spec -> {day: [(start_s, end_s)]}; None if it does not parse."""
    spec = spec.strip()
    if spec.replace(" ", "").lower() in ("24x7", "24/7"):
        return {d: [(0, 86400)] for d in range(7)}
    out: dict[int, list[tuple[int, int]]] = {}
    for group in spec.split(";"):
        group = group.strip()
        if not group:
            continue
        if not _CANONICAL_GROUP.match(group):
            return None
        dayspec, wins = group.split(None, 1)
        days: list[int] = []
        for item in dayspec.split(","):
            if "-" in item:
                a, b = item.split("-")
                days.extend(range(_day_index(a), _day_index(b) + 1))
            else:
                days.append(_day_index(item))
        for w in wins.split(","):
            a, b = w.split("-")
            sa, sb = _time_seconds(a, False), _time_seconds(b, True)
            if sa is None or sb is None or sb <= sa:
                return None
            for d in days:
                out.setdefault(d, []).append((sa, sb))
    return {d: sorted(w) for d, w in out.items()} or None


def parse_hours(text: str) -> str | None:
    """Coverage hours in any of the usual forms -> canonical spec string, or None."""
    t = " ".join(text.split())
    if X247_RE.search(t):
        return "24x7"
    m = re.match(r"^((?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[-,A-Za-z]*\s+\d{2}:\d{2}[-:,;0-9 A-Za-z]*)",
                 t)
    if m:
        cand = m.group(1).strip().rstrip(";,.")
        # Trim trailing words that are not part of the spec ("Mon-Fri 08:00-18:00 Central").
        while cand and canonical_windows(cand) is None and " " in cand:
            cand = cand.rsplit(" ", 1)[0].rstrip(";,.")
        w = canonical_windows(cand) if cand else None
        if w:
            return windows_to_canonical(w)
    # Pair each day phrase with its time ranges, in whichever order the text uses
    # ("8 a.m. to 6 p.m. Monday through Friday" or "Monday-Friday 8am-6pm, Saturday 9-12").
    items = []
    for dm in _DAY_PHRASE.finditer(t):
        items.append((dm.start(), "days", dm))
    for rm in _TIME_RANGE.finditer(t):
        if _time_seconds(rm.group("a"), False) is not None and \
                _time_seconds(rm.group("b"), True) is not None:
            items.append((rm.start(), "times", rm))
    items.sort(key=lambda x: x[0])
    if not items or not any(k == "days" for _, k, _ in items) or \
            not any(k == "times" for _, k, _ in items):
        return None
    days_first = items[0][1] == "days"
    groups: list[tuple[object, list]] = []
    pending: list = []
    for _, kind, m in items:
        if kind == "times":
            if days_first:
                if not groups:
                    return None
                groups[-1][1].append(m)
            else:
                pending.append(m)
        else:
            if days_first:
                groups.append((m, []))
            else:
                if not pending:
                    return None  # days without times: not sure what is meant
                groups.append((m, pending))
                pending = []
    if pending or any(not ranges for _, ranges in groups):
        return None  # times without days, or days without times
    per_day: dict[int, list[tuple[int, int]]] = {}
    for dm, ranges in groups:
        if dm.group("range"):
            a, b = _day_index(dm.group("a")), _day_index(dm.group("b"))
            if b < a:
                return None
            days = list(range(a, b + 1))
        elif dm.group("list"):
            days = [_day_index(w) for w in re.findall(_DAY_WORD, dm.group("list"), re.I)]
        elif dm.group("single"):
            days = [_day_index(dm.group("single"))]
        elif dm.group("weekdays"):
            days = list(range(5))
        else:
            days = [5, 6]
        wins = []
        for r in ranges:
            a, b = _time_seconds(r.group("a"), False), _time_seconds(r.group("b"), True)
            if b <= a:
                return None  # crosses midnight: must be written as two windows
            wins.append((a, b))
        for d in days:
            merged = sorted(per_day.get(d, []) + wins)
            if any(y[0] < x[1] for x, y in zip(merged, merged[1:])):
                return None  # overlapping windows: not a schedule we can trust
            per_day[d] = merged
    return windows_to_canonical(per_day)


def day_lengths(spec: str) -> dict[int, int] | None:
    """Minutes of coverage per weekday for a canonical spec."""
    w = canonical_windows(spec)
    if w is None:
        return None
    return {d: sum(b - a for a, b in wins) // 60 for d, wins in w.items()}


def snake_case(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")
