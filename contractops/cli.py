"""`contractops`: the one command line (data contract section 5).

A mistake a user can make (missing folder, bad --as-of, unknown table) is one line on stderr and
exit code 2, never a traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Optional

import typer

from contractops import settings as settings_module
from contractops.settings import REPO_ROOT, SettingsError

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Contract operations for IT field-support companies.")

EXPORT_FORMATS = ("csv", "parquet", "xlsx")


class UserError(Exception):
    pass


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"contractops: {message}", err=True)
    raise typer.Exit(code)


@app.command()
def generate(
    scale: str = typer.Option("demo", help="tiny (24 clients, seconds: a first look, a bug report), "
                                           "demo (~300 contracts) or large (~3,000 contracts, ~2M tickets)"),
    seed: int = typer.Option(7, help="the same seed gives byte-identical files"),
    out: Path = typer.Option(REPO_ROOT / "data", help="writes OUT/landing and OUT/ground_truth"),
) -> None:
    """Write a landing zone of sample data with its ground truth beside it."""
    from contractops.generate import SCALES, generate_landing_zone

    if scale not in SCALES:
        _fail(f"--scale must be one of {', '.join(SCALES)}, not {scale!r}")

    summary = generate_landing_zone(out.resolve(), scale=scale, seed=seed)
    typer.echo(json.dumps(summary, indent=2, default=str))


@app.command()
def materialize(
    landing: Optional[Path] = typer.Option(None, help="landing folder (default data/landing or CONTRACTOPS_LANDING_DIR)"),
    warehouse: Optional[Path] = typer.Option(None, help="warehouse file (default data/warehouse/contractops.duckdb)"),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="judge as of this ISO 8601 instant (default now)"),
    strict: bool = typer.Option(False, "--strict", help="exit 3 when a file was rejected or lost much to quarantine"),
    full_refresh: bool = typer.Option(False, "--full-refresh",
                                      help="reload every landing file and rebuild every model, whatever changed"),
) -> None:
    """Materialize every asset through Dagster in-process, then publish the warehouse."""
    from contractops.pipeline import PipelineError, materialize as run

    try:
        result = run(landing, warehouse, as_of, full_refresh=full_refresh or None)
    except (SettingsError, PipelineError) as exc:
        _fail(str(exc))
    for check in result.failed_checks:
        typer.echo(f"check failed: {check}", err=True)
    if not result.success:
        for step in result.failed_steps:
            typer.echo(f"step failed: {step}", err=True)
        for line in result.dbt_errors():
            typer.echo(f"  {line}", err=True)
        _fail(f"materialization failed at {result.first_failure}; the published warehouse was left as it was "
              f"(log: {result.log_path})", code=1)
    for line in result.loss_warnings:
        typer.echo(f"contractops: warning: {line}", err=True)
    typer.echo(f"materialized {result.warehouse_path} as of {result.as_of.isoformat()}")
    if strict and result.loss_warnings:
        raise typer.Exit(3)


def _mart_tables(con) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'marts' ORDER BY 1"
    ).fetchall()]


@app.command()
def export(
    table: str = typer.Argument(..., help="a public mart, e.g. fct_billing_reconciliation"),
    format: str = typer.Option(..., "--format", help="csv, parquet or xlsx"),
    out: Path = typer.Option(..., "--out", help="file to write"),
    warehouse: Optional[Path] = typer.Option(None, help="warehouse file"),
) -> None:
    """Write one public mart to a file, for finance."""
    from contractops.export import ExportError, export_table

    settings = settings_module.load_settings(warehouse=warehouse)
    name = table.removeprefix("marts.")
    try:
        rows = export_table(settings.warehouse_path, table, format, out, progress=_export_progress(name))
    except ExportError as exc:
        _fail(str(exc))
    typer.echo(f"wrote {rows} rows of marts.{name} to {out}")


def _export_progress(name: str):
    """Rows written so far, on stderr: one line rewritten in place on a terminal, else a line
    per quarter so a log shows it is moving."""
    interactive = sys.stderr.isatty()
    shown = [-1]

    def report(done: int, total: int) -> None:
        percent = 100 if total == 0 else done * 100 // total
        line = f"exporting marts.{name}: {done:,} / {total:,} rows ({percent} %)"
        if interactive:
            typer.echo(f"\r{line}", err=True, nl=done >= total)
        elif percent // 25 > shown[0] // 25 or done >= total:
            shown[0] = percent
            typer.echo(line, err=True)

    return report


@app.command("app")
def app_command(
    warehouse: Optional[Path] = typer.Option(None, help="warehouse file"),
    port: Optional[int] = typer.Option(
        None, help="port (default: STREAMLIT_SERVER_PORT, else .streamlit/config.toml, else 8501)"),
    address: Optional[str] = typer.Option(
        None, help="address to listen on (default: STREAMLIT_SERVER_ADDRESS, else the config file's 127.0.0.1)"),
) -> None:
    """Start the Streamlit app on the warehouse."""
    settings = settings_module.apply_overrides(warehouse=warehouse)
    if not settings.warehouse_path.exists():
        _fail(f"no warehouse at {settings.warehouse_path}: run `contractops materialize` first")
    _run_app(port, address)


def _run_app(port: Optional[int], address: Optional[str]) -> None:
    """Streamlit from the repository root, so its config file (.streamlit/config.toml) applies.
    Only what the user gave on this command line is passed as a flag: otherwise Streamlit's own
    order decides (STREAMLIT_* environment variables, then the config file), and Streamlit prints
    the address it listens on."""
    script = REPO_ROOT / "apps" / "streamlit_app.py"
    cmd = [sys.executable, "-m", "streamlit", "run", str(script)]
    if port is not None:
        cmd += ["--server.port", str(port)]
    if address is not None:
        cmd += ["--server.address", address]
    typer.echo(f"contractops app: starting Streamlit on {settings_module.load_settings().warehouse_path}")
    raise typer.Exit(subprocess.call(cmd, cwd=REPO_ROOT))


@app.command()
def demo(
    port: Optional[int] = typer.Option(
        None, help="port for the app (default: STREAMLIT_SERVER_PORT, else .streamlit/config.toml, else 8501)"),
    no_app: bool = typer.Option(False, "--no-app", help="stop after materializing"),
) -> None:
    """Generate sample data if the landing zone is empty, materialize everything, start the app."""
    settings = settings_module.load_settings()
    landing = settings.landing_dir
    truth = landing.parent / "ground_truth"
    if not landing.exists() or not any(landing.iterdir()):
        typer.echo(f"generating sample data into {landing} ...")
        _generate_into(landing, truth)
    settings = settings_module.load_settings()
    as_of = settings.as_of_iso
    if not settings.as_of_given:
        # The sample data is generated around a fixed instant: judge it from there (as the
        # sensor's runs of the sample do: contractops.sample_clock).
        from contractops.sample_clock import sample_reference_instant

        instant = sample_reference_instant(landing)
        if instant is not None:
            as_of = instant.isoformat()
    typer.echo(f"materializing {landing} as of {as_of} ...")
    from contractops.pipeline import PipelineError, materialize as run

    try:
        result = run(landing, settings.warehouse_path, as_of)
    except (SettingsError, PipelineError) as exc:
        _fail(str(exc))
    if not result.success:
        for step in result.failed_steps:
            typer.echo(f"step failed: {step}", err=True)
        _fail(f"materialization failed at {result.first_failure} (log: {result.log_path})", code=1)
    typer.echo(f"warehouse ready: {result.warehouse_path}")
    if not no_app:
        _run_app(port, None)


def _generate_into(landing: Path, truth: Path) -> None:
    """Generate the demo zone beside the landing folder, then move it into place (whatever the
    landing folder is called)."""
    import shutil

    from contractops.generate import generate_landing_zone

    staging = landing.parent / f".generate-{os.getpid()}"
    try:
        generate_landing_zone(staging, scale="demo", seed=7)
        if landing.exists():
            landing.rmdir()  # empty, checked by the caller
        shutil.rmtree(truth, ignore_errors=True)
        (staging / "landing").rename(landing)
        (staging / "ground_truth").rename(truth)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@app.command()
def search(
    query: str = typer.Argument(..., help="words to look for in the contract documents"),
    limit: int = typer.Option(10, help="how many hits"),
    warehouse: Optional[Path] = typer.Option(None, help="warehouse file"),
) -> None:
    """Ranked full-text search over contract documents: contract, page, snippet.

    A quoted phrase ("service level") must be on the page; pages holding the query as a phrase
    come first. Hits are grouped by contract (best contract first); matched words are marked."""
    from contractops import warehouse as wh
    from contractops.search import group_by_contract, highlight, search_contracts

    settings = settings_module.load_settings(warehouse=warehouse)
    try:
        with wh.read_only(settings.warehouse_path) as con:
            hits = search_contracts(con, query, limit=limit)
    except FileNotFoundError as exc:
        _fail(str(exc))
    if not hits:
        typer.echo("no matches")
        return
    # bold on a terminal, [brackets] in a pipe or a file
    before, after = ("\x1b[1m", "\x1b[0m") if sys.stdout.isatty() else ("[", "]")
    for group in group_by_contract(hits):
        pages = group["hits"]
        typer.echo(f"{group['contract_id']}  ({len(pages)} page{'s' if len(pages) != 1 else ''}, {pages[0]['source_file']})")
        for hit in pages:
            typer.echo(f"  p.{hit['page']:<3} {hit['score']:.3f}  {highlight(hit['snippet'], query, before, after)}")


@app.command()
def lookup(
    key: Optional[str] = typer.Argument(None, help="a client id, client name or contract id"),
    technician: Optional[str] = typer.Option(
        None, "--technician", help="a technician id: that technician's open tickets, soonest due first"),
    warehouse: Optional[Path] = typer.Option(None, help="warehouse file"),
    as_of: Optional[str] = typer.Option(
        None, "--as-of", help="answer as of this ISO 8601 instant (default: the warehouse's own as_of "
        "when it is the generated sample, else now)"),
) -> None:
    """The technician's view in a terminal: terms, coverage, SLA, scope, contacts, instructions;
    with --technician, that technician's open tickets, soonest due first."""
    from contractops import warehouse as wh
    from contractops.lookup import LookupError_, lookup_clock, render_lookup, render_technician_day

    settings = settings_module.load_settings(warehouse=warehouse)
    if (key is None) == (technician is None):
        _fail("lookup: give a client or contract, or --technician ID (one of them)")
    if technician is not None:
        try:
            with wh.read_only(settings.warehouse_path) as con:
                typer.echo(render_technician_day(con, technician))
        except (FileNotFoundError, LookupError_, SettingsError) as exc:
            _fail(str(exc))
        return
    try:
        given = settings_module.parse_as_of(as_of) if as_of is not None else None
        with wh.read_only(settings.warehouse_path) as con:
            clock = lookup_clock(con, given, now=settings.as_of)
            typer.echo(render_lookup(con, key, clock))
    except (FileNotFoundError, LookupError_, SettingsError) as exc:
        _fail(str(exc))


@app.command("import")
def import_command(
    source: Path = typer.Argument(..., help="the export as the other system wrote it (CSV, XLSX or JSON lines; .gz or not)"),
    mapping: Path = typer.Option(..., "--mapping", help="the mapping file (YAML) saying how its columns become landing columns"),
    landing: Optional[Path] = typer.Option(None, help="landing folder (default data/landing or CONTRACTOPS_LANDING_DIR)"),
) -> None:
    """Land a source export beside its mapping (landing/sources/<source>/); `materialize` loads it."""
    from extractors.connectors.mapping import MappingError
    from extractors.connectors.readers import ExportError
    from extractors.connectors.sources import land

    settings = settings_module.load_settings(landing=landing)
    if not settings.landing_dir.is_dir():
        _fail(f"landing folder {settings.landing_dir} does not exist")
    try:
        with _progress(source) as advance:
            landed = land(mapping, source, settings.landing_dir, progress=advance)
    except (MappingError, ExportError) as exc:
        _fail(str(exc))
    rel = landed.export.relative_to(settings.landing_dir)
    typer.echo(f"landed {rel} ({landed.bytes / 1e6:.1f} MB) with {landed.mapping.relative_to(settings.landing_dir)} "
               f"in {landed.seconds:.1f} s; `contractops materialize` loads it")


def _progress(source: Path):
    """A rich progress bar over the bytes copied (shown for files over 8 MB, on a terminal)."""
    import contextlib

    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn, TransferSpeedColumn

    @contextlib.contextmanager
    def bar():
        size = source.stat().st_size if source.is_file() else 0
        if size < 8 << 20:
            yield None
            return
        with Progress("[progress.description]{task.description}", BarColumn(), DownloadColumn(),
                      TransferSpeedColumn(), TimeRemainingColumn(), transient=False) as progress:
            task = progress.add_task(f"landing {source.name}", total=size)
            yield lambda done, total: progress.update(task, completed=done, total=total)

    return bar()


mapping_app = typer.Typer(no_args_is_help=True, help="Write and check mapping files for other systems' exports.")
app.add_typer(mapping_app, name="mapping")


@mapping_app.command("check")
def mapping_check(
    mapping: Path = typer.Argument(..., help="the mapping file (YAML)"),
    sample: Path = typer.Argument(..., help="a sample export (CSV, XLSX or JSON lines; .gz or not)"),
    rows: int = typer.Option(5, help="how many of the first rows to show column by column"),
    landing: Optional[Path] = typer.Option(None, help="landing folder whose clients.csv/technicians.csv the rows are checked against"),
) -> None:
    """Show what each landing column receives for the first rows, and which rows would be rejected and why."""
    from extractors.connectors.check import check_mapping, render
    from extractors.connectors.mapping import MappingError
    from extractors.connectors.readers import ExportError

    settings = settings_module.load_settings(landing=landing)
    if not sample.is_file():
        _fail(f"{sample}: no such sample file")
    try:
        result = check_mapping(mapping, sample, settings.landing_dir if settings.landing_dir.is_dir() else None, rows=rows)
    except (MappingError, ExportError) as exc:
        _fail(str(exc))
    typer.echo(render(result))


def main() -> None:
    try:
        app()
    except SettingsError as exc:
        typer.echo(f"contractops: {exc}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
