"""Coverage time zone named in words ("Central Time", "London time (GMT/BST)", "Eastern Time
(Toronto)") -> IANA zone, from the phrase list in `vocab/timezones.yaml`. A phrase whose zone
depends on the country ("Eastern Time") is read only when the client's country is known."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

VOCAB = Path(__file__).with_name("vocab") / "timezones.yaml"


@lru_cache(maxsize=1)
def _phrases():
    data = yaml.safe_load(VOCAB.read_text(encoding="utf-8"))
    return [(re.compile(r"(?<![\w/])(?:" + z["phrase"] + r")(?![\w/])", re.I), z.get("zone"),
             z.get("by_country") or {}) for z in data["zones"]]


def zone_mentions(text: str, country: str | None) -> list[tuple[str, str]]:
    """(IANA zone, printed phrase) for each zone phrase in `text`, longest match per position."""
    found: dict[int, tuple[int, str, str]] = {}
    for rx, zone, by_country in _phrases():
        for m in rx.finditer(text):
            z = zone or by_country.get(country or "")
            if not z:
                continue
            prev = found.get(m.start())
            if prev is None or m.end() > prev[0]:
                found[m.start()] = (m.end(), z, m.group(0))
    # A shorter phrase inside a longer one ("Eastern Time" in "US Eastern Time") is the same mention.
    out, last_end = [], -1
    for start in sorted(found):
        end, z, phrase = found[start]
        if start < last_end:
            continue
        out.append((z, phrase))
        last_end = end
    return out
