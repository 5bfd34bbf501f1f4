"""The one place that reads the environment and resolves paths from the repository root.

Everything else asks this module. Command-line flags override environment variables, which
override the defaults of the data contract (section 5).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
DEFAULT_LANDING = REPO_ROOT / "data" / "landing"
DEFAULT_WAREHOUSE = REPO_ROOT / "data" / "warehouse" / "contractops.duckdb"
DEFAULT_OUTBOX = REPO_ROOT / "data" / "outbox"
DEFAULT_REPORTS = REPO_ROOT / "data" / "reports"
DEFAULT_CACHE = REPO_ROOT / "data" / "cache"
DEFAULT_ESCALATION_CONFIG = REPO_ROOT / "config" / "escalation.yaml"


class SettingsError(ValueError):
    """A user mistake in configuration: reported as one line, never a traceback."""


def parse_as_of(text: str | None) -> datetime:
    """`--as-of` / CONTRACTOPS_AS_OF: ISO 8601; without an offset it is UTC. Default: now."""
    if text is None or not text.strip():
        return datetime.now(timezone.utc).replace(microsecond=0)
    raw = text.strip()
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise SettingsError(
            f"--as-of: {raw!r} is not an ISO 8601 date or timestamp (e.g. 2026-11-24T09:00:00Z)"
        ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser().resolve() if value else default


@dataclass(frozen=True)
class Settings:
    landing_dir: Path
    warehouse_path: Path
    as_of: datetime
    outbox_dir: Path
    reports_dir: Path
    cache_dir: Path
    smtp_host: str | None
    smtp_port: int
    smtp_from: str
    smtp_to: str | None
    app_users_file: Path | None
    smtp_security: str = "auto"
    # the SMTP login: set by the Dagster resource from dg.EnvVar (SECRET_ENV), never read here
    smtp_user: str | None = None
    smtp_password: str | None = None
    as_of_given: bool = False  # --as-of or CONTRACTOPS_AS_OF said it; else as_of is now
    # --full-refresh / CONTRACTOPS_FULL_REFRESH=1: reload every landing file whatever its hash says
    # and rebuild every dbt model from nothing (docs/ARCHITECTURE.md, "Incremental runs")
    full_refresh: bool = False
    escalation_config: Path = DEFAULT_ESCALATION_CONFIG  # the default escalation ladder

    @property
    def as_of_iso(self) -> str:
        return self.as_of.isoformat()


def load_settings(
    landing: str | Path | None = None,
    warehouse: str | Path | None = None,
    as_of: str | None = None,
) -> Settings:
    env = os.environ
    return Settings(
        landing_dir=Path(landing).expanduser().resolve()
        if landing
        else _env_path("CONTRACTOPS_LANDING_DIR", DEFAULT_LANDING),
        warehouse_path=Path(warehouse).expanduser().resolve()
        if warehouse
        else _env_path("CONTRACTOPS_WAREHOUSE", DEFAULT_WAREHOUSE),
        as_of=parse_as_of(as_of if as_of is not None else env.get("CONTRACTOPS_AS_OF")),
        outbox_dir=_env_path("CONTRACTOPS_OUTBOX_DIR", DEFAULT_OUTBOX),
        reports_dir=_env_path("CONTRACTOPS_REPORTS_DIR", DEFAULT_REPORTS),
        cache_dir=_env_path("CONTRACTOPS_CACHE_DIR", DEFAULT_CACHE),
        smtp_host=env.get("CONTRACTOPS_SMTP_HOST") or None,
        smtp_port=_smtp_port(env.get("CONTRACTOPS_SMTP_PORT", "25")),
        smtp_from=env.get("CONTRACTOPS_SMTP_FROM", "contractops@localhost"),
        smtp_to=env.get("CONTRACTOPS_SMTP_TO") or None,
        app_users_file=Path(env["CONTRACTOPS_APP_USERS"]).resolve()
        if env.get("CONTRACTOPS_APP_USERS")
        else None,
        smtp_security=_smtp_security(env.get("CONTRACTOPS_SMTP_SECURITY", "auto")),
        as_of_given=as_of is not None or env.get("CONTRACTOPS_AS_OF") is not None,
        full_refresh=env.get("CONTRACTOPS_FULL_REFRESH", "").strip().lower() in ("1", "true", "yes"),
        escalation_config=_env_path("CONTRACTOPS_ESCALATION_CONFIG", DEFAULT_ESCALATION_CONFIG),
    )


# The secrets: never in a Settings built here, they reach the Dagster resources as dg.EnvVar
# (orchestration/resources.py), so Dagster shows them by name and never by value.
SECRET_ENV = {"smtp_user": "CONTRACTOPS_SMTP_USER", "smtp_password": "CONTRACTOPS_SMTP_PASSWORD"}


def secrets_set() -> dict[str, str]:
    """The Settings field -> environment variable of each secret that is set (non-empty): a dg.EnvVar
    on an unset variable fails the resource, so only these are bound."""
    return {field: name for field, name in SECRET_ENV.items() if os.environ.get(name)}


SMTP_SECURITY = ("auto", "starttls", "ssl")


def _smtp_port(text: str) -> int:
    if not text.strip().isdigit() or not 0 < int(text) < 65536:
        raise SettingsError(f"CONTRACTOPS_SMTP_PORT: {text!r} is not a port number")
    return int(text)


def _smtp_security(text: str) -> str:
    """`auto`: implicit TLS on port 465, else STARTTLS whenever credentials are sent (and never the
    password in clear); `starttls`: always STARTTLS; `ssl`: implicit TLS on any port."""
    value = text.strip().lower()
    if value not in SMTP_SECURITY:
        raise SettingsError(f"CONTRACTOPS_SMTP_SECURITY: {text!r} is not one of {', '.join(SMTP_SECURITY)}")
    return value


# DuckDB's own default is 80% of the machine's memory and every core, in each process (the
# pipeline's and dbt's): 17 GB resident on a 24 GB box at large scale. A cap makes DuckDB spill to
# disk instead (beside the warehouse, `<file>.tmp`). Both are read here and nowhere else.
DEFAULT_DUCKDB_MEMORY_LIMIT = "2GB"
DEFAULT_DUCKDB_THREADS = 2
_MEMORY_LIMIT = re.compile(r"^\s*\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)\s*$", re.IGNORECASE)


def duckdb_memory_limit() -> str:
    """DuckDB's memory_limit for every warehouse connection (CONTRACTOPS_DUCKDB_MEMORY_LIMIT)."""
    value = os.environ.get("CONTRACTOPS_DUCKDB_MEMORY_LIMIT", DEFAULT_DUCKDB_MEMORY_LIMIT)
    if not _MEMORY_LIMIT.match(value):
        raise SettingsError(f"CONTRACTOPS_DUCKDB_MEMORY_LIMIT: {value!r} is not a size such as 2GB or 512MB")
    return value.strip()


def duckdb_threads() -> int:
    """DuckDB's threads for every warehouse connection (CONTRACTOPS_DUCKDB_THREADS)."""
    text = os.environ.get("CONTRACTOPS_DUCKDB_THREADS", str(DEFAULT_DUCKDB_THREADS))
    if not text.strip().isdigit() or int(text) < 1:
        raise SettingsError(f"CONTRACTOPS_DUCKDB_THREADS: {text!r} is not a positive whole number")
    return int(text)


def export_build_path(path: Path) -> None:
    """Tell child processes (dbt) which warehouse file this run builds; read by profiles.yml."""
    os.environ["CONTRACTOPS_BUILD_PATH"] = str(path)
    # the same caps for dbt's connections (profiles.yml reads these two)
    os.environ["CONTRACTOPS_DUCKDB_MEMORY_LIMIT"] = duckdb_memory_limit()
    os.environ["CONTRACTOPS_DUCKDB_THREADS"] = str(duckdb_threads())


def dbt_executable() -> str:
    """dbt from the same environment as this interpreter (works without an activated venv)."""
    import sys

    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


def apply_overrides(landing: str | Path | None = None, warehouse: str | Path | None = None, as_of: str | None = None,
                    full_refresh: bool | None = None) -> Settings:
    """Make command-line choices visible to every part of a run (Dagster resources, dbt) by
    setting the environment this module reads; returns the resulting settings."""
    if landing:
        os.environ["CONTRACTOPS_LANDING_DIR"] = str(Path(landing).expanduser().resolve())
    if warehouse:
        os.environ["CONTRACTOPS_WAREHOUSE"] = str(Path(warehouse).expanduser().resolve())
    if full_refresh is not None:
        os.environ["CONTRACTOPS_FULL_REFRESH"] = "1" if full_refresh else ""
    resolved = load_settings(as_of=as_of)
    # Fix "now" once, so every step of the run judges from the same instant.
    os.environ["CONTRACTOPS_AS_OF"] = resolved.as_of_iso
    return resolved
