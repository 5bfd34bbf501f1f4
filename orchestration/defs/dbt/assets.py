"""Every dbt model as a Dagster asset (keys mirror warehouse names: marts/fct_ticket_sla), dbt data
tests as asset checks. The dbt process writes the run's build file, never the published one."""


import json
from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from contractops.settings import export_build_path
from orchestration.defs.dbt.project import dbt_project
from orchestration.resources import WarehouseResource


class WarehouseNameTranslator(DagsterDbtTranslator):
    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        meta_key = (dbt_resource_props.get("meta") or {}).get("dagster", {}).get("asset_key")
        if meta_key:
            return dg.AssetKey(meta_key)
        if dbt_resource_props["resource_type"] == "source":
            return dg.AssetKey(["clean", dbt_resource_props["name"]])
        return dg.AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return dbt_resource_props.get("schema") or "dbt"


translator = WarehouseNameTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True, enable_source_tests_as_checks=True))


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, dagster_dbt_translator=translator)
def contractops_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
    export_build_path(warehouse.build_file)
    dbt_vars = json.dumps({"as_of": warehouse.as_of_value.isoformat()})
    full_refresh = ["--full-refresh"] if warehouse.settings.full_refresh else []
    yield from dbt.cli(["build", "--vars", dbt_vars, *full_refresh], context=context).stream()
