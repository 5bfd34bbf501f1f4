"""One asset per landing CSV kind: read, validate, de-duplicate, quarantine (extractors.landing)."""


import dagster as dg

from extractors.landing import KINDS, LOUD_LOSS_FRACTION, accounting_violations, load_kind
from orchestration.defs.connectors.assets import connector_deps  # mapped sources load first
from orchestration.resources import WarehouseResource

# What each kind needs loaded first (time zones from clients, foreign keys), derived from the
# kind's declaration (extractors.landing.Kind.upstream).
UPSTREAM = {name: list(kind.upstream) for name, kind in KINDS.items()}


def _make_asset(kind_name: str) -> dg.AssetsDefinition:
    key = dg.AssetKey(["clean", kind_name])
    pattern = KINDS[kind_name].pattern

    @dg.asset(
        key=key,
        deps=[dg.AssetKey(["clean", u]) for u in UPSTREAM[kind_name]] + connector_deps(kind_name),
        group_name="ingest",
        description=f"Landing files `{pattern}` validated into clean.{kind_name}; bad rows to quarantine.",
        check_specs=[
            dg.AssetCheckSpec("rows_accounted", asset=key, blocking=True,
                              description="rows_read = clean + rejected + superseded for every file"),
            dg.AssetCheckSpec("little_quarantined", asset=key, blocking=False,
                              description=f"no file rejected whole, none losing more than {LOUD_LOSS_FRACTION:.0%} "
                                          "of the kind's rows to quarantine (warns; the run still publishes)"),
        ],
        kinds={"duckdb", "polars"},
    )
    def _ingest(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
        with warehouse.connect() as con:
            report = load_kind(con, warehouse.landing, kind_name, full_refresh=warehouse.settings.full_refresh)
            # Kept: this kind's raw, clean and quarantine rows are those of the published build,
            # whose blocking check passed on them (a failed check publishes nothing).
            violations = [] if report.kept else accounting_violations(con, [kind_name])
        for line in report.loud_files:
            # info, not warning: the CLI prints each of these once, from the published quarantine
            context.log.info(line)
        yield dg.MaterializeResult(
            metadata={
                "files": len(report.files),
                # inputs unchanged since the last load (content hash per file): nothing was read
                "kept": report.kept,
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
            metadata={"violations": dg.MetadataValue.json([list(map(str, v)) for v in violations]),
                      "kept": report.kept},
        )
        yield dg.AssetCheckResult(
            check_name="little_quarantined",
            passed=not report.loud_files,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={"files": dg.MetadataValue.json(report.loud_files)},
        )

    return _ingest


ingest_assets = [_make_asset(name) for name in KINDS]
