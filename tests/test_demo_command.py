"""`contractops demo --no-app` on a generated sample judges it as of the sample's reference
instant (not the real now), unless CONTRACTOPS_AS_OF says otherwise."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from contractops import run_info
from contractops import warehouse as wh

CLI = str(Path(sys.executable).with_name("contractops"))


def test_demo_judges_the_sample_at_its_reference_instant(tmp_path):
    gen = subprocess.run([CLI, "generate", "--scale", "tiny", "--seed", "7", "--out", str(tmp_path)],
                         capture_output=True, text=True, timeout=300)
    assert gen.returncode == 0, gen.stderr
    reference = json.loads((tmp_path / "ground_truth" / "manifest.json").read_text())["as_of"]
    env = {k: v for k, v in os.environ.items() if k != "CONTRACTOPS_AS_OF"}
    env |= {"CONTRACTOPS_LANDING_DIR": str(tmp_path / "landing"),
            "CONTRACTOPS_WAREHOUSE": str(tmp_path / "w.duckdb"),
            "CONTRACTOPS_OUTBOX_DIR": str(tmp_path / "outbox"),
            "CONTRACTOPS_REPORTS_DIR": str(tmp_path / "reports")}
    run = subprocess.run([CLI, "demo", "--no-app"], env=env, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-2000:]
    assert f"as of {datetime.fromisoformat(reference.replace('Z', '+00:00')).isoformat()}" in run.stdout
    with wh.read_only(tmp_path / "w.duckdb") as con:
        info = run_info.latest(con)
    assert info.sample_clock and info.as_of == datetime.fromisoformat(reference.replace("Z", "+00:00"))
