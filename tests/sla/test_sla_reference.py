"""The SQL clocks against the deliberately simple per-ticket Python reference (sla.reference) on
a few thousand generated tickets crowded around DST changes, holidays and closed dates, with
holds, several time zones and windows (sla.scenarios). One landing zone, one materialization."""

import pytest
from testkit import materialize, query, write_landing

from sla import reference, scenarios
from sla.landing import landing_files

N_TICKETS = 3000
COLUMNS = ["entitlement", "contract_id", "response_status", "response_elapsed_minutes",
           "response_due_at", "resolution_status", "resolution_elapsed_minutes",
           "resolution_due_at"]


@pytest.fixture(scope="module")
def generated():
    return scenarios.generate(N_TICKETS, seed=11)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, generated):
    clients, contracts, tickets, changes, as_of = generated
    root = tmp_path_factory.mktemp("sla-reference")
    landing = write_landing(root / "landing", landing_files(clients, contracts, tickets, changes))
    path = root / "warehouse.duckdb"
    materialize(landing, path, as_of.isoformat())
    return path


def test_sql_matches_reference(warehouse, generated):
    clients, contracts, tickets, changes, as_of = generated
    expected = reference.judge_all(clients, contracts, tickets, changes, as_of)
    rows = query(warehouse, f"select ticket_id, {', '.join(COLUMNS)} from marts.fct_ticket_sla")
    assert len(rows) == len(tickets)
    mismatches = []
    for ticket_id, *values in rows:
        want = expected[ticket_id]
        for name, got in zip(COLUMNS, values):
            ref = want[name]
            same = (got == ref) if not isinstance(ref, float) else (
                got is not None and abs(got - ref) < 1e-6)
            if not same:
                mismatches.append((ticket_id, name, got, ref))
    assert not mismatches, f"{len(mismatches)} differences, first: {mismatches[:5]}"


def test_generated_set_exercises_every_status(warehouse):
    statuses = {r[0] for r in query(
        warehouse,
        "select response_status from marts.fct_ticket_sla union "
        "select resolution_status from marts.fct_ticket_sla")}
    assert statuses == {"met", "breached", "at_risk", "on_track", "not_applicable"}
    held = query(warehouse, "select count(*) from marts.fct_ticket_sla "
                            "where resolution_paused_minutes > 0")[0][0]
    on_hold = query(warehouse, "select count(*) from marts.fct_ticket_sla "
                               "where is_on_hold_at_as_of")[0][0]
    assert held > 100 and on_hold > 10
