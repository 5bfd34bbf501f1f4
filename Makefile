# The verbs a newcomer looks for. Everything sets itself up first (scripts/setup.sh).
.PHONY: setup demo test test-all test-spark bench dev clean

setup:
	./scripts/setup.sh

demo: setup
	.venv/bin/contractops demo

test:
	./scripts/setup.sh --browser
	.venv/bin/python -m pytest -q

test-all:
	./scripts/setup.sh --browser
	.venv/bin/python -m pytest -q -m ""

# The same dbt project on local Apache Spark against the DuckDB build, every public mart row for
# row (tests/spark; installs pyspark, dbt-spark and Java 17 first). Minutes, not seconds.
test-spark:
	./scripts/setup.sh --spark
	.venv/bin/python -m pytest -q -m spark tests/spark

bench: setup
	.venv/bin/python benchmarks/run_all.py

# Dagster's UI, daemon (the landing sensor, the schedules) and code server; Ctrl-C stops them all
# within a few seconds (scripts/dagster_dev.py says why a wrapper is needed, and `exec` lets
# make's SIGTERM reach it). Instance home under data/. Override: make dev DEV_ARGS="-p 3001".
DAGSTER_HOME ?= $(CURDIR)/data/dagster
DEV_LOCATION ?= -m orchestration.definitions
DEV_ARGS ?=
dev: setup
	exec .venv/bin/python scripts/dagster_dev.py --home "$(DAGSTER_HOME)" -- $(DEV_LOCATION) $(DEV_ARGS)

clean:
	rm -rf data/warehouse data/landing data/ground_truth data/cache data/outbox data/reports data/dagster dbt_project/target
