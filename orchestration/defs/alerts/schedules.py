"""The hourly SLA run: materialize everything (ingestion, dbt, alerts, publish) judged at the
tick's own time, so statuses and alerts move with the clock even when no file lands.

The generated sample's clock does not move (contractops.sample_clock): on the sample the tick is
skipped, with the reason, rather than judging the sample as of now and publishing over the demo."""


import dagster as dg

from contractops.sample_clock import sample_reference_instant
from contractops.settings import load_settings


@dg.schedule(
    name="sla_hourly",
    cron_schedule="0 * * * *",
    execution_timezone="UTC",
    target=dg.AssetSelection.all(),
    description="Every hour: materialize every asset with as_of = the tick time; raises and "
    "delivers SLA alerts. Skipped while the landing zone is the generated sample.",
)
def sla_hourly(context: dg.ScheduleEvaluationContext) -> dg.RunRequest | dg.SkipReason:
    landing = load_settings().landing_dir
    sample = sample_reference_instant(landing)
    if sample is not None:
        return dg.SkipReason(
            f"{landing} is the generated sample: its clock stands at {sample.isoformat()} (the demo's "
            "as_of), so there is nothing to re-judge; land your own files to start the hourly runs")
    as_of = context.scheduled_execution_time.isoformat()
    return dg.RunRequest(
        run_key=f"sla_hourly:{as_of}",
        run_config={"resources": {"warehouse": {"config": {"as_of": as_of}}}},
        tags={"contractops/as_of": as_of},
    )
