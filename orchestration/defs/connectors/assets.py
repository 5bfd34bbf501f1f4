"""One asset per mapped source in the landing zone (``sources/<name>/mapping.yaml`` + exports):
the export read through its mapping into ``mapped.<name>__<kind>``, which the clean/* ingestion
assets load and account like landing files (extractors.connectors, extractors.landing).

Sources are discovered when the code location loads, so each has its own asset and lineage in the
UI. ``mapped/sources`` runs after them and keeps the mapped schema equal to the landing zone at run
time: it drops the tables of sources that were removed and maps any source added since the code
location loaded (reload it to see that one as its own asset).
"""


import dagster as dg

from contractops.settings import load_settings
from extractors.connectors.mapping import MappingError, load_mapping
from extractors.connectors.readers import ExportError
from extractors.connectors.sources import SourceDir, discover, map_source
from extractors.connectors.transform import drop_mapped
from extractors.landing import ensure_schemas
from orchestration.resources import WarehouseResource

SYNC_KEY = dg.AssetKey(["mapped", "sources"])


def _source_key(name: str) -> dg.AssetKey:
    return dg.AssetKey(["mapped", name])


def _run_source(context: dg.AssetExecutionContext, con, source: SourceDir) -> dict:
    """Map one source; a bad mapping or unreadable export is quarantined as a file, not a crash."""
    kind = f"source:{source.name}"
    con.execute("DELETE FROM quarantine.rejected_files WHERE kind = ?", [kind])
    try:
        result = map_source(con, source)
    except (MappingError, ExportError) as exc:
        drop_mapped(con, keep_sources=None, only_source=source.name)
        rel = str(source.mapping_path.relative_to(source.landing))
        con.execute("INSERT INTO quarantine.rejected_files VALUES (?, ?, ?)", [kind, rel, str(exc)])
        context.log.warning(f"{rel}: source not mapped: {exc}")
        return {"exports": 0, "rows_read": 0, "error": str(exc)}
    context.log.info(f"{source.name}: {result.rows_read} rows from {len(result.exports)} export(s) in {result.seconds:.1f} s")
    return {"exports": len(result.exports), "rows_read": result.rows_read,
            **{f"rows_{kind}": n for kind, n in result.rows_written.items()}, "seconds": round(result.seconds, 2)}


def _kinds_of(source: SourceDir) -> list[str]:
    try:
        return load_mapping(source.mapping_path).kinds_written()
    except MappingError:
        return []


def _make_source_asset(source: SourceDir) -> dg.AssetsDefinition:
    name = source.name

    @dg.asset(
        key=_source_key(name),
        group_name="connectors",
        description=f"Exports in sources/{name}/exports/ read through sources/{name}/mapping.yaml into mapped.{name}__<kind>.",
        kinds={"polars", "duckdb"},
        metadata={"landing_kinds": ", ".join(_kinds_of(source)) or "(mapping not readable)"},
    )
    def _mapped(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        current = {s.name: s for s in discover(warehouse.landing)}
        with warehouse.connect() as con:
            ensure_schemas(con)
            if name not in current:  # removed since the code location loaded
                drop_mapped(con, keep_sources=None, only_source=name)
                return dg.MaterializeResult(metadata={"exports": 0, "rows_read": 0})
            return dg.MaterializeResult(metadata=_run_source(context, con, current[name]))

    return _mapped


def _make_sync_asset(known: list[str]) -> dg.AssetsDefinition:
    @dg.asset(
        key=SYNC_KEY,
        deps=[_source_key(n) for n in known],
        group_name="connectors",
        description="Keeps mapped.* equal to the landing zone's sources/ at run time (drops removed sources, maps new ones).",
        kinds={"duckdb"},
    )
    def _sync(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        current = discover(warehouse.landing)
        late = [s for s in current if s.name not in known]
        with warehouse.connect() as con:
            ensure_schemas(con)
            dropped = drop_mapped(con, keep_sources={s.name for s in current})
            con.execute(  # a removed source's unreadable-file records go with it
                "DELETE FROM quarantine.rejected_files WHERE starts_with(kind, 'source:') AND NOT list_contains(?, kind)",
                [[f"source:{s.name}" for s in current]],
            )
            for source in late:
                context.log.warning(f"sources/{source.name}: new since the code location loaded; mapped here (reload to see its own asset)")
                _run_source(context, con, source)
        return dg.MaterializeResult(metadata={"sources": len(current), "mapped_late": len(late), "tables_dropped": len(dropped)})

    return _sync


def _build() -> tuple[list[dg.AssetsDefinition], dict[str, list[dg.AssetKey]]]:
    sources = discover(load_settings().landing_dir)
    assets = [_make_source_asset(s) for s in sources] + [_make_sync_asset([s.name for s in sources])]
    by_kind: dict[str, list[dg.AssetKey]] = {}
    for source in sources:
        for kind in _kinds_of(source):
            by_kind.setdefault(kind, []).append(_source_key(source.name))
    return assets, by_kind


connector_assets, _keys_by_kind = _build()


def connector_deps(kind_name: str) -> list[dg.AssetKey]:
    """What the clean/<kind> ingestion asset must wait for: the sources mapping that kind (their
    lineage in the UI) and mapped/sources (so a source added or removed since load is honoured)."""
    return [*_keys_by_kind.get(kind_name, []), SYNC_KEY]
