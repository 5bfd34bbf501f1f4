"""The last step of every run: atomically publish the run's build file (contractops.warehouse)."""


from collections.abc import Sequence

import dagster as dg

from orchestration.resources import WarehouseResource

PUBLISHED_KEY = dg.AssetKey(["warehouse", "published"])


def make_publish_asset(upstream: Sequence[dg.AssetKey]) -> dg.AssetsDefinition:
    @dg.asset(
        key=PUBLISHED_KEY,
        deps=list(upstream),
        group_name="warehouse",
        description="Renames this run's build file over the published warehouse (readers never see a half-built one).",
    )
    def published(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        path = warehouse.publish()
        context.log.info(f"published {path}")
        return dg.MaterializeResult(metadata={"path": str(path), "bytes": path.stat().st_size})

    return published
