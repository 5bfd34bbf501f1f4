"""Coverage hours, as the data contract writes them, parsed into weekly windows.

Syntax (spec section 3, Clock): groups separated by ``;``, each a day spec and one or more windows
separated by ``,``. A day spec is a day (``Sat``), a range (``Mon-Fri``) or a list
(``Mon,Wed,Fri``); times are 24-hour ``HH:MM`` or ``HH:MM:SS``; a window may end at ``24:00``.
``24x7`` means always open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_DAY_INDEX = {d.lower(): i + 1 for i, d in enumerate(DAYS)}  # ISO day of week, Mon = 1
_TIME = r"(\d{1,2}):(\d{2})(?::(\d{2}))?"
_WINDOW = re.compile(rf"^{_TIME}\s*-\s*{_TIME}$")
_DAY_TOKEN = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
_GROUP = re.compile(
    rf"^(?P<days>{_DAY_TOKEN}(?:\s*-\s*{_DAY_TOKEN}|(?:\s*,\s*{_DAY_TOKEN})*))\s+(?P<windows>.+)$",
    re.IGNORECASE,
)


class CoverageHoursError(ValueError):
    """The coverage string does not follow the contract's syntax; the message says where."""


@dataclass(frozen=True, order=True)
class Window:
    iso_dow: int  # 1 = Monday .. 7 = Sunday
    start_second: int  # seconds after local midnight
    end_second: int  # exclusive; 86400 = 24:00


def _seconds(h: str, m: str, s: str | None, text: str, allow_24: bool) -> int:
    hours, minutes, seconds = int(h), int(m), int(s or 0)
    if minutes > 59 or seconds > 59 or hours > 24 or (hours == 24 and (minutes or seconds)):
        raise CoverageHoursError(f"coverage hours: {text!r} is not a valid time")
    if hours == 24 and not allow_24:
        raise CoverageHoursError(f"coverage hours: a window cannot start at 24:00 ({text!r})")
    return hours * 3600 + minutes * 60 + seconds


def _days(spec: str) -> list[int]:
    spec = re.sub(r"\s+", "", spec).lower()
    if "-" in spec:
        first, last = spec.split("-")
        a, b = _DAY_INDEX[first], _DAY_INDEX[last]
        if b < a:
            raise CoverageHoursError(f"coverage hours: day range {spec!r} runs backwards")
        return list(range(a, b + 1))
    return [_DAY_INDEX[d] for d in spec.split(",")]


def parse_coverage_hours(text: str) -> tuple[bool, list[Window]]:
    """Return ``(is_24x7, windows)``; raises CoverageHoursError with a specific message."""
    if text is None or not str(text).strip():
        raise CoverageHoursError("coverage hours: empty")
    cleaned = str(text).strip()
    if cleaned.lower().replace(" ", "") in {"24x7", "24/7"}:
        return True, [Window(d, 0, 86400) for d in range(1, 8)]
    windows: set[Window] = set()
    for group in filter(None, (g.strip() for g in cleaned.split(";"))):
        match = _GROUP.match(group)
        if not match:
            raise CoverageHoursError(f"coverage hours: cannot read {group!r} (expected e.g. 'Mon-Fri 08:00-18:00')")
        days = _days(match.group("days"))
        for part in match.group("windows").split(","):
            wm = _WINDOW.match(part.strip())
            if not wm:
                raise CoverageHoursError(f"coverage hours: cannot read window {part.strip()!r} in {group!r}")
            start = _seconds(wm.group(1), wm.group(2), wm.group(3), part, allow_24=False)
            end = _seconds(wm.group(4), wm.group(5), wm.group(6), part, allow_24=True)
            if end <= start:
                raise CoverageHoursError(
                    f"coverage hours: window {part.strip()!r} ends before it starts "
                    "(write a window that crosses midnight as two)"
                )
            windows.update(Window(d, start, end) for d in days)
    if not windows:
        raise CoverageHoursError("coverage hours: no windows")
    merged = _merge(sorted(windows))
    return False, merged


def _merge(windows: list[Window]) -> list[Window]:
    """Overlapping or touching windows on the same day become one (so open time is not double counted)."""
    out: list[Window] = []
    for w in windows:
        if out and out[-1].iso_dow == w.iso_dow and w.start_second <= out[-1].end_second:
            last = out.pop()
            out.append(Window(w.iso_dow, last.start_second, max(last.end_second, w.end_second)))
        else:
            out.append(w)
    return out


def daily_open_seconds(windows: list[Window]) -> dict[int, int]:
    """Open seconds per ISO weekday (days without windows are absent)."""
    totals: dict[int, int] = {}
    for w in windows:
        totals[w.iso_dow] = totals.get(w.iso_dow, 0) + (w.end_second - w.start_second)
    return totals
