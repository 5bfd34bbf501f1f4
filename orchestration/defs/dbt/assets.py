"""Every dbt model as a Dagster asset (keys mirror warehouse names: marts/fct_ticket_sla), dbt data
tests as asset checks. The dbt process writes the run's build file, never the published one.

A build whose inputs are those of the build the published warehouse was made with (the same
as_of, the same dbt project files, the same content of every `clean` table: dbt reads nothing
else) is not run again: its tables are already in the build file, which starts as a copy of the
published one, and the checks' outcomes of that build are reported again, marked ``kept``.
When as_of is the only input that moved (forward), dbt runs incrementally: intermediate.int_ticket_sla
judges again only the tickets whose clocks were still running at the previous as_of; otherwise
it runs with ``--full-refresh``, so incremental models never keep rows from other inputs.
`contractops materialize --full-refresh` always runs it in full (docs/ARCHITECTURE.md, "Incremental runs").
"""


import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from contractops import warehouse as wh
from contractops.settings import DBT_PROJECT_DIR, export_build_path
from orchestration.defs.dbt.project import dbt_project
from orchestration.resources import WarehouseResource

STATE_SCHEMA = "state"
_PROJECT_PARTS = ("models", "macros", "seeds", "tests", "snapshots", "analyses", "dbt_project.yml",
                  "profiles.yml", "packages.yml", "dbt_packages")


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


def project_digest(project_dir: Path = DBT_PROJECT_DIR) -> str:
    """Every file of the dbt project that a build reads (models, macros, seeds, tests, config)."""
    digest = hashlib.sha256()
    for part in _PROJECT_PARTS:
        root = project_dir / part
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []
        for path in files:
            digest.update(path.relative_to(project_dir).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def clean_digest(con) -> str:
    """Each `clean` table's name, row count and order-independent content checksum (sum of row
    hashes): everything dbt reads besides its project and the vars."""
    parts = []
    tables = [r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'clean' ORDER BY 1").fetchall()]
    for table in tables:
        count, checksum = con.execute(f'SELECT count(*), sum(hash(t)::HUGEINT) FROM clean."{table}" t').fetchone()
        parts.append(f"\0{table}\0{count}\0{checksum}")
    return "".join(parts)


def build_inputs_fingerprint(con, as_of: str, selection: list[str], clean: str | None = None) -> str:
    """as_of, the project's files, what was selected, and each `clean` table's row count and
    order-independent content checksum (sum of row hashes). as_of "" gives the fingerprint of
    everything but as_of (what an incremental build needs unchanged)."""
    digest = hashlib.sha256(f"{as_of}\0{project_digest()}\0{','.join(sorted(selection))}".encode())
    digest.update((clean_digest(con) if clean is None else clean).encode())
    return digest.hexdigest()


@dataclass
class StoredBuild:
    fingerprint: str
    checks: list[dict]
    inputs: str | None = None  # the fingerprint without as_of
    as_of: str | None = None


def _stored_build(con) -> StoredBuild | None:
    if not wh.has_table(con, STATE_SCHEMA, "dbt_build"):
        return None
    columns = {r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = 'dbt_build'",
        [STATE_SCHEMA]).fetchall()}
    extra = ", inputs, as_of" if {"inputs", "as_of"} <= columns else ", NULL, NULL"
    row = con.execute(f"SELECT fingerprint, checks{extra} FROM {STATE_SCHEMA}.dbt_build").fetchone()
    return StoredBuild(row[0], json.loads(row[1]), row[2], row[3]) if row else None


def _store_build(con, fingerprint: str, checks: list[dict], inputs: str, as_of: str, mode: str) -> None:
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {STATE_SCHEMA}")
    con.execute(f"CREATE OR REPLACE TABLE {STATE_SCHEMA}.dbt_build "
                "(fingerprint VARCHAR, checks VARCHAR, inputs VARCHAR, as_of VARCHAR, mode VARCHAR)")
    con.execute(f"INSERT INTO {STATE_SCHEMA}.dbt_build VALUES (?, ?, ?, ?, ?)",
                [fingerprint, json.dumps(checks), inputs, as_of, mode])


def build_mode(stored: StoredBuild | None, inputs: str, as_of: datetime, full_refresh: bool) -> str:
    """'incremental' when the only input that changed since the stored build is as_of, moving
    forward (the incremental models keep the rows of settled tickets); else 'full-refresh'."""
    if full_refresh or stored is None or stored.inputs is None or stored.as_of is None:
        return "full-refresh"
    if stored.inputs != inputs or datetime.fromisoformat(stored.as_of) > as_of:
        return "full-refresh"
    return "incremental"


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, dagster_dbt_translator=translator)
def contractops_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
    build = warehouse.build_file
    export_build_path(build)
    as_of = warehouse.as_of_value.isoformat()
    selection = sorted(k.to_user_string() for k in context.selected_asset_keys)
    with warehouse.connect() as con:
        clean = clean_digest(con)
        fingerprint = build_inputs_fingerprint(con, as_of, selection, clean)
        inputs = build_inputs_fingerprint(con, "", selection, clean)
        stored = _stored_build(con)
    wanted = {(c.asset_key.to_user_string(), c.name) for c in context.selected_asset_check_keys}
    selected = set(selection)
    if not warehouse.settings.full_refresh and stored and stored.fingerprint == fingerprint \
            and wanted <= {(e["asset"], e["check"]) for e in stored.checks if "check" in e} \
            and selected <= {e["asset"] for e in stored.checks if "check" not in e}:
        context.log.info("dbt inputs unchanged since the published build: its tables are kept")
        # in the order the last build yielded them (Dagster wants a multi-asset's outputs in
        # topological order, each check after its asset)
        for event in stored.checks:
            if "check" not in event:
                if event["asset"] in selected:
                    yield dg.MaterializeResult(asset_key=dg.AssetKey.from_user_string(event["asset"]),
                                               metadata={"kept": True})
            elif (event["asset"], event["check"]) in wanted:
                yield dg.AssetCheckResult(
                    asset_key=dg.AssetKey.from_user_string(event["asset"]), check_name=event["check"],
                    passed=event["passed"], severity=dg.AssetCheckSeverity(event["severity"]),
                    metadata={"kept": True})
        return
    dbt_vars = json.dumps({"as_of": as_of})
    mode = build_mode(stored, inputs, warehouse.as_of_value, warehouse.settings.full_refresh)
    # Incremental models are rebuilt from nothing unless as_of is the only input that moved.
    full_refresh = ["--full-refresh"] if mode == "full-refresh" else []
    context.log.info(f"dbt build: {mode}")
    checks: list[dict] = []
    # Unit tests (hand-computed rows beside the models) run in the test suite, not in every
    # hourly build (dbt's advice): tests/foundation/test_dbt_unit_tests.py.
    args = ["build", "--exclude-resource-type", "unit_test", "--vars", dbt_vars, *full_refresh]
    for event in dbt.cli(args, context=context).stream():
        if isinstance(event, dg.AssetCheckResult):
            checks.append({"asset": event.asset_key.to_user_string(), "check": event.check_name,
                           "passed": bool(event.passed), "severity": event.severity.value})
        elif isinstance(event, (dg.Output, dg.AssetMaterialization, dg.MaterializeResult)):
            key = getattr(event, "asset_key", None) or context.asset_key_for_output(event.output_name)
            checks.append({"asset": key.to_user_string()})
        yield event
    with warehouse.connect() as con:  # dbt has exited: this process may write the build file again
        _store_build(con, fingerprint, checks, inputs, as_of, mode)
