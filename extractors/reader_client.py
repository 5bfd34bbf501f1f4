"""Who is the client? Its printed account number, or its legal name looked up in the known clients.

`resolve_client(texts, clients)`:
1. a client number printed next to a label ("Client ID C0042", "Customer Ref C0112") that is a
   known client -> that client (0.95); printed but unknown -> the printed id at 0.9 (the loader's
   review flags an unknown client);
2. else the legal name of exactly one known client printed in the document (compared after
   folding case, punctuation and spacing: "Pinecrest Dental Group, P.C." = "PINECREST DENTAL
   GROUP P.C.") -> that client (0.9). Two known clients named -> nothing (review).
The client's country (from the clients table) then decides d/m vs m/d and zone names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ID_RX = re.compile(r"\b(?:client|customer)\s+(?:id|no\.?|number|ref\.?|reference|account(?:\s+(?:no\.?|"
                    r"number|id))?)\s*[:#]?\s*([A-Z]{0,4}-?\d[\w-]*)", re.I)


@dataclass(frozen=True)
class Client:
    client_id: str
    name: str
    country: str | None


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^\w&]+", " ", text.casefold()).split())


def resolve_client(texts: list[str], clients: list[Client]
                   ) -> tuple[str | None, float, str | None, Client | None, str]:
    """(client_id, confidence, problem, known client, evidence snippet)."""
    known = {c.client_id: c for c in clients}
    printed = []
    for t in texts:
        printed += [(m.group(1), m.group(0)) for m in _ID_RX.finditer(t)]
    ids = list(dict.fromkeys(i for i, _ in printed))
    if len(ids) > 1:
        return None, 0.0, "client_id: several client numbers printed (" + ", ".join(ids[:3]) + ")", \
            None, ""
    if ids:
        snippet = next(s for i, s in printed if i == ids[0])
        c = known.get(ids[0])
        return ids[0], (0.95 if c else 0.9), None, c, snippet
    if not clients:
        return None, 0.0, None, None, ""
    body = " " + _fold(" ".join(texts)) + " "
    named = [c for c in clients if len(_fold(c.name)) >= 6 and f" {_fold(c.name)} " in body]
    # "Harbourline Logistics" inside "Harbourline Logistics Inc.": keep the longest names only.
    named = [c for c in named if not any(o is not c and _fold(c.name) in _fold(o.name) for o in named)]
    if len(named) == 1:
        return named[0].client_id, 0.9, None, named[0], f"legal name {named[0].name!r}"
    if len(named) > 1:
        shown = ", ".join(c.name for c in named[:3])
        return None, 0.0, f"client_id: several known clients named ({shown})", None, ""
    return None, 0.0, None, None, ""
