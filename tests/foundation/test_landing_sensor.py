"""The landing sensor's clock: on the generated sample a run judges as of the sample's reference
instant (as `contractops demo` does), on anything else as of now."""

from __future__ import annotations

import os
import shutil
import time
from datetime import datetime, timezone

import dagster as dg
import pytest

from contractops.generate import generate_landing_zone
from contractops.sample_clock import sample_reference_instant
from orchestration.defs.alerts.schedules import sla_hourly
from orchestration.defs.ingest.sensors import landing_files_sensor

SAMPLE_AS_OF = datetime(2026, 11, 16, 15, 0, tzinfo=timezone.utc)  # manifest.json of every sample


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample")
    generate_landing_zone(out, scale="tiny", seed=7)
    return out


@pytest.fixture
def sample(generated, tmp_path, monkeypatch):
    """A copy of the generated sample (mtimes kept, as `contractops demo`'s rename keeps them),
    and the environment pointing at it."""
    shutil.copytree(generated, tmp_path / "data", copy_function=shutil.copy2)
    landing = tmp_path / "data" / "landing"
    monkeypatch.setenv("CONTRACTOPS_LANDING_DIR", str(landing))
    return landing


def _request(context=None):
    return landing_files_sensor(context or dg.build_sensor_context())


def test_a_sensor_run_on_the_sample_judges_as_of_the_samples_instant(sample):
    assert sample_reference_instant(sample) == SAMPLE_AS_OF
    request = _request()
    assert isinstance(request, dg.RunRequest)
    assert request.run_config == {"resources": {"warehouse": {"config": {"as_of": "2026-11-16T15:00:00+00:00"}}}}
    assert request.tags["contractops/clock"] == "sample"


def test_a_file_added_or_changed_makes_it_real_data_judged_as_of_now(sample):
    (sample / "tickets_2027.csv").write_text((sample / "tickets_2026.csv").read_text())
    assert sample_reference_instant(sample) is None
    request = _request()
    assert request.run_config == {} and request.tags["contractops/clock"] == "now"
    (sample / "tickets_2027.csv").unlink()
    assert sample_reference_instant(sample) == SAMPLE_AS_OF  # back to the sample's files
    later = time.time() + 5
    os.utime(sample / "clients.csv", (later, later))  # an edited export
    assert sample_reference_instant(sample) is None
    assert _request().run_config == {}


def test_a_landing_zone_without_ground_truth_is_judged_as_of_now(tmp_path, monkeypatch):
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "clients.csv").write_text("client_id,client_name,timezone,country\nC1,A,UTC,US\n")
    monkeypatch.setenv("CONTRACTOPS_LANDING_DIR", str(landing))
    assert sample_reference_instant(landing) is None
    assert _request().run_config == {}


def test_the_hourly_tick_skips_the_sample_and_says_why(sample):
    tick = datetime(2026, 12, 2, 10, 0, tzinfo=timezone.utc)
    result = sla_hourly(dg.build_schedule_context(scheduled_execution_time=tick))
    assert isinstance(result, dg.SkipReason)
    assert "generated sample" in result.skip_message and "2026-11-16T15:00:00+00:00" in result.skip_message
