"""One coverage calendar: the technician's "covered now / next opening" (contractops.lookup, from
marts.mart_contract_coverage) and the SLA clocks (fct_ticket_sla due times) read the same
calendar, across a DST change and a public holiday. One materialization, hand-computed.

Contract K-NY (America/New_York, US public holidays):
  "Mon-Fri 08:00-12:00,13:00-17:00; Sat 09:00-13:00"; P2 response 120 business minutes.
as_of = Sat 2026-10-31 18:00Z (14:00 EDT, after the Saturday window). New York falls back from
EDT (UTC-4) to EST (UTC-5) on Sun 2026-11-01 02:00; Wed 2026-11-11 is Veterans Day.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from testkit import materialize, query, write_landing

from contractops import warehouse as wh
from contractops.lookup import contract_card, coverage_now
from sla.landing import landing_files
from sla.test_sla_scenarios import CLIENTS, CONTRACTS, t, z

AS_OF = "2026-10-31T18:00:00+00:00"
TICKETS = [
    # Sat 13:30 EDT, after the Saturday window: nothing open on Sunday, so the clock opens Mon
    # 08:00 *EST* = 13:00Z (not 12:00Z: the offset changed on Sunday); due 13:00Z + 120 = 15:00Z
    t("CV-DST", "C-NY", z("2026-10-31 17:30")),
    # Tue 2026-11-10 16:30 EST: 30 minutes that day; Wed 11-11 closed (Veterans Day); Thu 08:00
    # EST = 13:00Z + the other 90 minutes = 14:30Z. (Created after as_of only to put its clock
    # across the holiday inside the calendar published around as_of: it elapses 0 at as_of, and
    # its due time still counts the calendar.)
    t("CV-HOLIDAY", "C-NY", z("2026-11-10 21:30")),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("coverage-clocks")
    landing = write_landing(root / "landing", landing_files(
        [c for c in CLIENTS if c.client_id == "C-NY"],
        [c for c in CONTRACTS if c.contract_id == "K-NY"], TICKETS, []))
    warehouse = root / "warehouse.duckdb"
    materialize(landing, warehouse, AS_OF)
    due = dict(query(warehouse, "select ticket_id, response_due_at from marts.fct_ticket_sla"))
    with wh.read_only(warehouse) as con:
        card = contract_card(con, "K-NY", datetime.fromisoformat(AS_OF))
    return due, card


def test_the_dst_day_next_opening_is_where_the_clock_starts(built):
    due, card = built
    monday_open = datetime(2026, 11, 2, 13, 0, tzinfo=timezone.utc)  # 08:00 EST
    for at in (datetime.fromisoformat(AS_OF), datetime(2026, 11, 1, 15, 0, tzinfo=timezone.utc)):  # Sun, DST day
        status = coverage_now(card.calendar, at)
        assert not status.is_open and status.next_opening == monday_open
    assert due["CV-DST"] == monday_open + timedelta(minutes=120) == datetime(2026, 11, 2, 15, 0, tzinfo=timezone.utc)


def test_the_holiday_is_closed_for_both(built):
    due, card = built
    status = coverage_now(card.calendar, datetime(2026, 11, 11, 15, 0, tzinfo=timezone.utc))  # Wed 10:00 EST
    assert not status.is_open and status.closed_reason.startswith("public holiday: Veterans Day")
    thursday_open = datetime(2026, 11, 12, 13, 0, tzinfo=timezone.utc)
    assert status.next_opening == thursday_open
    # the clock skipped the same day: 30 minutes on Tuesday, 90 from Thursday's opening
    assert due["CV-HOLIDAY"] == thursday_open + timedelta(minutes=90)
    assert coverage_now(card.calendar, datetime(2026, 11, 10, 21, 45, tzinfo=timezone.utc)).is_open  # Tue 16:45
