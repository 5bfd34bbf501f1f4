"""A contract in a currency the rate table (dbt_project/seeds/fx_rates.csv) does not know is left
out of the money totals and counted, never taken at a rate of 1."""

from __future__ import annotations

from decimal import Decimal

import pytest
from testkit import materialize, query, write_landing

from billing.builders import client, contract_yaml, entry, technician

D = Decimal
AS_OF = "2026-03-10T12:00:00Z"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    root = tmp_path_factory.mktemp("fx-missing-rate")
    landing = write_landing(root / "landing", {
        "clients.csv": [client("C1"), client("C2")],
        "technicians.csv": [technician("TA", "50.00")],
        # both active at as_of and fixed fee: 1000 a month, Jan..Mar 2026 started -> 3000 each
        "contracts/K1.yaml": contract_yaml("K1", "C1", "fixed_fee", "2026-01-01", "2026-12-31",
                                           monthly_fee=1000.0, annual_value=12000.0),
        "contracts/K2.yaml": contract_yaml("K2", "C2", "fixed_fee", "2026-01-01", "2026-12-31",
                                           monthly_fee=1000.0, annual_value=12000.0, currency="XAF"),
        "timesheets.csv": [entry("E1", "C1", "2026-02-02T10:00:00Z", 2),   # 2 h x 50 = 100 USD cost
                           entry("E2", "C2", "2026-02-02T10:00:00Z", 4)],  # 4 h x 50 = 200 USD cost
        "tickets.csv": [], "assignments.csv": [], "credentials.csv": [], "insurance_policies.csv": [],
    })
    path = root / "warehouse.duckdb"
    materialize(landing, path, AS_OF)
    return path


def test_unknown_currency_is_counted_not_converted(warehouse):
    active, tcv, revenue, cost, missing = query(warehouse, """select active_contracts,
        total_contract_value, revenue, cost, contracts_without_fx_rate from marts.mart_executive_kpis""")[0]
    # only K1 (USD) is valued: 12000 a year, 3 fees x 1000 = 3000 revenue, 100 cost; K2 (XAF) is
    # active but has no rate: counted, left out of every money figure
    assert (active, missing) == (2, 1)
    assert (tcv, revenue, cost) == (D("12000.00"), D("3000.00"), D("100.00"))


def test_unknown_currency_contract_keeps_its_own_figures(warehouse):
    row = query(warehouse, """select currency, fx_rate_to_reporting, billed_to_date, cost_to_date,
        cost_to_date_reporting from marts.mart_contract_health where contract_id = 'K2'""")[0]
    # in its own currency billed 3000 XAF; its cost cannot be put into XAF without a rate
    assert row == ("XAF", None, D("3000.00"), None, D("200.00"))
    tiers = query(warehouse, "select contracts, revenue, cost, contracts_without_fx_rate from marts.mart_margin_by_tier")
    assert tiers == [(2, D("3000.00"), D("100.00"), 1)]
