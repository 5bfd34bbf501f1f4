"""The hourly SLA run: materialize everything (ingestion, dbt, alerts, publish) judged at the
tick's own time, so statuses and alerts move with the clock even when no file lands."""


import dagster as dg


@dg.schedule(
    name="sla_hourly",
    cron_schedule="0 * * * *",
    execution_timezone="UTC",
    target=dg.AssetSelection.all(),
    description="Every hour: materialize every asset with as_of = the tick time; raises and "
    "delivers SLA alerts.",
)
def sla_hourly(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    as_of = context.scheduled_execution_time.isoformat()
    return dg.RunRequest(
        run_key=f"sla_hourly:{as_of}",
        run_config={"resources": {"warehouse": {"config": {"as_of": as_of}}}},
        tags={"contractops/as_of": as_of},
    )
