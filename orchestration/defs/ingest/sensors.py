"""A sensor on the landing folder: a new or changed file starts a full materialization."""


import hashlib
import json

import dagster as dg

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


@dg.sensor(
    job_name="materialize_all",
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Starts a full materialization when a landing file appears or changes.",
)
def landing_files_sensor(context: dg.SensorEvaluationContext):
    digest, count = landing_fingerprint()
    if count == 0 or digest == context.cursor:
        return dg.SkipReason("no new or changed landing files")
    context.update_cursor(digest)
    return dg.RunRequest(run_key=digest, tags={"contractops/trigger": "landing"})
