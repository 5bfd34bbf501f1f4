"""Contract documents: one PDF per contract at demo scale (rendered by `pdf_render`, in a process
pool), YAML-only terms at large scale, and the few documents that must be caught.
"""

from __future__ import annotations

import copy
from concurrent.futures import ProcessPoolExecutor
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import numpy as np
import polars as pl
import yaml

from .anomalies import local_date
from .business import add_months


def _active(k, clients_tz, as_of: datetime) -> bool:
    today = local_date(as_of, k["coverage"]["timezone"] or clients_tz[k["client_id"]])
    return k["start_date"] <= today <= k["end_date"] - timedelta(days=120)


def choose_specials(rng, contracts, clients, as_of: datetime) -> dict[str, dict]:
    """Realistic unreadable/incomplete documents: old, already-ended contracts whose file is
    corrupt or an image-only scan; an active one scanned but with the admin's full YAML beside
    it; an active one whose PDF lacks its SLA schedule; two whose PDF is wrong or silent on a
    term, corrected by a YAML beside it."""
    tz = {c["client_id"]: c["timezone"] for c in clients}
    old = [k for k in contracts
           if date(2025, 7, 1) <= k["end_date"] <= as_of.date() - timedelta(days=200)]
    active = [k for k in contracts if _active(k, tz, as_of)]
    used_clients: set[str] = set()
    out: dict[str, dict] = {}

    def take(pool, case, status, **extra):
        order = rng.permutation(len(pool))
        for i in order:
            k = pool[i]
            if k["client_id"] not in used_clients and k["contract_id"] not in out:
                used_clients.add(k["client_id"])
                out[k["contract_id"]] = {"case": case, "expected_review_status": status, **extra}
                return
    take(old, "corrupt_pdf", "missing", expected_file_reason="corrupt PDF")
    # A scan (image only) is read by OCR: what it reads surely is a term, the rest (its SLA table,
    # a contract number OCR is unsure of) goes to review; with the full YAML beside it, YAML wins.
    take(old, "scanned_pdf_no_text", "needs_review", expected_review_reason="sla: no SLA section found",
         note="image-only PDF: read by OCR, under review")
    take(active, "scanned_pdf_with_yaml", "ok", note="image-only PDF read by OCR; full terms in the YAML beside it")
    take(active, "pdf_without_sla", "needs_review", expected_review_reason="sla: missing")
    take(active, "yaml_corrects_pdf", "ok", corrected_fields=["end_date"],
         note="PDF states the original end date; Amendment 1 (YAML) extends the term")
    take(active, "yaml_corrects_pdf", "ok",
         corrected_fields=["annual_value", "special_instructions"],
         note="PDF has a typo in the annual value and is silent on site instructions")
    return out


def consequences(specials, tickets: pl.DataFrame, ent: pl.DataFrame, cf) -> list[dict]:
    out = []
    for cid, s in sorted(specials.items()):
        status = s["expected_review_status"]
        if status == "ok":
            continue
        outcome = "no_active_contract" if status == "missing" else "contract_under_review"
        tk = tickets.filter(pl.col("contract_id") == cid)["ticket_id"].sort().to_list()
        # per-term review (spec section 2): a document without an SLA section withholds only the
        # SLA judgements; its work is still billed and reconciled
        te = ([] if s["case"] == "pdf_without_sla"
              else ent.filter(pl.col("contract_id") == cid)["entry_id"].sort().to_list())
        out.append({
            "kind": "contract_document_unusable", "contract_id": cid,
            "file": f"contracts/{cid}.pdf", "case": s["case"],
            "expected_review_status": status,
            "expected_file_reason": s.get("expected_file_reason"),
            "expected_review_reason": s.get("expected_review_reason"),
            "expected_entitlement": outcome, "expected_finding": outcome,
            "affected_ticket_ids": tk, "affected_entry_ids": te,
        })
    return out


def true_terms(contracts, specials) -> list[dict]:
    out = []
    for k in contracts:
        k = copy.deepcopy(k)
        if specials.get(k["contract_id"], {}).get("case") == "pdf_without_sla":
            k["sla"] = None          # the documents are silent: NULL, never a default
        out.append(k)
    return out


def _plain(o):
    """Terms as YAML-friendly values (Decimal -> float with 2 decimals)."""
    if isinstance(o, dict):
        return {k: _plain(v) for k, v in o.items()}
    if isinstance(o, list):
        return [_plain(v) for v in o]
    if isinstance(o, Decimal):
        return float(o)
    return o


def _dump_yaml(path: Path, terms: dict) -> None:
    path.write_text(yaml.safe_dump(_plain(terms), sort_keys=False, allow_unicode=True,
                                   width=100), encoding="utf-8")


def renderer_available() -> bool:
    """The PDF renderer is a sibling module; without it every contract is written as YAML."""
    try:
        from . import pdf_render  # noqa: F401
    except ImportError:
        return False
    return True


def _render(task):
    from . import pdf_render
    kind, args = task
    getattr(pdf_render, kind)(*args)
    return args[2] if kind == "render_contract_pdf" else None


def write_contract_documents(folder: Path, contracts, clients, specials, render_pdfs: bool,
                             seed: int) -> list[dict]:
    client_rows = {c["client_id"]: {k: v for k, v in c.items() if not k.startswith("_")}
                   for c in clients}
    info: list[dict] = []
    if not render_pdfs:
        # YAML defines a contract on its own (large scale, or no renderer available)
        assert not specials, "documents that must be caught need PDFs"
        for k in contracts:
            _dump_yaml(folder / f"{k['contract_id']}.yaml", k)
            info.append({"contract_id": k["contract_id"], "stem": k["contract_id"], "pdf": None,
                         "yaml": f"contracts/{k['contract_id']}.yaml", "yaml_kind": "full",
                         "expected_review_status": "ok"})
        return info

    from . import pdf_render as renderer

    layouts = list(renderer.LAYOUTS)
    tasks = []
    lrng = np.random.default_rng(seed + 1)
    for i, k in enumerate(contracts):
        cid = k["contract_id"]
        stem = cid
        pdf = folder / f"{stem}.pdf"
        client = client_rows[k["client_id"]]
        variant = seed * 100_000 + i
        layout = layouts[int(lrng.integers(len(layouts)))]
        s = specials.get(cid)
        row = {"contract_id": cid, "stem": stem, "pdf": f"contracts/{stem}.pdf", "yaml": None,
               "layout": layout, "variant_seed": variant, "expected_review_status": "ok"}
        if s is None:
            tasks.append(("render_contract_pdf", (k, client, pdf, layout, variant, frozenset())))
        else:
            row.update({"case": s["case"], "expected_review_status": s["expected_review_status"]})
            if s["case"] == "corrupt_pdf":
                row["layout"] = None
                tasks.append(("write_corrupt_pdf", (pdf, variant)))
            elif s["case"] in ("scanned_pdf_no_text", "scanned_pdf_with_yaml"):
                row["layout"] = "scan"
                tasks.append(("render_scanned_pdf", (k, client, pdf, variant)))
                if s["case"] == "scanned_pdf_with_yaml":
                    _dump_yaml(folder / f"{stem}.yaml", k)
                    row.update(yaml=f"contracts/{stem}.yaml", yaml_kind="full")
            elif s["case"] == "pdf_without_sla":
                tasks.append(("render_contract_pdf",
                              (k, client, pdf, layout, variant, frozenset({"sla"}))))
            elif s["case"] == "yaml_corrects_pdf":
                shown = copy.deepcopy(k)
                fields = s["corrected_fields"]
                if "end_date" in fields:
                    shown["end_date"] = add_months(k["end_date"] + timedelta(days=1), -3) \
                        - timedelta(days=1)
                if "annual_value" in fields:
                    shown["annual_value"] = k["annual_value"] * 10     # a slipped digit
                if "special_instructions" in fields:
                    shown["special_instructions"] = None
                    if not k["special_instructions"]:
                        k["special_instructions"] = "Sign in with reception; escort required."
                tasks.append(("render_contract_pdf",
                              (shown, client, pdf, layout, variant, frozenset())))
                _dump_yaml(folder / f"{stem}.yaml",
                           {"contract_id": cid, **{f: k[f] for f in fields}})
                row.update(yaml=f"contracts/{stem}.yaml", yaml_kind="correction",
                           corrected_fields=fields,
                           pdf_states={f: _plain(shown[f]) for f in fields})
        info.append(row)
    with ProcessPoolExecutor(max_workers=2) as pool:
        list(pool.map(_render, tasks, chunksize=8))
    return info
