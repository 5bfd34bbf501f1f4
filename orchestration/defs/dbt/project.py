"""The dbt project, in its own module because @dbt_assets reads the manifest at import time.
`ensure_manifest` re-parses it (dbt parse) whenever a project file is newer than the manifest, so
`dagster dev`, the CLI and the tests always load the current models."""

from dagster_dbt import DbtProject

from contractops.pipeline import ensure_manifest
from contractops.settings import DBT_PROJECT_DIR

ensure_manifest()
dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
