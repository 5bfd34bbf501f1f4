"""What a correct PSA bills, per spec section 3 "Billing", vectorised.

Block hours: billable, in-scope, standard-rate hours consume the month's block (calendar month in
the contract time zone, entries in started_at order, ties by entry_id). An entry that straddles
the end of the block is split the way PSAs do it -- the included part and the overage part become
two entries with the same start, the overage part with the next entry id -- so that every clean
entry has one exactly representable billed_rate (0.00 or the overage rate).
Money is handled in integer cents and hours in integer quarter hours: no float drift.
"""

from __future__ import annotations

import polars as pl

from .timeutil import to_local

RATE_COLS = ["model", "contract_tz_k", "rate_standard_c", "rate_after_hours_c",
             "rate_emergency_c", "overage_rate_c", "included_q"]


def _attach(ent: pl.DataFrame, cf: pl.DataFrame) -> pl.DataFrame:
    k = cf.select("contract_id", "model", pl.col("contract_tz").alias("contract_tz_k"),
                  "rate_standard_c", "rate_after_hours_c", "rate_emergency_c", "overage_rate_c",
                  "included_q")
    ent = ent.drop([c for c in RATE_COLS if c in ent.columns]).join(
        k, on="contract_id", how="left", maintain_order="left")
    if "month" not in ent.columns:
        ent = ent.with_columns(
            to_local(ent["started_utc"], ent["contract_tz_k"]).dt.strftime("%Y-%m").alias("month"))
    # the contract's zone only places an entry in its month
    return ent.drop("contract_tz_k")


def _allocate(ent: pl.DataFrame) -> pl.DataFrame:
    consumes = ((pl.col("model") == "block_hours") & pl.col("in_scope") & pl.col("billable")
                & (pl.col("rate_type") == "standard"))
    ent = ent.with_columns(consumes.alias("consumes"))
    blk = ent.filter("consumes").sort(["contract_id", "month", "started_utc", "order_key"],
                                         maintain_order=True)
    blk = blk.with_columns(
        pl.col("quarters").cum_sum().over(["contract_id", "month"]).alias("_cum"))
    blk = blk.with_columns(
        (pl.col("included_q") - (pl.col("_cum") - pl.col("quarters")))
        .clip(0, None).alias("_room"))
    blk = blk.with_columns(pl.min_horizontal("_room", "quarters").alias("included_quarters"))
    blk = blk.with_columns((pl.col("quarters") - pl.col("included_quarters"))
                           .alias("overage_quarters")).select(
        "order_key", "included_quarters", "overage_quarters")
    ent = ent.drop([c for c in ("included_quarters", "overage_quarters") if c in ent.columns])
    return ent.join(blk, on="order_key", how="left", maintain_order="left").with_columns(
        pl.col("included_quarters").fill_null(0), pl.col("overage_quarters").fill_null(0))


def allocate_and_split(ent: pl.DataFrame, cf: pl.DataFrame) -> pl.DataFrame:
    """Return entries with included/overage quarters; straddling entries are split in two."""
    ent = _attach(ent, cf)
    ent = _allocate(ent)
    straddle = (pl.col("included_quarters") > 0) & (pl.col("overage_quarters") > 0)
    a = ent.filter(straddle)
    if a.height:
        head = a.with_columns(pl.col("included_quarters").alias("quarters"))
        tail = a.with_columns(pl.col("overage_quarters").alias("quarters"),
                              (pl.col("order_key") + 1).alias("order_key"))
        ent = pl.concat([ent.filter(~straddle), head, tail], how="vertical")
        ent = _allocate(ent)
    assert ent.filter(straddle).height == 0, "block split left a straddling entry"
    return ent


def expected_rate_cents() -> pl.Expr:
    """Expected money per hour of a (clean) entry, spec section 3; null when not reconciled."""
    rate = (pl.when(pl.col("rate_type") == "standard").then(pl.col("rate_standard_c"))
            .when(pl.col("rate_type") == "after_hours").then(pl.col("rate_after_hours_c"))
            .otherwise(pl.col("rate_emergency_c")))
    return (
        pl.when(~pl.col("billable")).then(pl.lit(None, dtype=pl.Int64))
        .when(~pl.col("in_scope")).then(rate)
        .when(pl.col("model") == "time_and_materials").then(rate)
        .when((pl.col("model") == "fixed_fee") & (pl.col("rate_type") == "standard")).then(0)
        .when(pl.col("model") == "fixed_fee").then(rate)
        .when(pl.col("consumes") & (pl.col("overage_quarters") > 0)).then(pl.col("overage_rate_c"))
        .when(pl.col("consumes")).then(0)
        .otherwise(rate)
    )
