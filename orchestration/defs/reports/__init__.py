"""Documents people act on, written after the marts of each run under settings.reports_dir:
billing backups (last full month), renewal proposals, compliance risk reports, the executive
report; renewal e-mails to account managers (contractops.delivery); and a weekly schedule that
refreshes everything, writes the week's executive report and mails it (the weekly contract status
e-mail, charts inline, once per week)."""


import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import dagster as dg
import duckdb

# contractops.documents (fpdf, fonts, charts) is imported when a document is written, not when
# the code location loads: a run whose documents are kept never needs it (about 1 CPU s).
from orchestration import kept
from orchestration.defs.ingest.sensors import run_clock
from orchestration.resources import WarehouseResource

GROUP = "reports"
# What renders the documents (templates included): a change renders them again.
DOCUMENT_CODE = ("contractops/documents", "orchestration/defs/reports")


def _mart(name: str) -> dg.AssetKey:
    return dg.AssetKey(["marts", name])


def _documents():
    import contractops.documents

    return contractops.documents


def last_full_month(as_of: dt.datetime) -> dt.date:
    """The month finance invoices now: the calendar month before as_of's (UTC)."""
    first = as_of.date().replace(day=1)
    return (first - dt.timedelta(days=1)).replace(day=1)


def document_asset(
    name: str,
    folder_name: str,
    marts: list[str],
    description: str,
    write: Callable[[duckdb.DuckDBPyConnection, Path, dt.datetime], Mapping | Sequence],
) -> dg.AssetsDefinition:
    """The asset reports/<name>: one kind of document written under reports_dir/<folder_name>
    from the marts it reads; `write(con, folder, as_of)` returns the paths it wrote (a list, or
    a mapping of kind to path)."""

    step = f"reports/{name}"

    @dg.asset(key=["reports", name], deps=[_mart(m) for m in marts], group_name=GROUP, description=description)
    def _document(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        folder = warehouse.settings.reports_dir / folder_name
        with warehouse.connect() as con:
            # The documents are a function of the marts (hence of the dbt build's inputs: as_of,
            # the dbt project, every clean table) and of the code that renders them: when those
            # are the published build's and every file it wrote is still there, nothing is written.
            built_from = kept.dbt_build_fingerprint(con)
            current = kept.fingerprint(built_from, kept.code_digest(DOCUMENT_CODE), folder.resolve())
            previous = None if built_from is None or warehouse.settings.full_refresh else kept.stored(con, step, current)
            if previous is not None and all(Path(p).is_file() for p in previous["paths"]):
                context.log.info(f"marts unchanged since the published build: {len(previous['paths'])} files kept in {folder}")
                return dg.MaterializeResult(metadata={**previous["metadata"], "kept": True})
            kept.forget(con, step)
            written = write(con, folder, warehouse.as_of_value)
            context.log.info(f"{len(written)} {name.replace('_', ' ')} files in {folder}")
            files = {k: str(v) for k, v in written.items()} if isinstance(written, Mapping) else {}
            metadata = {"files": len(written), "folder": str(folder), **files}
            paths = [str(v) for v in (written.values() if isinstance(written, Mapping) else written)]
            if built_from is not None:
                kept.store(con, step, current, {"metadata": metadata, "paths": paths})
        return dg.MaterializeResult(metadata=metadata)

    return _document


billing_backups = document_asset(
    "billing_backups", "billing_backup",
    ["mart_contract_month_billing", "fct_billing_reconciliation", "fct_ticket_sla"],
    "Billing backup (CSV + HTML + PDF) per contract for the last full month, for finance to attach to invoices.",
    lambda con, folder, as_of: _documents().write_billing_backups(con, folder, last_full_month(as_of)),
)
renewal_proposals = document_asset(
    "renewal_proposals", "renewal_proposals",
    ["mart_renewal_pipeline", "mart_contract_month_billing", "mart_contract_health"],
    "A renewal proposal (HTML) per contract in the renewal pipeline.",
    lambda con, folder, as_of: _documents().write_renewal_proposals(con, folder),
)
compliance_risk_reports = document_asset(
    "compliance_risk_reports", "compliance_risk",
    ["mart_compliance_gaps", "mart_contract_health"],
    "A compliance risk report (HTML) per active contract, with an index.",
    lambda con, folder, as_of: _documents().write_risk_reports(con, folder),
)
executive_report = document_asset(
    "executive_report", "executive",
    ["mart_executive_kpis", "mart_margin_by_tier", "mart_renewal_pipeline_by_month", "mart_renewal_pipeline",
     "mart_contract_health", "mart_compliance_gaps", "mart_contract_month_billing"],
    "The executive report (HTML + PDF) at the run's as_of.",
    lambda con, folder, as_of: _documents().write_executive_report(con, folder),
)


@dg.asset(
    key=["reports", "renewal_emails"],
    deps=[_mart("mart_renewal_tasks"), _mart("mart_renewal_pipeline")],
    group_name=GROUP,
    description="Renewal reminders to account managers (tasks due this week or overdue), delivered like alerts: once per key.",
)
def renewal_emails(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    from contractops.documents.renewal_emails import deliver_renewal_emails

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


WEEKLY_JOB = "weekly_executive_report"


@dg.asset(
    key=["reports", "weekly_status_email"],
    deps=[dg.AssetKey(["reports", "executive_report"]), _mart("mart_executive_kpis"), _mart("mart_margin_by_tier"),
          _mart("mart_renewal_pipeline_by_month"), _mart("mart_contract_month_billing")],
    group_name=GROUP,
    description="The weekly contract status e-mail: the executive report with its charts inline, delivered "
    "like alerts (SMTP or the outbox) to CONTRACTOPS_SMTP_TO, once per ISO week; sent only by the weekly job.",
)
def weekly_status_email(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    # Every job materializes every asset (hourly SLA runs, landing runs): only the weekly job mails.
    if context.run.job_name != WEEKLY_JOB:
        return dg.MaterializeResult(metadata={"sent_now": 0, "skipped": f"sent only by the {WEEKLY_JOB} job"})
    from contractops.documents.weekly_status_email import deliver_weekly_status

    with warehouse.connect() as con:
        results = deliver_weekly_status(con, warehouse.settings)
    failed = [r for r in results if not r.delivered]
    for result in failed:
        context.log.warning(f"weekly status e-mail {result.key} not delivered: {result.error}")
    return dg.MaterializeResult(metadata={
        "key": results[0].key,
        "sent_now": sum(1 for r in results if r.delivered and not r.already_delivered),
        "already_delivered": sum(1 for r in results if r.already_delivered),
        "failed": len(failed),
    })


# The weekly report reflects the week's data: the job refreshes every asset (ingestion, dbt,
# documents) with as_of = the moment it runs, then publishes, like `contractops materialize`.
weekly_executive_report_job = dg.define_asset_job(
    WEEKLY_JOB,
    selection=dg.AssetSelection.all(),
    description="Refresh the warehouse and write the weekly executive report (and the other documents).",
)

@dg.schedule(
    name="weekly_executive_report_schedule",
    job=weekly_executive_report_job,
    cron_schedule="0 7 * * 1",
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Mondays 07:00 UTC, as of now (on the generated sample, as of its reference instant, "
    "so the demo's figures stay as they are).",
)
def weekly_executive_report_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    run_config, tags = run_clock()
    return dg.RunRequest(run_config=run_config, tags={"contractops/trigger": "weekly_report", **tags})


defs = dg.Definitions(
    assets=[billing_backups, renewal_proposals, compliance_risk_reports, executive_report, renewal_emails,
            weekly_status_email],
    jobs=[weekly_executive_report_job],
    schedules=[weekly_executive_report_schedule],
)
