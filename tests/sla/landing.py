"""Writing SLA scenarios as a landing zone (clients.csv, contracts/*.yaml, tickets.csv,
ticket_status_history.csv) for the real pipeline."""

from __future__ import annotations

from datetime import date, datetime

import yaml

from sla.reference import Client, Contract, StatusChange, Ticket

RATES = {"standard": 150.0, "after_hours": 225.0, "emergency": 300.0}


def contract_yaml(contract: Contract) -> str:
    document = {
        "contract_id": contract.contract_id,
        "client_id": contract.client_id,
        "start_date": contract.start_date.isoformat(),
        "end_date": contract.end_date.isoformat(),
        "billing": {"model": "time_and_materials", "rates": RATES},
        "coverage": {
            "hours": contract.hours,
            "public_holidays": contract.public_holidays,
            "closed_dates": [d.isoformat() for d in contract.closed_dates],
        },
        "sla": [
            {"priority": p, "response_minutes": r, "resolution_minutes": s, "clock": c}
            for p, (r, s, c) in sorted(contract.sla.items())
        ],
        "included_services": list(contract.included_services),
        "excluded_services": list(contract.excluded_services),
    }
    if contract.tier is not None:  # no tier: the contract needs review
        document["tier"] = contract.tier
    if contract.timezone:
        document["coverage"]["timezone"] = contract.timezone
    return yaml.safe_dump(document, sort_keys=False)


def _stamp(value: datetime | str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):  # already as landed (e.g. offset-less wall time)
        return value
    return value.isoformat()


def landing_files(clients: list[Client], contracts: list[Contract], tickets: list[Ticket],
                  changes: list[StatusChange], raw_times: dict[str, dict[str, str]] | None = None
                  ) -> dict[str, object]:
    """raw_times: ticket_id -> column -> the string to land instead of the ISO instant."""
    raw_times = raw_times or {}
    files: dict[str, object] = {
        "clients.csv": [
            {"client_id": c.client_id, "client_name": f"Client {c.client_id}",
             "timezone": c.timezone, "country": c.country}
            for c in clients
        ],
        "technicians.csv": [{"technician_id": t, "name": t} for t in ("TECH1", "TECH2")],
        "tickets.csv": [
            {
                "ticket_id": t.ticket_id, "client_id": t.client_id,
                "created_at": raw_times.get(t.ticket_id, {}).get("created_at", _stamp(t.created_at)),
                "priority": t.priority, "service_type": t.service_type, "status": t.status,
                "first_response_at": raw_times.get(t.ticket_id, {}).get(
                    "first_response_at", _stamp(t.first_response_at)),
                "resolved_at": raw_times.get(t.ticket_id, {}).get(
                    "resolved_at", _stamp(t.resolved_at)),
                "technician_id": t.technician_id or "",
            }
            for t in tickets
        ],
        "ticket_status_history.csv": [
            {"ticket_id": c.ticket_id, "status": c.status, "changed_at": _stamp(c.changed_at)}
            for c in changes
        ] or [{"ticket_id": tickets[0].ticket_id, "status": "open",
               "changed_at": _stamp(tickets[0].created_at)}],
    }
    for contract in contracts:
        files[f"contracts/{contract.contract_id}.yaml"] = contract_yaml(contract)
    return files


def as_date(text: str) -> date:
    return date.fromisoformat(text)
