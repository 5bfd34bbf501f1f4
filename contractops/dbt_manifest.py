"""The dbt manifest the Dagster code location reads: parsed by setup, by `contractops
materialize` before it loads the definitions, and by the tests' session start — never at import
time of the code location (`dagster dev` re-parses through `DbtProject.prepare_if_dev`)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from contractops import settings as settings_module
from contractops.errors import PipelineError
from contractops.settings import DBT_PROJECT_DIR

MANIFEST = DBT_PROJECT_DIR / "target" / "manifest.json"


def _newest_source_mtime() -> float:
    newest = 0.0
    for pattern in ("dbt_project.yml", "profiles.yml", "models/**/*", "macros/**/*", "tests/**/*", "seeds/**/*"):
        for path in DBT_PROJECT_DIR.glob(pattern):
            if path.is_file():
                newest = max(newest, path.stat().st_mtime)
    return newest


def ensure_manifest() -> Path:
    """Parse the dbt project when its manifest is missing or older than any project file."""
    if MANIFEST.exists() and MANIFEST.stat().st_mtime >= _newest_source_mtime():
        return MANIFEST
    proc = subprocess.run(
        [settings_module.dbt_executable(), "parse", "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR), "--quiet"],
        capture_output=True,
        text=True,
        cwd=DBT_PROJECT_DIR,
    )
    if proc.returncode != 0:
        raise PipelineError("dbt parse failed:\n" + (proc.stdout + proc.stderr).strip()[-4000:])
    return MANIFEST


if __name__ == "__main__":  # scripts/setup.sh
    ensure_manifest()
