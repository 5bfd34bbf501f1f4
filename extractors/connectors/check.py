"""`contractops mapping check`: what a mapping makes of a sample export, before anything lands.

The sample is mapped exactly as a run would map it and then validated by the loader itself (in a
throw-away in-memory warehouse, with the landing zone's clients and technicians when there are
any), so the reasons shown are the ones quarantine would record.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from extractors.connectors.mapping import load_mapping
from extractors.connectors.transform import Export, map_exports, write_mapped
from extractors.landing import load_kind

_LOAD_ORDER = ("clients", "technicians", "tickets", "ticket_status_history", "timesheets")


@dataclass
class RowVerdict:
    row_number: int
    values: dict[str, str | None]
    verdict: str  # clean | rejected | superseded
    detail: str = ""


@dataclass
class KindCheck:
    kind: str
    rows_read: int
    rows_clean: int
    rows_rejected: int
    rows_superseded: int
    rows: list[RowVerdict] = field(default_factory=list)
    reasons: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class CheckResult:
    mapping: str
    sample: str
    kinds: list[KindCheck]
    notes: list[str]


def check_mapping(mapping_file: Path, sample: Path, landing: Path | None, rows: int = 5) -> CheckResult:
    mapping = load_mapping(mapping_file)
    export = Export(sample.name, sample)
    frames = map_exports(mapping, [export])
    notes: list[str] = []
    con = duckdb.connect(":memory:")
    try:
        con.execute("SET TimeZone = 'UTC'")
        with tempfile.TemporaryDirectory() as empty:
            for kind in ("clients", "technicians"):
                if kind in frames:
                    continue
                if landing is not None and (landing / f"{kind}.csv").is_file():
                    load_kind(con, landing, kind)
                elif kind == "clients":
                    notes.append(f"no clients.csv in {landing}: every client_id is unknown (use --landing DIR)" if landing
                                 else "no landing zone given: every client_id is unknown (use --landing DIR)")
            write_mapped(con, mapping.source, frames, history_from_tickets=bool(mapping.events and mapping.events.status_history))
            results = []
            for kind in sorted(frames, key=_LOAD_ORDER.index):
                report = load_kind(con, Path(empty), kind)
                results.append(_kind_check(con, kind, frames[kind], report, rows))
    finally:
        con.close()
    return CheckResult(str(mapping_file), str(sample), results, notes)


def _kind_check(con, kind, frame, report, rows: int) -> KindCheck:
    head = frame.head(rows)
    landing_cols = [c for c in frame.columns if not c.startswith("_")]
    numbers = head["_row_number"].to_list()
    rejected = dict(con.execute(
        "SELECT row_number, reasons FROM quarantine.rejected_rows WHERE kind = ? AND list_contains(?, row_number)", [kind, numbers]
    ).fetchall())
    superseded = dict(con.execute(
        "SELECT row_number, kept_row_number FROM quarantine.superseded_rows WHERE kind = ? AND list_contains(?, row_number)", [kind, numbers]
    ).fetchall())
    verdicts = []
    for record in head.select("_row_number", *landing_cols).iter_rows(named=True):  # the shown rows only
        n = record.pop("_row_number")
        if n in rejected:
            verdicts.append(RowVerdict(n, record, "rejected", "; ".join(rejected[n])))
        elif n in superseded:
            verdicts.append(RowVerdict(n, record, "superseded", f"by row {superseded[n]} (a later update of the same key)"))
        else:
            verdicts.append(RowVerdict(n, record, "clean"))
    reasons = con.execute(
        "SELECT r, count(*) FROM (SELECT unnest(reasons) AS r FROM quarantine.rejected_rows WHERE kind = ?) "
        "GROUP BY r ORDER BY 2 DESC, 1 LIMIT 15", [kind]
    ).fetchall()
    return KindCheck(kind, report.rows_read, report.rows_clean, report.rows_rejected, report.rows_superseded, verdicts, reasons)


def render(result: CheckResult) -> str:
    lines = [f"mapping {result.mapping} on {result.sample}"]
    lines += [f"note: {n}" for n in result.notes]
    for k in result.kinds:
        lines.append("")
        lines.append(f"{k.kind}: {k.rows_read} rows -> {k.rows_clean} clean, {k.rows_superseded} superseded, {k.rows_rejected} rejected")
        for row in k.rows:
            lines.append(f"  row {row.row_number}: {row.verdict}{': ' + row.detail if row.detail else ''}")
            width = max((len(c) for c in row.values), default=0)
            for col, value in row.values.items():
                lines.append(f"      {col.ljust(width)} <- {json.dumps(value, ensure_ascii=False)}")
        if k.reasons:
            lines.append(f"  rejections in the whole sample ({k.kind}):")
            lines += [f"    {count:>8}  {reason}" for reason, count in k.reasons]
    return "\n".join(lines)
