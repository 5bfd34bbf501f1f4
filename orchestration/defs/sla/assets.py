"""Public holidays of every client country, for the business calendars of the SLA engine.

Spec section 3 (Clock): whole days closed on the client's country's public holidays, per the
`holidays` package, its default categories, country level without subdivisions. The SQL joins
`clean.public_holidays`; this asset writes it for every year any contract or ticket touches,
plus two more (a due time can lie beyond the last ticket: int_sla_coverage_calendars extends the
calendars by the weeks the largest target needs).
"""


from datetime import date

import dagster as dg
import duckdb
import holidays as holidays_package
import polars as pl

from contractops.warehouse import has_table
from orchestration.resources import WarehouseResource

PUBLIC_HOLIDAYS_KEY = dg.AssetKey(["clean", "public_holidays"])
YEARS_AHEAD = 2


def years_touched(con: duckdb.DuckDBPyConnection, as_of_year: int) -> range:
    """Every calendar year from the earliest contract start or ticket to the latest contract end,
    ticket instant or as_of, plus YEARS_AHEAD. Years are read in UTC; one year of margin on
    either side absorbs time-zone shifts at New Year."""
    bounds = [as_of_year]
    if has_table(con, "clean", "contracts"):
        bounds += [
            y
            for y in con.execute(
                "SELECT year(min(start_date)), year(max(end_date)) FROM clean.contracts"
            ).fetchone()
            if y is not None
        ]
    if has_table(con, "clean", "tickets"):
        bounds += [
            y
            for y in con.execute(
                "SELECT year(min(created_at)), year(greatest(max(created_at), max(first_response_at),"
                " max(resolved_at))) FROM clean.tickets"
            ).fetchone()
            if y is not None
        ]
    return range(min(bounds) - 1, max(bounds) + YEARS_AHEAD + 1)


def holiday_rows(countries: list[str], years: range) -> tuple[list[tuple[str, date, str]], list[str]]:
    """(country, holiday_date, name) rows; countries the package does not know are returned apart
    (their clients simply have no public holidays, and the asset says so)."""
    rows: list[tuple[str, date, str]] = []
    unknown: list[str] = []
    for country in countries:
        try:
            calendar = holidays_package.country_holidays(country, years=years)
        except NotImplementedError:
            unknown.append(country)
            continue
        rows.extend((country, day, name) for day, name in sorted(calendar.items()))
    return rows, unknown


@dg.asset(
    key=PUBLIC_HOLIDAYS_KEY,
    deps=[
        dg.AssetKey(["clean", "clients"]),
        dg.AssetKey(["clean", "tickets"]),
        dg.AssetKey(["clean", "contracts"]),
    ],
    group_name="sla",
    kinds={"duckdb", "python"},
    description="Public holidays per client country and year (holidays package, default categories, "
    "country level) for the SLA business calendars.",
)
def public_holidays(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    with warehouse.connect() as con:
        con.execute("CREATE SCHEMA IF NOT EXISTS clean")
        countries = (
            [
                r[0]
                for r in con.execute(
                    "SELECT DISTINCT country FROM clean.clients WHERE country IS NOT NULL ORDER BY 1"
                ).fetchall()
            ]
            if has_table(con, "clean", "clients")
            else []
        )
        years = years_touched(con, warehouse.as_of_value.year)
        rows, unknown = holiday_rows(countries, years)
        con.execute("BEGIN TRANSACTION")
        con.execute(
            "CREATE OR REPLACE TABLE clean.public_holidays "
            "(country VARCHAR NOT NULL, holiday_date DATE NOT NULL, name VARCHAR)"
        )
        if rows:
            frame = pl.DataFrame(
                rows, schema={"country": pl.Utf8, "holiday_date": pl.Date, "name": pl.Utf8},
                orient="row",
            )
            con.register("_public_holidays", frame)
            con.execute("INSERT INTO clean.public_holidays SELECT * FROM _public_holidays")
            con.unregister("_public_holidays")
        con.execute("COMMIT")
    if unknown:
        context.log.warning(
            f"the holidays package has no calendar for {', '.join(unknown)}: no public holidays "
            "close their clients' business calendars"
        )
    return dg.MaterializeResult(
        metadata={
            "rows": len(rows),
            "countries": ", ".join(countries),
            "years": f"{years.start}-{years.stop - 1}",
            "countries_without_calendar": ", ".join(unknown),
        }
    )
