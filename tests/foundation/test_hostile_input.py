"""Hostile input (issue 13): every bad value, header or record is data with a reason, never a
crash and never a silent loss; every file is accounted; the YAML reader is bounded."""

from __future__ import annotations

import time

import duckdb
import pytest

from testkit import write_landing
from extractors.contract_terms import TermError, read_yaml_terms
from extractors.landing import KINDS, accounting_violations, load_kind
from foundation.landing_fixture import CLIENTS, CONTRACT_YAML, TECHNICIANS, entry, ticket

TICKET_HEADER = "ticket_id,client_id,created_at,priority,service_type,status"


@pytest.fixture()
def con():
    connection = duckdb.connect()
    connection.execute("SET TimeZone = 'UTC'")
    yield connection
    connection.close()


def _load(con, landing, kinds=("clients", "technicians", "tickets", "timesheets")):
    return {k: load_kind(con, landing, k) for k in kinds}


def _reasons(con, kind):
    return dict(con.execute("SELECT row_number, reasons FROM quarantine.rejected_rows WHERE kind = ? ORDER BY 1", [kind]).fetchall())


def _accounting(con, kind):
    return con.execute(
        "SELECT source_file, rows_read, rows_clean, rows_rejected, rows_superseded FROM quarantine.file_accounting "
        "WHERE kind = ? ORDER BY 1", [kind]).fetchall()


def _rejected_files(con, kind):
    return dict(con.execute("SELECT source_file, reason FROM quarantine.rejected_files WHERE kind = ?", [kind]).fetchall())


def test_money_out_of_decimal_range_is_rejected_naming_column_and_value(con, tmp_path):
    technicians = TECHNICIANS + [{"technician_id": "T3", "name": "Rich", "email": "", "cost_rate": "1e20", "active": ""}]
    landing = write_landing(tmp_path, {
        "clients.csv": CLIENTS, "technicians.csv": technicians,
        "timesheets.csv": [entry("E1", billed_rate="150"), entry("E2", billed_rate="1e30"),
                           entry("E3", billed_rate="inf"), entry("E4", billed_rate="9999999999999999.99")],
    })
    _load(con, landing)
    # DECIMAL(18,2) holds |x| < 10^16: 1e20, 1e30 and 9,999,999,999,999,999.99 do not fit.
    assert _reasons(con, "technicians") == {3: ["cost_rate: 1e20 out of range"]}
    assert _reasons(con, "timesheets") == {
        2: ["billed_rate: 1e30 out of range"],
        3: ["billed_rate: not a number"],
        4: ["billed_rate: 9999999999999999.99 out of range"],
    }
    assert con.execute("SELECT technician_id FROM clean.technicians ORDER BY 1").fetchall() == [("T1",), ("T2",)]
    assert accounting_violations(con) == []


def test_timestamps_outside_1970_to_2100_are_rejected(con, tmp_path):
    landing = write_landing(tmp_path, {
        "clients.csv": CLIENTS, "technicians.csv": TECHNICIANS,
        "tickets.csv": [ticket("K1"), ticket("K2", created_at="9999-12-31T23:00:00"),
                        ticket("K3", created_at="0001-01-01T00:00:00Z"), ticket("K4", resolved_at="2101-01-01T00:00:00"),
                        ticket("K5", created_at="2100-12-31T12:00:00")],
    })
    _load(con, landing)
    assert _reasons(con, "tickets") == {
        2: ["created_at: 9999-12-31T23:00:00 out of range (1970-2100)"],
        3: ["created_at: 0001-01-01T00:00:00Z out of range (1970-2100)"],
        4: ["resolved_at: 2101-01-01T00:00:00 out of range (1970-2100)"],
    }
    assert sorted(r[0] for r in con.execute("SELECT ticket_id FROM clean.tickets").fetchall()) == ["K1", "K5"]


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        (TICKET_HEADER + ",Priority", "header: duplicate column 'priority' (columns 4 and 7: 'priority', 'Priority')"),
        (TICKET_HEADER + ",status", "header: duplicate column 'status' (columns 6 and 7)"),
        ("ticket_id,,client_id,created_at,priority,service_type,status", "header: column 2 has no name"),
    ],
)
def test_a_malformed_header_rejects_the_file_with_the_reason(con, tmp_path, header, reason):
    body = "K1,C1,2025-03-04T09:00:00,P2,network,open,P3\n"
    landing = write_landing(tmp_path, {"clients.csv": CLIENTS, "technicians.csv": TECHNICIANS,
                                       "tickets.csv": header + "\n" + body, "tickets_ok.csv": [ticket("K9")]})
    _load(con, landing, ("clients", "technicians", "tickets"))
    assert _rejected_files(con, "tickets") == {"tickets.csv": reason}
    # The other export of the kind is loaded; the rejected file is not guessed at.
    assert con.execute("SELECT ticket_id FROM clean.tickets").fetchall() == [("K9",)]


def test_a_trailing_comma_on_every_line_is_an_empty_column_not_an_error(con, tmp_path):
    text = TICKET_HEADER + ",\nK1,C1,2025-03-04T09:00:00,P2,network,open,\nK2,C1,2025-03-04T09:00:00,P1,network,open,\n"
    named_value = TICKET_HEADER + ",\nK3,C1,2025-03-04T09:00:00,P2,network,open,surprise\n"
    landing = write_landing(tmp_path, {"clients.csv": CLIENTS, "technicians.csv": TECHNICIANS,
                                       "tickets_1.csv": text, "tickets_2.csv": named_value})
    _load(con, landing, ("clients", "technicians", "tickets"))
    assert con.execute("SELECT ticket_id FROM clean.tickets ORDER BY 1").fetchall() == [("K1",), ("K2",)]
    # A value under the unnamed column would be lost: that file is rejected instead.
    assert _rejected_files(con, "tickets") == {"tickets_2.csv": "header: column 7 has no name"}


def test_user_columns_named_like_working_columns_are_just_extra_columns(con, tmp_path):
    extra = {"_zone": "Mars/Base", "_raw_record": "x", "_source_file": "forged.csv", "_row_number": "99",
             "_file_order": "-1", "_reasons": "['no']", "_iso_created_at": "false", "_read_error": "boom"}
    landing = write_landing(tmp_path, {"clients.csv": CLIENTS, "technicians.csv": TECHNICIANS,
                                       "tickets.csv": [ticket("K1", **extra), ticket("K2", priority="P9", **extra)]})
    _load(con, landing, ("clients", "technicians", "tickets"))
    # K1 is read in Chicago (UTC-6 in March): 09:00 -> 15:00Z, not in a zone taken from `_zone`.
    assert con.execute("SELECT ticket_id, strftime(created_at, '%H:%M'), _source_file, _row_number FROM clean.tickets").fetchall() == [
        ("K1", "15:00", "tickets.csv", 1)]
    assert _reasons(con, "tickets") == {2: ["priority: 'P9' not in P1..P4"]}
    # The user's columns are kept in raw (lineage names renamed) and in the raw record.
    assert con.execute('SELECT "_source_file (from file)", _source_file, _zone FROM raw.tickets WHERE ticket_id = \'K1\'').fetchone() == (
        "forged.csv", "tickets.csv", "Mars/Base")
    assert con.execute("SELECT raw_record->>'_zone' FROM quarantine.rejected_rows").fetchone() == ("Mars/Base",)
    assert accounting_violations(con) == []


def test_a_broken_quote_loses_only_its_record(con, tmp_path):
    rows = [f"K{i},C1,2025-03-04T09:00:00,P2,network,open" for i in range(1, 7)]
    rows[2] = 'K3,C1,2025-03-04T09:00:00,P2,"network,open'  # line 4 of the file: the quote never closes
    rows[4] = 'K5,C1,2025-03-04T09:00:00,P2,"net"work,open'  # text after a closing quote
    multi = 'K7,C1,2025-03-04T09:00:00,P2,network,"open"\n'
    text = TICKET_HEADER + "\n" + "\n".join(rows) + "\n" + multi + "K8,C1,2025-03-04T09:00:00,P2,network,open,extra\n"
    landing = write_landing(tmp_path, {"clients.csv": CLIENTS, "technicians.csv": TECHNICIANS, "tickets.csv": text})
    _load(con, landing, ("clients", "technicians", "tickets"))
    assert sorted(r[0] for r in con.execute("SELECT ticket_id FROM clean.tickets").fetchall()) == ["K1", "K2", "K4", "K6", "K7"]
    reasons = _reasons(con, "tickets")
    assert reasons[3] == ["malformed CSV record at line 4: unbalanced quote"]
    assert reasons[5] == ["malformed CSV record at line 6: unbalanced quote"]
    assert reasons[8] == ["malformed CSV record at line 9: 7 fields, the header has 6"]
    assert set(reasons) == {3, 5, 8}
    # The line is kept as read, to be fixed by hand.
    assert con.execute("SELECT raw_record->>'_line' FROM quarantine.rejected_rows WHERE row_number = 3").fetchone() == (rows[2],)
    # 8 records: 5 clean + 3 rejected.
    assert _accounting(con, "tickets") == [("tickets.csv", 8, 5, 3, 0)]
    assert accounting_violations(con) == []


def test_a_header_only_file_is_accounted_with_zero_rows(con, tmp_path):
    landing = write_landing(tmp_path, {"clients.csv": CLIENTS, "technicians.csv": TECHNICIANS,
                                       "tickets.csv": [ticket("K1")], "tickets_empty.csv": TICKET_HEADER + "\n"})
    _load(con, landing, ("clients", "technicians", "tickets"))
    assert _accounting(con, "tickets") == [("tickets.csv", 1, 1, 0, 0), ("tickets_empty.csv", 0, 0, 0, 0)]
    assert _rejected_files(con, "tickets") == {}


def test_a_file_losing_much_is_loud(con, tmp_path):
    tickets = [ticket(f"K{i}") for i in range(1, 199)] + [ticket("B1", priority="P9"), ticket("B2", priority="P0")]
    landing = write_landing(tmp_path, {"clients.csv": CLIENTS, "technicians.csv": TECHNICIANS,
                                       "tickets_a.csv": tickets, "tickets_b.csv": [ticket("B3", priority="P7")],
                                       "tickets_c.csv": b"\x00binary"})
    reports = _load(con, landing, ("clients", "technicians", "tickets"))
    # 201 rows of the kind: 1% is 2.01 rows; tickets_a lost 2 (not more than 1%), tickets_b 1.
    assert reports["tickets"].loud_files == ["tickets_c.csv: whole file rejected: not a CSV text file (binary content)"]
    more = write_landing(tmp_path, {"tickets_b.csv": [ticket("B3", priority="P7"), ticket("B4", priority="P8"), ticket("B5", priority="P6")]})
    report = load_kind(con, more, "tickets")
    # 203 rows: 1% is 2.03; tickets_b now lost 3.
    assert report.loud_files == ["tickets_b.csv: 3 of 3 rows quarantined (100.0%)",
                                 "tickets_c.csv: whole file rejected: not a CSV text file (binary content)"]


def _yaml(tmp_path, text):
    path = tmp_path / "contracts" / "MSA-9.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("replace", "by", "problem"),
    [
        ("end_date: 2025-12-31", "end_date: 2027-13-01", ("end_date", "end_date: '2027-13-01' is not a date (YYYY-MM-DD)")),
        ("tier: gold", "tier: {name: gold}", ("tier", "tier: a mapping where a single value belongs")),
        ("coverage:\n  hours: \"Mon-Fri 08:00-18:00\"\n  public_holidays: true", "coverage: [24x7]",
         ("coverage", "coverage: ['24x7'] is not a mapping of its terms")),
    ],
)
def test_a_contract_yaml_of_the_wrong_shape_is_a_review_item_naming_the_key(tmp_path, replace, by, problem):
    assert replace in CONTRACT_YAML
    doc = read_yaml_terms(_yaml(tmp_path, CONTRACT_YAML.replace(replace, by)), "contracts/MSA-9.yaml")
    assert problem in doc.problems
    assert problem[0] not in doc.fields


def test_an_sla_list_of_scalars_is_a_review_item_per_row(tmp_path):
    text = CONTRACT_YAML.split("sla:")[0] + "sla: [fast, 1]\n"
    doc = read_yaml_terms(_yaml(tmp_path, text), "contracts/MSA-9.yaml")
    assert [p for p in doc.problems if p[0].startswith("sla")] == [
        ("sla[0]", "sla[0]: 'fast' is not a mapping of {priority, response_minutes, resolution_minutes, clock}"),
        ("sla[1]", "sla[1]: 1 is not a mapping of {priority, response_minutes, resolution_minutes, clock}"),
    ]


def test_a_yaml_alias_bomb_is_a_rejected_file_in_milliseconds(tmp_path):
    levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):  # 10^10 values once expanded, 500 bytes on disk
        levels.append(f"l{i}: &l{i} [" + ", ".join([f"*{'a' if i == 1 else f'l{i - 1}'}"] * 10) + "]")
    text = "contract_id: BOMB\n" + "\n".join(levels) + "\ntitle: *l9\n"
    started = time.perf_counter()
    with pytest.raises(TermError, match="expands to more than 100,000 values"):
        read_yaml_terms(_yaml(tmp_path, text), "contracts/MSA-9.yaml")
    assert time.perf_counter() - started < 2


def test_a_huge_yaml_is_rejected_before_it_is_parsed(tmp_path):
    path = _yaml(tmp_path, "contract_id: BIG\nspecial_instructions: '" + "x" * 1_100_000 + "'\n")
    with pytest.raises(TermError, match="larger than 1,000,000 bytes"):
        read_yaml_terms(path, "contracts/MSA-9.yaml")


def test_every_kind_is_declared_with_an_upstream_that_is_loaded_first():
    order = list(KINDS)
    for name, kind in KINDS.items():
        assert all(order.index(u) < order.index(name) for u in kind.upstream), name


def test_sign_in_is_throttled_per_user_and_per_client_address():
    from apps.auth import MAX_FAILURES, THROTTLE, WINDOW_SECONDS, SignInThrottled, authenticate

    THROTTLE.clear()
    try:
        t0 = 1000.0
        for i in range(MAX_FAILURES):  # five wrong passwords for exec, from five addresses
            assert authenticate("exec", "guess", client=f"10.0.0.{i}", now=t0 + i) is None
        # now even the right password is refused for exec, from anywhere, without a bcrypt check
        with pytest.raises(SignInThrottled, match="Too many failed sign-ins"):
            authenticate("exec", "exec-demo", client="10.0.9.9", now=t0 + 10)
        # another user is not locked out by exec's failures ...
        assert authenticate("finance", "finance-demo", client="10.0.9.9", now=t0 + 11).role == "finance"
        # ... until one address has failed five times, whatever the user names it tried
        for i, name in enumerate(["a", "b", "c", "d", "e"]):
            assert authenticate(name, "x", client="10.0.0.66", now=t0 + 20 + i) is None
        with pytest.raises(SignInThrottled):
            authenticate("tech", "tech-demo", client="10.0.0.66", now=t0 + 30)
        assert authenticate("tech", "tech-demo", client="10.0.0.67", now=t0 + 31).role == "technician"
        # after the window the oldest failures no longer count
        assert authenticate("exec", "exec-demo", client="10.0.9.9", now=t0 + WINDOW_SECONDS + 5).role == "executive"
    finally:
        THROTTLE.clear()


def _quadratic_snippet(text: str, terms: list[str], chars: int = 180) -> str:
    """The snippet as it was computed before (every hit against every other hit), kept as the
    reference the linear version must agree with."""
    import re

    flat = " ".join(text.split())
    hits = sorted((m.start(), i) for i, term in enumerate(terms)
                  for m in re.finditer(r"(?<![a-z0-9])" + re.escape(term if len(term) <= 4 else term[:max(4, len(term) - 2)]), flat.lower()))
    if not hits:
        return flat[:chars] + ("..." if len(flat) > chars else "")
    best, best_key = hits[0][0], (-1, 0)
    for start, _ in hits:
        key = (len({i for pos, i in hits if start <= pos < start + chars - 30}), -start)
        if key > best_key:
            best, best_key = start, key
    lo = max(0, best - 40)
    if lo > 0:
        space = flat.rfind(" ", 0, lo + 1)
        lo = space + 1 if space >= 0 else lo
    hi = min(len(flat), lo + chars)
    if hi < len(flat):
        space = flat.rfind(" ", lo, hi)
        hi = space if space > lo else hi
    return ("..." if lo > 0 else "") + flat[lo:hi] + ("..." if hi < len(flat) else "")


def test_search_snippets_are_linear_and_queries_are_cut():
    import random

    from contractops import search

    rng = random.Random(5)
    words = "renewal emergency after hours rate badge lobby server the of coverage holiday".split()
    for _ in range(200):
        page = " ".join(rng.choice(words) for _ in range(rng.randint(1, 150)))
        terms = search._terms(" ".join(rng.sample(words, rng.randint(1, 5))))
        assert search._snippet(page, terms) == _quadratic_snippet(page, terms)
    page = " ".join(rng.choice(words) for _ in range(6000))  # a 50 KB page
    query = " ".join(rng.choice(words) + str(i) for i in range(20000))  # a 200 KB query
    started = time.perf_counter()
    search._snippet(page, search._terms(query))
    search._snippet(page, search._terms(" ".join(words)))  # every word hits: ~6,000 hits
    assert time.perf_counter() - started < 1.0  # the quadratic version took ~7 s on the second
    assert len(search._terms(query)) == search.MAX_TERMS
    assert len(search._bounded_query(query)) == search.MAX_QUERY_CHARS
