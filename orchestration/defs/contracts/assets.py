"""Contract terms from `contracts/*.pdf` (extraction) and `contracts/*.yaml` (corrections)."""


import hashlib
from pathlib import Path

import dagster as dg
import polars as pl

from extractors.contract_terms import (
    FIELDS,
    TABLE_COLUMNS,
    ContractDocument,
    ExtractedField,
    TermError,
    contract_rows,
    load_escalation_config,
    merge_terms,
    parse_escalation_steps,
    read_yaml_terms,
    review_contract,
)
from extractors.landing import ensure_schemas, file_sha256, record_landing_files
from contractops.warehouse import has_table
from orchestration import kept
from orchestration.resources import WarehouseResource

CONTRACT_TABLE_KEYS = [dg.AssetKey(["clean", name]) for name in TABLE_COLUMNS]
STEP = "contract_terms"
# The code that turns the documents into the tables: the readers (PDF, YAML, vocabularies), this
# asset, and the search index it builds.
READER_CODE = ("extractors", "orchestration/defs/contracts", "contractops/search.py")


def _documents(landing: Path) -> list[Path]:
    folder = landing / "contracts"
    return sorted(p for p in folder.glob("*") if p.suffix.lower() in (".pdf", ".yaml", ".yml")) if folder.exists() else []


def inputs_fingerprint(con, landing: Path, documents: list[tuple[Path, str]], escalation_config: Path) -> str:
    """What contract_terms is a function of: every contract document's name and content hash,
    the client ids it checks contracts against, the default escalation ladder, the reader code."""
    clients = "{}:{}".format(*con.execute("SELECT count(*), sum(hash(client_id)::HUGEINT) FROM clean.clients").fetchone()) \
        if has_table(con, "clean", "clients") else "missing"
    ladder = escalation_config.read_bytes() if escalation_config.is_file() else b"(none)"
    return kept.fingerprint(
        kept.code_digest(READER_CODE),
        clients,
        hashlib.sha256(ladder).hexdigest(),
        *(f"{path.name}:{sha}" for path, sha in documents),
    )


def _pdf_documents(pdfs: list[Path], landing: Path, cache_dir: Path, log) -> tuple[dict[str, ContractDocument], list[tuple[str, str]]]:
    """Extract every PDF (incrementally, in parallel); unreadable ones become rejected files."""
    if not pdfs:
        return {}, []
    from extractors.contract_pdf import UnreadablePdf, extract_many

    documents: dict[str, ContractDocument] = {}
    rejected: list[tuple[str, str]] = []
    results = extract_many(pdfs, cache_dir=cache_dir) if pdfs else {}
    for path in pdfs:
        rel = str(path.relative_to(landing))
        result = results[path]
        if isinstance(result, UnreadablePdf):
            rejected.append((rel, str(result)))
            continue
        doc = ContractDocument(stem=path.stem, pdf_file=rel, pages=list(result.pages))
        for key, item in result.fields.items():
            value = item.value
            if FIELDS.get(key) == "escalation_steps":
                # the reader gives the YAML shape of `escalation:`; the clean rows are its parse
                try:
                    value = parse_escalation_steps(value)
                except TermError as exc:
                    doc.problems.append((key, f"{key}: {exc}"))
                    continue
            doc.fields[key] = ExtractedField(
                value=value, page=item.page, snippet=item.snippet, confidence=item.confidence, source="pdf"
            )
        for problem in result.problems:
            field = problem.split(":", 1)[0].strip() if ":" in problem else "document"
            doc.problems.append((field, problem))
        documents[path.stem] = doc
    return documents, rejected


def load_contract_documents(landing: Path, cache_dir: Path, known_clients: set[str], log=None,
                            default_ladder: list[dict] | None = None):
    """All contract stems -> merged, reviewed contracts. Returns (rows by table, rejected files).
    `default_ladder` (config/escalation.yaml) is the escalation ladder of contracts stating none."""
    folder = landing / "contracts"
    pdfs = sorted(folder.glob("*.pdf")) + sorted(folder.glob("*.PDF")) if folder.exists() else []
    yamls = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]) if folder.exists() else []
    pdf_docs, rejected = _pdf_documents(pdfs, landing, cache_dir, log)
    yaml_docs: dict[str, ContractDocument] = {}
    for path in yamls:
        rel = str(path.relative_to(landing))
        try:
            yaml_docs[path.stem] = read_yaml_terms(path, rel)
        except TermError as exc:
            rejected.append((rel, str(exc)))
    rows: dict[str, list[dict]] = {name: [] for name in TABLE_COLUMNS}
    seen_ids: dict[str, str] = {}
    for stem in sorted(set(pdf_docs) | set(yaml_docs)):
        doc = merge_terms(pdf_docs.get(stem), yaml_docs.get(stem))
        source = doc.pdf_file or doc.yaml_file or stem
        if "contract_id" not in doc.fields or not doc.fields["contract_id"].value:
            # Keep the document visible (review list) under its file name rather than drop it.
            doc.fields["contract_id"] = ExtractedField(value=stem, snippet=f"file name {source}", confidence=0.0, source="file_name")
            doc.problems.append(("contract_id", "contract_id: not stated in the document; file name used"))
        cid = doc.fields["contract_id"].value
        if cid in seen_ids:
            rejected.append((source, f"duplicate contract_id {cid} (also in {seen_ids[cid]})"))
            continue
        seen_ids[cid] = source
        reasons = review_contract(doc, known_clients)
        for table, table_rows in contract_rows(doc, reasons, default_ladder).items():
            rows[table].extend(table_rows)
    return rows, rejected


def _frame(table: str, table_rows: list[dict]) -> pl.DataFrame:
    columns = TABLE_COLUMNS[table]
    data = {name: [row.get(name) for row in table_rows] for name in columns}
    return pl.DataFrame(data, schema={name: _polars_type(t) for name, t in columns.items()}, strict=False)


def _polars_type(sql_type: str) -> pl.DataType:
    return {
        "VARCHAR": pl.String, "DATE": pl.Date, "BOOLEAN": pl.Boolean, "INTEGER": pl.Int64,
        "DOUBLE": pl.Float64, "DECIMAL(18,2)": pl.Decimal(18, 2),
    }[sql_type]


@dg.multi_asset(
    specs=[
        dg.AssetSpec(key, group_name="contracts", deps=[dg.AssetKey(["clean", "clients"])], kinds={"duckdb", "pdf"})
        for key in CONTRACT_TABLE_KEYS
    ],
    name="contract_terms",
    description="Reads contracts/*.pdf (pdfplumber) and contracts/*.yaml; YAML wins field by field.",
)
def contract_terms(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    settings = warehouse.settings
    documents = [(p, file_sha256(p)) for p in _documents(warehouse.landing)]
    with warehouse.connect() as con:
        ensure_schemas(con)
        current = inputs_fingerprint(con, warehouse.landing, documents, settings.escalation_config)
        previous = None if settings.full_refresh else kept.stored(con, STEP, current)
        if previous is not None and all(has_table(con, "clean", t) for t in TABLE_COLUMNS):
            context.log.info("contract documents, clients and reader unchanged since the published build: terms kept")
            for key in CONTRACT_TABLE_KEYS:
                yield dg.MaterializeResult(asset_key=key, metadata={**previous[key.path[-1]], "kept": True})
            return
        known = {r[0] for r in con.execute("SELECT client_id FROM clean.clients").fetchall()} if has_table(con, "clean", "clients") else set()
    try:
        default_ladder = load_escalation_config(settings.escalation_config)
    except TermError as exc:
        raise dg.Failure(description=str(exc)) from None
    rows, rejected = load_contract_documents(warehouse.landing, settings.cache_dir / "pdf_extract", known,
                                             context.log, default_ladder)
    with warehouse.connect() as con:
        con.execute("BEGIN TRANSACTION")
        for table, columns in TABLE_COLUMNS.items():
            frame = _frame(table, rows[table])
            col_defs = ", ".join(f"{name} {sql_type}" for name, sql_type in columns.items())
            con.execute(f"CREATE OR REPLACE TABLE clean.{table} ({col_defs})")
            con.register("_frame", frame)
            con.execute(f"INSERT INTO clean.{table} SELECT * FROM _frame")
            con.unregister("_frame")
        con.execute("DELETE FROM quarantine.rejected_files WHERE kind = 'contracts'")
        for rel, reason in rejected:
            con.execute("INSERT INTO quarantine.rejected_files VALUES ('contracts', ?, ?)", [rel, reason])
        record_landing_files(con, "contracts", [(p, f"contracts/{p.name}", sha) for p, sha in documents])
        kept.forget(con, STEP)  # until the index is built too
        con.execute("COMMIT")
        try:
            from contractops.search import build_search_index

            build_search_index(con)
            indexed = True
        except ImportError:
            indexed = False
            context.log.warning("contractops.search is not available: full-text index not built")
        needs_review = sum(1 for r in rows["contracts"] if r["review_status"] == "needs_review")
        metadata = {
            key.path[-1]: {"rows": len(rows[key.path[-1]])}
            | ({"contracts": len(rows["contracts"]), "needs_review": needs_review, "rejected_files": len(rejected)}
               if key.path[-1] == "contracts" else {})
            for key in CONTRACT_TABLE_KEYS
        }
        if indexed:
            kept.store(con, STEP, current, metadata)
    for key in CONTRACT_TABLE_KEYS:
        yield dg.MaterializeResult(asset_key=key, metadata=metadata[key.path[-1]])


