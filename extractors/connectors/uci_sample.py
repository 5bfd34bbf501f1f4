"""The real ServiceNow incident log of ../shared/realdata (the UCI export) as a user would bring it:
where it is, and the files a user writes once beside it (clients: one per location, zone unknown so
UTC; the client map location -> client_id; the resolvers as technicians) and the shipped mapping.

Used by the real-data test (tests/foundation/test_realdata_servicenow.py) and the connector
benchmark (benchmarks/connector_bench.py), so the two import the same export the same way.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MAPPING = REPO / "config" / "mappings" / "servicenow_incident_events.yaml"
_RELATIVE = Path("shared") / "realdata" / "uci-incident-log" / "incident_event_log.csv.gz"


def incident_log() -> Path:
    """The log under ../shared beside the checkout (main) or beside the worktrees' folder; the
    first of those paths when neither has it (callers skip or stop on ``.exists()``)."""
    candidates = [base / _RELATIVE for base in (REPO.parent, REPO.parent.parent)]
    return next((p for p in candidates if p.exists()), candidates[0])


def write_user_files(landing: Path, mapping_dir: Path, locations: Iterable[str], resolvers: Iterable[str]) -> None:
    """clients.csv and technicians.csv in the landing zone; the mapping and its client map in mapping_dir."""
    locations = sorted(set(locations) - {"?"})
    resolvers = sorted(set(resolvers) - {"?"})
    landing.mkdir(parents=True, exist_ok=True)
    with (landing / "clients.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["client_id", "client_name", "timezone", "country"])
        writer.writerows([f"LOC{loc.split()[-1]}", loc, "UTC", "BR"] for loc in locations)
    with (landing / "technicians.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["technician_id", "name"])
        writer.writerows([r, r] for r in resolvers)
    mapping_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(MAPPING, mapping_dir / MAPPING.name)
    with (mapping_dir / "servicenow_clients.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source_value", "client_id"])
        writer.writerows([loc, f"LOC{loc.split()[-1]}"] for loc in locations)
