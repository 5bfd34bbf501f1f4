#!/usr/bin/env bash
# Sets up contractops on a fresh machine with only Python 3.11 and pip: a virtual environment with
# the locked dependencies (hash-checked), the project itself, and the parsed dbt manifest.
# With --browser it also installs Debian's Chromium for the end-to-end test; with --spark pyspark,
# dbt-spark and Debian's Java 17 for the Spark parity test; as root it installs
# Debian's tesseract (OCR) and postgresql (the deployed Dagster instance's test) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null || PYTHON=python3
stamp=.venv/.installed-$(cat requirements-bootstrap.lock requirements.lock pyproject.toml | sha256sum | cut -c1-16)
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
if [ ! -f "$stamp" ]; then
  # A known pip and setuptools first (a fresh venv's pip 23.2 mishandles extras in
  # --require-hashes mode; its setuptools 65 cannot build the editable install without wheel).
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-bootstrap.lock
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
  rm -f .venv/.installed-* && touch "$stamp"
fi
.venv/bin/python -c "from contractops.dbt_manifest import ensure_manifest; ensure_manifest()"
# OCR of scanned (image-only) contract PDFs: Debian's tesseract with its English data (pytesseract
# calls the binary). Skipped at once when already installed; without root/apt, a warning only.
if ! { command -v tesseract >/dev/null && ls /usr/share/tesseract-ocr/*/tessdata/eng.traineddata >/dev/null 2>&1; }; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "installing Debian's tesseract-ocr (+ English) for scanned contracts ..."
    for attempt in 1 2 3; do
      if (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
          tesseract-ocr tesseract-ocr-eng >/dev/null); then break; fi
      [ "$attempt" = 3 ] && echo "warning: could not install tesseract-ocr; scanned PDFs will be rejected" >&2
      sleep 5  # the dpkg lock may be held by another install
    done
  else
    echo "warning: tesseract missing and not root; scanned contract PDFs will be rejected" >&2
  fi
fi
# The deployed Dagster instance's test (tests/deployment, deploy/dagster-postgres.yaml) starts a
# real PostgreSQL server from Debian's package on a loopback port. Skipped at once when installed.
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "installing Debian's postgresql for the deployed Dagster instance's test ..."
    for attempt in 1 2 3; do
      if (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
          postgresql >/dev/null); then break; fi
      [ "$attempt" = 3 ] && echo "warning: could not install postgresql; the postgres test will be skipped" >&2
      sleep 5  # the dpkg lock may be held by another install
    done
  else
    echo "warning: PostgreSQL server missing and not root; the postgres test will be skipped" >&2
  fi
fi
# --spark: the optional Spark stack for the parity test (tests/spark, make test-spark): pyspark and
# dbt-spark from their own hashed lock, and Debian's Java 17 runtime when there is no java.
if [ "${1:-}" = "--spark" ]; then
  spark_stamp=.venv/.spark-$(cat requirements-spark.lock | sha256sum | cut -c1-16)
  if [ ! -f "$spark_stamp" ]; then
    echo "installing pyspark and dbt-spark (requirements-spark.lock) ..."
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-spark.lock
    rm -f .venv/.spark-* && touch "$spark_stamp"
  fi
  if ! command -v java >/dev/null; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
      echo "installing Debian's openjdk-17-jre-headless for Spark ..."
      for attempt in 1 2 3; do
        if (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            openjdk-17-jre-headless >/dev/null); then break; fi
        [ "$attempt" = 3 ] && echo "warning: could not install Java; the spark test will be skipped" >&2
        sleep 5  # the dpkg lock may be held by another install
      done
    else
      echo "warning: java missing and not root; the spark test will be skipped" >&2
    fi
  fi
fi
if [ "${1:-}" = "--browser" ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "installing Debian's chromium for the browser test ..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "warning: could not install chromium; the browser test will be skipped" >&2
  else
    echo "warning: /usr/bin/chromium missing and not root; the browser test will be skipped" >&2
  fi
fi
