import dagster as dg
from orchestration.defs.dbt.resources import LocalDbtCliResource

from contractops.settings import dbt_executable
from orchestration.defs.dbt.assets import contractops_dbt_models
from orchestration.defs.dbt.project import dbt_project

defs = dg.Definitions(
    assets=[contractops_dbt_models],
    resources={
        "dbt": LocalDbtCliResource(
            project_dir=dbt_project, profiles_dir=str(dbt_project.profiles_dir), dbt_executable=dbt_executable()
        )
    },
)
