"""pandera schemas for what lands in the ``clean`` tables, derived from ``extractors.landing.KINDS``.

The set-based SQL in ``extractors.landing`` decides row by row what is valid; these schemas are the
independent second check on the result (types, nullability, vocabularies, ranges). A failure here
is a bug in the loader, so it fails the asset rather than quarantining rows. Nothing is retyped
here: a new landing kind, column, range or vocabulary reaches its schema from its declaration.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import pandera.polars as pa
import polars as pl

if TYPE_CHECKING:
    import duckdb

    from extractors.landing import Col, Kind

# Rows per frame checked: a large clean table is read back in slices, never whole.
CHECK_BATCH_ROWS = 250_000

_POLARS_TYPE = {
    "id": pl.String, "text": pl.String, "tz": pl.String, "enum": pl.String, "priority": pl.String,
    "service": pl.String, "country": pl.String, "ts": pl.Datetime("us", "UTC"), "date": pl.Date,
    "money": pl.Decimal(18, 2), "number": pl.Float64, "bool": pl.Boolean,
}
_SNAKE_CASE = r"^[a-z0-9]+(_[a-z0-9]+)*$"


def _checks(col: Col) -> list[pa.Check]:
    checks: list[pa.Check] = []
    if col.vocabulary:
        checks.append(pa.Check.isin(list(col.vocabulary)))
    if col.type == "service":
        checks.append(pa.Check.str_matches(_SNAKE_CASE))
    if col.type == "country":
        checks.append(pa.Check.str_matches(r"^[A-Z]{2}$"))
    if col.at_least is not None:
        checks.append(pa.Check.ge(col.at_least))
    if col.above is not None:
        checks.append(pa.Check.gt(col.above))
    if col.at_most is not None:
        checks.append(pa.Check.le(col.at_most))
    return checks


def schema_for(kind: Kind) -> pa.DataFrameSchema:
    """The clean table's schema: one column per declared column; a one-column key is unique."""
    columns = {
        col.name: pa.Column(_POLARS_TYPE[col.type], _checks(col), nullable=col.nullable,
                            unique=kind.key == (col.name,))
        for col in kind.columns
    }
    return pa.DataFrameSchema(columns, strict=True, coerce=False)


@cache
def _schema(kind_name: str) -> pa.DataFrameSchema:
    from extractors.landing import KINDS

    return schema_for(KINDS[kind_name])


def validate_clean(kind: Kind | str, frame: pl.DataFrame) -> None:
    """Raise pandera's SchemaError if the clean rows of ``kind`` break their schema."""
    if frame.height:
        _schema(kind if isinstance(kind, str) else kind.name).validate(frame)


def validate_clean_table(con: duckdb.DuckDBPyConnection, kind: Kind) -> None:
    """:func:`validate_clean` over ``clean.<kind>`` in slices of CHECK_BATCH_ROWS rows (memory stays
    that of one slice), then the key's uniqueness over the whole table, which a slice cannot see."""
    reader = con.execute(
        f"SELECT * EXCLUDE (_source_file, _row_number) FROM clean.{kind.name}").fetch_record_batch(CHECK_BATCH_ROWS)
    for batch in reader:
        validate_clean(kind, pl.from_arrow(batch))
    if len(kind.key) == 1:
        (key,) = kind.key
        repeated = con.execute(
            f"SELECT {key}, count(*) FROM clean.{kind.name} GROUP BY {key} HAVING count(*) > 1 ORDER BY 1 LIMIT 1"
        ).fetchone()
        if repeated:
            raise ValueError(f"clean.{kind.name}: {key} {repeated[0]!r} is in {repeated[1]} rows (a loader bug: "
                             "the key must be unique)")
