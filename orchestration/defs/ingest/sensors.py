"""A sensor on the landing folder: a new or changed file starts a full materialization.

The run judges as of now, except on the generated sample (contractops.sample_clock): there it
judges as of the sample's reference instant, as `contractops demo` does, so `make dev` after
`make demo` republishes the demo's own figures instead of replacing them."""


import hashlib
import json

import dagster as dg

from contractops.sample_clock import sample_reference_instant
from contractops.settings import load_settings

LANDING_GLOBS = ("*.csv", "contracts/*.pdf", "contracts/*.yaml", "contracts/*.yml")


def landing_fingerprint() -> tuple[str, int]:
    landing = load_settings().landing_dir
    entries = []
    if landing.exists():
        for pattern in LANDING_GLOBS:
            for path in sorted(landing.glob(pattern)):
                stat = path.stat()
                entries.append([str(path.relative_to(landing)), stat.st_size, stat.st_mtime_ns])
    digest = hashlib.sha256(json.dumps(sorted(entries)).encode()).hexdigest()
    return digest, len(entries)


def run_clock() -> tuple[dict, dict[str, str]]:
    """Run config and tags for a run of the landing zone as it is now: the sample's reference
    instant when it is the generated sample; otherwise nothing (the run judges as of now)."""
    instant = sample_reference_instant(load_settings().landing_dir)
    if instant is None:
        return {}, {"contractops/clock": "now"}
    as_of = instant.isoformat()
    return ({"resources": {"warehouse": {"config": {"as_of": as_of}}}},
            {"contractops/clock": "sample", "contractops/as_of": as_of})


@dg.sensor(
    job_name="materialize_all",
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Starts a full materialization when a landing file appears or changes (as of now; "
    "on the generated sample, as of its reference instant, like `contractops demo`).",
)
def landing_files_sensor(context: dg.SensorEvaluationContext):
    digest, count = landing_fingerprint()
    if count == 0 or digest == context.cursor:
        return dg.SkipReason("no new or changed landing files")
    context.update_cursor(digest)
    run_config, tags = run_clock()
    return dg.RunRequest(run_key=digest, run_config=run_config, tags={"contractops/trigger": "landing", **tags})
