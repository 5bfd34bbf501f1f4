"""One declaration of each vocabulary: the dbt vars the staging tests read equal the Python lists
the loader validates with, and every accepted_values test on one of those columns reads the var."""

from __future__ import annotations

from pathlib import Path

import yaml

from extractors.vocabularies import DBT_VARS

DBT = Path(__file__).resolve().parents[2] / "dbt_project"


def test_dbt_vars_equal_the_python_vocabularies():
    declared = yaml.safe_load((DBT / "dbt_project.yml").read_text())["vars"]
    assert {name: tuple(declared[name]) for name in DBT_VARS} == DBT_VARS


def test_no_models_yml_retypes_a_vocabulary():
    retyped = []
    for path in DBT.glob("models/**/_*.yml"):
        text = path.read_text()
        for values in DBT_VARS.values():
            if f"values: [{', '.join(values)}]" in text:
                retyped.append(f"{path.name}: {values}")
    assert retyped == []
