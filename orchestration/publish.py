"""The last step of every run: atomically publish the run's build file (contractops.warehouse)."""


from collections.abc import Sequence

import dagster as dg

from contractops import run_info
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
        # what the warehouse says about the run that built it (as_of, the sample's clock or not)
        with warehouse.connect() as con:
            info = run_info.record(con, context.run_id, warehouse.as_of_value, warehouse.landing)
        path = warehouse.publish()
        context.log.info(f"published {path}")
        return dg.MaterializeResult(metadata={"path": str(path), "bytes": path.stat().st_size,
                                              "as_of": info.as_of.isoformat(), "sample_clock": info.sample_clock})

    return published
