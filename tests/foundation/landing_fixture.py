"""A small, hand-written landing zone used by the foundation tests (every figure known by hand)."""

from __future__ import annotations

CONTRACT_YAML = """
contract_id: MSA-1
client_id: C1
title: Managed IT Field Support Agreement
tier: gold
start_date: 2025-01-01
end_date: 2025-12-31
auto_renew: true
renewal_notice_days: 60
annual_value: 86400.00
currency: USD
billing:
  model: block_hours
  monthly_fee: 7200.00
  included_hours_per_month: 40
  overage_rate: 165.00
  rates: {standard: 150.00, after_hours: 225.00, emergency: 300.00}
coverage:
  hours: "Mon-Fri 08:00-18:00"
  public_holidays: true
sla:
  - {priority: P1, response_minutes: 60,  resolution_minutes: 240,  clock: calendar}
  - {priority: P2, response_minutes: 120, resolution_minutes: 480,  clock: business}
  - {priority: P3, response_minutes: 240, resolution_minutes: 1440, clock: business}
  - {priority: P4, response_minutes: 480, resolution_minutes: 2880, clock: business}
included_services: [desktop_support, network, onsite_repair]
excluded_services: [project_work]
escalation_contacts:
  - {level: 1, name: Dana Ortiz, role: Service Desk Lead, email: dana@example.com, phone: "+1 312 555 0101"}
penalties: {credit_pct_per_breach: 2.0, monthly_credit_cap_pct: 10.0}
compliance:
  required_credentials: ["CompTIA Security+"]
  insurance_minimums: {general_liability: 2000000}
special_instructions: "Badge in at the east lobby."
"""

CONTRACT_2_YAML = CONTRACT_YAML.replace("MSA-1", "MSA-2").replace("client_id: C1", "client_id: C2").replace(
    "model: block_hours", "model: time_and_materials"
)

CLIENTS = [
    {"client_id": "C1", "client_name": "Acme Corp", "timezone": "America/Chicago", "country": "US", "account_manager": "am@example.com"},
    {"client_id": "C2", "client_name": "Beta GmbH", "timezone": "Europe/Berlin", "country": "DE", "account_manager": ""},
]
TECHNICIANS = [
    {"technician_id": "T1", "name": "Ann Tech", "email": "ann@example.com", "cost_rate": "55.00", "active": "yes"},
    {"technician_id": "T2", "name": "Bob Tech", "email": "bob@example.com", "cost_rate": "60.00", "active": ""},
]


def ticket(ticket_id, client_id="C1", created_at="2025-03-04T09:00:00", priority="P2", service_type="network",
           status="resolved", **extra):
    row = {"ticket_id": ticket_id, "client_id": client_id, "created_at": created_at, "priority": priority,
           "service_type": service_type, "status": status, "first_response_at": "", "resolved_at": "",
           "technician_id": "T1", "summary": "", "updated_at": ""}
    row.update(extra)
    return row


def entry(entry_id, client_id="C1", started_at="2025-03-04T09:00:00", hours="1.5", **extra):
    row = {"entry_id": entry_id, "client_id": client_id, "technician_id": "T1", "started_at": started_at,
           "hours": hours, "service_type": "network", "rate_type": "standard", "billable": "true",
           "billed_rate": "0", "ticket_id": "", "approved_out_of_scope": "", "invoice_id": ""}
    row.update(extra)
    return row


def small_landing_files() -> dict[str, object]:
    """Two clients, two contracts, a handful of tickets and entries, all valid."""
    return {
        "clients.csv": CLIENTS,
        "technicians.csv": TECHNICIANS,
        "contracts/MSA-1.yaml": CONTRACT_YAML,
        "contracts/MSA-2.yaml": CONTRACT_2_YAML,
        "tickets.csv": [
            ticket("K1", first_response_at="2025-03-04T09:30:00", resolved_at="2025-03-04T12:00:00"),
            ticket("K2", client_id="C2", created_at="2025-03-05T10:00:00", priority="P1", status="open"),
            ticket("K3", created_at="2025-03-06T16:00:00", status="on_hold"),
        ],
        "ticket_status_history.csv": [
            {"ticket_id": "K3", "status": "open", "changed_at": "2025-03-06T16:00:00"},
            {"ticket_id": "K3", "status": "on_hold", "changed_at": "2025-03-06T17:00:00"},
        ],
        "timesheets.csv": [
            entry("E1", billed_rate="0"),
            entry("E2", client_id="C2", started_at="2025-03-05T11:00:00", hours="2", billed_rate="150.00"),
        ],
        "credentials.csv": [{"technician_id": "T1", "credential": "CompTIA Security+", "issued_on": "2024-01-01", "expires_on": "2027-01-01"}],
        "insurance_policies.csv": [
            {"policy_id": "P1", "policy_type": "general_liability", "coverage_amount": "3000000", "effective_on": "2025-01-01", "expires_on": "2026-12-31", "insurer": "Mutual"}
        ],
        "assignments.csv": [{"technician_id": "T1", "client_id": "C1"}, {"technician_id": "T2", "client_id": "C2"}],
    }
