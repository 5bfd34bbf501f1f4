"""The dbt project, in its own module because @dbt_assets reads the manifest at import time.
Prepare it first (`dbt parse`, done by `contractops.pipeline.ensure_manifest`)."""

from dagster_dbt import DbtProject

from contractops.settings import DBT_PROJECT_DIR

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
dbt_project.prepare_if_dev()
