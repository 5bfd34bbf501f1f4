"""Connectors: another system's export + a mapping file (YAML, no code) -> landing rows.

`mapping` parses and validates the file, `readers` reads CSV/XLSX/JSON-lines exports (gzip or
not), `transform` maps them set-based into the loader's ``mapped.<source>__<kind>`` tables,
`sources` is the landing-zone layout (``sources/<name>/mapping.yaml`` + ``exports/``).
Plain Python: Dagster wraps it in orchestration/defs/connectors.
"""
