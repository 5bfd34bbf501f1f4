# The verbs a newcomer looks for. Everything sets itself up first (scripts/setup.sh).
.PHONY: setup demo test test-all bench dev clean

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

bench: setup
	.venv/bin/python benchmarks/run_all.py

dev: setup
	PATH=$(CURDIR)/.venv/bin:$$PATH DAGSTER_HOME=$(CURDIR) .venv/bin/dagster dev -m orchestration.definitions

clean:
	rm -rf data/warehouse data/landing data/ground_truth data/cache data/outbox data/reports data/dagster dbt_project/target
