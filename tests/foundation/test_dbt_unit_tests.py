"""The dbt unit tests (hand-computed rows in the yml beside each model) pass.

They are left out of every materialize (dbt's advice for production builds), so this test is where
they run: once, against a warehouse built from a small landing zone (dbt reads the column types of
each model's inputs from it). A unit test that fails fails here with dbt's diff of the rows.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from testkit import materialize, write_landing
from foundation.landing_fixture import small_landing_files

ROOT = Path(__file__).resolve().parents[2]
DBT = str(Path(sys.executable).with_name("dbt"))


def _unit_tests_in_project(manifest: Path) -> set[str]:
    nodes = json.loads(manifest.read_text())["unit_tests"]
    return {node["name"] for node in nodes.values()}


def test_every_dbt_unit_test_passes(tmp_path):
    landing = write_landing(tmp_path / "landing", small_landing_files())
    warehouse = tmp_path / "warehouse" / "contractops.duckdb"
    materialize(landing, warehouse, "2025-03-10T12:00:00Z")
    scratch = tmp_path / "unit.duckdb"
    shutil.copy(warehouse, scratch)
    target = tmp_path / "target"
    result = subprocess.run(
        [DBT, "test", "--select", "test_type:unit", "--project-dir", str(ROOT / "dbt_project"),
         "--profiles-dir", str(ROOT / "dbt_project"), "--target-path", str(target),
         "--vars", json.dumps({"as_of": "2025-03-10T12:00:00Z"})],
        env=os.environ | {"CONTRACTOPS_BUILD_PATH": str(scratch), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"},
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout[-6000:]
    results = json.loads((target / "run_results.json").read_text())["results"]
    ran = {r["unique_id"].rsplit(".", 1)[-1]: r["status"] for r in results}
    declared = _unit_tests_in_project(target / "manifest.json")
    # every declared unit test ran and passed (at least the clocks' and the marts' ones exist)
    assert set(ran) == declared and len(declared) >= 12
    assert set(ran.values()) == {"pass"}
