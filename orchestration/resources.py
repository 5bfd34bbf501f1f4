"""The resources every asset shares: where the landing zone is, which warehouse file this run
builds, and the run's ``as_of`` (fixed once per run, so every step judges from the same instant)."""


import contextlib
import dataclasses
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import dagster as dg
import duckdb
from pydantic import PrivateAttr

from contractops import settings as settings_module
from contractops import warehouse


class WarehouseResource(dg.ConfigurableResource):
    """Configured from the environment (``contractops.settings``) unless a field is set; the
    SMTP login (the only secrets) comes as ``dg.EnvVar`` fields (``from_environment``)."""

    landing_dir: str = ""
    warehouse_path: str = ""
    as_of: str = ""
    smtp_user: str | None = None
    smtp_password: str | None = None

    _run_id: str = PrivateAttr(default="adhoc")
    _settings: settings_module.Settings | None = PrivateAttr(default=None)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        self._run_id = (context.run_id or "adhoc") if context.dagster_run else "adhoc"
        self._settings = self._load()

    def _load(self) -> settings_module.Settings:
        loaded = settings_module.load_settings(
            landing=self.landing_dir or None, warehouse=self.warehouse_path or None, as_of=self.as_of or None
        )
        return dataclasses.replace(loaded, smtp_user=self.smtp_user, smtp_password=self.smtp_password)

    @classmethod
    def from_environment(cls) -> "WarehouseResource":
        """The resource of the code location: each secret that is set, as a dg.EnvVar."""
        return cls(**{field: dg.EnvVar(name) for field, name in settings_module.secrets_set().items()})

    @property
    def settings(self) -> settings_module.Settings:
        if self._settings is None:
            self._settings = self._load()
        return self._settings

    @property
    def landing(self) -> Path:
        return self.settings.landing_dir

    @property
    def published_path(self) -> Path:
        return self.settings.warehouse_path

    @property
    def as_of_value(self) -> datetime:
        return self.settings.as_of

    @property
    def build_file(self) -> Path:
        """This run's build file (created from the published warehouse on first use)."""
        return warehouse.begin_build(self.published_path, self._run_id)

    @contextlib.contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        con = warehouse.connect(self.build_file)
        try:
            yield con
        finally:
            con.close()

    def publish(self) -> Path:
        return warehouse.publish(self.published_path, self._run_id)
