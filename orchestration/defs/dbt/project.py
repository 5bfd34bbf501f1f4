"""The dbt project, in its own module because @dbt_assets reads the manifest at import time.
The manifest is prepared before this is imported (contractops.dbt_manifest: by setup, by
`contractops materialize`, by the tests); under `dagster dev` prepare_if_dev re-parses it."""

from dagster_dbt import DbtProject

from contractops.settings import DBT_PROJECT_DIR

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
dbt_project.prepare_if_dev()
