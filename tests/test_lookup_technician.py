"""`contractops lookup --technician T`: the technician's open tickets in the terminal, the same
list (and order) as marts.mart_technician_tickets, checked against the tickets as they landed
(staging) and a due-time order computed here from fct_ticket_sla. On the sample plus a day of
open tickets (tests/apps/app_test_warehouse.technician_day_warehouse)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "apps"))
from app_test_warehouse import technician_day_warehouse  # noqa: E402

from contractops import warehouse as wh  # noqa: E402

OPEN = ("open", "in_progress", "on_hold")


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return technician_day_warehouse(tmp_path_factory)


def _cli(warehouse: Path, *args: str):
    cli = Path(sys.executable).with_name("contractops")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONTRACTOPS_")}
    env["CONTRACTOPS_WAREHOUSE"] = str(warehouse)
    return subprocess.run([str(cli), "lookup", *args], env=env, capture_output=True, text=True, timeout=60)


def busiest_technician(con) -> str:
    """The technician with the most open tickets, counted on the landed tickets (staging)."""
    return con.execute(
        "select technician_id from staging.stg_psa__tickets where status in (?, ?, ?) and technician_id is not null "
        "group by 1 order by count(*) desc, 1 limit 1", list(OPEN)).fetchone()[0]


def expected_day(con, technician_id: str) -> list[str]:
    """The technician's open tickets, soonest due first, computed here: the due time of the clock
    running next is the response's until responded, else the resolution's (none when not judged
    or paused on hold); tickets without one go last; ties by creation time, then id."""
    open_ids = {r[0] for r in con.execute(
        "select ticket_id from staging.stg_psa__tickets where technician_id = ? and status in (?, ?, ?)",
        [technician_id, *OPEN]).fetchall()}
    rows = con.execute(
        "select ticket_id, created_at, response_finished, response_status, response_due_at, "
        "resolution_finished, resolution_status, resolution_due_at from marts.fct_ticket_sla "
        "where technician_id = ?", [technician_id]).fetchall()
    keyed = []
    for tid, created, r_fin, r_status, r_due, s_fin, s_status, s_due in rows:
        if tid not in open_ids:
            continue
        if r_status != "not_applicable" and not r_fin:
            due = r_due
        elif s_status != "not_applicable" and not s_fin:
            due = s_due
        else:
            due = None
        keyed.append(((due is None, due or created, created, tid), tid))
    assert {t for _, t in keyed} == open_ids  # every open ticket is in the SLA fact
    return [t for _, t in sorted(keyed)]


def test_technician_day_in_the_terminal_matches_the_mart_and_the_landed_tickets(sample):
    with wh.read_only(sample.path) as con:
        technician = busiest_technician(con)
        expected = expected_day(con, technician)
        mart = [r[0] for r in con.execute(
            "select ticket_id from marts.mart_technician_tickets where technician_id = ? order by day_order",
            [technician]).fetchall()]
        others = {r[0] for r in con.execute(
            "select ticket_id from staging.stg_psa__tickets where technician_id <> ? or technician_id is null",
            [technician]).fetchall()}
    assert len(expected) >= 2  # a real list to order
    assert mart == expected
    run = _cli(sample.path, "--technician", technician)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert f"({technician}) - {len(expected)} open tickets, soonest due first" in lines[0]
    listed = [line.split()[1] for line in lines if line[:3].strip().isdigit()]
    assert listed == expected
    assert not others & set(run.stdout.split())
    # a technician's terminal view shows no money either
    assert "$" not in run.stdout and "rate" not in run.stdout.lower()


def test_lower_case_id_works_and_unknown_technician_is_one_line(sample):
    with wh.read_only(sample.path) as con:
        technician = busiest_technician(con)
    assert _cli(sample.path, "--technician", technician.lower()).returncode == 0
    run = _cli(sample.path, "--technician", "T999")
    assert run.returncode == 2 and run.stderr.strip() == "contractops: lookup: no technician 'T999' in technicians.csv"
    both = _cli(sample.path, "C0001", "--technician", technician)
    assert both.returncode == 2 and "one of them" in both.stderr and "Traceback" not in both.stderr
