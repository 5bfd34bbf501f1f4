"""The contractops code location: every domain under orchestration/defs/, the publish step, the
full job, the in-process executor (one process per run writes the build file)."""


import importlib
import pkgutil

import dagster as dg

import orchestration.defs as defs_package
from orchestration.publish import make_publish_asset
from orchestration.resources import WarehouseResource


def _domain_defs() -> list[dg.Definitions]:
    found = []
    for module in sorted(pkgutil.iter_modules(defs_package.__path__), key=lambda m: m.name):
        mod = importlib.import_module(f"{defs_package.__name__}.{module.name}")
        if isinstance(getattr(mod, "defs", None), dg.Definitions):
            found.append(mod.defs)
    return found


def _asset_keys(domain_defs: list[dg.Definitions]) -> list[dg.AssetKey]:
    keys: set[dg.AssetKey] = set()
    for d in domain_defs:
        for asset in d.assets or []:
            if isinstance(asset, dg.AssetsDefinition):
                keys.update(asset.keys)
    return sorted(keys, key=lambda k: k.to_user_string())


_domains = _domain_defs()
materialize_all = dg.define_asset_job(
    "materialize_all",
    selection=dg.AssetSelection.all(),
    description="Every asset, ending with the atomic publish of the warehouse.",
)

defs = dg.Definitions.merge(
    *_domains,
    dg.Definitions(
        assets=[make_publish_asset(_asset_keys(_domains))],
        jobs=[materialize_all],
        resources={"warehouse": WarehouseResource.from_environment()},
        executor=dg.in_process_executor,
    ),
)
