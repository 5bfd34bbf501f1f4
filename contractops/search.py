"""Full-text search over contract documents (DuckDB's fts extension, BM25 ranking).

    build_search_index(con)                  # after clean.contract_document_pages is written
    search_contracts(con, "badge east lobby") # -> [{contract_id, source_file, page, snippet, score}]

The fts extension is loaded from the `duckdb_extension_fts` PyPI package (no download at run
time). The index is built over a copy of the pages with a single-column key, because
`create_fts_index` needs one and the pages table is keyed by (source_file, page).
"""

from __future__ import annotations

import os
import re

PAGES_TABLE = "clean.contract_document_pages"
SEARCH_TABLE = "clean.contract_document_search"
_FTS_SCHEMA = "fts_clean_contract_document_search"
_SNIPPET_CHARS = 180


def load_fts(con) -> None:
    import duckdb
    import duckdb_extension_fts

    version = "v" + duckdb.__version__
    path = os.path.join(os.path.dirname(duckdb_extension_fts.__file__), "extensions", version,
                        "fts.duckdb_extension")
    if not os.path.exists(path):
        raise RuntimeError(f"fts extension for DuckDB {version} not found at {path}")
    con.execute(f"LOAD '{path}'")


def build_search_index(con) -> None:
    """(Re)build the BM25 index over clean.contract_document_pages."""
    load_fts(con)
    con.execute("CREATE SCHEMA IF NOT EXISTS clean")
    con.execute(f"""
        CREATE OR REPLACE TABLE {SEARCH_TABLE} AS
        SELECT row_number() OVER (ORDER BY source_file, page) AS doc_id,
               contract_id, source_file, page, coalesce(text, '') AS text
        FROM {PAGES_TABLE}
    """)
    con.execute(f"PRAGMA create_fts_index('{SEARCH_TABLE}', 'doc_id', 'text', "
                "stemmer = 'porter', stopwords = 'english', ignore = '(\\.|[^a-z0-9+@])+', "
                "strip_accents = 1, lower = 1, overwrite = 1)")


# A query longer than this is cut (nobody types more; a pasted page must not hold a core):
MAX_QUERY_CHARS = 500
MAX_TERMS = 24


def _bounded_query(query: str) -> str:
    return (query or "")[:MAX_QUERY_CHARS]


def _terms(query: str) -> list[str]:
    """The distinct words of the (cut) query, in order, at most MAX_TERMS."""
    words = [t for t in re.findall(r"[a-z0-9+@]+", _bounded_query(query).lower()) if len(t) > 1]
    return list(dict.fromkeys(words))[:MAX_TERMS]


def _snippet(text: str, terms: list[str]) -> str:
    """The window of the page with the most distinct query terms (prefix match, so 'renew'
    finds 'renewal'). One regex pass per term, then one sliding window over the sorted hits:
    linear in the page, whatever the query."""
    flat = " ".join(text.split())
    if not flat:
        return ""
    lower = flat.lower()
    hits: list[tuple[int, int]] = []  # (position, term index)
    for i, term in enumerate(terms):
        stem = term if len(term) <= 4 else term[:max(4, len(term) - 2)]
        for m in re.finditer(r"(?<![a-z0-9])" + re.escape(stem), lower):
            hits.append((m.start(), i))
    if not hits:
        return flat[:_SNIPPET_CHARS] + ("..." if len(flat) > _SNIPPET_CHARS else "")
    hits.sort()
    width = _SNIPPET_CHARS - 30
    best, best_key = hits[0][0], (-1, 0)
    in_window: dict[int, int] = {}  # term index -> hits of it in [start, start + width)
    end = 0
    for begin, (start, _) in enumerate(hits):
        while end < len(hits) and hits[end][0] < start + width:
            in_window[hits[end][1]] = in_window.get(hits[end][1], 0) + 1
            end += 1
        key = (len(in_window), -start)
        if key > best_key:
            best, best_key = start, key
        term = hits[begin][1]
        in_window[term] -= 1
        if not in_window[term]:
            del in_window[term]
    lo = max(0, best - 40)
    if lo > 0:
        space = flat.rfind(" ", 0, lo + 1)
        lo = space + 1 if space >= 0 else lo
    hi = min(len(flat), lo + _SNIPPET_CHARS)
    if hi < len(flat):
        space = flat.rfind(" ", lo, hi)
        hi = space if space > lo else hi
    return ("..." if lo > 0 else "") + flat[lo:hi] + ("..." if hi < len(flat) else "")


def search_contracts(con, query: str, limit: int = 20) -> list[dict]:
    """Pages matching `query`, best first: contract_id, source_file, page, snippet, score."""
    query = _bounded_query(query)
    terms = _terms(query)
    if not terms or limit <= 0:
        return []
    load_fts(con)
    rows = con.execute(f"""
        SELECT contract_id, source_file, page, text, score
        FROM (
            SELECT *, {_FTS_SCHEMA}.match_bm25(doc_id, ?) AS score
            FROM {SEARCH_TABLE}
        )
        WHERE score IS NOT NULL
        ORDER BY score DESC, contract_id, source_file, page
        LIMIT ?
    """, [query, int(limit)]).fetchall()
    return [{"contract_id": cid, "source_file": src, "page": page,
             "snippet": _snippet(text, terms), "score": float(score)}
            for cid, src, page, text, score in rows]
