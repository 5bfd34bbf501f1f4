"""Compare the public marts of two warehouse files, table by table, row for row.

    .venv/bin/python scripts/compare_marts.py BEFORE.duckdb AFTER.duckdb [--schema marts]

Every table of BEFORE's schema is compared on BEFORE's columns (AFTER may add tables and
columns); rows are compared as multisets (order is free). The delivery facts of marts.alerts and marts.escalations
(wall-clock times of sending) are left out: they are not figures. Exit 1 on any difference.
"""

from __future__ import annotations

import argparse
import sys

import duckdb

WALL_CLOCK_COLUMNS = {"alerts": {"delivered_at", "last_attempt_at", "delivery_error", "attempts", "delivery_channel"},
                      "escalations": {"delivered_at", "delivery_error"}}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def compare(before: str, after: str, schema: str = "marts") -> list[str]:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    # ATTACH takes no bound parameters: the paths are quoted as SQL string literals
    con.execute(f"ATTACH {_literal(before)} AS b (READ_ONLY)")
    con.execute(f"ATTACH {_literal(after)} AS a (READ_ONLY)")
    problems: list[str] = []
    # tables and views (fct_ticket_sla and fct_billing_reconciliation are views over intermediates)
    tables = [r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = 'b' AND schema_name = ? "
        "UNION SELECT view_name FROM duckdb_views() WHERE database_name = 'b' AND schema_name = ? ORDER BY 1",
        [schema, schema]).fetchall()]
    for table in tables:
        cols = [r[0] for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE database_name = 'b' AND schema_name = ? "
            "AND table_name = ? ORDER BY column_index", [schema, table]).fetchall()
            if r[0] not in WALL_CLOCK_COLUMNS.get(table, set())]
        after_cols = {r[0] for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE database_name = 'a' AND schema_name = ? "
            "AND table_name = ?", [schema, table]).fetchall()}
        if not after_cols:
            problems.append(f"{schema}.{table}: missing in {after}")
            continue
        missing = [c for c in cols if c not in after_cols]
        if missing:
            problems.append(f"{schema}.{table}: columns missing in {after}: {', '.join(missing)}")
            continue
        select = ", ".join(_q(c) for c in cols)
        ref = f"{_q(schema)}.{_q(table)}"
        only_b, only_a, rows = con.execute(
            f"SELECT (SELECT count(*) FROM (SELECT {select} FROM b.{ref} EXCEPT ALL SELECT {select} FROM a.{ref})),"
            f" (SELECT count(*) FROM (SELECT {select} FROM a.{ref} EXCEPT ALL SELECT {select} FROM b.{ref})),"
            f" (SELECT count(*) FROM b.{ref})"
        ).fetchone()
        status = "same" if only_a == only_b == 0 else f"DIFFERENT ({only_b} rows only before, {only_a} only after)"
        print(f"{schema}.{table}: {rows} rows, {len(cols)} columns: {status}")
        if status != "same":
            problems.append(f"{schema}.{table}: {status}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--schema", default="marts")
    args = parser.parse_args()
    problems = compare(args.before, args.after, args.schema)
    for line in problems:
        print(line, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
