"""Per-row time-zone work, vectorised by looping over the handful of zones (never over rows)."""

from __future__ import annotations

import numpy as np
import polars as pl

UTC = "UTC"


def _by_zone(df: pl.DataFrame, tz_col: str, build) -> pl.Series:
    """Apply `build(frame, tz) -> Series` per zone and reassemble in the original row order."""
    idx = pl.int_range(0, df.height, eager=True).alias("_i")
    work = df.with_columns(idx)
    parts = []
    for tz in sorted(work[tz_col].unique().drop_nulls().to_list()):
        sub = work.filter(pl.col(tz_col) == tz)
        parts.append(pl.DataFrame({"_i": sub["_i"], "_v": build(sub, tz)}))
    out = pl.concat(parts).sort("_i")
    assert out.height == df.height, "every row needs a time zone"
    return out["_v"]


def localize(naive: pl.Series, tz: pl.Series) -> pl.Series:
    """Local wall time -> UTC instant. A wall time skipped by spring-forward moves one hour on;
    an ambiguous one (fall-back) takes its first occurrence."""
    df = pl.DataFrame({"naive": naive, "tz": tz})

    def build(sub, zone):
        first = sub["naive"].dt.replace_time_zone(zone, ambiguous="earliest", non_existent="null")
        shifted = (sub["naive"] + pl.duration(hours=1)).dt.replace_time_zone(
            zone, ambiguous="earliest", non_existent="null")
        return first.fill_null(shifted).dt.convert_time_zone(UTC)

    return _by_zone(df, "tz", build).alias(naive.name)


def to_local(utc: pl.Series, tz: pl.Series) -> pl.Series:
    """UTC instant -> naive local wall time in the row's zone."""
    df = pl.DataFrame({"utc": utc, "tz": tz})
    return _by_zone(
        df, "tz",
        lambda sub, zone: sub["utc"].dt.convert_time_zone(zone).dt.replace_time_zone(None),
    ).alias(utc.name)


def format_ts(utc: pl.Series, tz: pl.Series, style: np.ndarray) -> pl.Series:
    """ISO-8601 text the way PSA exports write it. style 0: offset-less local wall time (most
    rows); 1: local time with its UTC offset; 2: UTC with `Z`. A wall time that occurs twice
    (fall-back hour) is always written with its offset so it stays unambiguous."""
    df = pl.DataFrame({"utc": utc, "tz": tz, "style": style.astype(np.int8)})

    def build(sub, zone):
        local = sub["utc"].dt.convert_time_zone(zone)
        naive = local.dt.replace_time_zone(None)
        first = naive.dt.replace_time_zone(zone, ambiguous="earliest", non_existent="null")
        second = naive.dt.replace_time_zone(zone, ambiguous="latest", non_existent="null")
        ambiguous = (first != second).fill_null(True)
        plain = naive.dt.strftime("%Y-%m-%dT%H:%M:%S")
        with_offset = local.dt.strftime("%Y-%m-%dT%H:%M:%S%:z")
        zulu = sub["utc"].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
        frame = pl.DataFrame({"p": plain, "o": with_offset, "z": zulu, "a": ambiguous,
                              "s": sub["style"]})
        return frame.select(
            pl.when(pl.col("s") == 2).then(pl.col("z"))
            .when((pl.col("s") == 1) | pl.col("a")).then(pl.col("o"))
            .otherwise(pl.col("p"))
        ).to_series()

    return _by_zone(df, "tz", build).alias(utc.name)


def pick_style(rng: np.random.Generator, n: int, p_offset=0.04, p_zulu=0.02) -> np.ndarray:
    u = rng.random(n)
    return np.where(u < p_zulu, 2, np.where(u < p_zulu + p_offset, 1, 0))
