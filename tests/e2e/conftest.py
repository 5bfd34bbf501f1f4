from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "apps"))
from app_test_warehouse import ensure_app_package_importable, sample_warehouse  # noqa: E402

ensure_app_package_importable()


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory):
    return sample_warehouse(tmp_path_factory)
