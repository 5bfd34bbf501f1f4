"""The documents people act on, written from the marts: billing backup (finance attaches it to the
invoice), renewal proposals, compliance risk reports, the weekly executive report, renewal e-mails.

Every writer takes an open DuckDB connection to a warehouse and an output folder, reads only
`marts.*`, and returns the paths it wrote. No environment reads here: the caller passes
`settings.reports_dir` (contractops.settings).
"""

from contractops.documents.billing_backup import write_billing_backup, write_billing_backups
from contractops.documents.compliance_risk import write_risk_report, write_risk_reports
from contractops.documents.executive_report import write_executive_report
from contractops.documents.renewal_proposal import write_renewal_proposal, write_renewal_proposals

__all__ = [
    "write_billing_backup",
    "write_billing_backups",
    "write_executive_report",
    "write_renewal_proposal",
    "write_renewal_proposals",
    "write_risk_report",
    "write_risk_reports",
]
