"""Compliance risk report: one HTML document per contract active at as_of - the technicians and
insurance that do not meet its requirements (mart_compliance_gaps) with when each gap bites, and
the contract's other open risks (at-risk tickets, billing findings, renewal)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from contractops.documents._render import one, render_html, rows, safe_name, write_text


def risk_data(con: duckdb.DuckDBPyConnection, contract_id: str) -> dict | None:
    health = one(con, "select * from marts.mart_contract_health where contract_id = ?", [contract_id])
    if health is None:
        return None
    contract = one(con, "select * from marts.dim_contracts where contract_id = ?", [contract_id])
    gaps = rows(con, """
        select * from marts.mart_compliance_gaps where contract_id = ?
        order by due_date, subject_type, subject_id, requirement""", [contract_id])
    technicians = [g for g in gaps if g["subject_type"] == "technician"]
    insurance = [g for g in gaps if g["subject_type"] == "insurance"]
    return {"health": health, "contract": contract, "gaps": gaps, "technicians": technicians,
            "insurance": insurance,
            "critical": sum(1 for g in gaps if g["severity"] == "critical")}


def write_risk_report(con: duckdb.DuckDBPyConnection, contract_id: str, out_dir: Path) -> Path | None:
    data = risk_data(con, contract_id)
    if data is None:
        return None
    return write_text(Path(out_dir) / f"{safe_name(contract_id)}.html",
                      render_html("compliance_risk.html.j2", **data))


def write_risk_reports(con: duckdb.DuckDBPyConnection, out_dir: Path) -> list[Path]:
    """Every contract active at as_of (or due / lapsed with gaps), plus an index.html."""
    contracts = rows(con, """
        select h.contract_id, h.client_id, h.renewal_status, h.review_status,
               count(g.gap_id) as gaps,
               count(g.gap_id) filter (where g.severity = 'critical') as critical,
               min(g.due_date) as first_due
        from marts.mart_contract_health as h
        left join marts.mart_compliance_gaps as g using (contract_id)
        where h.renewal_status in ('active', 'due') or g.gap_id is not null
        group by all
        order by critical desc, gaps desc, contract_id""")
    written = [p for p in (write_risk_report(con, c["contract_id"], out_dir) for c in contracts) if p]
    written.append(write_text(Path(out_dir) / "index.html",
                              render_html("compliance_risk_index.html.j2", contracts=contracts)))
    return written
