"""The whole pipeline, timed per step: `make bench` runs it (issue 17).

    .venv/bin/python benchmarks/pipeline_bench.py [--scale demo|large] [--seed 7] [--runs N]
                                                  [--as-of TS] [--reruns N] [--no-results]

1. The landing zone of the scale is generated once into
   data/cache/pipeline_bench/<scale>-seed<seed>-gen<hash>/ (<hash>: the generator's source, so a
   changed generator regenerates) in its own process; its wall time and peak RSS are recorded.
2. Each of ``--runs`` runs materializes it into an empty warehouse in a child process (so peak
   memory is the run's own), then ``--reruns`` reruns follow on the same warehouse with no new
   input. A sampler thread in the child reads /proc every 0.2 s: CPU seconds and resident memory
   of the process and all its descendants (dbt is a subprocess), attributed to the Dagster step
   running at that moment (step intervals from the run's event log). dbt's own per-model times
   come from its run_results.json.
3. Rows: count(*) of every table the run published, per schema.
4. JSON to benchmarks/out/pipeline_<scale>.json; the Markdown table replaces the section between
   the markers ``<!-- pipeline-bench:<scale> -->`` in benchmarks/RESULTS.md. The per-step
   table shows one run (the run of median total wall time), every figure of a row from that run;
   the medians over all runs are a separate column, labelled so.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
OUT = REPO / "benchmarks" / "out"
RESULTS = REPO / "benchmarks" / "RESULTS.md"
AS_OF = "2026-11-16T15:00:00Z"
TICKS = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def generator_version() -> str:
    """A hash of the generator's source: the cache key changes when the generator does."""
    digest = hashlib.sha256()
    for path in sorted((REPO / "contractops" / "generate").rglob("*.py")):
        digest.update(path.relative_to(REPO).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


# ------------------------------------------------------------------------------------------
# /proc sampling (Linux): the process and every live descendant
# ------------------------------------------------------------------------------------------


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read().decode(errors="replace")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def tree_sample(root: int) -> tuple[float, int]:
    """(CPU seconds, resident bytes) of ``root`` and its live descendants; CPU includes the
    children ``root`` has already waited for (cutime/cstime)."""
    tree = _children()
    todo, cpu, rss = [root], 0.0, 0
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/stat", "rb") as handle:
                fields = handle.read().decode(errors="replace").rsplit(")", 1)[1].split()
        except OSError:
            continue
        # fields[0] is field 3 (state): utime=14, stime=15, cutime=16, cstime=17, rss=24
        cpu += (int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if pid == root else 0)) / TICKS
        rss += int(fields[21]) * PAGE
        todo.extend(tree.get(pid, []))
    return cpu, rss


CHILD = r"""
import json, sys, threading, time
sys.path.insert(0, sys.argv[4])
from benchmarks.pipeline_bench import tree_sample
import os
samples = []
stop = threading.Event()
def sample():
    me = os.getpid()
    while not stop.is_set():
        cpu, rss = tree_sample(me)
        samples.append((time.time(), cpu, rss))
        stop.wait(0.2)
thread = threading.Thread(target=sample, daemon=True)
started = time.time()
thread.start()
from contractops.pipeline import materialize
result = materialize(landing_dir=sys.argv[1], warehouse_path=sys.argv[2], as_of=sys.argv[3])
ended = time.time()
stop.set(); thread.join()
print(json.dumps({"success": result.success, "failed": result.failed_steps + result.failed_checks,
                  "run_id": result.run_id, "started": started, "ended": ended,
                  "steps": result.step_intervals, "samples": samples}))
"""


def run_once(landing: Path, warehouse: Path, as_of: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", CHILD, str(landing), str(warehouse), as_of, str(REPO)],
                          cwd=REPO, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"materialize child failed:\n{proc.stderr[-4000:]}")
    raw = json.loads(proc.stdout.strip().splitlines()[-1])
    if not raw["success"]:
        raise SystemExit(f"materialize failed: {raw['failed']}")
    samples = raw["samples"]
    steps = {}
    for key, (start, end) in sorted(raw["steps"].items(), key=lambda kv: kv[1][0]):
        inside = [s for s in samples if start <= s[0] <= end]
        before = [s for s in samples if s[0] <= start]
        after = [s for s in samples if s[0] >= end]
        cpu0 = before[-1][1] if before else 0.0
        cpu1 = after[0][1] if after else samples[-1][1]
        peak = max((s[2] for s in inside + before[-1:] + after[:1]), default=0)
        steps[key] = {"wall_seconds": round(end - start, 2), "cpu_seconds": round(cpu1 - cpu0, 2),
                      "peak_rss_mb": round(peak / 2**20)}
    return {"run_id": raw["run_id"], "wall_seconds": round(raw["ended"] - raw["started"], 2),
            # the child's whole life (imports, Dagster setup, publish) as the user waits for it
            "cpu_seconds": round(samples[-1][1], 2) if samples else None,
            "peak_rss_mb": round(max(s[2] for s in samples) / 2**20) if samples else None,
            "steps": steps, "dbt_models": dbt_model_times(raw["run_id"])}


def dbt_model_times(run_id: str) -> dict[str, float]:
    from contractops.settings import DBT_PROJECT_DIR

    for folder in (DBT_PROJECT_DIR / "target").glob(f"*-{run_id[:7]}-*"):
        results = folder / "run_results.json"
        if results.exists():
            data = json.loads(results.read_text())
            return {r["unique_id"].split(".", 2)[-1]: round(r["execution_time"], 2)
                    for r in data["results"] if r["unique_id"].startswith(("model.", "seed."))}
    return {}


def table_rows(warehouse: Path) -> dict[str, int]:
    from contractops import warehouse as wh

    with wh.read_only(warehouse) as con:
        names = con.execute("SELECT schema_name, table_name FROM duckdb_tables() WHERE NOT internal "
                            "AND database_name = current_database() ORDER BY 1, 2").fetchall()
        return {f"{s}.{t}": con.execute(f'SELECT count(*) FROM "{s}"."{t}"').fetchone()[0] for s, t in names}


# ------------------------------------------------------------------------------------------
# generation (cached)
# ------------------------------------------------------------------------------------------

GEN_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from contractops.generate import generate_landing_zone
t = time.perf_counter()
s = generate_landing_zone(Path(sys.argv[1]), scale=sys.argv[2], seed=int(sys.argv[3]))
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall_seconds": round(time.perf_counter() - t, 1),
                  "cpu_seconds": round(me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime, 1),
                  "peak_rss_mb": round(max(me.ru_maxrss, kids.ru_maxrss) / 1024), "counts": s["counts"]}))
"""


def landing_zone(scale: str, seed: int) -> tuple[Path, dict]:
    from contractops.settings import DEFAULT_CACHE

    folder = DEFAULT_CACHE / "pipeline_bench" / f"{scale}-seed{seed}-gen{generator_version()}"
    done = folder / "generated.json"
    if done.exists():
        return folder / "landing", {**json.loads(done.read_text()), "cached": True}
    shutil.rmtree(folder, ignore_errors=True)
    proc = subprocess.run([sys.executable, "-c", GEN_CHILD, str(folder), scale, str(seed)],
                          cwd=REPO, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"generation failed:\n{proc.stderr[-4000:]}")
    facts = json.loads(proc.stdout.strip().splitlines()[-1])
    done.write_text(json.dumps(facts))
    return folder / "landing", {**facts, "cached": False}


# ------------------------------------------------------------------------------------------
# report
# ------------------------------------------------------------------------------------------


def machine() -> dict:
    import dagster
    import dbt.version
    import duckdb
    import polars

    from contractops.settings import duckdb_memory_limit, duckdb_threads

    mem = next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                                text=True).stdout.strip()
    except OSError:
        commit = "?"
    from importlib.metadata import version
    return {"cores": os.cpu_count(), "ram_gib": round(int(mem.split()[1]) / 2**20, 1),
            "machine": platform.machine(), "python": platform.python_version(), "duckdb": duckdb.__version__,
            "dbt_core": dbt.version.__version__, "dbt_duckdb": version("dbt-duckdb"),
            "dagster": dagster.__version__, "polars": polars.__version__, "commit": commit,
            "duckdb_memory_limit": duckdb_memory_limit(), "duckdb_threads": duckdb_threads(),
            "load_average_start": round(os.getloadavg()[0], 1)}


def markdown(report: dict) -> str:
    m, scale = report["machine"], report["scale"]
    runs, reruns = report["runs"], report["reruns"]
    order = sorted(range(len(runs)), key=lambda i: runs[i]["wall_seconds"])
    shown = runs[order[len(order) // 2]]
    gen = report["generation"]
    lines = [
        f"Command: `.venv/bin/python benchmarks/pipeline_bench.py --scale {scale} --runs {len(runs)}"
        f" --reruns {len(reruns)}` (as of {report['as_of']}, seed {report['seed']}).",
        f"Machine: {m['machine']}, {m['cores']} cores, {m['ram_gib']} GiB RAM, shared with other engineers "
        f"(load average {m['load_average_start']} at the start, {report['load_average_end']} at the end); "
        f"Python {m['python']}, DuckDB {m['duckdb']} (memory_limit {m['duckdb_memory_limit']}, "
        f"threads {m['duckdb_threads']}), dbt-core {m['dbt_core']}, dbt-duckdb {m['dbt_duckdb']}, "
        f"Dagster {m['dagster']}, polars {m['polars']}; commit {m['commit']}; measured {report['measured_at']}.",
        "",
        f"Generation ({'cached, figures of the run that made it' if gen.get('cached') else 'this run'}): "
        f"{gen['wall_seconds']} s wall, {gen['cpu_seconds']} CPU s, peak {gen['peak_rss_mb']:,} MB; "
        f"{gen['counts'].get('tickets', 0):,} tickets, {gen['counts'].get('timesheet_entries', 0):,} time entries.",
        "",
        f"End to end (generation excluded), full run into an empty warehouse: "
        + ", ".join(f"{r['wall_seconds']} s" for r in runs)
        + f" (median {statistics.median(r['wall_seconds'] for r in runs)} s); CPU seconds (process tree) "
        + ", ".join(f"{r['cpu_seconds']}" for r in runs) + "; peak resident "
        + ", ".join(f"{r['peak_rss_mb']:,} MB" for r in runs) + ".",
    ]
    if reruns:
        lines.append("Rerun with no new input on the same warehouse: "
                     + ", ".join(f"{r['wall_seconds']} s ({r['cpu_seconds']} CPU s, peak {r['peak_rss_mb']:,} MB)"
                                 for r in reruns)
                     + f"; warehouse file {report['warehouse_mb_after_each']} MB after each run.")
    lines += ["",
              f"Per step, run {order[len(order) // 2] + 1} of {len(runs)} (median total wall, "
              f"{shown['wall_seconds']} s); every figure of a row is from that run. "
              f"The last column is the median wall over all {len(runs)} runs.", "",
              "| step | wall s | CPU s | peak RSS (process tree) | rows written | median wall s |",
              "|---|---:|---:|---:|---:|---:|"]
    rows = report["rows"]
    for key, fig in shown["steps"].items():
        table = key.replace("__", ".", 1)
        count = rows.get(table)
        med = statistics.median(r["steps"][key]["wall_seconds"] for r in runs if key in r["steps"])
        lines.append(f"| {key} | {fig['wall_seconds']} | {fig['cpu_seconds']} | {fig['peak_rss_mb']:,} MB | "
                     f"{'' if count is None else f'{count:,}'} | {med} |")
    if reruns:
        last = reruns[-1]
        lines += ["", f"The last rerun with no new input ({last['wall_seconds']} s wall, {last['cpu_seconds']} CPU s), "
                  "its steps of 1 s or more (wall s / CPU s): "
                  + ", ".join(f"{k} {v['wall_seconds']} / {v['cpu_seconds']}"
                              for k, v in sorted(last["steps"].items(), key=lambda kv: -kv[1]["wall_seconds"])
                              if v["wall_seconds"] >= 1) + "."]
    slow = sorted(shown["dbt_models"].items(), key=lambda kv: -kv[1])[:12]
    if slow:
        lines += ["", "Slowest dbt models of that run (dbt's execution_time, s; models run 2 at a time): "
                  + ", ".join(f"{name} {sec}" + (f" ({rows[k]:,} rows)" if (k := _model_table(name, rows)) else "")
                              for name, sec in slow) + "."]
    return "\n".join(lines) + "\n"


def _model_table(name: str, rows: dict[str, int]) -> str | None:
    model = name.rsplit(".", 1)[-1]
    return next((t for t in rows if t.endswith("." + model)), None)


def write_results(scale: str, text: str) -> None:
    start, end = f"<!-- pipeline-bench:{scale} -->", f"<!-- /pipeline-bench:{scale} -->"
    body = RESULTS.read_text() if RESULTS.exists() else ""
    block = f"{start}\n{text}{end}"
    if start in body and end in body:
        head, rest = body.split(start, 1)
        body = head + block + rest.split(end, 1)[1]
    else:
        if "## Whole pipeline" not in body:
            body = body.rstrip() + "\n\n## Whole pipeline (benchmarks/pipeline_bench.py, `make bench`)\n"
        body = body.rstrip() + f"\n\n### {scale}\n\n{block}\n"
    RESULTS.write_text(body)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", default="large", choices=["tiny", "demo", "large"])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--runs", type=int, default=None, help="full runs (default 3 at demo/tiny, 1 at large)")
    ap.add_argument("--reruns", type=int, default=2, help="reruns with no new input after the last full run")
    ap.add_argument("--as-of", default=AS_OF)
    ap.add_argument("--no-results", action="store_true", help="do not touch RESULTS.md")
    ap.add_argument("--from-json", type=Path, help="only render a report written before (no run)")
    args = ap.parse_args()
    if args.from_json:
        report = json.loads(args.from_json.read_text())
        text = markdown(report)
        print(text)
        if not args.no_results:
            write_results(report["scale"], text)
        return 0
    runs_n = args.runs or (1 if args.scale == "large" else 3)
    OUT.mkdir(parents=True, exist_ok=True)
    facts = machine()
    landing, gen = landing_zone(args.scale, args.seed)
    work = OUT / f"pipeline_{args.scale}"
    runs, reruns, sizes = [], [], []
    warehouse = work / "w.duckdb"
    for n in range(runs_n):
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        runs.append(run_once(landing, warehouse, args.as_of))
        print(f"run {n + 1}: {runs[-1]['wall_seconds']} s, peak {runs[-1]['peak_rss_mb']} MB", file=sys.stderr)
    sizes.append(round(warehouse.stat().st_size / 1e6, 1))
    for n in range(args.reruns):
        reruns.append(run_once(landing, warehouse, args.as_of))
        sizes.append(round(warehouse.stat().st_size / 1e6, 1))
        print(f"rerun {n + 1}: {reruns[-1]['wall_seconds']} s", file=sys.stderr)
    report = {"scale": args.scale, "seed": args.seed, "as_of": args.as_of, "machine": facts, "generation": gen,
              "generator_version": generator_version(), "runs": runs, "reruns": reruns,
              "warehouse_mb_after_each": sizes, "rows": table_rows(warehouse),
              "load_average_end": round(os.getloadavg()[0], 1),
              "measured_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    (OUT / f"pipeline_{args.scale}.json").write_text(json.dumps(report, indent=1))
    text = markdown(report)
    print(text)
    if not args.no_results:
        write_results(args.scale, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
