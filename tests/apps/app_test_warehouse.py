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
