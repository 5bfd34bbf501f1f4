"""Search relevance on judgements made by someone else: precision@5 and MRR.

    .venv/bin/python benchmarks/search_relevance.py                  # the search in this checkout
    .venv/bin/python benchmarks/search_relevance.py --search-module /work/main/contractops/search.py
    .venv/bin/python benchmarks/search_relevance.py --json            # the figures as JSON

The judgements (`tests/data/contracts_independent/search_judgements.yaml`, written by the corpus
author, not by the author of the search) list the relevant (file, page) pairs of each query over
the independent corpus's text PDFs and the 10 real CUAD contracts in
`../shared/realdata/cuad-service-contracts/pdf/`. Every page of those 54 PDFs is indexed in a
DuckDB built here, with the page text the pipeline indexes (the reader's page layout,
`extractors.pdf_layout.read_page`), one "contract" per file.

precision@5: relevant pages among the first 5 hits / 5 (a query with fewer than 5 relevant pages
can score at most n/5; the ceiling is reported beside it). MRR: mean over the queries of
1 / rank of the first relevant page in the first 50 hits (0 when none).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path

import duckdb
import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
CORPUS = REPO / "tests" / "data" / "contracts_independent"
JUDGEMENTS = CORPUS / "search_judgements.yaml"
CUAD = REPO.parent.parent / "shared" / "realdata" / "cuad-service-contracts" / "pdf"
MRR_DEPTH = 50


def cuad_folder() -> Path | None:
    for candidate in (CUAD, Path("/work/shared/realdata/cuad-service-contracts/pdf")):
        if candidate.is_dir():
            return candidate
    return None


def _cache_file() -> Path:
    from contractops.settings import load_settings

    return load_settings().cache_dir / "search_bench" / "page_texts.json"


def page_texts(pdf: Path, cache: dict) -> list[str]:
    """The page texts the pipeline indexes, cached by the file's content (reading the 223 pages
    takes a minute or two on this box; the ranking is what is measured)."""
    import hashlib

    import pdfplumber

    from extractors.pdf_layout import read_page

    import extractors.pdf_layout as layout

    # the file's content and the page-layout code that reads it (a changed reader re-reads)
    key = hashlib.sha256(pdf.read_bytes() + Path(layout.__file__).read_bytes()).hexdigest()
    if key not in cache:
        with pdfplumber.open(str(pdf)) as doc:
            cache[key] = [read_page(p, i + 1).text for i, p in enumerate(doc.pages)]
    return cache[key]


def build_corpus(con, pdfs: list[Path], search, cache_file: Path | None = None) -> int:
    con.execute("CREATE SCHEMA IF NOT EXISTS clean")
    con.execute("CREATE OR REPLACE TABLE clean.contract_document_pages "
                "(contract_id VARCHAR, source_file VARCHAR, page INTEGER, text VARCHAR)")
    cache_file = cache_file or _cache_file()
    cache = json.loads(cache_file.read_text()) if cache_file.exists() else {}
    size = len(cache)
    rows = [(pdf.stem, pdf.name, i, text) for pdf in pdfs for i, text in enumerate(page_texts(pdf, cache), start=1)]
    if len(cache) != size:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(cache))
        tmp.replace(cache_file)
    con.executemany("INSERT INTO clean.contract_document_pages VALUES (?, ?, ?, ?)", rows)
    search.build_search_index(con)
    return len(rows)


def load_search(path: str | None):
    if not path:
        from contractops import search

        return search
    spec = importlib.util.spec_from_file_location("search_under_test", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def evaluate(con, search, judgements: list[dict]) -> dict:
    per_query = []
    for j in judgements:
        relevant = {(r["file"], int(r["page"])) for r in j["relevant"]}
        hits = search.search_contracts(con, j["query"], limit=MRR_DEPTH)
        ranked = [(h["source_file"], int(h["page"])) for h in hits]
        top5 = ranked[:5]
        first = next((i for i, key in enumerate(ranked, start=1) if key in relevant), None)
        per_query.append({
            "query": j["query"], "relevant": len(relevant),
            "p_at_5": sum(1 for k in top5 if k in relevant) / 5,
            "p_at_5_ceiling": min(len(relevant), 5) / 5,
            "rr": 1 / first if first else 0.0, "first_relevant_rank": first,
            "top5": [f"{f}:{p}{'*' if (f, p) in relevant else ''}" for f, p in top5],
        })
    n = len(per_query)
    return {
        "queries": n,
        "precision_at_5": sum(q["p_at_5"] for q in per_query) / n,
        "precision_at_5_ceiling": sum(q["p_at_5_ceiling"] for q in per_query) / n,
        "mrr": sum(q["rr"] for q in per_query) / n,
        "per_query": per_query,
    }


def run(search_module: str | None = None, cache_file: Path | None = None) -> dict:
    search = load_search(search_module)
    judgements = yaml.safe_load(JUDGEMENTS.read_text())
    cuad = cuad_folder()
    pdfs = sorted((CORPUS / "pdf").glob("*.pdf")) + (sorted(cuad.glob("*.pdf")) if cuad else [])
    judged_files = {r["file"] for j in judgements for r in j["relevant"]}
    missing = sorted(judged_files - {p.name for p in pdfs})
    con = duckdb.connect()
    try:
        t0 = time.perf_counter()
        pages = build_corpus(con, pdfs, search, cache_file)
        indexed = time.perf_counter() - t0
        t0 = time.perf_counter()
        result = evaluate(con, search, judgements)
        result["seconds_per_query"] = (time.perf_counter() - t0) / max(1, result["queries"])
    finally:
        con.close()
    result.update(pdfs=len(pdfs), pages=pages, index_seconds=round(indexed, 2), judged_files_missing=missing)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--search-module", help="path of another search.py to measure (e.g. main's)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.search_module)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{result['queries']} queries over {result['pdfs']} PDFs ({result['pages']} pages); "
          f"index {result['index_seconds']} s, {result['seconds_per_query'] * 1000:.0f} ms per query")
    if result["judged_files_missing"]:
        print(f"WARNING: judged files not found: {result['judged_files_missing']}")
    print(f"precision@5 {result['precision_at_5']:.3f} (ceiling {result['precision_at_5_ceiling']:.3f})  "
          f"MRR {result['mrr']:.3f}")
    for q in result["per_query"]:
        print(f"  {q['p_at_5']:.1f}  rr {q['rr']:.2f}  {q['query']!r:45}  {' '.join(q['top5'])}")


if __name__ == "__main__":
    main()
