"""One asset per landing CSV kind: read, validate, de-duplicate, quarantine (extractors.landing)."""


import dagster as dg

from extractors.landing import KINDS, accounting_violations, load_kind
from orchestration.defs.connectors.assets import connector_deps  # mapped sources load first
from orchestration.resources import WarehouseResource

# What each kind needs loaded first (time zones from clients, foreign keys).
UPSTREAM = {
    "clients": [],
    "technicians": [],
    "tickets": ["clients", "technicians"],
    "ticket_status_history": ["tickets"],
    "timesheets": ["clients", "technicians", "tickets"],
    "credentials": ["technicians"],
    "insurance_policies": [],
    "assignments": ["clients", "technicians"],
}


def _make_asset(kind_name: str) -> dg.AssetsDefinition:
    key = dg.AssetKey(["clean", kind_name])
    pattern = KINDS[kind_name].pattern

    @dg.asset(
        key=key,
        deps=[dg.AssetKey(["clean", u]) for u in UPSTREAM[kind_name]] + connector_deps(kind_name),
        group_name="ingest",
        description=f"Landing files `{pattern}` validated into clean.{kind_name}; bad rows to quarantine.",
        check_specs=[dg.AssetCheckSpec("rows_accounted", asset=key, blocking=True,
                                       description="rows_read = clean + rejected + superseded for every file")],
        kinds={"duckdb", "polars"},
    )
    def _ingest(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
        with warehouse.connect() as con:
            report = load_kind(con, warehouse.landing, kind_name)
            violations = [v for v in accounting_violations(con) if v[0] == kind_name]
        for rel, reason in report.rejected_files:
            context.log.warning(f"{rel}: rejected whole file: {reason}")
        yield dg.MaterializeResult(
            metadata={
                "files": len(report.files),
                "rejected_files": len(report.rejected_files),
                "rows_read": report.rows_read,
                "rows_clean": report.rows_clean,
                "rows_rejected": report.rows_rejected,
                "rows_superseded": report.rows_superseded,
            }
        )
        yield dg.AssetCheckResult(
            check_name="rows_accounted",
            passed=not violations,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={"violations": dg.MetadataValue.json([list(map(str, v)) for v in violations])},
        )

    return _ingest


ingest_assets = [_make_asset(name) for name in KINDS]
