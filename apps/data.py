"""The one place the app talks to the warehouse.

* Every query opens a short-lived read-only connection (`contractops.warehouse.read_only`) and
  closes it at once: a materialization publishes a new file by atomic rename and is never blocked
  by the app, and the app never sees a half-built warehouse.
* One cached function per question, behind one decorator (`cached`): each cache key includes the
  published file's identity (inode + mtime), so a new publish is picked up on the next rerun.
* Plain selects from marts: every figure is computed in dbt, none here (the few documented
  exceptions are the contract term tables in `staging`: provenance, services, coverage,
  contacts, review items; client and technician names).
* Parameters are bound (`?`), never formatted into SQL. Identifiers that vary (a mart name) come
  from the fixed lists in this module.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import duckdb
import polars as pl
import streamlit as st

from contractops import lookup as lookup_module
from contractops import warehouse as wh
from contractops.settings import load_settings

T = TypeVar("T")

CACHE_TTL = 120  # seconds; a new publish changes the key anyway (short: see _read_only)

# the marts each page reads (a page whose mart is not built yet says so)
PAGE_MARTS = {
    "overview": ["marts.mart_executive_kpis", "marts.mart_contract_health", "marts.mart_billing_by_month"],
    "sla": ["marts.fct_ticket_sla", "marts.mart_sla_compliance", "marts.mart_sla_queue",
            "marts.mart_escalation_status"],
    "billing": ["marts.fct_billing_reconciliation", "marts.mart_contract_month_billing", "marts.mart_billing_findings"],
    "renewals": ["marts.mart_renewal_pipeline"],
    "compliance": ["marts.mart_compliance_gaps"],
    "contracts": ["marts.dim_contracts", "marts.dim_contract_sla"],
    "lookup": ["marts.dim_contracts", "marts.dim_contract_sla"],
    "my_tickets": ["marts.mart_technician_tickets", "marts.mart_contract_coverage", "marts.dim_contracts",
                   "marts.dim_contract_sla"],
    "review": ["marts.mart_review_queue", "marts.dim_contracts"],
}

# terms a technician must not see (rates, fees, values)
MONEY_FIELDS = (
    "annual_value", "monthly_fee", "overage_rate", "rate_standard", "rate_after_hours",
    "rate_emergency", "currency", "billing.", "penalties.", "credit_pct_per_breach",
    "monthly_credit_cap_pct", "margin",
)


class WarehouseMissing(RuntimeError):
    pass


# --------------------------------------------------------------------------------------------
# plumbing


def warehouse_path() -> Path:
    return load_settings().warehouse_path


def _version() -> str:
    """Identity of the published file: changes when a run publishes a new warehouse."""
    path = warehouse_path()
    try:
        st_ = path.stat()
    except FileNotFoundError:
        raise WarehouseMissing(
            f"no warehouse at {path}: run `contractops materialize` (or `contractops demo`) first"
        ) from None
    return f"{path}:{st_.st_ino}:{st_.st_mtime_ns}"


def cached(question: Callable[..., T]) -> Callable[..., T]:
    """One cached answer per question, published warehouse and arguments: the cache key carries
    the published file's identity, so a new publish is read on the next rerun."""

    def answer(version: str, *args):
        return question(*args)

    # Streamlit keys a cache by the function's module, name and source: give each question its
    # own name before caching, or every question would share one cache.
    answer.__qualname__ = answer.__name__ = f"cached_{question.__name__}"
    answer = st.cache_data(ttl=CACHE_TTL, show_spinner=False)(answer)

    @functools.wraps(question)
    def ask(*args):
        return answer(_version(), *args)

    return ask


@contextlib.contextmanager
def _read_only() -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived read-only connection; closed as soon as the question is answered.

    DuckDB shares one database instance per path within a process: a query that starts while
    another thread still reads the previous file can see that file for a moment. The short cache
    TTL bounds how long such an answer is kept."""
    with wh.read_only(warehouse_path()) as con:
        # never let an unknown table name resolve to a Python variable of this module
        con.execute("SET python_enable_replacements = false")
        yield con


def _frame(sql: str, params: list | None = None) -> pl.DataFrame:
    with _read_only() as con:
        df = con.execute(sql, params or []).pl()
    # money is DECIMAL(18,2) in the marts; floats chart and format without surprises
    return df.with_columns(pl.col(pl.Decimal).cast(pl.Float64))


def _since(months: int) -> dt.date:
    """The first day of the month `months - 1` months before as_of's month."""
    return (as_of().date().replace(day=1) - dt.timedelta(days=31 * (months - 1))).replace(day=1)


@cached
def _tables() -> frozenset[str]:
    with _read_only() as con:
        rows = con.execute(
            "select table_schema || '.' || table_name from information_schema.tables "
            "where table_schema in ('marts', 'staging')"
        ).fetchall()
    return frozenset(r[0] for r in rows)


def has(*tables: str) -> bool:
    known = _tables()
    return all(t in known for t in tables)


def missing_for(page_key: str) -> list[str]:
    """Marts a page needs that the warehouse does not have (yet)."""
    return [t for t in PAGE_MARTS[page_key] if not has(t)]


def warehouse_info() -> dict:
    path = warehouse_path()
    st_ = path.stat()
    return {"path": str(path), "published_at": dt.datetime.fromtimestamp(st_.st_mtime, dt.timezone.utc)}


@cached
def as_of() -> dt.datetime:
    """The instant the marts were judged from (what 'time left' and 'due' are relative to)."""
    if has("marts.mart_executive_kpis"):
        with _read_only() as con:
            row = con.execute("select max(as_of) from marts.mart_executive_kpis").fetchone()
        if row and row[0]:
            return row[0].astimezone(dt.timezone.utc)
    return load_settings().as_of


# --------------------------------------------------------------------------------------------
# names


@cached
def clients() -> pl.DataFrame:
    return _frame("select client_id, client_name, timezone, country from staging.stg_psa__clients order by client_name")


@cached
def technicians() -> pl.DataFrame:
    return _frame("select technician_id, name as technician_name from staging.stg_hr__technicians order by name")


# --------------------------------------------------------------------------------------------
# 1. executive overview


@cached
def executive_kpis() -> dict | None:
    if not has("marts.mart_executive_kpis"):
        return None
    df = _frame("select * from marts.mart_executive_kpis")
    return df.row(0, named=True) if df.height else None


def reporting_currency() -> str:
    """The currency executive totals are in (mart_executive_kpis.reporting_currency)."""
    return (executive_kpis() or {}).get("reporting_currency") or "USD"


@cached
def contract_health() -> pl.DataFrame | None:
    if not has("marts.mart_contract_health"):
        return None
    return _frame(
        "select h.*, c.client_name from marts.mart_contract_health h "
        "left join staging.stg_psa__clients c using (client_id) order by h.contract_id"
    )


@cached
def active_contract_value_by_tier() -> pl.DataFrame:
    return _frame(
        "select coalesce(tier, 'unknown') as tier, count(*) as contracts, "
        "sum(annual_value_reporting) as annual_value from marts.mart_contract_health "
        "where is_active_at_as_of group by all order by annual_value desc"
    )


@cached
def renewal_pipeline_by_month() -> pl.DataFrame | None:
    if not has("marts.mart_renewal_pipeline_by_month"):
        return None
    return _frame("select * from marts.mart_renewal_pipeline_by_month order by month, pipeline_status")


@cached
def _sla_compliance_by_month_tier(since: dt.date) -> pl.DataFrame:
    return _frame(
        "select s.month, coalesce(c.tier, 'unknown') as tier, "
        "sum(s.both_met) as met, sum(s.both_breached) as breached, "
        "sum(s.both_met) / nullif(sum(s.both_met) + sum(s.both_breached), 0) as compliance_rate "
        "from marts.mart_sla_compliance s join marts.dim_contracts c using (contract_id) "
        "where s.month >= ? group by all having sum(s.both_met) + sum(s.both_breached) > 0 "
        "order by s.month, tier",
        [since],
    )


def sla_compliance_by_month_tier(months: int = 12) -> pl.DataFrame | None:
    return _sla_compliance_by_month_tier(_since(months)) if has("marts.mart_sla_compliance") else None


@cached
def margin_by_tier() -> pl.DataFrame | None:
    if not has("marts.mart_margin_by_tier"):
        return None
    return _frame("select * from marts.mart_margin_by_tier order by tier")


@cached
def _billing_by_month(since: dt.date) -> pl.DataFrame:
    return _frame(
        "select month, ok_entries, reconciled_entries, billing_accuracy, recoverable_revenue "
        "from marts.mart_billing_by_month where month >= ? order by month",
        [since],
    )


def billing_by_month(months: int = 12) -> pl.DataFrame | None:
    return _billing_by_month(_since(months)) if has("marts.mart_billing_by_month") else None


# Amounts of several contracts are added up in the reporting currency: each row x its contract's
# rate (mart_contract_health.fx_rate_to_reporting), as the executive marts do.
FX_JOIN = "left join marts.mart_contract_health fx on fx.contract_id = {alias}.contract_id"


@cached
def _service_credits_by_month(since: dt.date) -> pl.DataFrame:
    return _frame(
        f"select m.month, sum(m.sla_credit * fx.fx_rate_to_reporting) as sla_credit, "
        f"sum(m.breached_tickets) as breached_tickets, "
        f"sum(m.sla_credit_with_at_risk * fx.fx_rate_to_reporting) as sla_credit_with_at_risk "
        f"from marts.mart_contract_month_billing m {FX_JOIN.format(alias='m')} "
        f"where m.month >= ? group by all order by m.month",
        [since],
    )


def service_credits_by_month(months: int = 12) -> pl.DataFrame | None:
    return _service_credits_by_month(_since(months)) if has("marts.mart_contract_month_billing") else None


# --------------------------------------------------------------------------------------------
# 2. SLA monitor


@cached
def sla_queue() -> pl.DataFrame | None:
    if not has("marts.mart_sla_queue"):
        return None
    return _frame(
        "select ticket_id, client_id, client_name, contract_id, tier, priority, service_type, "
        "technician_id, technician_name, created_at, clock, sla_state, due_at, minutes_left, "
        "response_status, resolution_status "
        "from marts.mart_sla_queue order by minutes_left nulls last, ticket_id"
    )


@cached
def escalation_status() -> pl.DataFrame | None:
    """Each running ticket clock's escalation ladder: steps reached, next step and when."""
    if not has("marts.mart_escalation_status"):
        return None
    return _frame(
        "select ticket_id, clock, priority, contract_id, client_id, technician_id, steps_reached, "
        "steps_total, reached_thresholds, last_reached_at, next_threshold_pct, next_step_at, "
        "next_recipients, is_paused, review_reason "
        "from marts.mart_escalation_status "
        "order by highest_threshold_pct desc nulls last, next_step_at nulls last, ticket_id, clock"
    )


@cached
def escalation_ladder(ticket_id: str) -> pl.DataFrame:
    return _frame(
        "select clock, step, threshold_pct, reached_at, is_reached, recipients, delivered_at, "
        "review_reason from marts.mart_escalation_ladder as l "
        "left join (select escalation_key, delivered_at from marts.escalations) as e using (escalation_key) "
        "where ticket_id = ? order by clock, step",
        [ticket_id],
    )


_SLA_MEASURES = (
    "sum(s.tickets) as tickets, sum(s.response_met) as response_met, "
    "sum(s.response_breached) as response_breached, sum(s.resolution_met) as resolution_met, "
    "sum(s.resolution_breached) as resolution_breached, sum(s.both_met) as met, "
    "sum(s.both_breached) as breached, "
    "sum(s.both_met) / nullif(sum(s.both_met) + sum(s.both_breached), 0) as compliance_rate"
)


@cached
def _sla_compliance_by_tier() -> pl.DataFrame:
    return _frame(
        f"select coalesce(c.tier, 'unknown') as tier, {_SLA_MEASURES} "
        f"from marts.mart_sla_compliance s join marts.dim_contracts c using (contract_id) "
        f"group by all order by tier"
    )


def sla_compliance_by_tier() -> pl.DataFrame | None:
    return _sla_compliance_by_tier() if has("marts.mart_sla_compliance") else None


@cached
def _sla_compliance_by_contract(tier: str) -> pl.DataFrame:
    return _frame(
        f"select s.contract_id, c.client_id, {_SLA_MEASURES} "
        f"from marts.mart_sla_compliance s join marts.dim_contracts c using (contract_id) "
        f"where coalesce(c.tier, 'unknown') = ? group by all order by compliance_rate nulls last, s.contract_id",
        [tier],
    )


def sla_compliance_by_contract(tier: str) -> pl.DataFrame | None:
    return _sla_compliance_by_contract(tier) if has("marts.mart_sla_compliance") else None


@cached
def sla_tickets(contract_id: str) -> pl.DataFrame:
    return _frame(
        "select ticket_id, priority, service_type, technician_id, created_at, "
        "response_target_minutes, response_elapsed_minutes, response_status, "
        "resolution_target_minutes, resolution_elapsed_minutes, resolution_status, resolution_due_at "
        "from marts.fct_ticket_sla where contract_id = ? order by created_at desc",
        [contract_id],
    )


# --------------------------------------------------------------------------------------------
# 3. billing reconciliation


@cached
def findings_by_kind() -> pl.DataFrame | None:
    """Per finding (marts.mart_billing_findings): entries, hours and money in the reporting
    currency, and whether the finding is reconciled / flagged."""
    if not has("marts.mart_billing_findings"):
        return None
    return _frame(
        "select finding, is_reconciled, is_flagged, entries, hours, billed_amount, expected_amount, "
        "variance, recoverable_revenue from marts.mart_billing_findings order by entries desc, finding"
    )


@cached
def contract_month_findings() -> pl.DataFrame | None:
    if not has("marts.mart_contract_month_billing"):
        return None
    return _frame(
        "select m.contract_id, m.client_id, cl.client_name, h.currency, m.month, m.included_hours, "
        "m.used_hours, m.overage_hours, m.expected_amount, m.billed_amount, m.variance, "
        "m.breached_tickets, m.sla_credit, m.flagged_entries, m.recoverable_revenue "
        "from marts.mart_contract_month_billing m "
        "left join staging.stg_psa__clients cl on cl.client_id = m.client_id "
        "left join marts.mart_contract_health h on h.contract_id = m.contract_id "
        "order by m.month desc, m.flagged_entries desc, m.contract_id"
    )


@cached
def billing_entries(contract_id: str, month: dt.date, finding: str | None = None) -> pl.DataFrame:
    sql = (
        "select entry_id, started_at, technician_id, service_type, rate_type, hours, included_hours, "
        "overage_hours, billed_rate, billed_amount, expected_amount, variance, finding, ticket_id "
        "from marts.fct_billing_reconciliation where contract_id = ? and billing_month = ?"
    )
    params: list = [contract_id, month]
    if finding:
        sql += " and finding = ?"
        params.append(finding)
    return _frame(sql + " order by started_at, entry_id", params)


@cached
def entries_by_finding(finding: str) -> pl.DataFrame:
    return _frame(
        "select entry_id, contract_id, client_id, started_at, technician_id, service_type, rate_type, "
        "hours, billed_rate, billed_amount, expected_amount, variance, finding "
        "from marts.fct_billing_reconciliation where finding = ? order by started_at desc, entry_id",
        [finding],
    )


def to_csv_bytes(df: pl.DataFrame) -> bytes:
    return df.write_csv().encode("utf-8")


def to_xlsx_bytes(df: pl.DataFrame, sheet: str = "entries") -> bytes:
    """The same workbook as `contractops export --format xlsx`: typed cells, instants in UTC
    (named in the header), frozen header, money formats."""
    from contractops.export import write_xlsx

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "download.xlsx"
        write_xlsx(df, path, sheet[:31])
        return path.read_bytes()


@cached
def billing_backup(contract_id: str, month: dt.date) -> dict | None:
    """The billing backup document (HTML and PDF) for a contract-month, as bytes."""
    from contractops.documents import billing_backup as document

    with _read_only() as con, tempfile.TemporaryDirectory() as tmp:
        paths = document.write_billing_backup(con, contract_id, month, Path(tmp))
        return {kind: (path.name, path.read_bytes()) for kind, path in paths.items()} or None


# --------------------------------------------------------------------------------------------
# 4. renewals


@cached
def renewal_pipeline() -> pl.DataFrame | None:
    if not has("marts.mart_renewal_pipeline"):
        return None
    return _frame(
        "select p.*, p.client_name as client_label, h.currency, h.annual_value_reporting "
        "from marts.mart_renewal_pipeline p "
        "left join marts.mart_contract_health h on h.contract_id = p.contract_id "
        "order by p.pipeline_status, p.days_to_end, p.contract_id"
    )


@cached
def renewal_tasks() -> pl.DataFrame | None:
    if not has("marts.mart_renewal_tasks"):
        return None
    return _frame("select * from marts.mart_renewal_tasks order by due_date, contract_id, step")


@cached
def renewal_proposal(contract_id: str) -> tuple[str, bytes] | None:
    from contractops.documents import renewal_proposal as document

    with _read_only() as con, tempfile.TemporaryDirectory() as tmp:
        path = document.write_renewal_proposal(con, contract_id, Path(tmp))
        return (path.name, path.read_bytes()) if path else None


# --------------------------------------------------------------------------------------------
# 5. compliance


@cached
def compliance_gaps() -> pl.DataFrame | None:
    if not has("marts.mart_compliance_gaps"):
        return None
    return _frame(
        "select g.contract_id, g.client_id, cl.client_name, g.subject_type, g.subject_id, "
        "g.subject_name, g.requirement, g.status, g.due_date "
        "from marts.mart_compliance_gaps g "
        "left join staging.stg_psa__clients cl on cl.client_id = g.client_id "
        "order by g.due_date nulls first, g.contract_id, g.subject_id, g.requirement"
    )


# --------------------------------------------------------------------------------------------
# 6. contracts


@cached
def contract_list() -> pl.DataFrame:
    return _frame(
        "select c.contract_id, c.client_id, cl.client_name, c.tier, c.start_date, c.end_date, "
        "c.billing_model, c.review_status from marts.dim_contracts c "
        "left join staging.stg_psa__clients cl using (client_id) order by cl.client_name, c.start_date desc"
    )


_CONTRACT_TERM_QUERIES = {
    "contract": "select * from marts.dim_contracts where contract_id = ?",
    "sla": "select priority, response_minutes, resolution_minutes, clock from marts.dim_contract_sla "
           "where contract_id = ? order by priority",
    "provenance": "select field, value, source, page, snippet, confidence "
                  "from staging.stg_contracts__term_provenance where contract_id = ? order by field",
    "services": "select service_type, inclusion from staging.stg_contracts__contract_services "
                "where contract_id = ? order by inclusion desc, service_type",
    "contacts": "select level, name, role, email, phone from staging.stg_contracts__escalation_contacts "
                "where contract_id = ? order by level",
    "review_items": "select field, reason from staging.stg_contracts__review_items where contract_id = ?",
    "closed_dates": "select closed_date from staging.stg_contracts__closed_dates where contract_id = ? order by 1",
    "escalation_review": "select priority, clock, step, threshold_pct, contact_level, reason "
                         "from marts.mart_escalation_review where contract_id = ? "
                         "order by priority, clock, step",
}


@cached
def _contract_terms(contract_id: str) -> dict:
    queries = dict(_CONTRACT_TERM_QUERIES)
    if not has("marts.mart_escalation_review"):  # a warehouse built before escalations existed
        queries.pop("escalation_review")
    terms = {key: _frame(sql, [contract_id]) for key, sql in queries.items()}
    terms.setdefault("escalation_review", pl.DataFrame())
    return terms


def contract_terms(contract_id: str, show_money: bool) -> dict:
    """The contract's terms, each with where it came from; without money for a technician."""
    terms = dict(_contract_terms(contract_id))
    if not show_money:
        contract = terms["contract"]
        terms["contract"] = contract.select([c for c in contract.columns if not _is_money(c)])
        prov = terms["provenance"]
        if prov.height:
            terms["provenance"] = prov.filter(
                ~pl.col("field").map_elements(_is_money, return_dtype=pl.Boolean))
    return terms


def _is_money(field_name: str) -> bool:
    name = field_name.lower()
    return any(name.startswith(m) or m in name for m in MONEY_FIELDS)


@cached
def _search(query: str, limit: int) -> list[dict]:
    from contractops.search import search_contracts

    with _read_only() as con:
        return search_contracts(con, query, limit)


_CURRENCY = r"(?:USD|CAD|EUR|AUD|INR|GBP|NZD|SGD|CHF|A\$|C\$|US\$|[$€£₹¥])"
MONEY_IN_TEXT = re.compile(
    rf"{_CURRENCY}\s?\d[\d,]*(?:\.\d+)?"          # $160.00, CAD 48,960
    rf"|\d[\d,]*(?:\.\d+)?\s?{_CURRENCY}"          # 5,690 INR
    r"|\b\d{1,3}(?:,\d{3})+(?:\.\d+)?"             # 64,500.00
    r"|\b\d+\.\d{2}\b"                            # 115.00
)


def redact_money(text: str) -> str:
    """Contract text for someone who must not see rates, fees or values."""
    return MONEY_IN_TEXT.sub("[amount hidden]", text or "")


def group_by_contract(hits: list[dict]) -> list[dict]:
    from contractops.search import group_by_contract as group

    return group(hits)


def search(query: str, show_money: bool, limit: int = 20) -> list[dict] | None:
    """Ranked full-text hits (contract_id, source_file, page, snippet, score).
    Without `show_money`, amounts in the snippets are hidden (a technician's view)."""
    hits = _search(query, limit)
    if show_money:
        return hits
    return [dict(hit, snippet=redact_money(hit["snippet"])) for hit in hits]


# --------------------------------------------------------------------------------------------
# 8. review queue (the answers are written by contractops.corrections, not here)


@cached
def review_queue() -> pl.DataFrame:
    """Every term under review, one row per contract x field (marts.mart_review_queue)."""
    return _frame(
        "select q.contract_id, q.client_id, cl.client_name, q.field, q.reasons, q.candidate_value, "
        "q.candidate_source, q.evidence_field, q.page, q.snippet, q.confidence, q.source_pdf, "
        "q.correction_file from marts.mart_review_queue q "
        "left join staging.stg_psa__clients cl using (client_id) "
        "order by q.contract_id, q.field"
    )


def landing_path(relative: str) -> Path:
    """A landing-zone file named by a mart (source_pdf, correction_file)."""
    return load_settings().landing_dir / relative


# --------------------------------------------------------------------------------------------
# 7. technician lookup (the card logic lives in contractops.lookup, shared with the CLI)


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _lookup_sample_clock(version: str) -> dt.datetime | None:
    with _read_only() as con:
        clock = lookup_module.lookup_clock(con, None, now=dt.datetime.now(dt.timezone.utc))
    return clock.at if clock.source == "sample" else None


def lookup_clock() -> lookup_module.LookupClock:
    """The instant the technician lookup answers for: the warehouse's own as_of when it was judged
    at the generated sample's clock (so coverage agrees with the demo's figures), else now."""
    sample = _lookup_sample_clock(_version())
    if sample is not None:
        return lookup_module.LookupClock(sample, "sample")
    return lookup_module.LookupClock(dt.datetime.now(dt.timezone.utc), "now")


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _lookup_choices(version: str, on: dt.date) -> pl.DataFrame:
    return _frame(
        "select cl.client_name, c.client_id, c.contract_id, c.tier, c.end_date "
        "from marts.dim_contracts c join staging.stg_psa__clients cl using (client_id) "
        "where c.start_date <= ? and c.end_date >= ? order by cl.client_name, c.start_date desc",
        [on, on],
    )


def lookup_choices(on: dt.date) -> pl.DataFrame:
    """Clients with a contract in force on `on` (what a technician picks from)."""
    return _lookup_choices(_version(), on)


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _technician_card(version: str, key: str, on: dt.datetime) -> lookup_module.ContractCard:
    with _read_only() as con:
        contract_id = lookup_module.resolve_contract(con, key, on)
        return lookup_module.contract_card(con, contract_id, on)


def technician_card(key: str, at: dt.datetime) -> lookup_module.ContractCard:
    """Raises contractops.lookup.LookupError_ for an unknown key. Cached per hour: coverage-now
    is computed by the page from the card at the moment it renders."""
    hour = at.astimezone(dt.timezone.utc).replace(minute=0, second=0, microsecond=0)
    return _technician_card(_version(), key, hour)


# --------------------------------------------------------------------------------------------
# 8. my tickets (the technician's day: marts.mart_technician_tickets; no money columns there)


@cached
def technician_tickets(technician_id: str) -> pl.DataFrame:
    """The technician's open tickets in their day's order (soonest due first, no due time last)."""
    return _frame(
        "select ticket_id, client_id, client_name, contract_id, tier, priority, service_type, summary, "
        "status, entitlement, created_at, sla_clock, response_target_minutes, resolution_target_minutes, "
        "response_status, resolution_status, response_due_at, resolution_due_at, is_on_hold_at_as_of, "
        "next_clock, due_at, minutes_left, sla_state, day_order, as_of "
        "from marts.mart_technician_tickets where technician_id = ? order by day_order",
        [technician_id],
    )


@cached
def technician_name(technician_id: str) -> str | None:
    df = _frame("select name from staging.stg_hr__technicians where technician_id = ?", [technician_id])
    return df["name"][0] if df.height else None
