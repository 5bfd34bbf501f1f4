"""Renewal proposal: one HTML document per contract in the renewal pipeline - performance over
the term (month by month), SLA results, hours used against included, the recommendation with the
numbers behind it, and the proposed tier and price."""

from __future__ import annotations

from pathlib import Path

import duckdb

from contractops.documents._render import one, render_html, rows, safe_name, write_text

REASONS = {
    "upgrade_tier": "utilisation {u} is above 1.10: the client uses more than the block it pays for",
    "at_risk": "12-month SLA compliance {s} is below 0.95: fix service before asking for a renewal",
    "right_size": "utilisation {u} is below 0.50: offer a smaller block before the client asks",
    "renew": "SLA compliance {s} and utilisation {u} are within range: renew on the current terms",
}


def proposal_data(con: duckdb.DuckDBPyConnection, contract_id: str) -> dict | None:
    pipeline = one(con, "select * from marts.mart_renewal_pipeline where contract_id = ?", [contract_id])
    if pipeline is None:
        return None
    contract = one(con, "select * from marts.dim_contracts where contract_id = ?", [contract_id])
    health = one(con, "select * from marts.mart_contract_health where contract_id = ?", [contract_id])
    months = rows(con, """
        select month, included_hours, used_hours, overage_hours, breached_tickets, sla_credit,
               billed_amount, expected_amount
        from marts.mart_contract_month_billing where contract_id = ? order by month""", [contract_id])
    by_priority = rows(con, """
        select priority,
               count(*) as tickets,
               count(*) filter (where response_status = 'met') as response_met,
               count(*) filter (where response_status = 'breached') as response_breached,
               count(*) filter (where resolution_status = 'met') as resolution_met,
               count(*) filter (where resolution_status = 'breached') as resolution_breached
        from marts.fct_ticket_sla
        where contract_id = ? and entitlement = 'covered'
        group by priority order by priority""", [contract_id])
    for p in by_priority:
        judged = p["response_met"] + p["response_breached"]
        p["response_rate"] = p["response_met"] / judged if judged else None
        judged = p["resolution_met"] + p["resolution_breached"]
        p["resolution_rate"] = p["resolution_met"] / judged if judged else None
    u = pipeline["utilisation"]
    s = pipeline["sla_compliance_rate"]
    reason = REASONS[pipeline["recommendation"]].format(
        u="n/a" if u is None else f"{u:.2f}", s="n/a" if s is None else f"{s:.3f}")
    totals = {
        "used_hours": sum(m["used_hours"] or 0 for m in months),
        "included_hours": sum(m["included_hours"] or 0 for m in months),
        "overage_hours": sum(m["overage_hours"] or 0 for m in months),
        "breached_tickets": sum(m["breached_tickets"] or 0 for m in months),
        "sla_credit": sum(m["sla_credit"] or 0 for m in months),
    }
    return {"p": pipeline, "contract": contract, "health": health, "months": months,
            "by_priority": by_priority, "reason": reason, "totals": totals}


def write_renewal_proposal(con: duckdb.DuckDBPyConnection, contract_id: str, out_dir: Path) -> Path | None:
    data = proposal_data(con, contract_id)
    if data is None:
        return None
    html = render_html("renewal_proposal.html.j2", **data)
    return write_text(Path(out_dir) / f"{safe_name(contract_id)}.html", html)


def write_renewal_proposals(con: duckdb.DuckDBPyConnection, out_dir: Path) -> list[Path]:
    ids = [r["contract_id"] for r in rows(con, "select contract_id from marts.mart_renewal_pipeline order by 1")]
    return [p for p in (write_renewal_proposal(con, cid, out_dir) for cid in ids) if p is not None]

