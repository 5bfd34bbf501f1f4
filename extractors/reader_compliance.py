"""Insurance minimums in any wording (spec section 2, `compliance.insurance_minimums`).

`insurance_minimums(paras)` finds lines such as

    • Professional Liability (Errors & Omissions): not less than USD 2,000,000 per occurrence
    Insurance: Public Liability: not less than NZD 1,000,000 per occurrence; Employers' Liability ...
    Cyber Insurance - minimum of £1,000,000

in an insurance context (the line or one of the few lines above it speaks of insurance or
cover), the policy names as data (`vocab/compliance.yaml`). The amount must follow its policy name
directly (after an optional "not less than" / "at least" / "a minimum of"): an amount further
on belongs to something else. A policy stated twice with different amounts is left to the
caller's conflict rule (review).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from extractors.pdf_values import find_money


@lru_cache(maxsize=1)
def _vocab():
    data = yaml.safe_load((Path(__file__).with_name("vocab") / "compliance.yaml").read_text(encoding="utf-8"))
    kinds = {k: "(?:" + "|".join(v) + ")" for k, v in data["insurance_kinds"].items()}
    alt = "|".join(f"(?P<{k}>{rx})" for k, rx in kinds.items())
    line = re.compile(
        rf"(?<![\w-])(?:{alt})(?:\s+(?:insurance|cover(?:age)?|policy))?(?:\s*\([^)]{{0,40}}\))?"
        r"\s*(?:[:|\-\u2013]\s*|\s+)(?P<least>(?:of\s+)?(?:not|no)\s+less\s+than|(?:of\s+)?at\s+least|"
        r"(?:of\s+)?a\s+minimum\s+of|minimum(?:\s+of)?|min\.?)?(?:of)?\s*", re.I)
    return line, re.compile(data["insurance_context"], re.I)


def _matches(text: str):
    line, _ = _vocab()
    for m in line.finditer(text):
        kind = next(k for k, v in m.groupdict().items() if v and k != "least")
        ms = find_money(text[m.end():m.end() + 40])
        if ms and text[m.end():].startswith(ms[0].text[:1]) and \
                text.find(ms[0].text, m.end()) - m.end() <= 1:
            yield (kind, ms[0].amount, m.start(), text.find(ms[0].text, m.end()) + len(ms[0].text),
                   bool(m.group("least")))


def insurance_minimums(paras, lookback: int = 4):
    """(policy type, amount, para, snippet) for each policy line in an insurance context, or
    stating a minimum ("Cyber Liability | not less than USD 1,000,000": a floor on a liability is
    insurance; a cap on one says "not exceed")."""
    _, context = _vocab()
    out = []
    for k, p in enumerate(paras):
        before = [q for q in paras[max(0, k - lookback):k] if q.page in (p.page, p.page - 1)]
        in_context = bool(context.search(p.text)) or any(context.search(q.text) for q in before)
        text = " | ".join(p.cells) if p.cells else p.text
        for kind, amount, start, end, least in _matches(text):
            if in_context or least:
                out.append((kind, amount, p, text[start:end]))
        prev = paras[k - 1] if k else None
        if prev is not None and prev.cells is None and p.cells is None and prev.page == p.page and \
                not re.search(r"[.;:]\s*$", prev.text):
            # "Insurance: Professional" + "Indemnity: not less than AUD 1,000,000": a policy name
            # broken over two lines, the second taken for a label of its own
            joined = f"{prev.text} {p.text}"
            cut = len(prev.text) + 1
            for kind, amount, start, end, least in _matches(joined):
                if start < cut < end and (in_context or least):
                    out.append((kind, amount, p, joined[start:end]))
    return out


_SECURITY_LABEL = re.compile(r"^(?:\(?[a-z0-9]{1,3}[.)]\s*)?Security(?:\s+(?:standards|controls|obligations))?\s*:\s*(.+)$")
_VERB = re.compile(r"\b(?:shall|must|will|may|is|are|be|has|have|should)\b", re.I)


def security_label_lists(paras):
    """(items, para) for a paragraph that is a 'Security:' label and its list and nothing else
    ("Security: NIS2 Security Measures, GDPR Data Processing Agreement", an order form's row):
    every item a short name (no sentence, no verb), the paragraph ending with the list."""
    out = []
    for p in paras:
        if p.cells is not None:
            continue
        m = _SECURITY_LABEL.match(p.text.strip())
        if not m:
            continue
        body = m.group(1).strip().rstrip(".")
        if re.search(r"[.:]\s", body):
            continue  # more than one sentence, or another label: not a bare list
        items = [x.strip() for x in re.split(r";" if ";" in body else r",", body)]
        items = [re.sub(r"^(?:and|or)\s+", "", x) for x in items]
        if items and all(2 <= len(x) <= 60 and len(x.split()) <= 6 and not _VERB.search(x)
                         and (x[:1].isupper() or x[:1].isdigit()) for x in items):
            out.append((items, p))
    return out
