"""mart_contract_health, mart_executive_kpis and mart_margin_by_tier on the billing scenario
(tests/billing/scenario.py, as_of 2026-03-10T12:00Z), figures worked out by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest
from testkit import query

from billing.scenario import billing_warehouse  # noqa: F401  (session fixture)

D = Decimal

# K3 is a GBP contract; totals are in USD at the shipped rate (dbt_project/seeds/fx_rates.csv).
GBP = D("1.27")


@pytest.fixture(scope="module")
def warehouse(billing_warehouse):  # noqa: F811
    return billing_warehouse


def test_contract_health_k1(warehouse):
    row = query(warehouse, """select tier, annual_value, billed_to_date, cost_to_date, margin_pct,
        sla_compliance_rate, utilisation, open_at_risk_tickets, compliance_gaps, renewal_status
        from marts.mart_contract_health where contract_id = 'K1'""")[0]
    # billed: 12 monthly fees (2025-04 .. 2026-03) x 1500 = 18000 + billable entries
    #   495 (E04) + 225 + 300 + 300 + 300 + 150 + 300 + 165 = 2235 -> 20235
    # cost: TB 6 h x 80 = 480 + TA 24 h x 50 = 1200 -> 1680; margin (20235 - 1680) / 20235
    # SLA: finished covered tickets T1 T2 T3 T4, both clocks met only on T3 -> 0.25
    # utilisation: Sep 2025 .. Feb 2026 = 2 (Jan) + 16 (Feb) = 18 h / 60 = 0.3; T6 at risk
    assert row[0:4] == ("gold", D("18000.00"), D("20235.00"), D("1680.00"))
    assert row[4] == pytest.approx((20235 - 1680) / 20235)
    assert row[5] == 0.25 and row[6] == pytest.approx(0.3)
    assert row[7:] == (1, 0, "due")


def test_contract_health_money_in_contract_currency(warehouse):
    row = query(warehouse, """select currency, fx_rate_to_reporting, annual_value, billed_to_date,
        cost_to_date, cost_to_date_reporting, margin_pct
        from marts.mart_contract_health where contract_id = 'K3'""")[0]
    # K3 (GBP): billed 10 fees x 1000 + E31 100 + E32 150 = 10250 GBP; cost TA 5 h x 50 = 250 USD
    # = 250 / 1.27 = 196.85 GBP, so the margin never sets pounds against dollars
    assert row[:6] == ("GBP", GBP, D("12000.00"), D("10250.00"), D("196.85"), D("250.00"))
    assert row[6] == pytest.approx((10250 - 196.85) / 10250)


def test_fx_rates_seed_is_what_the_figures_use(warehouse):
    import csv
    from pathlib import Path

    seed = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds" / "fx_rates.csv"
    rates = {r["currency"]: D(r["rate_to_reporting"]) for r in csv.DictReader(seed.open())}
    assert rates["GBP"] == GBP and rates["USD"] == 1
    assert query(warehouse, "select reporting_currency, contracts_without_fx_rate from marts.mart_executive_kpis") == [("USD", 0)]


def test_renewal_statuses(warehouse):
    statuses = dict(query(warehouse, "select contract_id, renewal_status from marts.mart_contract_health"))
    assert statuses == {"K1": "due", "K2": "lapsed", "K3": "due", "K4": "due", "K6": "renewed"}


def test_headline_figures(warehouse):
    k = dict(zip(
        ["active", "tcv", "pipeline", "lapsed", "lapsed_value", "ended", "renewed", "rate", "reconciled",
         "accuracy", "recoverable", "sla", "credits", "revenue", "cost", "over", "under", "at_risk"],
        query(warehouse, """select active_contracts, total_contract_value, renewal_pipeline_value,
            contracts_lapsed, lapsed_value, contracts_ended_12m, contracts_renewed_12m, renewal_rate_12m,
            reconciled_entries, billing_accuracy, recoverable_revenue, sla_compliance_rate,
            service_credits_to_date, revenue, cost, contracts_over_included, contracts_under_included,
            open_at_risk_tickets from marts.mart_executive_kpis""")[0]))
    # active at as_of: K1 K3 K4 -> 18000 + 12000 GBP x 1.27 (15240) + 12000 = 45240 USD; all
    # three are due within 90 days
    assert (k["active"], k["tcv"], k["pipeline"]) == (3, D("45240.00"), D("45240.00"))
    # K2 ended 2025-12-31 without a successor: lapsed, and the only contract ended in 12 months
    assert (k["lapsed"], k["lapsed_value"], k["ended"], k["renewed"], k["rate"]) == (1, D("12000.00"), 1, 0, 0.0)
    # 21 entries - not_billable E11 - no_active_contract E20 - under review E40 = 18 reconciled;
    # ok: E01 E02 E03 E04 E06 E09 E13 E14 E15 E30 E32 = 11; recoverable 330 + 150 + 150
    assert k["reconciled"] == 18 and k["accuracy"] == pytest.approx(11 / 18)
    assert k["recoverable"] == D("630.00")
    assert k["sla"] == 0.25 and k["credits"] == D("75.00")
    # revenue: K1 20235 + K2 240 + K3 (10 fees x 1000 + 100 + 150) 10250 GBP x 1.27 = 13017.50
    #   + K4 100 = 33592.50 USD; cost (in USD as incurred): K1 1680 + K2 100 + K3 250 + K4 50 = 2080
    assert (k["revenue"], k["cost"]) == (D("33592.50"), D("2080.00"))
    # K1 is the only block contract: 0.3 < 0.5 -> under
    assert (k["over"], k["under"], k["at_risk"]) == (0, 1, 1)


def test_margin_by_tier(warehouse):
    rows = {r[0]: r[1:] for r in query(warehouse, "select tier, contracts, revenue, cost, margin from marts.mart_margin_by_tier")}
    assert rows == {
        "gold": (2, D("20335.00"), D("1730.00"), D("18605.00")),        # K1 + K4
        "silver": (2, D("240.00"), D("100.00"), D("140.00")),           # K2 + K6
        "platinum": (1, D("13017.50"), D("250.00"), D("12767.50")),     # K3: 10250 GBP x 1.27
    }


def test_pipeline_by_month(warehouse):
    rows = query(warehouse, "select month, pipeline_status, contracts, annual_value from marts.mart_renewal_pipeline_by_month order by all")
    assert [(r[0].isoformat(), r[1], r[2], r[3]) for r in rows] == [
        ("2025-12-01", "lapsed", 1, D("12000.00")),
        ("2026-03-01", "due", 1, D("18000.00")),
        ("2026-05-01", "due", 2, D("27240.00")),                       # K4 12000 + K3 15240
    ]
