"""contractops.lookup: coverage now (hand-computed cases), scope answers, and the terminal view
`contractops lookup KEY` on a generated sample warehouse."""

from __future__ import annotations

import sys
from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "apps"))
from app_test_warehouse import sample_warehouse  # noqa: E402

from contractops import warehouse as wh  # noqa: E402
from contractops.lookup import (  # noqa: E402
    ContractCard,
    LookupError_,
    PublishedCoverage,
    contract_card,
    coverage_now,
    render_lookup,
    resolve_contract,
    scope_answer,
)

CHICAGO = ZoneInfo("America/Chicago")


def at_local(y, m, d, hh, mm=0, tz=CHICAGO) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=tz).astimezone(timezone.utc)


# What the warehouse publishes (marts.mart_contract_coverage) for a Mon-Fri 08:00-18:00 Chicago
# contract closed on Thanksgiving, around as_of Mon 2026-11-16: the windows, DST and holidays are
# dbt's (int_sla_coverage_intervals, unit-tested there, and tests/sla/test_coverage_agrees_with_clocks.py);
# the lookup only finds an instant among the published intervals.
WEEKDAYS = [date(2026, 11, d) for d in (16, 17, 18, 19, 20, 23, 24, 25, 27, 30)]  # no 26th
OFFICE = PublishedCoverage(
    "America/Chicago", False, True,
    tuple((at_local(d.year, d.month, d.day, 8), at_local(d.year, d.month, d.day, 18)) for d in WEEKDAYS),
    (at_local(2026, 11, 15, 0), at_local(2026, 12, 1, 0)),
    closed_days={date(2026, 11, 26): "public holiday: Thanksgiving Day"},
)


# 2026-11-16 is a Monday.
def test_open_inside_a_window_with_its_close():
    status = coverage_now(OFFICE, at_local(2026, 11, 16, 10))
    assert status.is_open and status.closes_at == datetime(2026, 11, 16, 18, tzinfo=CHICAGO)
    assert status.summary().startswith("OPEN until Mon 2026-11-16 18:00")


def test_closed_before_opening_opens_the_same_morning():
    status = coverage_now(OFFICE, at_local(2026, 11, 16, 7, 30))
    assert not status.is_open and status.next_opening == datetime(2026, 11, 16, 8, tzinfo=CHICAGO)
    assert status.closed_reason == "before today's coverage hours"


def test_window_end_is_closed_and_friday_evening_opens_monday():
    assert not coverage_now(OFFICE, at_local(2026, 11, 16, 18)).is_open  # [08:00, 18:00)
    status = coverage_now(OFFICE, at_local(2026, 11, 20, 19))  # Friday evening
    assert status.next_opening == datetime(2026, 11, 23, 8, tzinfo=CHICAGO)
    assert status.closed_reason == "outside coverage hours"
    sat = coverage_now(OFFICE, at_local(2026, 11, 21, 12))
    assert sat.closed_reason == "no coverage on Sat" and sat.next_opening == datetime(2026, 11, 23, 8, tzinfo=CHICAGO)


def test_a_closed_day_gives_its_published_reason_and_the_next_opening():
    status = coverage_now(OFFICE, at_local(2026, 11, 26, 10))
    assert not status.is_open and status.closed_reason == "public holiday: Thanksgiving Day"
    assert status.next_opening == datetime(2026, 11, 27, 8, tzinfo=CHICAGO)


def test_24x7_is_always_open():
    cal = PublishedCoverage("America/Chicago", True, True, (), OFFICE.window)
    status = coverage_now(cal, at_local(2026, 12, 25, 3))
    assert status.is_open and status.is_24x7 and status.summary() == "OPEN - covered 24x7"


def test_no_stated_hours_is_unknown_not_closed():
    status = coverage_now(PublishedCoverage("UTC", False, False, (), OFFICE.window), datetime(2026, 11, 16, tzinfo=timezone.utc))
    assert status.unknown and status.summary().startswith("UNKNOWN")


def test_outside_the_published_calendar_is_unknown_never_a_guess():
    status = coverage_now(OFFICE, at_local(2027, 1, 4, 10))
    assert status.outside_published and not status.is_open
    assert status.summary().startswith("UNKNOWN - outside the coverage calendar")


def _card(included=(), excluded=()) -> ContractCard:
    return ContractCard("K-1", "C1", "Acme", "MSA", "gold", date(2026, 1, 1), date(2026, 12, 31), "ok",
                        "Mon-Fri 08:00-18:00", OFFICE, included_services=list(included),
                        excluded_services=list(excluded),
                        contacts=[{"level": 1, "name": "Dana Ortiz", "role": "IT lead", "email": "d@x", "phone": "1"}])


def test_scope_answers_follow_the_contract_rules():
    card = _card(excluded=["project_work"])
    out = scope_answer(card, "Project Work")
    assert not out.in_scope and "excluded" in out.reason and "Dana Ortiz" in out.script
    assert scope_answer(card, "printer").in_scope  # empty included list: all not excluded
    listed = _card(included=["printer", "network"])
    assert scope_answer(listed, "network").in_scope
    assert not scope_answer(listed, "server").in_scope


# --------------------------------------------------------------------------------------------
# on the sample warehouse


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return sample_warehouse(tmp_path_factory)


def test_client_id_name_and_contract_id_resolve_to_the_contract_in_force(sample):
    with wh.read_only(sample.path) as con:
        client_id, client_name, contract_id = con.execute(
            "select c.client_id, cl.client_name, c.contract_id from marts.dim_contracts c "
            "join staging.stg_psa__clients cl using (client_id) "
            "where c.start_date <= ?::date and c.end_date >= ?::date order by c.contract_id limit 1",
            [sample.as_of.date(), sample.as_of.date()]).fetchone()
        assert resolve_contract(con, client_id, sample.as_of) == contract_id
        assert resolve_contract(con, client_name.upper(), sample.as_of) == contract_id
        assert resolve_contract(con, contract_id.lower(), sample.as_of) == contract_id


def test_render_lookup_shows_terms_coverage_sla_scope_contacts_and_no_money(sample):
    with wh.read_only(sample.path) as con:
        contract_id, client_id = con.execute(
            "select contract_id, client_id from marts.dim_contracts where start_date <= ?::date "
            "and end_date >= ?::date and review_status = 'ok' order by contract_id limit 1",
            [sample.as_of.date(), sample.as_of.date()]).fetchone()
        text = render_lookup(con, client_id, sample.as_of)
        card = contract_card(con, contract_id, sample.as_of)
        rates = con.execute("select rate_standard, monthly_fee from marts.dim_contracts where contract_id = ?",
                            [contract_id]).fetchone()
    assert contract_id in text and "Coverage now:" in text and "SLA targets" in text
    assert "In scope:" in text and "Out of scope:" in text and "Special instructions:" in text
    for contact in card.contacts:
        assert contact["name"] in text
    assert coverage_now(card.calendar, sample.as_of).summary() in text
    for amount in rates:
        if amount is not None:
            assert f"{float(amount):.2f}" not in text and f"{float(amount):,.0f}" not in text


def test_unknown_key_and_client_without_a_contract_raise_a_clear_error(sample):
    with wh.read_only(sample.path) as con:
        with pytest.raises(LookupError_, match="no client or contract matches 'NO-SUCH-THING'"):
            render_lookup(con, "NO-SUCH-THING", sample.as_of)
        client_id = con.execute("select client_id from marts.dim_contracts order by client_id limit 1").fetchone()[0]
        with pytest.raises(LookupError_, match="no contract in force"):
            render_lookup(con, client_id, datetime(1990, 1, 1, tzinfo=timezone.utc))


def test_cli_lookup_prints_the_view_and_fails_cleanly(sample):
    import os
    import subprocess

    cli = Path(sys.executable).with_name("contractops")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONTRACTOPS_")}
    env.update(CONTRACTOPS_WAREHOUSE=str(sample.path), CONTRACTOPS_AS_OF=sample.as_of.isoformat())
    with wh.read_only(sample.path) as con:
        contract_id = con.execute("select contract_id from marts.dim_contracts where start_date <= ?::date and "
                                  "end_date >= ?::date order by 1 limit 1",
                                  [sample.as_of.date(), sample.as_of.date()]).fetchone()[0]
    ok = subprocess.run([str(cli), "lookup", contract_id], env=env, capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0 and contract_id in ok.stdout and "Coverage now:" in ok.stdout
    bad = subprocess.run([str(cli), "lookup", "NO-SUCH-THING"], env=env, capture_output=True, text=True, timeout=60)
    assert bad.returncode != 0 and "Traceback" not in bad.stderr and "no client or contract" in bad.stderr


def test_card_closes_on_the_published_holidays_and_closed_dates(sample):
    with wh.read_only(sample.path) as con:
        row = con.execute(
            "select d.contract_id from marts.mart_contract_closed_days d "
            "join marts.dim_contracts c using (contract_id) order by d.closed_date, 1 limit 1").fetchone()
        if row is None:
            pytest.skip("no closed day near as_of in the sample")
        card = contract_card(con, row[0], sample.as_of)
        published = dict(con.execute(
            "select closed_date, reason from marts.mart_contract_closed_days where contract_id = ?", [row[0]]).fetchall())
    assert card.calendar.closed_days == published
    day = min(published)
    noon = datetime(day.year, day.month, day.day, 12, tzinfo=ZoneInfo(card.calendar.timezone))
    status = coverage_now(card.calendar, noon)
    assert not status.is_open and status.closed_reason == published[day]


# --------------------------------------------------------------------------------------------
# the lookup's clock


def _cli_lookup(warehouse: Path, *args: str):
    import os
    import subprocess

    cli = Path(sys.executable).with_name("contractops")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONTRACTOPS_")}  # no CONTRACTOPS_AS_OF
    env["CONTRACTOPS_WAREHOUSE"] = str(warehouse)
    return subprocess.run([str(cli), "lookup", *args], env=env, capture_output=True, text=True, timeout=60)


def _contract_in_force(warehouse: Path, on) -> str:
    with wh.read_only(warehouse) as con:
        return con.execute("select contract_id from marts.dim_contracts where start_date <= ?::date and "
                           "end_date >= ?::date order by 1 limit 1", [on, on]).fetchone()[0]


def test_on_the_sample_the_lookup_answers_as_of_the_warehouses_own_instant(sample):
    from contractops.lookup import lookup_clock

    now = datetime(2026, 12, 2, 10, 14, tzinfo=timezone.utc)
    with wh.read_only(sample.path) as con:
        # the sample warehouse was materialized from the generated sample at its reference instant
        assert con.execute("select as_of, sample_clock from meta.run_info").fetchall() == [(sample.as_of, True)]
        clock = lookup_clock(con, None, now)
        assert (clock.at, clock.source) == (sample.as_of, "sample")
        given = datetime(2026, 12, 1, tzinfo=timezone.utc)
        assert lookup_clock(con, given, now).at == given
    contract_id = _contract_in_force(sample.path, sample.as_of.date())
    run = _cli_lookup(sample.path, contract_id)
    assert run.returncode == 0, run.stderr
    assert f"As of:        {sample.as_of:%a %Y-%m-%d %H:%M} UTC: the sample's reference instant" in run.stdout
    with wh.read_only(sample.path) as con:
        card = contract_card(con, contract_id, sample.as_of)
    assert f"Coverage now: {coverage_now(card.calendar, sample.as_of).summary()}" in run.stdout


def test_lookup_as_of_flag_and_a_bad_one(sample):
    contract_id = _contract_in_force(sample.path, sample.as_of.date())
    run = _cli_lookup(sample.path, contract_id, "--as-of", "2026-11-20T23:30:00Z")
    assert run.returncode == 0, run.stderr
    assert "As of:        Fri 2026-11-20 23:30 UTC: as asked" in run.stdout
    bad = _cli_lookup(sample.path, contract_id, "--as-of", "tomorrow-ish")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert bad.stderr.strip().startswith("contractops: --as-of: 'tomorrow-ish' is not an ISO 8601")


def test_a_warehouse_of_real_data_answers_as_of_now(sample, tmp_path):
    import shutil

    from contractops.lookup import lookup_clock

    real = tmp_path / "real.duckdb"
    shutil.copyfile(sample.path, real)
    con = wh.connect(real)
    con.execute("update meta.run_info set sample_clock = false")  # as if judged from a real landing zone
    now = datetime(2026, 11, 18, 14, 0, tzinfo=timezone.utc)
    assert lookup_clock(con, None, now).source == "now" and lookup_clock(con, None, now).at == now
    con.execute("drop schema meta cascade")  # a warehouse built before run_info existed
    assert lookup_clock(con, None, now).source == "now"
    con.close()


def test_run_info_marks_the_sample_clock_only_on_the_sample_at_its_instant(tmp_path):
    import duckdb

    from contractops import run_info
    from contractops.generate import generate_landing_zone

    generate_landing_zone(tmp_path / "data", scale="tiny", seed=3)
    landing = tmp_path / "data" / "landing"
    sample_instant = datetime(2026, 11, 16, 15, 0, tzinfo=timezone.utc)
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    assert run_info.latest(con) is None
    assert run_info.record(con, "r1", sample_instant, landing).sample_clock is True
    assert run_info.record(con, "r2", datetime(2026, 12, 2, tzinfo=timezone.utc), landing).sample_clock is False
    assert run_info.record(con, "r3", sample_instant, tmp_path).sample_clock is False  # not the sample
    assert con.execute("select run_id, sample_clock from meta.run_info order by run_id").fetchall() == [
        ("r1", True), ("r2", False), ("r3", False)]
