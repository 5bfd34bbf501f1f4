"""The generated sample's clock: a landing zone that is still exactly the sample judges as of the
sample's reference instant, not as of now.

`contractops generate` (and `contractops demo`) write OUT/landing/ and OUT/ground_truth/ with
`manifest.json`, which holds the instant the sample was generated around (`as_of`) and the landing
files it wrote. The sample's tickets, renewals and credentials are placed around that instant, so
judging it as of the real now moves every figure. `contractops demo` materializes it as of the
reference instant; the landing sensor and the hourly schedule of `make dev` use this module so that
their runs agree with the demo instead of publishing over it as of now.

A landing zone counts as the sample while its top-level files are the manifest's and no file in it
is newer than the manifest (the generator writes the manifest last). Add, replace or edit a file and
it is your data: runs judge as of now again.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from contractops.settings import SettingsError, parse_as_of


def manifest_path(landing_dir: Path) -> Path:
    """Where the generator put the ground truth of this landing zone (as `contractops demo` finds it)."""
    return Path(landing_dir).parent / "ground_truth" / "manifest.json"


def sample_reference_instant(landing_dir: Path) -> datetime | None:
    """The sample's reference instant when `landing_dir` holds the generated sample, else None."""
    landing_dir = Path(landing_dir)
    manifest = manifest_path(landing_dir)
    try:
        written = manifest.stat().st_mtime_ns
        data = json.loads(manifest.read_text(encoding="utf-8"))
        instant = parse_as_of(str(data["as_of"]))
    except (OSError, ValueError, KeyError, TypeError, SettingsError):
        return None
    if not landing_dir.is_dir():
        return None
    files = [p for p in landing_dir.rglob("*") if p.is_file()]
    if not files or any(p.stat().st_mtime_ns > written for p in files):
        return None
    listed = data.get("files")
    if listed is not None:
        top_level = {p.name for p in files if p.parent == landing_dir}
        if top_level != {Path(name).name for name in listed}:
            return None
    return instant
