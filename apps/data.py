"""The one place the app talks to the warehouse.

* Every query opens a short-lived read-only connection (`contractops.warehouse.read_only`) and
  closes it at once: a materialization publishes a new file by atomic rename and is never blocked
  by the app, and the app never sees a half-built warehouse.
* One cached function per question. Each cache key includes the published file's identity
  (inode + mtime), so a new publish is picked up on the next rerun without a restart.
* Marts only, with the few documented exceptions the contract pages need (the contract term
  tables in `staging`: provenance, services, coverage, contacts, review items; client and
  technician names).
* Parameters are bound (`?`), never formatted into SQL. Identifiers that vary (a mart name) come
  from the fixed lists in this module.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import duckdb
import polars as pl
import streamlit as st

from contractops import lookup as lookup_module
from contractops import warehouse as wh
from contractops.settings import load_settings

CACHE_TTL = 120  # seconds; a new publish changes the key anyway (short: see _read_only)

# the marts each page reads (a page whose mart is not built yet says so)
PAGE_MARTS = {
    "overview": ["marts.mart_executive_kpis", "marts.mart_contract_health"],
    "sla": ["marts.fct_ticket_sla", "marts.mart_sla_compliance"],
    "billing": ["marts.fct_billing_reconciliation", "marts.mart_contract_month_billing"],
    "renewals": ["marts.mart_renewal_pipeline"],
    "compliance": ["marts.mart_compliance_gaps"],
    "contracts": ["marts.dim_contracts", "marts.dim_contract_sla"],
    "lookup": ["marts.dim_contracts", "marts.dim_contract_sla"],
}

# finding values that are not judged (kept in step with mart_executive_kpis' billing accuracy)
NOT_RECONCILED = ("not_billable", "no_active_contract", "contract_under_review")
FLAGGED_FINDINGS = ("underbilled", "overbilled", "out_of_scope_unapproved", "out_of_scope_unbilled")

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


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _tables(version: str) -> dict[str, tuple[str, ...]]:
    with _read_only() as con:
        rows = con.execute(
            "select table_schema || '.' || table_name, list(column_name order by ordinal_position) "
            "from information_schema.columns where table_schema in ('marts', 'staging', 'clean') "
            "group by all"
        ).fetchall()
    return {name: tuple(cols) for name, cols in rows}


def has(*tables: str) -> bool:
    known = _tables(_version())
    return all(t in known for t in tables)


def columns(table: str) -> tuple[str, ...]:
    return _tables(_version()).get(table, ())


def missing_for(page_key: str) -> list[str]:
    """Marts a page needs that the warehouse does not have (yet)."""
    return [t for t in PAGE_MARTS[page_key] if not has(t)]


def warehouse_info() -> dict:
    path = warehouse_path()
    st_ = path.stat()
    return {"path": str(path), "published_at": dt.datetime.fromtimestamp(st_.st_mtime, dt.timezone.utc)}


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _as_of(version: str) -> dt.datetime:
    for table in ("marts.mart_executive_kpis", "marts.fct_ticket_sla"):
        if table in _tables(version) and "as_of" in _tables(version)[table]:
            with _read_only() as con:
                row = con.execute(f"select max(as_of) from {table}").fetchone()  # noqa: S608 fixed list
            if row and row[0]:
                return row[0].astimezone(dt.timezone.utc)
    return load_settings().as_of


def as_of() -> dt.datetime:
    """The instant the marts were judged from (what 'time left' and 'due' are relative to)."""
    return _as_of(_version())


# --------------------------------------------------------------------------------------------
# names


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _clients(version: str) -> pl.DataFrame:
    return _frame("select client_id, client_name, timezone, country from staging.stg_psa__clients order by client_name")


def clients() -> pl.DataFrame:
    return _clients(_version())


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _technicians(version: str) -> pl.DataFrame:
    return _frame("select technician_id, name as technician_name from staging.stg_hr__technicians order by name")


def technicians() -> pl.DataFrame:
    return _technicians(_version())


# --------------------------------------------------------------------------------------------
# 1. executive overview


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _executive_kpis(version: str) -> dict | None:
    df = _frame("select * from marts.mart_executive_kpis")
    return df.row(0, named=True) if df.height else None


def reporting_currency() -> str:
    """The currency executive totals are in (mart_executive_kpis.reporting_currency)."""
    return (executive_kpis() or {}).get("reporting_currency") or "USD"


def executive_kpis() -> dict | None:
    return _executive_kpis(_version()) if has("marts.mart_executive_kpis") else None


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _contract_health(version: str) -> pl.DataFrame:
    return _frame(
        "select h.*, c.client_name from marts.mart_contract_health h "
        "left join staging.stg_psa__clients c using (client_id) order by h.contract_id"
    )


def contract_health() -> pl.DataFrame | None:
    return _contract_health(_version()) if has("marts.mart_contract_health") else None


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _active_contract_value_by_tier(version: str, as_of_date: dt.date) -> pl.DataFrame:
    # in the reporting currency: each contract at its rate (mart_contract_health.fx_rate_to_reporting)
    return _frame(
        "select coalesce(c.tier, 'unknown') as tier, count(*) as contracts, "
        "sum(c.annual_value * h.fx_rate_to_reporting) as annual_value from marts.dim_contracts c "
        "left join marts.mart_contract_health h using (contract_id) "
        "where c.start_date <= ? and c.end_date >= ? group by all order by annual_value desc",
        [as_of_date, as_of_date],
    )


def active_contract_value_by_tier() -> pl.DataFrame:
    return _active_contract_value_by_tier(_version(), as_of().date())


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _renewal_pipeline_by_month(version: str) -> pl.DataFrame:
    return _frame("select * from marts.mart_renewal_pipeline_by_month order by month, pipeline_status")


def renewal_pipeline_by_month() -> pl.DataFrame | None:
    return _renewal_pipeline_by_month(_version()) if has("marts.mart_renewal_pipeline_by_month") else None


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _sla_compliance_by_month_tier(version: str, since: dt.date) -> pl.DataFrame:
    both_met, both_breached = _both_columns()
    return _frame(
        f"select s.month, coalesce(c.tier, 'unknown') as tier, "
        f"sum({both_met}) as met, sum({both_breached}) as breached, "
        f"sum({both_met}) / nullif(sum({both_met}) + sum({both_breached}), 0) as compliance_rate "
        f"from marts.mart_sla_compliance s join marts.dim_contracts c using (contract_id) "
        f"where s.month >= ? group by all having sum({both_met}) + sum({both_breached}) > 0 "
        f"order by s.month, tier",
        [since],
    )


def _both_columns() -> tuple[str, str]:
    """Tickets met/breached on both clocks (the spec's compliance rate), per mart row."""
    cols = columns("marts.mart_sla_compliance")
    if "both_met" in cols and "both_breached" in cols:
        return "s.both_met", "s.both_breached"
    # fallback: the resolution clock (both clocks counted apart)
    return "s.resolution_met", "s.resolution_breached"


def sla_compliance_by_month_tier(months: int = 12) -> pl.DataFrame | None:
    if not has("marts.mart_sla_compliance"):
        return None
    since = (as_of().date().replace(day=1) - dt.timedelta(days=31 * (months - 1))).replace(day=1)
    return _sla_compliance_by_month_tier(_version(), since)


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _margin_by_tier(version: str) -> pl.DataFrame:
    return _frame("select * from marts.mart_margin_by_tier order by tier")


def margin_by_tier() -> pl.DataFrame | None:
    return _margin_by_tier(_version()) if has("marts.mart_margin_by_tier") else None


# Amounts of several contracts are added up in the reporting currency: each row x its contract's
# rate (mart_contract_health.fx_rate_to_reporting), as the executive marts do.
FX_JOIN = "left join marts.mart_contract_health fx on fx.contract_id = {alias}.contract_id"
RECOVERABLE = "greatest(coalesce({a}.expected_amount, 0) - coalesce({a}.billed_amount, 0), 0)"


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _billing_by_month(version: str, since: dt.date) -> pl.DataFrame:
    has_month = "billing_month" in columns("marts.fct_billing_reconciliation")
    month_expr = "r.billing_month" if has_month else "cast(date_trunc('month', r.started_at) as date)"
    return _frame(
        f"select {month_expr} as month, "
        f"count(*) filter (where r.finding = 'ok') as ok_entries, "
        f"count(*) filter (where r.finding not in (?, ?, ?)) as reconciled_entries, "
        f"count(*) filter (where r.finding = 'ok') / nullif(count(*) filter (where r.finding not in (?, ?, ?)), 0) "
        f"  as billing_accuracy, "
        f"sum({RECOVERABLE.format(a='r')} * fx.fx_rate_to_reporting) "
        f"  filter (where r.expected_amount is not null) as recoverable_revenue "
        f"from marts.fct_billing_reconciliation r {FX_JOIN.format(alias='r')} "
        f"where {month_expr} >= ? group by all order by month",
        [*NOT_RECONCILED, *NOT_RECONCILED, since],
    )


def billing_by_month(months: int = 12) -> pl.DataFrame | None:
    if not has("marts.fct_billing_reconciliation"):
        return None
    since = (as_of().date().replace(day=1) - dt.timedelta(days=31 * (months - 1))).replace(day=1)
    return _billing_by_month(_version(), since)


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _service_credits_by_month(version: str, since: dt.date) -> pl.DataFrame:
    extra = (", sum(m.sla_credit_with_at_risk * fx.fx_rate_to_reporting) as sla_credit_with_at_risk"
             if "sla_credit_with_at_risk" in columns("marts.mart_contract_month_billing") else "")
    return _frame(
        f"select m.month, sum(m.sla_credit * fx.fx_rate_to_reporting) as sla_credit, "
        f"sum(m.breached_tickets) as breached_tickets{extra} "
        f"from marts.mart_contract_month_billing m {FX_JOIN.format(alias='m')} "
        f"where m.month >= ? group by all order by m.month",
        [since],
    )


def service_credits_by_month(months: int = 12) -> pl.DataFrame | None:
    if not has("marts.mart_contract_month_billing"):
        return None
    since = (as_of().date().replace(day=1) - dt.timedelta(days=31 * (months - 1))).replace(day=1)
    return _service_credits_by_month(_version(), since)


# --------------------------------------------------------------------------------------------
# 2. SLA monitor


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _sla_queue(version: str, as_of_: dt.datetime) -> pl.DataFrame:
    cols = columns("marts.fct_ticket_sla")
    # an open clock: the mart says so, or (older builds) the status says it is still running
    if "resolution_finished" in cols and "response_finished" in cols:
        resp_open, resol_open = "not t.response_finished", "not t.resolution_finished"
    else:
        resp_open = resol_open = "t.resolution_status in ('at_risk', 'on_track', 'breached')"
    return _frame(
        f"""
        with queue as (
            select t.*,
                case when {resp_open} and t.response_status in ('at_risk', 'breached')
                     then t.response_due_at end as open_response_due_at,
                case when {resol_open} and t.resolution_status in ('at_risk', 'breached')
                     then t.resolution_due_at end as open_resolution_due_at,
                ({resp_open} and t.response_status in ('at_risk', 'breached')) as response_in_queue,
                ({resol_open} and t.resolution_status in ('at_risk', 'breached')) as resolution_in_queue
            from marts.fct_ticket_sla t
            where t.entitlement = 'covered'
        )
        select
            q.ticket_id, q.client_id, cl.client_name, q.contract_id, q.tier, q.priority,
            q.service_type, q.technician_id, tech.name as technician_name, q.created_at,
            case when q.response_in_queue and q.resolution_in_queue
                 then 'response + resolution'
                 when q.response_in_queue then 'response' else 'resolution' end as clock,
            case when (q.response_in_queue and q.response_status = 'breached')
                   or (q.resolution_in_queue and q.resolution_status = 'breached')
                 then 'breached' else 'at_risk' end as sla_state,
            least(q.open_response_due_at, q.open_resolution_due_at) as due_at,
            round(date_diff('second', ?::timestamptz,
                  least(q.open_response_due_at, q.open_resolution_due_at)) / 60.0, 1) as minutes_left,
            q.response_status, q.resolution_status
        from queue q
        left join staging.stg_psa__clients cl on cl.client_id = q.client_id
        left join staging.stg_hr__technicians tech on tech.technician_id = q.technician_id
        where q.response_in_queue or q.resolution_in_queue
        order by minutes_left nulls last, q.ticket_id
        """,
        [as_of_],
    )


def sla_queue() -> pl.DataFrame | None:
    return _sla_queue(_version(), as_of()) if has("marts.fct_ticket_sla") else None


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _sla_compliance_by(version: str, level: str, tier: str | None) -> pl.DataFrame:
    both_met, both_breached = _both_columns()
    measures = (
        f"sum(s.tickets) as tickets, sum(s.response_met) as response_met, "
        f"sum(s.response_breached) as response_breached, sum(s.resolution_met) as resolution_met, "
        f"sum(s.resolution_breached) as resolution_breached, sum({both_met}) as met, "
        f"sum({both_breached}) as breached, "
        f"sum({both_met}) / nullif(sum({both_met}) + sum({both_breached}), 0) as compliance_rate"
    )
    base = "from marts.mart_sla_compliance s join marts.dim_contracts c using (contract_id)"
    if level == "tier":
        return _frame(f"select coalesce(c.tier, 'unknown') as tier, {measures} {base} group by all order by tier")
    return _frame(
        f"select s.contract_id, c.client_id, {measures} {base} where coalesce(c.tier, 'unknown') = ? "
        f"group by all order by compliance_rate nulls last, s.contract_id",
        [tier],
    )


def sla_compliance_by_tier() -> pl.DataFrame | None:
    return _sla_compliance_by(_version(), "tier", None) if has("marts.mart_sla_compliance") else None


def sla_compliance_by_contract(tier: str) -> pl.DataFrame | None:
    return _sla_compliance_by(_version(), "contract", tier) if has("marts.mart_sla_compliance") else None


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _sla_tickets(version: str, contract_id: str) -> pl.DataFrame:
    return _frame(
        "select ticket_id, priority, service_type, technician_id, created_at, "
        "response_target_minutes, response_elapsed_minutes, response_status, "
        "resolution_target_minutes, resolution_elapsed_minutes, resolution_status, resolution_due_at "
        "from marts.fct_ticket_sla where contract_id = ? order by created_at desc",
        [contract_id],
    )


def sla_tickets(contract_id: str) -> pl.DataFrame:
    return _sla_tickets(_version(), contract_id)


# --------------------------------------------------------------------------------------------
# 3. billing reconciliation


def _month_column() -> str:
    return "billing_month" if "billing_month" in columns("marts.fct_billing_reconciliation") else (
        "cast(date_trunc('month', started_at) as date)")


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _findings_by_kind(version: str) -> pl.DataFrame:
    return _frame(
        "select r.finding, count(*) as entries, sum(r.hours) as hours, "
        "sum(r.billed_amount * fx.fx_rate_to_reporting) as billed_amount, "
        "sum(r.expected_amount * fx.fx_rate_to_reporting) as expected_amount, "
        "sum(r.variance * fx.fx_rate_to_reporting) as variance, "
        f"sum({RECOVERABLE.format(a='r')} * fx.fx_rate_to_reporting) "
        "  filter (where r.expected_amount is not null) as recoverable_revenue "
        f"from marts.fct_billing_reconciliation r {FX_JOIN.format(alias='r')} "
        "group by all order by entries desc"
    )


def findings_by_kind() -> pl.DataFrame | None:
    return _findings_by_kind(_version()) if has("marts.fct_billing_reconciliation") else None


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _contract_month_findings(version: str) -> pl.DataFrame:
    month = _month_column()
    flagged = ", ".join("?" for _ in FLAGGED_FINDINGS)
    return _frame(
        f"""
        with flagged as (
            select contract_id, {month} as month,
                count(*) filter (where finding in ({flagged})) as flagged_entries,
                sum({RECOVERABLE.format(a='r')})
                    filter (where expected_amount is not null) as recoverable_revenue
            from marts.fct_billing_reconciliation r where contract_id is not null group by all
        )
        select m.contract_id, m.client_id, cl.client_name, h.currency, m.month, m.included_hours, m.used_hours,
            m.overage_hours, m.expected_amount, m.billed_amount, m.variance, m.breached_tickets,
            m.sla_credit, coalesce(f.flagged_entries, 0) as flagged_entries,
            coalesce(f.recoverable_revenue, 0) as recoverable_revenue
        from marts.mart_contract_month_billing m
        left join flagged f on f.contract_id = m.contract_id and f.month = m.month
        left join staging.stg_psa__clients cl on cl.client_id = m.client_id
        left join marts.mart_contract_health h on h.contract_id = m.contract_id
        order by m.month desc, flagged_entries desc, m.contract_id
        """,
        list(FLAGGED_FINDINGS),
    )


def contract_month_findings() -> pl.DataFrame | None:
    if not has("marts.fct_billing_reconciliation", "marts.mart_contract_month_billing"):
        return None
    return _contract_month_findings(_version())


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _billing_entries(version: str, contract_id: str, month: dt.date, finding: str | None) -> pl.DataFrame:
    month_expr = _month_column()
    sql = (
        f"select entry_id, started_at, technician_id, service_type, rate_type, hours, included_hours, "
        f"overage_hours, billed_rate, billed_amount, expected_amount, variance, finding, ticket_id "
        f"from marts.fct_billing_reconciliation where contract_id = ? and {month_expr} = ?"
    )
    params: list = [contract_id, month]
    if finding:
        sql += " and finding = ?"
        params.append(finding)
    return _frame(sql + " order by started_at, entry_id", params)


def billing_entries(contract_id: str, month: dt.date, finding: str | None = None) -> pl.DataFrame:
    return _billing_entries(_version(), contract_id, month, finding)


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _entries_by_finding(version: str, finding: str) -> pl.DataFrame:
    return _frame(
        "select entry_id, contract_id, client_id, started_at, technician_id, service_type, rate_type, "
        "hours, billed_rate, billed_amount, expected_amount, variance, finding "
        "from marts.fct_billing_reconciliation where finding = ? order by started_at desc, entry_id",
        [finding],
    )


def entries_by_finding(finding: str) -> pl.DataFrame:
    return _entries_by_finding(_version(), finding)


def to_csv_bytes(df: pl.DataFrame) -> bytes:
    return df.write_csv().encode("utf-8")


def to_xlsx_bytes(df: pl.DataFrame, sheet: str = "entries") -> bytes:
    buffer = io.BytesIO()
    # Excel has no time zones: write instants as UTC wall time
    tz_cols = [c for c, t in df.schema.items() if isinstance(t, pl.Datetime) and t.time_zone]
    df = df.with_columns([pl.col(c).dt.convert_time_zone("UTC").dt.replace_time_zone(None) for c in tz_cols])
    df.write_excel(buffer, worksheet=sheet[:31], autofit=True)
    return buffer.getvalue()


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _billing_backup(version: str, contract_id: str, month: dt.date) -> dict | None:
    """The billing backup document (HTML and PDF) for a contract-month, as bytes."""
    try:
        from contractops.documents import billing_backup
    except ImportError:
        return None
    with _read_only() as con, tempfile.TemporaryDirectory() as tmp:
        paths = billing_backup.write_billing_backup(con, contract_id, month, Path(tmp))
        return {kind: (path.name, path.read_bytes()) for kind, path in paths.items()} or None


def billing_backup(contract_id: str, month: dt.date) -> dict | None:
    return _billing_backup(_version(), contract_id, month)


# --------------------------------------------------------------------------------------------
# 4. renewals


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _renewal_pipeline(version: str) -> pl.DataFrame:
    cols = columns("marts.mart_renewal_pipeline")
    name = "p.client_name" if "client_name" in cols else "cl.client_name"
    return _frame(
        f"select p.*, {name} as client_label, h.currency, "
        f"p.annual_value * h.fx_rate_to_reporting as annual_value_reporting "
        f"from marts.mart_renewal_pipeline p "
        f"left join staging.stg_psa__clients cl on cl.client_id = p.client_id "
        f"left join marts.mart_contract_health h on h.contract_id = p.contract_id "
        f"order by p.pipeline_status, p.days_to_end, p.contract_id"
    )


def renewal_pipeline() -> pl.DataFrame | None:
    return _renewal_pipeline(_version()) if has("marts.mart_renewal_pipeline") else None


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _renewal_tasks(version: str) -> pl.DataFrame:
    return _frame("select * from marts.mart_renewal_tasks order by due_date, contract_id, step")


def renewal_tasks() -> pl.DataFrame | None:
    return _renewal_tasks(_version()) if has("marts.mart_renewal_tasks") else None


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _renewal_proposal(version: str, contract_id: str) -> tuple[str, bytes] | None:
    try:
        from contractops.documents import renewal_proposal
    except ImportError:
        return None
    with _read_only() as con, tempfile.TemporaryDirectory() as tmp:
        path = renewal_proposal.write_renewal_proposal(con, contract_id, Path(tmp))
        return (path.name, path.read_bytes()) if path else None


def renewal_proposal(contract_id: str) -> tuple[str, bytes] | None:
    return _renewal_proposal(_version(), contract_id)


# --------------------------------------------------------------------------------------------
# 5. compliance


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _compliance_gaps(version: str) -> pl.DataFrame:
    cols = columns("marts.mart_compliance_gaps")
    name = "g.subject_name" if "subject_name" in cols else "coalesce(t.name, g.subject_id)"
    return _frame(
        f"select g.contract_id, c.client_id, cl.client_name, g.subject_type, g.subject_id, "
        f"{name} as subject_name, g.requirement, g.status, g.due_date "
        f"from marts.mart_compliance_gaps g "
        f"left join marts.dim_contracts c on c.contract_id = g.contract_id "
        f"left join staging.stg_psa__clients cl on cl.client_id = c.client_id "
        f"left join staging.stg_hr__technicians t on g.subject_type = 'technician' and t.technician_id = g.subject_id "
        f"order by g.due_date nulls first, g.contract_id, g.subject_id, g.requirement"
    )


def compliance_gaps() -> pl.DataFrame | None:
    return _compliance_gaps(_version()) if has("marts.mart_compliance_gaps") else None


# --------------------------------------------------------------------------------------------
# 6. contracts


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _contract_list(version: str) -> pl.DataFrame:
    return _frame(
        "select c.contract_id, c.client_id, cl.client_name, c.tier, c.start_date, c.end_date, "
        "c.billing_model, c.review_status from marts.dim_contracts c "
        "left join staging.stg_psa__clients cl using (client_id) order by cl.client_name, c.start_date desc"
    )


def contract_list() -> pl.DataFrame:
    return _contract_list(_version())


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _contract_terms(version: str, contract_id: str) -> dict:
    out: dict = {}
    out["contract"] = _frame("select * from marts.dim_contracts where contract_id = ?", [contract_id])
    out["sla"] = _frame(
        "select priority, response_minutes, resolution_minutes, clock from marts.dim_contract_sla "
        "where contract_id = ? order by priority", [contract_id])
    staged = {
        "provenance": "select field, value, source, page, snippet, confidence "
                      "from staging.stg_contracts__term_provenance where contract_id = ? order by field",
        "services": "select service_type, inclusion from staging.stg_contracts__contract_services "
                    "where contract_id = ? order by inclusion desc, service_type",
        "contacts": "select level, name, role, email, phone from staging.stg_contracts__escalation_contacts "
                    "where contract_id = ? order by level",
        "review_items": "select field, reason from staging.stg_contracts__review_items where contract_id = ?",
        "closed_dates": "select closed_date from staging.stg_contracts__closed_dates where contract_id = ? order by 1",
    }
    for key, sql in staged.items():
        table = "staging." + sql.split("from staging.")[1].split()[0]
        out[key] = _frame(sql, [contract_id]) if table in _tables(version) else pl.DataFrame()
    return out


def contract_terms(contract_id: str, show_money: bool) -> dict:
    """The contract's terms, each with where it came from; without money for a technician."""
    terms = dict(_contract_terms(_version(), contract_id))
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


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _search(version: str, query: str, limit: int) -> list[dict] | None:
    try:
        from contractops.search import search_contracts
    except ImportError:
        return None
    with _read_only() as con:
        try:
            return search_contracts(con, query, limit)
        except duckdb.CatalogException:  # a warehouse built before the search index existed
            return None


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


def search(query: str, show_money: bool, limit: int = 20) -> list[dict] | None:
    """Ranked full-text hits (contract_id, source_file, page, snippet, score); None: no search yet.
    Without `show_money`, amounts in the snippets are hidden (a technician's view)."""
    hits = _search(_version(), query, limit)
    if hits is None or show_money:
        return hits
    return [dict(hit, snippet=redact_money(hit["snippet"])) for hit in hits]


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
