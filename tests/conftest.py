"""Session-wide test setup. Shared helpers live in tests/testkit.py."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "tests"))
from testkit import materialize, query, write_landing  # noqa: E402,F401  (older imports)
# Tests never see a developer's own configuration.
for _name in [k for k in os.environ if k.startswith("CONTRACTOPS_")]:
    del os.environ[_name]


@pytest.fixture(scope="session", autouse=True)
def _isolated_environment(tmp_path_factory):
    """Keep caches, outbox and reports of every test run out of the repository's data/."""
    base = tmp_path_factory.mktemp("contractops-env")
    os.environ["CONTRACTOPS_CACHE_DIR"] = str(base / "cache")
    os.environ["CONTRACTOPS_OUTBOX_DIR"] = str(base / "outbox")
    os.environ["CONTRACTOPS_REPORTS_DIR"] = str(base / "reports")
    from contractops.dbt_manifest import ensure_manifest

    ensure_manifest()
    yield
