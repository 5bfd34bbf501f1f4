"""The dbt project's own checks, run as a user's dbt would against one warehouse built from a small
landing zone:

- the unit tests (hand-computed rows in the yml beside each model) pass. They are left out of
  every materialize (dbt's advice for production builds), so this is where they run; a failing
  one fails here with dbt's diff of the rows;
- `dbt source freshness` reports every source from when its newest landing file arrived
  (state.landing_files.modified_at): a tickets export three days old is an error, a clients file
  written just now passes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from testkit import materialize, write_landing
from foundation.landing_fixture import small_landing_files

ROOT = Path(__file__).resolve().parents[2]
DBT = str(Path(sys.executable).with_name("dbt"))
AS_OF = "2025-03-10T12:00:00Z"
THREE_DAYS_AGO = time.time() - 3 * 86400


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("dbt_checks")
    landing = write_landing(base / "landing", small_landing_files())
    tickets = landing / "tickets.csv"
    os.utime(tickets, (THREE_DAYS_AGO, THREE_DAYS_AGO))  # the tickets export stopped three days ago
    warehouse = base / "warehouse" / "contractops.duckdb"
    materialize(landing, warehouse, AS_OF)
    return base, warehouse


def _dbt(base: Path, warehouse: Path, *args: str) -> tuple[subprocess.CompletedProcess, Path]:
    scratch = base / f"scratch-{args[0]}.duckdb"
    shutil.copy(warehouse, scratch)
    target = base / f"target-{args[0]}"
    result = subprocess.run(
        [DBT, *args, "--project-dir", str(ROOT / "dbt_project"), "--profiles-dir", str(ROOT / "dbt_project"),
         "--target-path", str(target), "--vars", json.dumps({"as_of": AS_OF})],
        env=os.environ | {"CONTRACTOPS_BUILD_PATH": str(scratch), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"},
        capture_output=True, text=True, timeout=600,
    )
    return result, target


def test_every_dbt_unit_test_passes(built):
    result, target = _dbt(*built, "test", "--select", "test_type:unit")
    assert result.returncode == 0, result.stdout[-6000:]
    results = json.loads((target / "run_results.json").read_text())["results"]
    ran = {r["unique_id"].rsplit(".", 1)[-1]: r["status"] for r in results}
    declared = {node["name"] for node in json.loads((target / "manifest.json").read_text())["unit_tests"].values()}
    # every declared unit test ran and passed (at least the clocks' and the marts' ones exist)
    assert set(ran) == declared and len(declared) >= 12
    assert set(ran.values()) == {"pass"}


def test_source_freshness_is_when_the_newest_export_landed(built):
    base, warehouse = built
    result, target = _dbt(base, warehouse, "source", "freshness", "--output", str(base / "sources.json"))
    sources = json.loads((base / "sources.json").read_text())["results"]
    by_table = {r["unique_id"].split(".", 2)[2]: r for r in sources}
    manifest = json.loads((target / "manifest.json").read_text())["sources"]
    declared = {k.split(".", 2)[2] for k, node in manifest.items() if (node.get("freshness") or {}).get("warn_after")}
    # every source that something outside delivers has a freshness result (the public holidays,
    # computed each run from a library, have none)
    assert set(by_table) == declared and len(declared) == len(manifest) - 1
    tickets = by_table["psa.tickets"]
    assert tickets["status"] == "error", tickets  # 3 days > error_after 72 h
    landed = datetime.fromisoformat(tickets["max_loaded_at"].replace("Z", "+00:00"))
    assert abs(landed.timestamp() - THREE_DAYS_AGO) < 2
    assert by_table["psa.clients"]["status"] == "pass"  # written by this test minutes ago
    assert by_table["contracts.contracts"]["status"] == "pass"
    assert result.returncode != 0  # dbt exits non-zero when a source is stale
