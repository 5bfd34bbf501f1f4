"""The SMTP login, the only secrets, reaches Dagster as dg.EnvVar: the code location's resource holds
the variable's name (what Dagster shows and stores), the value only exists once the resource is
built for a run, and contractops.settings never holds it. An unset secret binds nothing (an unset
EnvVar would fail every run)."""

from __future__ import annotations

import dagster as dg

from contractops.settings import load_settings
from orchestration.resources import WarehouseResource


def test_a_set_secret_is_an_env_var_until_the_run_builds_the_resource(monkeypatch, tmp_path):
    monkeypatch.setenv("CONTRACTOPS_SMTP_USER", "alerts")
    monkeypatch.setenv("CONTRACTOPS_SMTP_PASSWORD", "s3cret")
    monkeypatch.setenv("CONTRACTOPS_WAREHOUSE", str(tmp_path / "w.duckdb"))
    resource = WarehouseResource.from_environment()
    assert isinstance(resource.smtp_password, dg.EnvVar) and resource.smtp_password == "CONTRACTOPS_SMTP_PASSWORD"
    assert "s3cret" not in repr(resource)
    assert load_settings().smtp_password is None  # settings never read the secret
    with dg.build_resources({"warehouse": resource}) as built:
        assert (built.warehouse.settings.smtp_user, built.warehouse.settings.smtp_password) == ("alerts", "s3cret")


def test_an_unset_secret_binds_nothing_and_the_run_still_starts(monkeypatch, tmp_path):
    monkeypatch.delenv("CONTRACTOPS_SMTP_USER", raising=False)
    monkeypatch.setenv("CONTRACTOPS_SMTP_PASSWORD", "")
    monkeypatch.setenv("CONTRACTOPS_WAREHOUSE", str(tmp_path / "w.duckdb"))
    resource = WarehouseResource.from_environment()
    assert resource.smtp_user is None and resource.smtp_password is None
    with dg.build_resources({"warehouse": resource}) as built:
        assert built.warehouse.settings.smtp_password is None
