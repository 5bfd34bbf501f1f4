"""Running the whole asset graph in-process (what `contractops materialize` does)."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from contractops import settings as settings_module
from contractops.dbt_manifest import ensure_manifest
from contractops.errors import PipelineError
from contractops.settings import DBT_PROJECT_DIR, SettingsError


# dbt keeps one folder per run under target/ (dagster-dbt names them <asset>-<run>-<invocation>);
# these are kept, older ones removed, so that runs do not fill the disk.
KEEP_DBT_RUN_FOLDERS = 3
_DBT_RUN_FOLDER = re.compile(r".+-[0-9a-f]{7}-[0-9a-f]{7}$")
_NO_SPACE = re.compile(r"no space left on device|errno 28|disk is full|enospc", re.IGNORECASE)


@dataclass
class MaterializeResult:
    success: bool
    warehouse_path: Path
    as_of: datetime
    failed_steps: list[str] = field(default_factory=list)
    failed_checks: list[str] = field(default_factory=list)
    warned_checks: list[str] = field(default_factory=list)  # non-blocking WARN checks that did not pass
    asset_metadata: dict[str, dict] = field(default_factory=dict)
    log_path: Path | None = None
    run_id: str | None = None
    # files that lost much to quarantine (extractors.landing.loud_losses), one line each
    loss_warnings: list[str] = field(default_factory=list)
    # step key -> (start, end) in seconds since the epoch, from the run's event log (benchmarks)
    step_intervals: dict[str, tuple[float, float]] = field(default_factory=dict)

    @property
    def first_failure(self) -> str | None:
        """'<asset>: <first error line>' of the first step that failed (dbt: its first error)."""
        if not self.failed_steps:
            return None
        step, _, message = self.failed_steps[0].partition(": ")
        asset = step.replace("__", "/")
        if "dbt" in step:
            dbt_lines = [ln.strip() for ln in self.dbt_errors(limit=5) if ln.strip()]
            message = dbt_lines[0] if dbt_lines else message
        return f"{asset}: {message}"

    def dbt_errors(self, limit: int = 20) -> list[str]:
        """The dbt lines of the run log that report an error (for a failed run's message)."""
        if not self.log_path or not self.log_path.exists():
            return []
        lines = [ln for ln in self.log_path.read_text(encoding="utf-8", errors="replace").splitlines() if "ERROR" in ln or "Error" in ln]
        return lines[:limit]


def _writable_folder(warehouse_path: Path) -> None:
    """The warehouse folder exists (or can be made) and can be written; else a one-line error."""
    folder = warehouse_path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PipelineError(f"cannot create the warehouse folder {folder}: {exc.strerror.lower()}") from None
    try:  # a real write: permission bits do not tell root about read-only mounts
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise PipelineError(f"no space left on device at {folder}") from None
        raise PipelineError(f"cannot write to the warehouse folder {folder}: {(exc.strerror or str(exc)).lower()}") from None
    if warehouse_path.exists() and not os.access(warehouse_path, os.R_OK):
        raise PipelineError(f"cannot read the warehouse {warehouse_path}: permission denied")


def _no_space_path(texts: list[str], default: Path) -> Path | None:
    """The folder of the file a 'no space left on device' error names (else ``default``), or None."""
    for line in (ln for text in texts for ln in text.splitlines()):
        if _NO_SPACE.search(line):
            named = re.search(r"['\"](/[^'\"]+)['\"]", line)
            return Path(named.group(1)).parent if named else default
    return None


def _remove_build_files(warehouse_path: Path, run_id: str | None) -> None:
    """Delete what a failed run left beside the warehouse (its build file and any partial copy)."""
    from contractops import warehouse as wh

    if not run_id:
        return
    build = wh.build_path(warehouse_path, run_id)
    for path in (build, Path(str(build) + ".wal"), build.with_name(build.name + ".copying")):
        path.unlink(missing_ok=True)


KEEP_RUN_LOGS = 3


def rotate_run_logs(log_path: Path, keep: int = KEEP_RUN_LOGS) -> None:
    """Before a run: the last run's log becomes ``<log>.1``, that one ``<log>.2`` ..., and logs
    beyond ``keep`` (the current one included) are deleted."""
    for n in range(keep - 1, 0, -1):
        older = log_path.with_name(f"{log_path.name}.{n}")
        if n == keep - 1:
            older.unlink(missing_ok=True)
        previous = log_path if n == 1 else log_path.with_name(f"{log_path.name}.{n - 1}")
        if previous.exists():
            os.replace(previous, older)
    for stale in log_path.parent.glob(f"{log_path.name}.*"):
        suffix = stale.name.rsplit(".", 1)[-1]
        if suffix.isdigit() and int(suffix) >= keep:
            stale.unlink(missing_ok=True)


def prune_dbt_run_folders(target: Path | None = None, keep: int = KEEP_DBT_RUN_FOLDERS) -> list[Path]:
    """Remove all but the newest ``keep`` per-run folders dbt left in target/; returns the removed."""
    target = target or DBT_PROJECT_DIR / "target"
    if not target.is_dir():
        return []
    runs = sorted((p for p in target.iterdir() if p.is_dir() and _DBT_RUN_FOLDER.match(p.name)),
                  key=lambda p: p.stat().st_mtime, reverse=True)
    for old in runs[keep:]:
        shutil.rmtree(old, ignore_errors=True)
    return runs[keep:]


@contextlib.contextmanager
def _run_log(log_path: Path) -> Iterator:
    """This run's log file, the last few runs' logs kept beside it (rotate_run_logs)."""
    rotate_run_logs(log_path)
    with open(log_path, "w", encoding="utf-8") as handle:
        yield handle


@contextlib.contextmanager
def _exclusive_run(warehouse_path: Path) -> Iterator[None]:
    _writable_folder(warehouse_path)
    lock = warehouse_path.with_name(warehouse_path.name + ".run.lock")
    with open(lock, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PipelineError(f"another materialization is already running on {warehouse_path}") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def materialize(
    landing_dir: str | Path | None = None,
    warehouse_path: str | Path | None = None,
    as_of: str | datetime | None = None,
    raise_on_error: bool = False,
    log_level: str = "WARNING",
    full_refresh: bool | None = None,
) -> MaterializeResult:
    """Materialize every asset in-process through Dagster; publish only if every step succeeded.
    ``full_refresh``: reload every landing file and rebuild every dbt model from nothing (None:
    as CONTRACTOPS_FULL_REFRESH says)."""
    as_of_text = as_of.isoformat() if isinstance(as_of, datetime) else as_of
    settings = settings_module.apply_overrides(landing_dir, warehouse_path, as_of_text, full_refresh)
    if not settings.landing_dir.is_dir():
        raise SettingsError(f"landing folder {settings.landing_dir} does not exist")
    ensure_manifest()
    import dagster as dg

    from orchestration.definitions import defs

    log_path = settings.warehouse_path.with_name(settings.warehouse_path.name + ".last-run.log")
    with _exclusive_run(settings.warehouse_path), _run_log(log_path) as run_log, contextlib.redirect_stdout(run_log):
        # dagster-dbt echoes every dbt event to stdout: keep it in the run log, not on the terminal.
        job = defs.resolve_job_def("materialize_all")
        # Dispose the instance here, in this thread: left to the garbage collector, its SQLite
        # connections are closed from whatever thread collects them and log tracebacks there.
        with dg.DagsterInstance.ephemeral() as instance:
            try:
                result = job.execute_in_process(
                    instance=instance,
                    raise_on_error=raise_on_error,
                    run_config={"loggers": {"console": {"config": {"log_level": log_level}}}},
                )
            except OSError as exc:  # outside any step: the run log or the instance could not be written
                if exc.errno != errno.ENOSPC:
                    raise
                raise PipelineError(f"no space left on device at {exc.filename or settings.warehouse_path.parent}") from None
            intervals = _step_intervals(instance, result.run_id)
    outcome = MaterializeResult(success=result.success, warehouse_path=settings.warehouse_path, as_of=settings.as_of,
                                log_path=log_path, run_id=result.run_id, step_intervals=intervals)
    error_texts: list[str] = []
    for event in result.all_events:
        if event.is_step_failure:
            error = event.event_specific_data.error if event.event_specific_data else None
            first = _first_error_line(error)
            outcome.failed_steps.append(f"{event.step_key}: {first}")
            error_texts.append(error.to_string() if error else "")
        if event.event_type_value == "ASSET_CHECK_EVALUATION":
            data = event.event_specific_data
            if not data.passed:
                name = f"{data.asset_key.to_user_string()}: {data.check_name}"
                warn = data.severity == dg.AssetCheckSeverity.WARN
                (outcome.warned_checks if warn else outcome.failed_checks).append(name)
        if event.is_step_materialization:
            mat = event.event_specific_data.materialization
            outcome.asset_metadata[mat.asset_key.to_user_string()] = {k: v.value for k, v in mat.metadata.items()}
    prune_dbt_run_folders()
    if not outcome.success:
        full = _no_space_path(error_texts + outcome.dbt_errors(limit=200), settings.warehouse_path.parent)
        if full is not None:
            # The disk is full: the half-written build file only makes it fuller.
            _remove_build_files(settings.warehouse_path, result.run_id)
            raise PipelineError(f"no space left on device at {full}; the published warehouse was left as it was")
        return outcome
    outcome.loss_warnings = _loss_warnings(settings.warehouse_path)
    return outcome


def _step_intervals(instance, run_id: str) -> dict[str, tuple[float, float]]:
    """When each step started and ended (success or failure), from the run's event log."""
    import dagster as dg

    starts: dict[str, float] = {}
    ends: dict[str, float] = {}
    kinds = {dg.DagsterEventType.STEP_START, dg.DagsterEventType.STEP_SUCCESS, dg.DagsterEventType.STEP_FAILURE}
    for entry in instance.all_logs(run_id, of_type=kinds):
        if entry.step_key is None:
            continue
        if entry.dagster_event.event_type == dg.DagsterEventType.STEP_START:
            starts[entry.step_key] = entry.timestamp
        else:
            ends[entry.step_key] = entry.timestamp
    return {key: (start, ends[key]) for key, start in starts.items() if key in ends}


def _first_error_line(error) -> str:
    """The first line of the error that started it (Dagster wraps a step's exception in its own)."""
    while error is not None and error.cause is not None:
        error = error.cause
    lines = [ln.strip() for ln in (error.message if error else "").splitlines() if ln.strip()]
    return lines[0] if lines else "failed"


def _loss_warnings(published: Path) -> list[str]:
    from contractops import warehouse as wh
    from extractors.landing import loud_losses

    with wh.read_only(published) as con:
        return loud_losses(con)
