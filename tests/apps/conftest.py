from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from app_test_warehouse import ensure_app_package_importable, sample_warehouse  # noqa: E402

ensure_app_package_importable()

# As in the repository's .streamlit/config.toml, whatever folder pytest was started from: no
# ast.parse() of each page (it can race on CPython 3.11.7; see that file).
from streamlit import config as _streamlit_config  # noqa: E402

_streamlit_config.set_option("runner.magicEnabled", False)


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory):
    return sample_warehouse(tmp_path_factory)


@pytest.fixture(autouse=True)
def app_env(warehouse, monkeypatch):
    """The app reads its settings from the environment, as under `contractops app`."""
    monkeypatch.setenv("CONTRACTOPS_WAREHOUSE", str(warehouse.path))
    monkeypatch.setenv("CONTRACTOPS_AS_OF", warehouse.as_of.isoformat())
    monkeypatch.delenv("CONTRACTOPS_APP_USERS", raising=False)
    yield
