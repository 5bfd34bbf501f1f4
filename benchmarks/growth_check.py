"""The warehouse file over 10 reruns on the same inputs: 10 build-and-publish cycles on a real
warehouse, each replacing every table as a full materialize does, with compaction off and on.

    .venv/bin/python benchmarks/growth_check.py WAREHOUSE.duckdb off|on

Prints the file size (MB) before and after each cycle (works on copies beside WAREHOUSE)."""
import shutil
import sys

from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from contractops import warehouse as wh  # noqa: E402
src = Path(sys.argv[1]); compact = sys.argv[2] == "on"
if not compact:
    wh.COMPACT_FREE_SHARE = 1.0
p = src.with_name(f"w-{sys.argv[2]}.duckdb"); shutil.copyfile(src, p)
sizes = [round(p.stat().st_size / 1e6, 1)]
for n in range(10):
    b = wh.begin_build(p, f"r{n}")
    con = wh.connect(b)
    tables = con.execute("select schema_name, table_name from duckdb_tables() where not internal and database_name=current_database()").fetchall()
    for s, t in tables:
        con.execute(f'create or replace table "{s}"."{t}" as select * from "{s}"."{t}"')
    con.close()
    wh.publish(p, f"r{n}")
    sizes.append(round(p.stat().st_size / 1e6, 1))
print(sys.argv[2], sizes)
