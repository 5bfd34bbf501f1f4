"""mart_renewal_pipeline, the recommendation branches, the health score and mart_renewal_tasks
on one hand-built landing zone (as_of 2026-06-15T12:00Z). Contracts are block_hours with a
10 h block and a 1,000 monthly fee unless said otherwise; 24x7 coverage, calendar clocks
(P1: response 60 min, resolution 240 min)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from testkit import materialize, query, write_landing

from billing.builders import client, contract_yaml, entry, technician, ticket

AS_OF = "2026-06-15T12:00:00Z"
SIX_MONTHS = ["2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05"]


def block(cid, client_id, end, start="2025-08-01", tier="gold", **terms):
    return contract_yaml(cid, client_id, "block_hours", start, end, tier=tier, monthly_fee=1000.0,
                         included_hours_per_month=10, overage_rate=165.0, **terms)


def monthly(prefix, client_id, hours):
    """One standard in-scope entry a month over the 6 full months before as_of, plus one in the
    as_of month and one 7 months back (both outside the utilisation window)."""
    rows = [entry(f"{prefix}{i}", client_id, f"{m}-15T10:00:00Z", hours) for i, m in enumerate(SIX_MONTHS)]
    rows.append(entry(f"{prefix}J", client_id, "2026-06-02T10:00:00Z", 20))
    rows.append(entry(f"{prefix}N", client_id, "2025-11-15T10:00:00Z", 20))
    return rows


def met(tid, client_id, day):
    return ticket(tid, client_id, f"{day}T10:00:00Z", f"{day}T10:30:00Z", f"{day}T11:00:00Z")


def breached(tid, client_id, day):
    return ticket(tid, client_id, f"{day}T10:00:00Z", f"{day}T12:00:00Z", f"{day}T13:00:00Z")


def files():
    clients = ["CU", "CA", "CR", "CN", "CT", "CL", "CO", "CF", "CS", "CP", "CV"]
    n_tickets = [met(f"N{i:02d}", "CN", f"2026-0{1 + i % 5}-{10 + i:02d}") for i in range(19)]
    n_tickets.append(breached("N19", "CN", "2026-05-30"))
    return {
        "clients.csv": [client(c) for c in clients] + [client("CZ", "Pacific/Auckland", "NZ")],
        "technicians.csv": [technician("TA", "50.00")],
        "contracts/U.yaml": block("U", "CU", "2026-07-31", tier="silver"),
        "contracts/A.yaml": block("A", "CA", "2026-08-31"),
        "contracts/R.yaml": block("R", "CR", "2026-09-13"),        # as_of + 90 days: still due
        "contracts/N.yaml": block("N", "CN", "2026-06-15"),        # ends on the as_of date: due
        "contracts/T.yaml": contract_yaml("T", "CT", "time_and_materials", "2025-07-02", "2026-07-01", tier="platinum"),
        "contracts/L.yaml": block("L", "CL", "2026-04-01"),        # ended 75 days ago: lapsed
        "contracts/O.yaml": block("O", "CO", "2026-03-16"),        # ended 91 days ago: out
        "contracts/F.yaml": block("F", "CF", "2026-09-14"),        # as_of + 91 days: not yet
        "contracts/S.yaml": block("S", "CS", "2026-07-15"),        # renewed early: out
        "contracts/S2.yaml": block("S2", "CS", "2027-07-15", start="2026-07-16", previous_contract_id="S"),
        "contracts/P.yaml": block("P", "CP", "2025-12-31", start="2025-01-01"),
        "contracts/P2.yaml": block("P2", "CP", "2026-12-31", start="2026-01-01", previous_contract_id="P"),
        # 2026-06-15 in Auckland ended at 12:00 UTC on the 15th: at as_of (00:00 on the 16th there) it has lapsed
        "contracts/Z.yaml": block("Z", "CZ", "2026-06-15"),
        # its block size is under review (not a number): its standard hours are not judged, so
        # utilisation is unknown (per-term review: an SLA term under review would not do this)
        "contracts/V.yaml": contract_yaml("V", "CV", "block_hours", "2025-08-01", "2026-07-20", tier="gold",
                                          monthly_fee=1000.0, included_hours_per_month="about ten",
                                          overage_rate=165.0),
        "timesheets.csv": monthly("U", "CU", 12) + monthly("A", "CA", 8) + monthly("R", "CR", 4)
        + monthly("N", "CN", 8) + monthly("V", "CV", 8),
        "tickets.csv": [breached("U1", "CU", "2026-05-01"), met("A1", "CA", "2026-05-01"),
                        breached("A2", "CA", "2026-05-02"), met("R1", "CR", "2026-05-01")] + n_tickets,
        "assignments.csv": [],
        "credentials.csv": [],
        "insurance_policies.csv": [],
    }


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    root = tmp_path_factory.mktemp("renewals")
    landing = write_landing(root / "landing", files())
    path = root / "warehouse.duckdb"
    materialize(landing, path, AS_OF)
    return path


@pytest.fixture(scope="module")
def pipeline(warehouse):
    rows = query(warehouse, """
        select contract_id, pipeline_status, days_to_end, utilisation, sla_compliance_rate,
               recommendation, proposed_tier, proposed_included_hours, proposed_monthly_fee, health_score,
               weighted_annual_value
        from marts.mart_renewal_pipeline order by contract_id""")
    return {r[0]: r[1:] for r in rows}


def test_window(pipeline):
    # due: U (46 days), A (77), R (90, the edge), N (0, ends today), T (16); lapsed: L (-75), Z (-1 in
    # Auckland). Out: O (ended 91 days ago), F (ends in 91 days), S (has a successor), S2, P, P2.
    assert {c: (v[0], v[1]) for c, v in pipeline.items()} == {
        "U": ("due", 46), "A": ("due", 77), "R": ("due", 90), "N": ("due", 0), "T": ("due", 16),
        "V": ("due", 35), "L": ("lapsed", -75), "Z": ("lapsed", -1),
    }


def test_upgrade_tier_wins_over_poor_sla(pipeline):
    # U: 6 x 12 h / (6 x 10) = 1.20 > 1.10 -> upgrade_tier, although its only ticket breached
    # (compliance 0). The June entry and the November one are outside the window.
    # Proposed: average 12 h -> 15 h (rounded up to 5), fee 1000 x 15/10 = 1500, silver -> gold.
    u = pipeline["U"]
    assert u[2] == pytest.approx(1.2) and u[3] == 0.0
    assert u[4:8] == ("upgrade_tier", "gold", 15.0, Decimal("1500.00"))


def test_at_risk(pipeline):
    # A: utilisation 48/60 = 0.8; compliance 1 met / 2 finished = 0.5 < 0.95 -> at_risk; same terms
    a = pipeline["A"]
    assert a[2] == pytest.approx(0.8) and a[3] == 0.5
    assert a[4:8] == ("at_risk", "gold", 10.0, Decimal("1000.00"))


def test_right_size_and_health_score(pipeline):
    # R: utilisation 24/60 = 0.4 < 0.50, compliance 1.0 -> right_size; 4 h x 1.2 = 4.8 -> 5 h, fee 500.
    r = pipeline["R"]
    assert r[2] == pytest.approx(0.4) and r[3] == 1.0
    assert r[4:8] == ("right_size", "gold", 5.0, Decimal("500.00"))
    # Health: SLA 1.0 -> 1; utilisation 0.4 -> (0.4 - 0.2) / 0.5 = 0.4; ticket trend: 1 ticket in
    # the last 90 days, none before -> 1; breaches 0 vs 0 -> 1; margin: revenue 12 months =
    # 11 fees (Aug 2025 .. Jun 2026) x 1000 = 11000, cost = (6 x 4 + 20 + 20) h x 50 = 3200
    # (June and November entries are inside 12 months) -> 7800 / 11000 = 0.71 / 0.40 -> capped at 1.
    # 100 x (0.4 x 1 + 0.2 x 0.4 + 0.1 x 1 + 0.1 x 1 + 0.2 x 1) = 88.0
    assert r[8] == pytest.approx(88.0)
    assert r[9] == Decimal("10560.00")          # 12000 x 0.88


def test_renew_at_the_threshold(pipeline):
    # N: 19 met + 1 breached = 0.95, not < 0.95 -> renew (utilisation 0.8)
    n = pipeline["N"]
    assert n[3] == pytest.approx(0.95) and n[4] == "renew"


def test_time_and_materials_has_no_utilisation(pipeline):
    t = pipeline["T"]
    assert t[2] is None and t[3] is None and t[4:6] == ("renew", "platinum")


def test_contract_under_review_is_not_judged_on_its_hours(warehouse, pipeline):
    # V logged 8 h a month, but its block size is under review, so its standard entries are
    # contract_under_review: utilisation NULL, not 0
    # (which would read as right_size); no branch matches -> renew, flagged by review_status.
    v = pipeline["V"]
    assert v[2] is None and v[3] is None and v[4] == "renew"
    assert query(warehouse, "select review_status from marts.mart_renewal_pipeline where contract_id = 'V'")[0][0] == "needs_review"


def test_tasks(warehouse):
    rows = query(warehouse, """select task_id, due_date, task_status, days_until_due
        from marts.mart_renewal_tasks where contract_id in ('U', 'R', 'L') order by task_id""")
    got = {r[0]: (r[1].isoformat(), r[2], r[3]) for r in rows}
    assert got == {
        # U ends 2026-07-31: health check 90 days before, proposal 60, follow-up 30
        "U:health_check": ("2026-05-02", "overdue", -44),
        "U:proposal": ("2026-06-01", "overdue", -14),
        "U:follow_up": ("2026-07-01", "upcoming", 16),
        # R ends 2026-09-13: the health check is due today
        "R:health_check": ("2026-06-15", "due_this_week", 0),
        "R:proposal": ("2026-07-15", "upcoming", 30),
        "R:follow_up": ("2026-08-14", "upcoming", 60),
        # L lapsed on 2026-04-01: escalate from the next day
        "L:escalation": ("2026-04-02", "overdue", -74),
    }


def test_renewal_rate_and_pipeline_value(warehouse):
    row = query(warehouse, """select contracts_ended_12m, contracts_renewed_12m, renewal_rate_12m,
        contracts_due, renewal_pipeline_value, contracts_lapsed from marts.mart_executive_kpis""")[0]
    # ended in the 365 days before as_of (each in its own time zone): L, O, P (has a successor) and
    # Z (ended on the 15th, it is the 16th in Auckland) -> 1 / 4. Due: U A R N T V x 12000.
    assert row[0:3] == (4, 1, pytest.approx(1 / 4))
    assert row[3:6] == (6, Decimal("72000.00"), 2)


def test_renewal_alert_candidates(warehouse):
    rows = query(warehouse, """select alert_key, kind, severity from marts.mart_alert_candidates
        where kind in ('renewal_due', 'renewal_lapsed') order by alert_key""")
    keys = {r[0]: (r[1], r[2]) for r in rows}
    assert keys["renewal_lapsed:L:2026-04-01"] == ("renewal_lapsed", "critical")
    assert keys["renewal_due:A:2026-08-31"] == ("renewal_due", "critical")     # at_risk
    assert keys["renewal_due:N:2026-06-15"] == ("renewal_due", "warning")
    assert len(keys) == 8
