from pathlib import Path

import pytest

from contractops.generate import generate_landing_zone

from .independent import Landing


@pytest.fixture(scope="session")
def tiny_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gen_tiny")
    generate_landing_zone(out, scale="tiny", seed=11)
    return out


@pytest.fixture(scope="session")
def tiny(tiny_dir) -> Landing:
    return Landing(tiny_dir)


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("gen_demo")
    summary = generate_landing_zone(out, scale="demo", seed=7)
    return out, summary


@pytest.fixture(scope="session")
def demo(demo_run) -> Landing:
    return Landing(demo_run[0])
