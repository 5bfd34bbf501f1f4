"""A sensor on the landing zone's sources/ folder: a new or changed mapping or export starts a full
materialization (the ingest sensor watches the landing CSVs and contracts)."""


import hashlib
import json

import dagster as dg

from contractops.settings import load_settings
from extractors.connectors.sources import EXPORTS_DIR, MAPPING_FILE, SOURCES_DIR


def sources_fingerprint() -> tuple[str, int]:
    landing = load_settings().landing_dir
    entries = []
    root = landing / SOURCES_DIR
    if root.is_dir():
        for pattern in (f"*/{MAPPING_FILE}", "*/*.csv", f"*/{EXPORTS_DIR}/*"):
            for path in sorted(root.glob(pattern)):
                if path.is_file() and not path.name.startswith("."):
                    stat = path.stat()
                    entries.append([str(path.relative_to(landing)), stat.st_size, stat.st_mtime_ns])
    return hashlib.sha256(json.dumps(sorted(entries)).encode()).hexdigest(), len(entries)


@dg.sensor(
    job_name="materialize_all",
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Starts a full materialization when a mapped source's mapping or export appears or changes.",
)
def mapped_sources_sensor(context: dg.SensorEvaluationContext):
    digest, count = sources_fingerprint()
    if count == 0 or digest == context.cursor:
        return dg.SkipReason("no new or changed mapped sources")
    context.update_cursor(digest)
    return dg.RunRequest(run_key=f"sources-{digest}", tags={"contractops/trigger": "sources"})
