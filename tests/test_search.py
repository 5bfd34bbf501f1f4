"""Full-text search over contract pages, on a small DuckDB built here."""

from __future__ import annotations

import duckdb
import pytest

from contractops.search import build_search_index, group_by_contract, highlight, search_contracts

PAGES = [
    ("MSA-1", "contracts/MSA-1.pdf", 1, "Managed IT Field Support Agreement. Tier: Gold. "
     "Coverage Hours: 8:00 a.m. to 6:00 p.m. Monday through Friday."),
    ("MSA-1", "contracts/MSA-1.pdf", 2, "Special Instructions: Badge in at the east lobby; "
     "server room key with facilities. Wear PPE on the warehouse floor."),
    ("MSA-2", "contracts/MSA-2.pdf", 1, "This Agreement renews automatically. Notice of "
     "non-renewal must be given at least sixty (60) days before the end of the Term. "
     "Security Clauses: HIPAA BAA; SOC 2 Type II."),
    ("MSA-3", "contracts/MSA-3.pdf", 1, "Escalation: Level 1 Dana Ortiz, dana@clinic.example. "
     "The east wing is closed on public holidays. Lobby staff sign visitors in."),
    ("MSA-3", "contracts/MSA-3.pdf", 2, None),
]


@pytest.fixture()
def con():
    c = duckdb.connect()
    c.execute("CREATE SCHEMA clean")
    c.execute("CREATE TABLE clean.contract_document_pages "
              "(contract_id VARCHAR, source_file VARCHAR, page INTEGER, text VARCHAR)")
    c.executemany("INSERT INTO clean.contract_document_pages VALUES (?, ?, ?, ?)", PAGES)
    build_search_index(c)
    yield c
    c.close()


def test_ranked_results_with_page_and_snippet(con):
    hits = search_contracts(con, "east lobby badge")
    assert [(h["contract_id"], h["page"]) for h in hits] == [("MSA-1", 2), ("MSA-3", 1)]
    assert hits[0]["score"] > hits[1]["score"] > 0
    assert hits[0]["source_file"] == "contracts/MSA-1.pdf"
    assert "Badge in at the east lobby" in hits[0]["snippet"]
    assert set(hits[0]) == {"contract_id", "source_file", "page", "snippet", "score", "has_phrase", "terms_matched"}


def test_stemming_finds_other_word_forms(con):
    hits = search_contracts(con, "renewal notices")
    assert hits[0]["contract_id"] == "MSA-2"
    assert "non-renewal" in hits[0]["snippet"]


def test_snippet_is_a_window_around_the_match(con):
    long_text = ("Filler clause about nothing in particular. " * 30 + "The generator room is "
                 "behind the loading dock. " + "More filler text follows here. " * 30)
    con.execute("INSERT INTO clean.contract_document_pages VALUES ('MSA-9', 'x.pdf', 4, ?)",
                [long_text])
    build_search_index(con)
    [hit] = search_contracts(con, "loading dock")
    assert "loading dock" in hit["snippet"]
    assert len(hit["snippet"]) <= 190
    assert hit["snippet"].startswith("...") and hit["snippet"].endswith("...")


def test_limit_and_no_match(con):
    assert len(search_contracts(con, "east", limit=1)) == 1
    assert search_contracts(con, "photocopier") == []
    assert search_contracts(con, "the and of") == []       # stopwords only
    assert search_contracts(con, "   ") == []


def test_query_text_is_bound_not_formatted(con):
    evil = "x'); DROP TABLE clean.contract_document_pages; --"
    assert search_contracts(con, evil) == []
    assert con.execute("SELECT count(*) FROM clean.contract_document_pages").fetchone()[0] == 5
    hits = search_contracts(con, "dana@clinic.example")
    assert [h["contract_id"] for h in hits] == ["MSA-3"]


def test_rebuild_picks_up_new_pages(con):
    assert search_contracts(con, "photocopier") == []
    con.execute("INSERT INTO clean.contract_document_pages VALUES "
                "('MSA-4', 'contracts/MSA-4.pdf', 1, 'Photocopier maintenance is excluded.')")
    build_search_index(con)
    assert [h["contract_id"] for h in search_contracts(con, "photocopier")] == ["MSA-4"]


def test_search_on_a_read_only_published_file(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    c = duckdb.connect(str(path))
    c.execute("CREATE SCHEMA clean")
    c.execute("CREATE TABLE clean.contract_document_pages "
              "(contract_id VARCHAR, source_file VARCHAR, page INTEGER, text VARCHAR)")
    c.executemany("INSERT INTO clean.contract_document_pages VALUES (?, ?, ?, ?)", PAGES[:2])
    build_search_index(c)
    c.close()
    reader = duckdb.connect(str(path), read_only=True)
    try:
        assert [h["page"] for h in search_contracts(reader, "server room key")] == [2]
    finally:
        reader.close()


# --------------------------------------------------------------------------------------------
# phrases, grouping, highlight (issue 10)

LEVELS = [
    # many "level"s and "service"s, but never the phrase: plain BM25 ranked this page first
    ("MSA-5", "contracts/MSA-5.pdf", 1, "Second Level Agreement. Level 1 support, Level 2 support and "
     "Level 3 support. Escalation level matrix by level. The service desk service is staffed."),
    ("MSA-6", "contracts/MSA-6.pdf", 3, "Schedule B sets out the service levels. A missed service "
     "level earns a credit. The rest of this page is about invoices, payment, tax and the term of "
     "the agreement, which runs for twelve months from the effective date."),
    ("MSA-6", "contracts/MSA-6.pdf", 4, "Service credits: 5% of the monthly fee per missed target."),
    ("MSA-7", "contracts/MSA-7.pdf", 1, "Termination for convenience: either party on 90 days' notice."),
    ("MSA-7", "contracts/MSA-7.pdf", 2, "Convenience store locations; termination of a location "
     "requires notice. Termination, convenience, termination and convenience again."),
]


@pytest.fixture()
def levels(con):
    con.executemany("INSERT INTO clean.contract_document_pages VALUES (?, ?, ?, ?)", LEVELS)
    build_search_index(con)
    return con


def test_a_page_holding_the_phrase_ranks_above_one_with_more_of_its_words(levels):
    hits = search_contracts(levels, "service level")
    assert (hits[0]["contract_id"], hits[0]["page"]) == ("MSA-6", 3)
    assert hits[0]["has_phrase"] and not [h for h in hits if h["contract_id"] == "MSA-5"][0]["has_phrase"]
    hits = search_contracts(levels, "termination for convenience")
    assert [(h["contract_id"], h["page"]) for h in hits][:2] == [("MSA-7", 1), ("MSA-7", 2)]


def test_a_quoted_phrase_must_be_on_the_page(levels):
    hits = search_contracts(levels, '"service level"')
    assert [(h["contract_id"], h["page"]) for h in hits] == [("MSA-6", 3)]  # "levels" and "level" both on it
    assert search_contracts(levels, '"level service"') == []
    # a quoted phrase and another word: the phrase is required, the word ranks
    assert [(h["contract_id"], h["page"]) for h in search_contracts(levels, '"service level" credit')] == [("MSA-6", 3)]


def test_snippet_is_taken_where_the_phrase_is(levels):
    [hit] = search_contracts(levels, '"missed service level"')
    assert "missed service level" in hit["snippet"]


def test_hits_are_grouped_by_contract_best_first(levels):
    hits = search_contracts(levels, "service")
    groups = group_by_contract(hits)
    assert [g["contract_id"] for g in groups] == list(dict.fromkeys(h["contract_id"] for h in hits))
    assert sum(len(g["hits"]) for g in groups) == len(hits)
    six = next(g for g in groups if g["contract_id"] == "MSA-6")
    assert [h["page"] for h in six["hits"]] == sorted((h["page"] for h in hits if h["contract_id"] == "MSA-6"),
                                                      key=[h["page"] for h in hits].index)


def test_highlight_marks_the_phrase_and_the_query_words_not_stopwords():
    text = "A missed service level earns a credit; the service desk is not a level."
    assert highlight(text, "service level", "[", "]") == \
        "A missed [service level] earns a credit; the [service] desk is not a [level]."
    assert highlight("Termination for convenience: for any reason", "termination for convenience", "<", ">") == \
        "<Termination for convenience>: for any reason"
    assert highlight("Renewal notice and non-renewal", "renewals notices", "[", "]") == \
        "[Renewal] [notice] and non-[renewal]"
    assert highlight("nothing here", "service", "[", "]") == "nothing here"
