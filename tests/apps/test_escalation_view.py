"""The SLA monitor's escalation ladders: every running ticket clock of mart_escalation_status, and
a ticket's steps from mart_escalation_ladder (the page computes nothing)."""

from test_app_pages import frame_with, has_table, open_page, query, signed_in
import pytest


def test_sla_monitor_shows_each_running_clock_ladder(warehouse):
    if not has_table(warehouse, "marts.mart_escalation_status"):
        pytest.skip("marts.mart_escalation_status is not built yet")
    at = open_page(signed_in("executive"), "sla")
    expected = query(warehouse, "select count(*), count(*) filter (where next_step_at is not null) "
                                "from marts.mart_escalation_status")[0]
    if expected[0] == 0:
        assert "No open ticket clock is climbing" in " ".join(s.value for s in at.success)
        return
    table = frame_with(at, "ticket_id", "steps_reached", "next_step_at", "next_recipients")
    assert (len(table), int(table["next_step_at"].notna().sum())) == expected
    ticket = at.selectbox(key="sla_ladder_ticket").value
    steps = frame_with(at, "clock", "step", "threshold_pct", "is_reached", "delivered_at")
    assert len(steps) == query(warehouse, "select count(*) from marts.mart_escalation_ladder "
                                          "where ticket_id = ?", [ticket])[0][0]
