"""Billing reconciliation (finance): findings by kind and contract-month, the entries behind them,
CSV/XLSX downloads, and the billing backup document for a contract-month."""

from functools import partial

import polars as pl
import streamlit as st

from apps import charts, data, ui

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

ui.page_guard("billing", "Billing reconciliation")
ui.as_of_caption()

kinds = data.findings_by_kind()
kpis = data.executive_kpis() or {}
flagged = kinds.filter(pl.col("is_flagged"))
m = st.columns(4)
m[0].metric("Billing accuracy", ui.pct(kpis.get("billing_accuracy")), help="ok entries / reconciled entries")
currency = data.reporting_currency()
m[1].metric("Recoverable revenue", ui.money(kpis.get("recoverable_revenue"), 2),
            help=f"sum of max(expected - billed, 0), in {currency} (each contract at its rate)")
m[2].metric("Flagged entries", f"{flagged['entries'].sum():,}")
m[3].metric("Net variance (billed - expected)", ui.money(kinds["variance"].sum(), 2), help=f"in {currency}")

left, right = st.columns([3, 2])
with left:
    st.altair_chart(charts.findings_by_kind(kinds), width="stretch")
with right:
    st.dataframe(kinds.drop("is_reconciled", "is_flagged"), hide_index=True, width="stretch",
                 column_config={c: st.column_config.NumberColumn(format="%,.2f")
                                for c in ["billed_amount", "expected_amount", "variance", "recoverable_revenue"]})
present = kinds["finding"].to_list()
finding = st.selectbox("Entries with finding",  # the findings that cost or owe money first
                       flagged["finding"].to_list()
                       + [f for f in present if f != "ok" and f not in flagged["finding"].to_list()],
                       key="billing_finding")
if finding:
    by_finding = data.entries_by_finding(finding)
    st.dataframe(by_finding, hide_index=True, width="stretch", height=240)
    d1, d2 = st.columns(2)
    # files are made when clicked (callables), not on every rerun
    d1.download_button("Download CSV", partial(data.to_csv_bytes, by_finding), f"entries_{finding}.csv",
                       "text/csv", key="dl_finding_csv", on_click="ignore")
    d2.download_button("Download XLSX", partial(data.to_xlsx_bytes, by_finding, finding), f"entries_{finding}.xlsx",
                       XLSX, key="dl_finding_xlsx", on_click="ignore")

st.subheader("By contract-month")
months = data.contract_month_findings()
only_flagged = st.toggle("Only contract-months with findings", value=True, key="billing_only_flagged")
shown = months.filter((pl.col("flagged_entries") > 0) | (pl.col("variance").abs() >= 0.005)) if only_flagged else months
st.dataframe(
    shown.select(["contract_id", "client_name", "month", "flagged_entries", "recoverable_revenue", "variance",
                  "expected_amount", "billed_amount", "used_hours", "included_hours", "overage_hours",
                  "breached_tickets", "sla_credit"]),
    hide_index=True, width="stretch", height=300,
    column_config={"month": st.column_config.DateColumn(format="YYYY-MM"),
                   **{c: st.column_config.NumberColumn(format="%,.2f")
                      for c in ["recoverable_revenue", "variance", "expected_amount", "billed_amount", "sla_credit"]}},
)
c1, c2 = st.columns(2)
contract_ids = shown["contract_id"].unique(maintain_order=True).to_list()  # the table's order
contract = c1.selectbox("Contract", contract_ids, key="billing_contract")
month_options = shown.filter(pl.col("contract_id") == contract)["month"].sort(descending=True).to_list() if contract else []
month = c2.selectbox("Month", month_options, format_func=lambda d: d.strftime("%Y-%m"), key="billing_month")
if contract and month:
    entries = data.billing_entries(contract, month)
    st.caption(f"{entries.height} time entries on {contract} in {month:%Y-%m}")
    st.dataframe(entries, hide_index=True, width="stretch", height=300)
    stem = f"{contract}_{month:%Y-%m}"
    d1, d2, d3, d4 = st.columns(4)
    d1.download_button("Entries CSV", partial(data.to_csv_bytes, entries), f"{stem}.csv", "text/csv",
                       key="dl_cm_csv", on_click="ignore")
    d2.download_button("Entries XLSX", partial(data.to_xlsx_bytes, entries, stem), f"{stem}.xlsx", XLSX,
                       key="dl_cm_xlsx", on_click="ignore")
    # The document takes a moment to render: make it on request, then keep it for this session.
    prepared = st.session_state.setdefault("billing_backups", {})
    if d3.button("Prepare billing backup", key="prepare_backup", icon=":material/description:"):
        try:
            prepared[stem] = data.billing_backup(contract, month) or "missing"
        except Exception as exc:  # a document bug must not take the page down
            st.error(f"The billing backup document could not be made: {exc}")
    backup = prepared.get(stem)
    if backup == "missing":
        st.info("No billing backup document for this contract-month "
                "(contractops.documents.billing_backup is not available, or the month has no row).")
    elif backup:
        if "pdf" in backup:
            d4.download_button("Billing backup (PDF)", backup["pdf"][1], backup["pdf"][0], "application/pdf",
                               key="dl_backup_pdf")
        if "html" in backup:
            d4.download_button("Billing backup (HTML)", backup["html"][1], backup["html"][0], "text/html",
                               key="dl_backup_html")
