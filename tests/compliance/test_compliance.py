"""mart_compliance_gaps: every credential and insurance status, who counts as working for a
client, case-insensitive names, latest expiry, time zones; and their alert candidates.
One landing zone, as_of 2026-06-15T12:00Z."""

from __future__ import annotations

from decimal import Decimal

import pytest
from testkit import materialize, query, write_landing

from billing.builders import client, contract_yaml, entry, technician, ticket
from billing.scenario import BROKEN_SLA

AS_OF = "2026-06-15T12:00:00Z"
REQUIRED = ["CompTIA Security+", "Background Check"]


def cred(tech, name, issued, expires=""):
    return {"technician_id": tech, "credential": name, "issued_on": issued, "expires_on": expires}


def policy(pid, ptype, amount, effective, expires):
    return {"policy_id": pid, "policy_type": ptype, "coverage_amount": str(amount), "effective_on": effective,
            "expires_on": expires, "insurer": "Mutual"}


def files():
    compliance = {"required_credentials": REQUIRED,
                  "insurance_minimums": {"general_liability": 2000000, "cyber_liability": 1000000,
                                         "professional_liability": 500000, "workers_comp": 100000}}
    return {
        "clients.csv": [client("C1"), client("C2"), client("C3"), client("C4"),
                        client("C5", "Pacific/Auckland", "NZ")],
        "technicians.csv": [technician(t) for t in ("TA", "TB", "TC", "TD", "TE", "TF", "TZ")],
        "contracts/K.yaml": contract_yaml("K", "C1", "time_and_materials", "2026-01-01", "2026-12-31",
                                          compliance=compliance),
        "contracts/K2.yaml": contract_yaml("K2", "C2", "time_and_materials", "2026-01-01", "2026-12-31",
                                           compliance={"required_credentials": [],
                                                       "insurance_minimums": {"general_liability": 500000}}),
        # ended before as_of: not judged
        "contracts/E.yaml": contract_yaml("E", "C3", "time_and_materials", "2025-06-01", "2026-05-31",
                                          compliance=compliance),
        # needs review (SLA terms): compliance is still judged
        "contracts/R.yaml": contract_yaml("R", "C4", "time_and_materials", "2026-01-01", "2026-12-31",
                                          compliance=compliance, sla=BROKEN_SLA),
        "contracts/KZ.yaml": contract_yaml("KZ", "C5", "time_and_materials", "2026-01-01", "2026-12-31",
                                           compliance={"required_credentials": ["First Aid"], "insurance_minimums": {}}),
        "assignments.csv": [
            {"technician_id": "TA", "client_id": "C1"}, {"technician_id": "TE", "client_id": "C1"},
            {"technician_id": "TF", "client_id": "C1"}, {"technician_id": "TA", "client_id": "C3"},
            {"technician_id": "TA", "client_id": "C4"}, {"technician_id": "TZ", "client_id": "C5"},
        ],
        "timesheets.csv": [
            entry("W1", "C1", "2026-05-01T10:00:00Z", 1, technician_id="TB"),   # 45 days before: counts
            entry("W2", "C1", "2026-03-01T10:00:00Z", 1, technician_id="TD"),   # 106 days before: does not
        ],
        "tickets.csv": [
            ticket("X1", "C1", "2026-04-01T10:00:00Z", "2026-04-01T10:10:00Z", "2026-04-01T10:20:00Z",
                   technician_id="TC"),                                            # 75 days before: counts
        ],
        "credentials.csv": [
            cred("TA", "comptia security+", "2025-07-10", "2026-07-10"),   # latest, 25 days: expiring
            cred("TA", "CompTIA Security+", "2023-01-01", "2025-01-01"),   # older, expired: ignored
            cred("TA", "Background Check", "2023-01-01"),                   # never expires: valid
            cred("TB", "CompTIA Security+", "2024-06-01", "2026-06-01"),   # expired
            cred("TC", "CompTIA Security+", "2024-06-01", "2026-08-14"),   # 60 days: expiring (edge)
            cred("TC", "BACKGROUND CHECK", "2024-06-01", "2026-08-15"),    # 61 days: valid
            cred("TE", "CompTIA Security+", "2026-07-01", "2028-07-01"),   # issued after as_of: missing
            cred("TE", "Background Check", "2020-01-01"),
            cred("TF", "CompTIA Security+", "2024-06-15", "2026-06-15"),   # expires today: expiring
            cred("TF", "Background Check", "2020-01-01"),
            cred("TZ", "First Aid", "2024-06-15", "2026-06-15"),           # it is the 16th in Auckland
        ],
        "insurance_policies.csv": [
            policy("GL", "general_liability", 1000000, "2026-01-01", "2026-12-31"),     # below 2 M
            policy("CY", "cyber_liability", 1000000, "2025-08-01", "2026-07-31"),       # 46 days
            policy("PL", "professional_liability", 900000, "2025-05-01", "2026-05-01"),  # lapsed
        ],
    }


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    root = tmp_path_factory.mktemp("compliance")
    landing = write_landing(root / "landing", files())
    path = root / "warehouse.duckdb"
    materialize(landing, path, AS_OF)
    return path


@pytest.fixture(scope="module")
def gaps(warehouse):
    rows = query(warehouse, """select contract_id, subject_type, subject_id, requirement, status, due_date
        from marts.mart_compliance_gaps""")
    return {(r[0], r[2], r[3]): (r[1], r[4], r[5].isoformat()) for r in rows}


def test_technician_gaps(gaps):
    technicians = {k: v for k, v in gaps.items() if v[0] == "technician"}
    assert technicians == {
        ("K", "TA", "CompTIA Security+"): ("technician", "expiring", "2026-07-10"),
        ("K", "TB", "CompTIA Security+"): ("technician", "expired", "2026-06-01"),
        ("K", "TB", "Background Check"): ("technician", "missing", "2026-06-15"),
        ("K", "TC", "CompTIA Security+"): ("technician", "expiring", "2026-08-14"),
        ("K", "TE", "CompTIA Security+"): ("technician", "missing", "2026-06-15"),
        ("K", "TF", "CompTIA Security+"): ("technician", "expiring", "2026-06-15"),
        ("KZ", "TZ", "First Aid"): ("technician", "expired", "2026-06-15"),
        ("R", "TA", "CompTIA Security+"): ("technician", "expiring", "2026-07-10"),
    }
    # TD's only activity was 106 days ago; contract E has ended. R needs review (its SLA) but
    # compliance is judged all the same: review only withholds SLA and billing judgements.


def test_insurance_gaps(gaps):
    insurance = {k: v for k, v in gaps.items() if v[0] == "insurance" and k[0] == "K"}
    assert insurance == {
        ("K", "general_liability", "general_liability"): ("insurance", "below_minimum", "2026-06-15"),
        ("K", "cyber_liability", "cyber_liability"): ("insurance", "expiring", "2026-07-31"),
        ("K", "professional_liability", "professional_liability"): ("insurance", "expired", "2026-05-01"),
        ("K", "workers_comp", "workers_comp"): ("insurance", "missing", "2026-06-15"),
    }
    # K2 needs 500 000 general liability: the 1 000 000 policy in force to 2026-12-31 is valid.
    assert {k[0] for k, v in gaps.items() if v[0] == "insurance"} == {"K", "R"}


def test_gap_details(warehouse):
    row = query(warehouse, """select minimum_amount, coverage_amount, days_until_due, severity
        from marts.mart_compliance_gaps where contract_id = 'K' and subject_id = 'general_liability'""")[0]
    assert row == (Decimal("2000000.00"), Decimal("1000000.00"), 0, "critical")
    basis = dict(query(warehouse, """select subject_id, basis from marts.mart_compliance_gaps
        where subject_type = 'technician' and contract_id = 'K'"""))
    assert basis["TB"] == "timesheet" and basis["TC"] == "ticket" and basis["TA"] == "assignment"


def test_alert_candidates(warehouse):
    rows = query(warehouse, """select alert_key, severity, subject_id, message from marts.mart_alert_candidates
        where kind = 'compliance_gap' order by alert_key""")
    assert len(rows) == 16          # 8 technician gaps + 4 insurance gaps each for K and R
    keyed = {r[0]: r for r in rows}
    key = "compliance_gap:K:technician:TA:comptia security+:expiring"
    assert keyed[key][1:3] == ("warning", "K")
    assert "Tech TA (TA)" in keyed[key][3] and "2026-07-10" in keyed[key][3]
    assert keyed["compliance_gap:K:insurance:workers_comp:workers_comp:missing"][1] == "critical"
