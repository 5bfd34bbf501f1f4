"""Landing-zone builders shared by the billing, renewals, compliance, executive and documents
tests: contracts as YAML (data contract section 2), rows as dicts."""

from __future__ import annotations

import yaml

SLA_24X7_CALENDAR = [
    {"priority": p, "response_minutes": 60, "resolution_minutes": 240, "clock": "calendar"}
    for p in ("P1", "P2", "P3", "P4")
]


def contract_yaml(contract_id: str, client_id: str, model: str, start: str, end: str, **terms) -> str:
    """A complete contract (24x7, calendar clocks so SLA figures are plain wall-clock minutes)."""
    doc = {
        "contract_id": contract_id,
        "client_id": client_id,
        "title": f"Agreement {contract_id}",
        "tier": terms.pop("tier", "gold"),
        "start_date": start,
        "end_date": end,
        "auto_renew": True,
        "renewal_notice_days": 60,
        "annual_value": terms.pop("annual_value", 12000.0),
        "currency": terms.pop("currency", "USD"),
        "billing": {
            "model": model,
            "monthly_fee": terms.pop("monthly_fee", None),
            "included_hours_per_month": terms.pop("included_hours_per_month", None),
            "overage_rate": terms.pop("overage_rate", None),
            "rates": terms.pop("rates", {"standard": 150.0, "after_hours": 225.0, "emergency": 300.0}),
        },
        "coverage": {"timezone": terms.pop("timezone", None), "hours": "24x7", "public_holidays": False},
        "sla": terms.pop("sla", SLA_24X7_CALENDAR),
        "included_services": terms.pop("included_services", []),
        "excluded_services": terms.pop("excluded_services", []),
        "escalation_contacts": [{"level": 1, "name": "Dana Ortiz", "role": "Lead", "email": "dana@example.com", "phone": "+1 312 555 0101"}],
        "penalties": terms.pop("penalties", {"credit_pct_per_breach": 2.0, "monthly_credit_cap_pct": 10.0}),
        "compliance": terms.pop("compliance", {"required_credentials": [], "insurance_minimums": {}}),
    }
    if "previous_contract_id" in terms:
        doc["previous_contract_id"] = terms.pop("previous_contract_id")
    if doc["billing"]["model"] != "block_hours":
        doc["billing"].pop("included_hours_per_month")
        doc["billing"].pop("overage_rate")
    if doc["billing"]["monthly_fee"] is None:
        doc["billing"].pop("monthly_fee")
    if doc["coverage"]["timezone"] is None:
        doc["coverage"].pop("timezone")
    assert not terms, f"unknown terms {terms}"
    return yaml.safe_dump(doc, sort_keys=False)


def client(client_id: str, timezone: str = "UTC", country: str = "US", manager: str = "am@example.com") -> dict:
    return {"client_id": client_id, "client_name": f"Client {client_id}", "timezone": timezone,
            "country": country, "account_manager": manager}


def technician(technician_id: str, cost_rate: str = "50.00") -> dict:
    return {"technician_id": technician_id, "name": f"Tech {technician_id}", "email": f"{technician_id.lower()}@example.com",
            "cost_rate": cost_rate, "active": "true"}


def entry(entry_id: str, client_id: str, started_at: str, hours: float, service: str = "desktop_support",
          rate_type: str = "standard", billable: bool = True, billed_rate: float = 0.0, approved: bool = False,
          technician_id: str = "TA") -> dict:
    return {"entry_id": entry_id, "client_id": client_id, "technician_id": technician_id,
            "started_at": started_at, "hours": str(hours), "service_type": service, "rate_type": rate_type,
            "billable": "true" if billable else "false", "billed_rate": f"{billed_rate:.2f}", "ticket_id": "",
            "approved_out_of_scope": "true" if approved else "", "invoice_id": ""}


def ticket(ticket_id: str, client_id: str, created_at: str, first_response_at: str = "", resolved_at: str = "",
           status: str = "resolved", priority: str = "P1", service: str = "desktop_support",
           technician_id: str = "TA") -> dict:
    return {"ticket_id": ticket_id, "client_id": client_id, "created_at": created_at, "priority": priority,
            "service_type": service, "status": status, "first_response_at": first_response_at,
            "resolved_at": resolved_at, "technician_id": technician_id, "summary": "", "updated_at": ""}
