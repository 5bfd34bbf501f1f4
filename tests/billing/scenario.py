"""The billing scenario (one landing zone, as_of 2026-03-10T12:00Z), shared by the billing,
executive and documents tests. Every expected figure is worked out by hand in the tests."""

from __future__ import annotations

import pytest

from billing.builders import SLA_24X7_CALENDAR, client, contract_yaml, entry, technician, ticket

AS_OF = "2026-03-10T12:00:00Z"

BROKEN_SLA = [dict(s) for s in SLA_24X7_CALENDAR]
BROKEN_SLA[3] = {"priority": "P4", "response_minutes": 480, "resolution_minutes": 60, "clock": "calendar"}


def files() -> dict[str, object]:
    return {
        "clients.csv": [
            client("C1", "America/Chicago"), client("C2", "Europe/Berlin", "DE"),
            client("C3", "UTC", "GB"), client("C4", "UTC"), client("C5", "UTC"),
        ],
        "technicians.csv": [technician("TA", "50.00"), technician("TB", "80.00")],
        "contracts/K1.yaml": contract_yaml(
            "K1", "C1", "block_hours", "2025-04-01", "2026-03-31", monthly_fee=1500.0,
            included_hours_per_month=10, overage_rate=165.0, annual_value=18000.0,
            included_services=["desktop_support", "network"], excluded_services=["project_work"],
            penalties={"credit_pct_per_breach": 2.0, "monthly_credit_cap_pct": 5.0}),
        "contracts/K6.yaml": contract_yaml(
            "K6", "C2", "time_and_materials", "2024-01-01", "2024-12-31", tier="silver",
            rates={"standard": 100.0, "after_hours": 150.0, "emergency": 200.0}),
        "contracts/K2.yaml": contract_yaml(
            "K2", "C2", "time_and_materials", "2025-01-01", "2025-12-31", tier="silver",
            rates={"standard": 100.0, "after_hours": 150.0, "emergency": 200.0}, previous_contract_id="K6"),
        "contracts/K3.yaml": contract_yaml(
            "K3", "C3", "fixed_fee", "2025-06-01", "2026-05-31", tier="platinum", monthly_fee=1000.0,
            rates={"standard": 100.0, "after_hours": 150.0, "emergency": 200.0}, currency="GBP"),
        "contracts/K4.yaml": contract_yaml(
            "K4", "C4", "time_and_materials", "2025-06-01", "2026-05-31", sla=BROKEN_SLA,
            # its standard rate is under review (not a number): standard entries are held
            rates={"standard": "to be agreed", "after_hours": 225.0, "emergency": 300.0}),
        "timesheets.csv": [
            # K1, block of 10 h a month, America/Chicago
            entry("E01", "C1", "2026-01-31T23:00:00", 2),                   # local wall time: January
            entry("E02", "C1", "2026-02-02T15:00:00Z", 6, technician_id="TB"),
            entry("E03", "C1", "2026-02-03T15:00:00Z", 3),
            entry("E04", "C1", "2026-02-04T15:00:00Z", 4, billed_rate=123.75),  # split 1 + 3
            entry("E05", "C1", "2026-02-05T15:00:00Z", 2),                  # overage not billed
            entry("E06", "C1", "2026-02-05T15:00:00Z", 1, rate_type="after_hours", billed_rate=225),
            entry("E07", "C1", "2026-02-06T15:00:00Z", 2, rate_type="after_hours", billed_rate=150),
            entry("E08", "C1", "2026-02-07T15:00:00Z", 2, service="project_work", billed_rate=150),
            entry("E09", "C1", "2026-02-08T15:00:00Z", 2, service="project_work", billed_rate=150, approved=True),
            entry("E10", "C1", "2026-02-09T15:00:00Z", 1, service="project_work", billable=False),
            entry("E11", "C1", "2026-02-10T15:00:00Z", 1, billable=False),
            entry("E12", "C1", "2026-02-11T15:00:00Z", 1, service="printer", billed_rate=150),
            entry("E13", "C1", "2026-02-12T15:00:00Z", 1, rate_type="emergency", billed_rate=300),
            entry("E14", "C1", "2026-03-01T05:30:00Z", 1, billed_rate=165),  # Feb 28 23:30 Chicago
            entry("E15", "C1", "2026-03-02T15:00:00Z", 1),                  # March: new block
            # K2 (Europe/Berlin, time and materials, ended 2025-12-31)
            entry("E20", "C2", "2025-12-31T23:30:00Z", 1, billed_rate=100),  # Jan 1 00:30 Berlin
            entry("E21", "C2", "2025-12-15T10:00:00Z", 2, billed_rate=120),
            # K3 fixed fee
            entry("E30", "C3", "2026-02-15T10:00:00Z", 3),
            entry("E31", "C3", "2026-02-16T10:00:00Z", 1, billed_rate=100),
            entry("E32", "C3", "2026-02-17T10:00:00Z", 1, rate_type="after_hours", billed_rate=150),
            # K4: standard rate under review
            entry("E40", "C4", "2026-02-17T10:00:00Z", 1, billed_rate=100),
        ],
        "tickets.csv": [
            # K1, P1: response 60 min, resolution 240 min, calendar
            ticket("T1", "C1", "2026-02-10T10:00:00Z", "2026-02-10T12:00:00Z", "2026-02-10T13:00:00Z"),  # response breached
            ticket("T2", "C1", "2026-02-11T10:00:00Z", "2026-02-11T10:30:00Z", "2026-02-11T15:00:00Z"),  # resolution breached
            ticket("T3", "C1", "2026-02-12T10:00:00Z", "2026-02-12T10:30:00Z", "2026-02-12T11:00:00Z"),  # met
            ticket("T4", "C1", "2026-02-13T10:00:00Z", "2026-02-13T12:30:00Z", "2026-02-13T18:00:00Z"),  # both breached
            ticket("T5", "C1", "2026-02-14T10:00:00Z", "2026-02-14T10:30:00Z", "2026-02-14T11:00:00Z",
                   service="project_work"),                                                          # out of scope
            ticket("T6", "C1", "2026-03-10T09:00:00Z", "2026-03-10T09:30:00Z", status="in_progress"),   # 180/240 at risk
        ],
        "assignments.csv": [{"technician_id": "TA", "client_id": "C1"}],
        "credentials.csv": [],
        "insurance_policies.csv": [],
    }


@pytest.fixture(scope="session")
def billing_warehouse(tmp_path_factory):
    """The scenario materialized once per test session (billing, executive and documents tests).
    Its documents and e-mails go to reports/ and outbox/ beside the warehouse, apart from other
    modules' runs (see documents_of)."""
    from testkit import materialize, write_landing

    root = tmp_path_factory.mktemp("billing-scenario")
    landing = write_landing(root / "landing", files())
    path = root / "warehouse.duckdb"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CONTRACTOPS_REPORTS_DIR", str(root / "reports"))
        patch.setenv("CONTRACTOPS_OUTBOX_DIR", str(root / "outbox"))
        materialize(landing, path, AS_OF)
    return path


def documents_of(warehouse):
    """(reports_dir, outbox_dir) of the run that built `warehouse`."""
    return warehouse.parent / "reports", warehouse.parent / "outbox"
