"""The vocabularies of the data contract (section 1), declared once.

The loader (``extractors.landing``), its pandera schemas (``extractors.schemas``) and the contract
terms (``extractors.contract_terms``) import them from here; dbt reads the same lists as project
vars (``dbt_project/dbt_project.yml``, ``{{ var('ticket_statuses') }}`` in the staging tests).
``tests/foundation/test_vocabularies.py`` fails when the two declarations drift apart.
"""

from __future__ import annotations

TICKET_STATUSES = ("open", "in_progress", "on_hold", "resolved", "closed", "cancelled")
PRIORITIES = ("P1", "P2", "P3", "P4")
RATE_TYPES = ("standard", "after_hours", "emergency")
POLICY_TYPES = ("general_liability", "cyber_liability", "professional_liability", "workers_comp")

# dbt var name -> vocabulary (what dbt_project.yml must declare, in this order)
DBT_VARS: dict[str, tuple[str, ...]] = {
    "ticket_statuses": TICKET_STATUSES,
    "priorities": PRIORITIES,
    "rate_types": RATE_TYPES,
    "policy_types": POLICY_TYPES,
}
