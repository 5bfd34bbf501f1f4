"""Which contract is this? `contract_id` and `previous_contract_id` from the references a document prints.

Two small stages, each testable alone on plain text:

1. `identity_candidates(paragraphs)` finds every reference printed next to a label of
   `vocab/identity.yaml` (Agreement No., Contract #, SOW Ref, Order Form No., Schedule Reference,
   Amendment Reference, Quotation ...), with its page, the text around it and the label's rank.
   References next to a label of another document (MSA No., Customer Ref) or in a sentence about
   another agreement ("This amends ... (reference X)", "Issued under Master Services Agreement X")
   are not candidates.
2. `resolve_identity(candidates)` keeps the best-ranked label; one value there is the id
   (confidence 0.97), two different values are a conflict (no id, a problem for review).

`previous_contract_ids(paragraphs)` reads "renews and supersedes X" and the defined-term form
"agreement X (the "Prior Agreement") ... renews and supersedes the Prior Agreement".

When no candidate is found the loader uses the file stem and lists the contract for review
(`orchestration/defs/contracts/assets.py`); nothing here guesses from a title or a file name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

VOCAB = Path(__file__).with_name("vocab") / "identity.yaml"

# A reference: capitals/digits in groups joined by - or /, with at least one digit (ORD-2291,
# NFS/SOW/2025/044, Q-50931). An amendment's own reference may end in " AMD 1".
ID = r"[A-Z][A-Z0-9]*(?:[-/][A-Z0-9]+)+"
_AMD_SUFFIX = r"(?:\s+AMD\s*\d+)?"
_OTHER_DOC = re.compile(r"\b(?:amends|amendment(?:\s+(?:no\.?|n\s?[°o]\.?|number)\s*\d+)?\s+to|issued\s+under|renew\w*|supersed\w*|replac\w*|"
                        r"prior|previous|predecessor)\b", re.I)


@dataclass(frozen=True)
class Para:
    """The little the identity stage needs of a paragraph: its text and page."""
    text: str
    page: int | None


@dataclass(frozen=True)
class IdCandidate:
    value: str
    rank: int
    page: int | None
    snippet: str
    para: object = field(default=None, compare=False, repr=False)  # where it was read


@lru_cache(maxsize=1)
def _vocab():
    data = yaml.safe_load(VOCAB.read_text(encoding="utf-8"))
    own = [(int(e["rank"]), re.compile(r"(?:^|(?<=[\s|(]))(?:" + e["label"] + r")\s*[:#|.]?\s*"
                                       r"(?P<id>" + ID + (_AMD_SUFFIX if int(e["rank"]) == 1 else "")
                                       + r")(?![\w-])", re.I))
           for e in data["own_reference"]]
    not_own = [re.compile(r"(?:^|(?<=[\s|(]))(?:" + rx + r")", re.I) for rx in data["not_own"]]
    generic = re.compile(r"(?:" + "|".join(data["generic_titles"]) + r")", re.I)
    umbrella = re.compile(r"(?:" + "|".join(data["umbrella_titles"]) + r")", re.I)
    return own, not_own, data["renews"], generic, umbrella


def identity_candidates(paras: list[Para]) -> list[IdCandidate]:
    own, not_own, _, _, _ = _vocab()
    out: list[IdCandidate] = []
    prev_text = ""
    for p in paras:
        text = p.text
        lead, prev_text = prev_text, text
        blocked = [(m.start(), m.end()) for rx in not_own for m in rx.finditer(text)]
        for rank, rx in own:
            for m in rx.finditer(text):
                ident = m.group("id")
                if not re.search(r"\d", ident):
                    continue
                start, label_end = m.start(), m.start("id")
                if any(s < label_end and start < e for s, e in blocked):
                    continue  # "Customer Reference C0112", "MSA No. MSA-2023-0412"
                # The sentence may have begun in the paragraph before (a heading broken over
                # lines: "Amendment n° 01" / "to the Global Maintenance Agreement ref. X").
                joined = re.search(r"\bamendment\b[^.;:]{0,20}$", lead, re.I) and \
                    re.match(r"\s*to\b", text, re.I)
                before = ((lead + " ") if joined else "") + text[:start]
                before = before[-80:]
                sentence_start = max(before.rfind(". "), before.rfind("; "))
                if _OTHER_DOC.search(before[sentence_start + 1:]):
                    continue  # "This amends the ... (reference ORD-2291, ...)"
                snippet = " ".join(text[max(0, start - 20):m.end() + 20].split())
                out.append(IdCandidate(ident, rank, p.page, snippet, p))
    return out


def resolve_identity(cands: list[IdCandidate]) -> tuple[IdCandidate | None, float, str | None]:
    """(chosen candidate, confidence, problem). The best rank decides; a tie of two values is a
    conflict, given to review instead of picking one."""
    if not cands:
        return None, 0.0, None
    best = min(c.rank for c in cands)
    top = [c for c in cands if c.rank == best]
    values = list(dict.fromkeys(c.value for c in top))
    if len(values) > 1:
        shown = " vs ".join(values[:3])
        return None, 0.0, f"contract_id: the document prints several references ({shown})"
    return top[0], 0.97, None


def previous_contract_ids(paras: list[Para]) -> list[tuple[str, Para, str]]:
    """(id, paragraph, snippet) of each agreement the document says it renews or supersedes."""
    _, _, renews, _, _ = _vocab()
    text_all = " ".join(p.text for p in paras)
    defined: dict[str, tuple[str, Para]] = {}
    for p in paras:
        for m in re.finditer(r"(" + ID + r")\s*,?\s*\(\s*the\s+[\"\u201c]([^\"\u201d]{2,40})[\"\u201d]",
                             p.text):
            if re.search(r"\d", m.group(1)):
                defined.setdefault(m.group(2).lower(), (m.group(1), p))
    out = []
    for p in paras:
        for m in re.finditer(renews + r"\s+(?:the\s+)?(?:prior\s+|previous\s+)?(?:agreement|contract)?"
                             r"\s*(?:no\.?|number|ref\.?)?\s*(" + ID + r")", p.text, re.I):
            if re.search(r"\d", m.group(1)):
                out.append((m.group(1), p, m.group(0)))
    for term, (ident, p) in defined.items():
        if re.search(renews + r"\s+the\s+" + re.escape(term) + r"\b", text_all, re.I):
            out.append((ident, p, f'{ident} (the "{term}") ... renews/supersedes the {term}'))
    return out


def is_generic_title(title: str, issued_under_umbrella: bool = False) -> bool:
    """'ORDER FORM', 'Quotation': a heading naming the kind of document. 'Master Services
    Agreement' too when the contract is a schedule or SOW issued under it."""
    t = " ".join(title.split()).strip(" .:")
    if _vocab()[3].fullmatch(t):
        return True
    return issued_under_umbrella and bool(_vocab()[4].fullmatch(t))
