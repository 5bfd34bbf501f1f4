"""One sample warehouse per test session for the app, the browser test and the lookup tests.

Generated with the project's generator (scale "tiny") and materialized through the real pipeline,
judged from the generator's reference as_of. Built once per session however many test folders ask.
Set APP_TEST_WAREHOUSE=/path/to/warehouse.duckdb (and APP_TEST_AS_OF) to reuse a built one while
developing.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SCALE, SEED = "tiny", 7


def ensure_app_package_importable() -> None:
    """tests/ is on sys.path (tests/conftest.py) and tests/apps/ is a folder named like the app's
    package: put the repository first so `import apps` finds the real package."""
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    loaded = sys.modules.get("apps")
    if loaded is not None and getattr(loaded, "__file__", None) is None:
        for name in [m for m in sys.modules if m == "apps" or m.startswith("apps.")]:
            del sys.modules[name]


@dataclass(frozen=True)
class SampleWarehouse:
    path: Path
    as_of: datetime


_built: SampleWarehouse | None = None


def sample_warehouse(tmp_path_factory: pytest.TempPathFactory) -> SampleWarehouse:
    global _built
    if _built is not None:
        return _built
    reuse = os.environ.get("APP_TEST_WAREHOUSE")
    if reuse:
        as_of = os.environ.get("APP_TEST_AS_OF", "2026-11-16T15:00:00Z")
        _built = SampleWarehouse(Path(reuse), datetime.fromisoformat(as_of.replace("Z", "+00:00")))
        return _built
    from contractops.generate import generate_landing_zone
    from contractops.pipeline import materialize

    out = tmp_path_factory.mktemp("app_sample")
    generate_landing_zone(out, scale=SCALE, seed=SEED)
    as_of_text = json.loads((out / "ground_truth" / "manifest.json").read_text())["as_of"]
    warehouse = out / "warehouse" / "contractops.duckdb"
    result = materialize(landing_dir=out / "landing", warehouse_path=warehouse, as_of=as_of_text)
    if not result.success:
        pytest.fail(f"the sample warehouse for the app tests did not build: {result.failed_steps}")
    _built = SampleWarehouse(warehouse, datetime.fromisoformat(as_of_text.replace("Z", "+00:00")))
    return _built


# --------------------------------------------------------------------------------------------
# A technician's day: the sample as of its reference instant leaves almost no ticket open, so the
# technician's-day tests land one more ticket export on a copy of the sample's landing zone.

_day_built: SampleWarehouse | None = None


def technician_day_warehouse(tmp_path_factory: pytest.TempPathFactory) -> SampleWarehouse:
    """The sample plus `tickets_today.csv`: six tickets opened in the hours and days before
    as_of (Mon 2026-11-16 15:00 UTC), five of them assigned to the sample's busiest technician -
    responded and not, P1 to P4, one of a service its contract excludes - and one to another
    technician. Materialized through the real pipeline like the sample."""
    global _day_built
    if _day_built is not None:
        return _day_built
    reuse = os.environ.get("APP_TEST_DAY_WAREHOUSE")  # a built one, while developing
    if reuse:
        as_of = os.environ.get("APP_TEST_AS_OF", "2026-11-16T15:00:00Z")
        _day_built = SampleWarehouse(Path(reuse), datetime.fromisoformat(as_of.replace("Z", "+00:00")))
        return _day_built
    import csv
    import shutil
    from datetime import timedelta

    import duckdb

    from contractops.pipeline import materialize

    sample = sample_warehouse(tmp_path_factory)
    out = tmp_path_factory.mktemp("technician_day")
    landing = out / "landing"
    sample_landing = sample.path.parent.parent / "landing"
    if sample_landing.is_dir():
        shutil.copytree(sample_landing, landing)
    else:
        from contractops.generate import generate_landing_zone

        generate_landing_zone(out, scale=SCALE, seed=SEED)
    con = duckdb.connect(str(sample.path), read_only=True)
    try:
        technicians = [r[0] for r in con.execute(
            "select technician_id from staging.stg_psa__tickets where technician_id is not null "
            "group by 1 order by count(*) desc, 1 limit 2").fetchall()]
        day = sample.as_of.date()
        in_force = con.execute(
            "select c.contract_id, c.client_id, (select min(service_type) from staging.stg_contracts__contract_services s "
            "where s.contract_id = c.contract_id and s.inclusion = 'excluded') as excluded "
            "from marts.dim_contracts c where c.start_date <= ? and c.end_date >= ? and c.review_status = 'ok' "
            "order by c.contract_id", [day, day]).fetchall()
    finally:
        con.close()
    excluding = next(c for c in in_force if c[2])
    a, b, c = (row[1] for row in in_force[:3])
    tech, other = technicians

    def at(hours: float) -> str:
        return (sample.as_of - timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")

    rows = [
        # ticket_id, client_id, created_at, priority, service_type, status, first_response_at, technician, summary
        ("TK-9000001", a, at(0.5), "P1", "server", "open", "", tech, "server: down for all users"),
        ("TK-9000002", b, at(3), "P2", "network", "in_progress", at(2.5), tech, "network: office offline"),
        ("TK-9000003", a, at(50), "P3", "desktop_support", "in_progress", at(49), tech, "desktop: slow laptop"),
        ("TK-9000004", c, at(1), "P4", "printer", "open", "", tech, "printer: paper jam"),
        ("TK-9000005", excluding[1], at(2), "P3", excluding[2], "open", "", tech, "request outside the plan"),
        ("TK-9000006", b, at(1.5), "P2", "network", "open", "", other, "network: another technician's ticket"),
    ]
    with open(landing / "tickets_today.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ticket_id", "client_id", "created_at", "priority", "service_type", "status",
                         "first_response_at", "technician_id", "summary", "updated_at"])
        for row in rows:
            writer.writerow([*row, row[6] or row[2]])
    warehouse = out / "warehouse" / "contractops.duckdb"
    result = materialize(landing_dir=landing, warehouse_path=warehouse, as_of=sample.as_of.isoformat())
    if not result.success:
        pytest.fail(f"the technician's-day warehouse did not build: {result.failed_steps}")
    _day_built = SampleWarehouse(warehouse, sample.as_of)
    return _day_built
