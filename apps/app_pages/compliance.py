"""Compliance: credential and insurance gaps by due date, by contract and by technician."""

import polars as pl
import streamlit as st

from apps import charts, data, ui

ui.page_guard("compliance", "Compliance")
ui.as_of_caption()

gaps = data.compliance_gaps()
m = st.columns(4)
m[0].metric("Open gaps", f"{gaps.height}")
m[1].metric("Missing", f"{gaps.filter(pl.col('status') == 'missing').height}")
m[2].metric("Expired / below minimum",
            f"{gaps.filter(pl.col('status').is_in(['expired', 'below_minimum'])).height}")
m[3].metric("Expiring within 60 days", f"{gaps.filter(pl.col('status') == 'expiring').height}")
if gaps.is_empty():
    st.success("No compliance gaps on the contracts in force.")
    st.stop()

dated = gaps.filter(pl.col("due_date").is_not_null())
if not dated.is_empty():
    st.altair_chart(charts.gaps_by_due_date(dated), width="stretch")

by_due, by_contract, by_technician = st.tabs(["By due date", "By contract", "By technician"])
with by_due:
    st.dataframe(gaps, hide_index=True, width="stretch")
with by_contract:
    summary = gaps.group_by(["contract_id", "client_name"]).agg(
        pl.len().alias("gaps"),
        (pl.col("subject_type") == "technician").sum().alias("technician_gaps"),
        (pl.col("subject_type") == "insurance").sum().alias("insurance_gaps"),
        pl.col("due_date").min().alias("first_due"),
    ).sort(["gaps", "contract_id"], descending=[True, False])
    st.dataframe(summary, hide_index=True, width="stretch")
    contract = st.selectbox("Contract", summary["contract_id"].to_list(), key="compliance_contract")
    st.dataframe(gaps.filter(pl.col("contract_id") == contract), hide_index=True, width="stretch")
with by_technician:
    techs = gaps.filter(pl.col("subject_type") == "technician")
    summary = techs.group_by(["subject_id", "subject_name"]).agg(
        pl.len().alias("gaps"), pl.col("requirement").unique().sort().str.join(", ").alias("requirements"),
        pl.col("contract_id").n_unique().alias("contracts"), pl.col("due_date").min().alias("first_due"),
    ).sort(["gaps", "subject_id"], descending=[True, False])
    st.dataframe(summary.rename({"subject_id": "technician_id", "subject_name": "technician"}),
                 hide_index=True, width="stretch")
