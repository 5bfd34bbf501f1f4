"""The app's pages: key (the URL path), file, title and icon. The router (streamlit_app.py),
the roles (auth.ROLE_PAGES), the dbt exposures and the tests all read this one list.

Adding a page: a file in app_pages/, a line here, its key in the roles of auth.ROLE_PAGES that
may open it, and an exposure in dbt_project/models/marts/executive/_exposures.yml."""

# key -> (file, title, icon); a role's navigation follows its order in auth.ROLE_PAGES
PAGES = {
    "overview": ("app_pages/executive_overview.py", "Executive overview", ":material/monitoring:"),
    "sla": ("app_pages/sla_monitor.py", "SLA monitor", ":material/timer:"),
    "billing": ("app_pages/billing_reconciliation.py", "Billing reconciliation", ":material/receipt_long:"),
    "renewals": ("app_pages/renewals.py", "Renewals", ":material/autorenew:"),
    "compliance": ("app_pages/compliance.py", "Compliance", ":material/verified_user:"),
    "contracts": ("app_pages/contracts.py", "Contracts", ":material/description:"),
    "my_tickets": ("app_pages/my_tickets.py", "My tickets", ":material/assignment_ind:"),
    "lookup": ("app_pages/technician_lookup.py", "Technician lookup", ":material/engineering:"),
    "review": ("app_pages/review_queue.py", "Review queue", ":material/fact_check:"),
}
