"""Documents people act on, written after the marts of each run under settings.reports_dir:
billing backups (last full month), renewal proposals, compliance risk reports, the executive
report; renewal e-mails to account managers (contractops.delivery); and a weekly schedule that
refreshes everything and so writes the week's executive report."""


import datetime as dt

import dagster as dg

from contractops.documents import (
    write_billing_backups,
    write_executive_report,
    write_renewal_proposals,
    write_risk_reports,
)
from contractops.documents.renewal_emails import deliver_renewal_emails
from orchestration.resources import WarehouseResource

GROUP = "reports"


def _mart(name: str) -> dg.AssetKey:
    return dg.AssetKey(["marts", name])


def last_full_month(as_of: dt.datetime) -> dt.date:
    """The month finance invoices now: the calendar month before as_of's (UTC)."""
    first = as_of.date().replace(day=1)
    return (first - dt.timedelta(days=1)).replace(day=1)


@dg.asset(
    key=["reports", "billing_backups"],
    deps=[_mart("mart_contract_month_billing"), _mart("fct_billing_reconciliation"), _mart("fct_ticket_sla")],
    group_name=GROUP,
    description="Billing backup (CSV + HTML + PDF) per contract for the last full month, for finance to attach to invoices.",
)
def billing_backups(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    month = last_full_month(warehouse.as_of_value)
    out = warehouse.settings.reports_dir / "billing_backup"
    with warehouse.connect() as con:
        paths = write_billing_backups(con, out, month)
    context.log.info(f"{len(paths)} billing backup files for {month:%Y-%m} in {out}")
    return dg.MaterializeResult(metadata={"month": month.isoformat(), "files": len(paths), "folder": str(out / f"{month:%Y-%m}")})


@dg.asset(
    key=["reports", "renewal_proposals"],
    deps=[_mart("mart_renewal_pipeline"), _mart("mart_contract_month_billing"), _mart("mart_contract_health")],
    group_name=GROUP,
    description="A renewal proposal (HTML) per contract in the renewal pipeline.",
)
def renewal_proposals(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    out = warehouse.settings.reports_dir / "renewal_proposals"
    with warehouse.connect() as con:
        paths = write_renewal_proposals(con, out)
    return dg.MaterializeResult(metadata={"proposals": len(paths), "folder": str(out)})


@dg.asset(
    key=["reports", "compliance_risk_reports"],
    deps=[_mart("mart_compliance_gaps"), _mart("mart_contract_health")],
    group_name=GROUP,
    description="A compliance risk report (HTML) per active contract, with an index.",
)
def compliance_risk_reports(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    out = warehouse.settings.reports_dir / "compliance_risk"
    with warehouse.connect() as con:
        paths = write_risk_reports(con, out)
    return dg.MaterializeResult(metadata={"files": len(paths), "folder": str(out)})


@dg.asset(
    key=["reports", "executive_report"],
    deps=[
        _mart("mart_executive_kpis"),
        _mart("mart_margin_by_tier"),
        _mart("mart_renewal_pipeline_by_month"),
        _mart("mart_renewal_pipeline"),
        _mart("mart_contract_health"),
        _mart("mart_compliance_gaps"),
        _mart("mart_contract_month_billing"),
    ],
    group_name=GROUP,
    description="The executive report (HTML + PDF) at the run's as_of.",
)
def executive_report(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    out = warehouse.settings.reports_dir / "executive"
    with warehouse.connect() as con:
        paths = write_executive_report(con, out)
    return dg.MaterializeResult(metadata={k: str(v) for k, v in paths.items()})


@dg.asset(
    key=["reports", "renewal_emails"],
    deps=[_mart("mart_renewal_tasks"), _mart("mart_renewal_pipeline")],
    group_name=GROUP,
    description="Renewal reminders to account managers (tasks due this week or overdue), delivered like alerts: once per key.",
)
def renewal_emails(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    with warehouse.connect() as con:
        results = deliver_renewal_emails(con, warehouse.settings)
    failed = [r for r in results if not r.delivered]
    for result in failed:
        context.log.warning(f"renewal e-mail {result.key} not delivered: {result.error}")
    return dg.MaterializeResult(metadata={
        "messages": len(results),
        "sent_now": sum(1 for r in results if r.delivered and not r.already_delivered),
        "already_delivered": sum(1 for r in results if r.already_delivered),
        "failed": len(failed),
    })


# The weekly report reflects the week's data: the job refreshes every asset (ingestion, dbt,
# documents) with as_of = the moment it runs, then publishes, like `contractops materialize`.
weekly_executive_report_job = dg.define_asset_job(
    "weekly_executive_report",
    selection=dg.AssetSelection.all(),
    description="Refresh the warehouse and write the weekly executive report (and the other documents).",
)

weekly_executive_report_schedule = dg.ScheduleDefinition(
    name="weekly_executive_report_schedule",
    job=weekly_executive_report_job,
    cron_schedule="0 7 * * 1",
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Mondays 07:00 UTC.",
)

defs = dg.Definitions(
    assets=[billing_backups, renewal_proposals, compliance_risk_reports, executive_report, renewal_emails],
    jobs=[weekly_executive_report_job],
    schedules=[weekly_executive_report_schedule],
)
