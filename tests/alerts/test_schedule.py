"""The hourly SLA schedule: every asset, judged at the tick's own time."""

from datetime import datetime, timezone

import dagster as dg

from orchestration.defs.alerts.schedules import sla_hourly


def test_tick_materializes_everything_as_of_the_tick(tmp_path, monkeypatch):
    monkeypatch.setenv("CONTRACTOPS_LANDING_DIR", str(tmp_path))  # not the generated sample
    tick = datetime(2026, 11, 24, 13, 0, tzinfo=timezone.utc)
    request = sla_hourly(dg.build_schedule_context(scheduled_execution_time=tick))
    assert request.run_config == {
        "resources": {"warehouse": {"config": {"as_of": "2026-11-24T13:00:00+00:00"}}}}
    assert request.run_key == "sla_hourly:2026-11-24T13:00:00+00:00"
    assert sla_hourly.cron_schedule == "0 * * * *"
    assert sla_hourly.execution_timezone == "UTC"


def test_schedule_targets_every_asset_in_the_code_location():
    from orchestration.definitions import defs

    schedule = defs.resolve_schedule_def("sla_hourly")
    job = defs.resolve_job_def(schedule.job_name)
    keys = set(job.asset_layer.executable_asset_keys)
    for key in (["clean", "tickets"], ["clean", "public_holidays"], ["marts", "fct_ticket_sla"],
                ["marts", "alerts"], ["warehouse", "published"]):
        assert dg.AssetKey(key) in keys
