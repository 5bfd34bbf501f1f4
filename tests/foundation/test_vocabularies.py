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


def test_a_new_kind_gets_its_schema_and_upstream_from_its_declaration_alone():
    import polars as pl
    import pandera.errors
    import pytest

    from extractors.landing import Col, Kind
    from extractors.schemas import schema_for

    # a kind nobody wrote a schema or an UPSTREAM entry for
    visits = Kind("site_visits", "site_visits.csv", (
        Col("visit_id", "id", True), Col("ticket_id", "id", True, references="tickets"),
        Col("priority", "priority", True), Col("mileage", "number", at_least=0, at_most=1000),
        Col("paid", "bool", default="false"),
    ), key=("visit_id",), timezone_from="ticket")
    assert visits.upstream == ("tickets", "clients")
    assert visits.row_checks == (("NOT (t.mileage >= 0 AND t.mileage <= 1000)", "mileage: must be >= 0 and <= 1000"),)
    schema = schema_for(visits)
    good = pl.DataFrame({"visit_id": ["V1", "V2"], "ticket_id": ["K1", "K1"], "priority": ["P1", "P4"],
                         "mileage": [0.0, None], "paid": [True, False]})
    schema.validate(good)
    for broken in (good.with_columns(pl.lit("P5").alias("priority")),      # outside PRIORITIES
                   good.with_columns(pl.lit(1000.5).alias("mileage")),     # above its range
                   good.with_columns(pl.lit("V1").alias("visit_id")),      # a one-column key repeats
                   good.with_columns(pl.lit(None, dtype=pl.Boolean).alias("paid"))):  # has a default: never NULL
        with pytest.raises(pandera.errors.SchemaError):
            schema.validate(broken)
