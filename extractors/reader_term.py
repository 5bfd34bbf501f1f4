"""Term dates stated in running prose beyond "X through Y" (spec section 2, `end_date`).

`term_end_clauses(paras, sentences, dates)`: "This Amendment takes effect on Aug 1, 2025 ... and
applies for the remainder of the Agreement's term, which ends on Jan 31, 2026." -> the end of the
term this document runs for. A sentence about a prior, previous or superseded agreement ("the
Prior Agreement, which expires on 31-Mar-2026") is not this document's term.
"""

from __future__ import annotations

import re

_TERM_ENDS = re.compile(
    r"\bterm\b[\"\u201d)]*,?\s+(?:which|that)\s+(?:ends|expires|terminates|runs\s+until|continues\s+until)"
    r"\s+(?:on\s+)?$", re.I)
_NOT_THIS = re.compile(r"\b(?:prior|previous|former|superseded|old)\b", re.I)


def term_end_clauses(paras, sentences, dates):
    """(date, para, sentence) for each 'term, which ends on DATE' in a sentence not about another
    agreement."""
    out = []
    for p in paras:
        if p.cells is not None:
            continue
        for s in sentences(p.text):
            if _NOT_THIS.search(s):
                continue
            for d in dates(s):
                if _TERM_ENDS.search(s[:d.start]):
                    out.append((d, p, s))
    return out
