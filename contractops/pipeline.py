"""Running the whole asset graph in-process (what `contractops materialize` does)."""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from contractops import settings as settings_module
from contractops.dbt_manifest import ensure_manifest
from contractops.errors import PipelineError
from contractops.settings import SettingsError


@dataclass
class MaterializeResult:
    success: bool
    warehouse_path: Path
    as_of: datetime
    failed_steps: list[str] = field(default_factory=list)
    failed_checks: list[str] = field(default_factory=list)
    asset_metadata: dict[str, dict] = field(default_factory=dict)
    log_path: Path | None = None

    def dbt_errors(self, limit: int = 20) -> list[str]:
        """The dbt lines of the run log that report an error (for a failed run's message)."""
        if not self.log_path or not self.log_path.exists():
            return []
        lines = [ln for ln in self.log_path.read_text(encoding="utf-8", errors="replace").splitlines() if "ERROR" in ln or "Error" in ln]
        return lines[:limit]


@contextlib.contextmanager
def _exclusive_run(warehouse_path: Path) -> Iterator[None]:
    warehouse_path.parent.mkdir(parents=True, exist_ok=True)
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
) -> MaterializeResult:
    """Materialize every asset in-process through Dagster; publish only if every step succeeded."""
    as_of_text = as_of.isoformat() if isinstance(as_of, datetime) else as_of
    settings = settings_module.apply_overrides(landing_dir, warehouse_path, as_of_text)
    if not settings.landing_dir.is_dir():
        raise SettingsError(f"landing folder {settings.landing_dir} does not exist")
    ensure_manifest()
    import dagster as dg

    from orchestration.definitions import defs

    log_path = settings.warehouse_path.with_name(settings.warehouse_path.name + ".last-run.log")
    with _exclusive_run(settings.warehouse_path), open(log_path, "w", encoding="utf-8") as run_log, contextlib.redirect_stdout(run_log):
        # dagster-dbt echoes every dbt event to stdout: keep it in the run log, not on the terminal.
        job = defs.resolve_job_def("materialize_all")
        # Dispose the instance here, in this thread: left to the garbage collector, its SQLite
        # connections are closed from whatever thread collects them and log tracebacks there.
        with dg.DagsterInstance.ephemeral() as instance:
            result = job.execute_in_process(
                instance=instance,
                raise_on_error=raise_on_error,
                run_config={"loggers": {"console": {"config": {"log_level": log_level}}}},
            )
    outcome = MaterializeResult(success=result.success, warehouse_path=settings.warehouse_path, as_of=settings.as_of, log_path=log_path)
    for event in result.all_events:
        if event.is_step_failure:
            outcome.failed_steps.append(f"{event.step_key}: {event.event_specific_data.error.message.strip().splitlines()[0] if event.event_specific_data and event.event_specific_data.error else 'failed'}")
        if event.event_type_value == "ASSET_CHECK_EVALUATION":
            data = event.event_specific_data
            if not data.passed:
                outcome.failed_checks.append(f"{data.asset_key.to_user_string()}: {data.check_name}")
        if event.is_step_materialization:
            mat = event.event_specific_data.materialization
            outcome.asset_metadata[mat.asset_key.to_user_string()] = {k: v.value for k, v in mat.metadata.items()}
    return outcome
