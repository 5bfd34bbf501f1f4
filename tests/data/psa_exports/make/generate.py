"""Regenerate every export and every expected/ file of tests/data/psa_exports from one
in-memory ground-truth model.  Deterministic: same seed, same bytes.

    /work/exports-venv/bin/python tests/data/psa_exports/make/generate.py   # needs openpyxl
"""
from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import autotask  # noqa: E402
import connectwise  # noqa: E402
import halopsa  # noqa: E402
import servicenow  # noqa: E402
from common import CLIENTS, ROOT, write_csv  # noqa: E402

SEED = 20261202


def main():
    write_csv(ROOT / "clients.csv", ["client_id", "client_name", "timezone", "country", "account_manager"],
              [dict(zip(["client_id", "client_name", "timezone", "country", "account_manager"], c)) for c in CLIENTS],
              "\n")
    stats = {}
    for name, mod in [("connectwise", connectwise), ("autotask", autotask), ("halopsa", halopsa),
                      ("servicenow", servicenow)]:
        for f, s in mod.build(random.Random(f"{SEED}-{name}")).items():
            stats[f"{name}/{f}"] = s
    (ROOT / "make" / "counts.json").write_text(json.dumps(stats, indent=2) + "\n")
    for k, v in stats.items():
        print(f"{k:48s} {v}")


if __name__ == "__main__":
    main()
