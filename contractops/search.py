"""Full-text search over contract documents (DuckDB's fts extension, BM25 ranking, re-ranked).

    build_search_index(con)                  # after clean.contract_document_pages is written
    search_contracts(con, "badge east lobby") # -> [{contract_id, source_file, page, snippet, score, ...}]
    group_by_contract(hits)                  # -> [{contract_id, hits: [...]}], best contract first

Ranking (one SQL statement over the pages BM25 matches):
1. a quoted phrase (`"service level"`) must be on the page, words in that order;
2. pages holding the query's words as a phrase come first (a multi-word query is also read as
   a phrase: "termination for convenience"), each word allowing a short suffix (levels, services);
3. then pages holding more of the query's distinct words (stopwords aside);
4. then BM25. Plain BM25 alone ranked pages that say "Second Level Agreement" many times above
   the ones that say "service level" (benchmarks/search_relevance.py measures the difference).
Words match at the start of a word with a short stem (the snippet and the highlight use the
same rule, `_stem`), so "renewal notices" finds "non-renewal" and "notice".

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


# Words that carry no meaning for coordination (BM25 drops the same ones through its stopwords).
STOPWORDS = frozenset("""a an and are as at be by for from has have in into is it its of on or
per shall that the their there these this to was were which will with within""".split())
_SUFFIX = 3  # a phrase word may carry this many more letters (levels, services, rates)


def _stem(term: str) -> str:
    """The prefix a word must start with to count as this term ('renewal' -> 'renew')."""
    return term if len(term) <= 4 else term[:max(4, len(term) - 2)]


def parse_query(query: str) -> tuple[list[str], list[list[str]], list[str]]:
    """(terms, quoted phrases, implicit phrase) of a query. Terms are the distinct words (cut at
    MAX_TERMS); each quoted part of two or more words is a phrase the page must hold; the whole
    query, when it has two or more words, is the phrase that ranks first."""
    text = _bounded_query(query).lower()
    quoted = [re.findall(r"[a-z0-9]+", q) for q in re.findall(r'"([^"]*)"', text)]
    quoted = [q[:MAX_TERMS] for q in quoted if len(q) >= 2][:4]
    words = re.findall(r"[a-z0-9]+", text.replace('"', " "))[:MAX_TERMS]
    implicit = words if len(words) >= 2 else []
    return _terms(query), quoted, implicit


def _phrase_pattern(words: list[str]) -> str:
    """RE2 pattern over norm_text: the words in order, each at a word start with a short suffix."""
    return " " + " ".join(re.escape(w) + f"[a-z0-9]{{0,{_SUFFIX}}}" for w in words) + " "


def _phrase_in(flat_lower: str, words: list[str]) -> re.Match | None:
    pattern = r"(?<![a-z0-9])" + r"[^a-z0-9]+".join(re.escape(w) + f"[a-z0-9]{{0,{_SUFFIX}}}" for w in words) + r"(?![a-z0-9])"
    return re.search(pattern, flat_lower)


def _snippet(text: str, terms: list[str], phrases: list[list[str]] | None = None) -> str:
    """The window of the page around the first phrase it holds, else the window with the most
    distinct query terms (prefix match, so 'renew' finds 'renewal'). One regex pass per term,
    then one sliding window over the sorted hits: linear in the page, whatever the query."""
    flat = " ".join(text.split())
    if not flat:
        return ""
    lower = flat.lower()
    for words in phrases or []:
        found = _phrase_in(lower, words)
        if found:
            return _window(flat, found.start())
    hits: list[tuple[int, int]] = []  # (position, term index)
    for i, term in enumerate(terms):
        for m in re.finditer(r"(?<![a-z0-9])" + re.escape(_stem(term)), lower):
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
    return _window(flat, best)


def _window(flat: str, best: int) -> str:
    """About _SNIPPET_CHARS of the page from a little before `best`, cut at spaces."""
    lo = max(0, best - 40)
    if lo > 0:
        space = flat.rfind(" ", 0, lo + 1)
        lo = space + 1 if space >= 0 else lo
    hi = min(len(flat), lo + _SNIPPET_CHARS)
    if hi < len(flat):
        space = flat.rfind(" ", lo, hi)
        hi = space if space > lo else hi
    return ("..." if lo > 0 else "") + flat[lo:hi] + ("..." if hi < len(flat) else "")


def highlight(snippet: str, query: str, before: str = "**", after: str = "**") -> str:
    """The snippet with the words the query matched wrapped in `before`/`after`: every word of
    a phrase it holds (stopwords included), and each other query word at a word start (the
    ranking's rule; stopwords outside a phrase are not marked)."""
    terms, quoted, implicit = parse_query(query)
    lower = snippet.lower()
    spans: list[tuple[int, int]] = []
    for words in quoted + ([implicit] if implicit else []):
        pattern = r"(?<![a-z0-9])" + r"[^a-z0-9]+".join(
            re.escape(w) + f"[a-z0-9]{{0,{_SUFFIX}}}" for w in words) + r"(?![a-z0-9])"
        spans += [m.span() for m in re.finditer(pattern, lower)]  # the phrase as one mark
    for term in terms:
        if term not in STOPWORDS:
            spans += [m.span() for m in re.finditer(r"(?<![a-z0-9])" + re.escape(_stem(term)) + r"[a-z0-9]*", lower)]
    out, pos = [], 0
    for start, end in sorted(set(spans), key=lambda span: (span[0], -span[1])):
        if start < pos:
            continue  # inside a span already marked (a word of a marked phrase)
        out += [snippet[pos:start], before, snippet[start:end], after]
        pos = end
    return "".join(out) + snippet[pos:]


def search_contracts(con, query: str, limit: int = 20) -> list[dict]:
    """Pages matching `query`, best first: contract_id, source_file, page, snippet, score (BM25),
    has_phrase (the page holds the query as a phrase) and terms_matched (distinct query words on
    the page)."""
    terms, quoted, implicit = parse_query(query)
    if not terms or limit <= 0:
        return []
    load_fts(con)
    meaningful = [t for t in terms if t not in STOPWORDS] or terms
    term_patterns = [" " + re.escape(_stem(t)) for t in meaningful]
    required = [_phrase_pattern(q) for q in quoted]
    phrase = _phrase_pattern(implicit) if implicit else None
    rows = con.execute(f"""
        WITH matched AS (
            SELECT contract_id, source_file, page, text,
                   {_FTS_SCHEMA}.match_bm25(doc_id, ?) AS score
            FROM {SEARCH_TABLE}
        ),
        normed AS (
            -- the page as lower-case words between single spaces (and one at each end), so a
            -- phrase or a word start is a plain pattern; only for the pages BM25 matched
            SELECT *, ' ' || trim(regexp_replace(lower(strip_accents(text)), '[^a-z0-9]+', ' ', 'g')) || ' ' AS norm_text
            FROM matched
            WHERE score IS NOT NULL
        ),
        ranked AS (
            SELECT contract_id, source_file, page, text, score,
                   coalesce(regexp_matches(norm_text, ?), false) AS has_phrase,
                   len(list_filter(?::VARCHAR[], p -> regexp_matches(norm_text, p))) AS terms_matched,
                   len(list_filter(?::VARCHAR[], p -> regexp_matches(norm_text, p))) AS required_held
            FROM normed
        )
        SELECT contract_id, source_file, page, text, score, has_phrase, terms_matched
        FROM ranked
        WHERE required_held = ?
        ORDER BY has_phrase DESC, terms_matched DESC, score DESC, contract_id, source_file, page
        LIMIT ?
    """, [_bounded_query(query), phrase, term_patterns, required, len(required), int(limit)]).fetchall()
    phrases = quoted + ([implicit] if implicit else [])
    return [{"contract_id": cid, "source_file": src, "page": page,
             "snippet": _snippet(text, terms, phrases), "score": float(score),
             "has_phrase": bool(has_phrase), "terms_matched": int(matched)}
            for cid, src, page, text, score, has_phrase, matched in rows]


def group_by_contract(hits: list[dict]) -> list[dict]:
    """The hits grouped by contract, contracts in the order of their best page, pages in rank
    order within each: [{contract_id, hits: [...]}]."""
    groups: dict[str, dict] = {}
    for hit in hits:
        groups.setdefault(hit["contract_id"], {"contract_id": hit["contract_id"], "hits": []})["hits"].append(hit)
    return list(groups.values())
