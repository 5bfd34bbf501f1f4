"""Renewals: the pipeline with health and recommendation, the proposal document, the task list."""

import polars as pl
import streamlit as st

from apps import charts, data, ui

ui.page_guard("renewals", "Renewals")
ui.as_of_caption()

pipeline = data.renewal_pipeline()
due = pipeline.filter(pl.col("pipeline_status") == "due")
lapsed = pipeline.filter(pl.col("pipeline_status") == "lapsed")
m = st.columns(4)
m[0].metric("Due in the next 90 days", f"{due.height}", help="contracts ending within 90 days with no successor")
currency = data.reporting_currency()
m[1].metric("Pipeline value", ui.money(due["annual_value_reporting"].sum()),
            help=f"annual value in {currency}, each contract converted at its rate")
m[2].metric("Lapsed (last 90 days)", f"{lapsed.height}",
            help=f"value {ui.money(lapsed['annual_value_reporting'].sum())} {currency}")
m[3].metric("Recommended at risk", f"{pipeline.filter(pl.col('recommendation') == 'at_risk').height}")

if pipeline.is_empty():
    st.info("No contract is due for renewal or lapsed.")
    st.stop()
st.altair_chart(charts.renewal_health(pipeline), width="stretch")
st.dataframe(
    pipeline.select(["contract_id", "client_label", "pipeline_status", "end_date", "days_to_end",
                                 "annual_value", "currency", "health_score", "recommendation", "sla_compliance_rate",
                                 "utilisation", "account_manager"]),
    hide_index=True, width="stretch",
    column_config={
        "client_label": "client",
        "annual_value": st.column_config.NumberColumn("annual value", format="%,.0f"),
        "health_score": st.column_config.ProgressColumn("health", min_value=0, max_value=100, format="%.0f"),
        "sla_compliance_rate": st.column_config.NumberColumn("SLA 12m", format="percent"),
        "utilisation": st.column_config.NumberColumn(format="percent"),
        "end_date": st.column_config.DateColumn("end date", format="YYYY-MM-DD"),
    },
)

st.subheader("Renewal proposal")
contract = st.selectbox("Contract", pipeline["contract_id"].to_list(), key="renewal_contract")
if contract:
    row = pipeline.filter(pl.col("contract_id") == contract).row(0, named=True)
    st.markdown(f"**{row.get('client_label') or row['client_id']}** - ends {row['end_date']} "
                f"({row['days_to_end']} days) - health {row['health_score']:.0f}/100 - "
                f"recommendation **{row['recommendation']}**")
    # Rendering the document takes a moment: make it on request, keep it for the session.
    proposals = st.session_state.setdefault("renewal_proposals", {})
    if st.button("Prepare the proposal document", key="prepare_proposal", icon=":material/description:"):
        try:
            proposals[contract] = data.renewal_proposal(contract) or "missing"
        except Exception as exc:  # a document bug must not take the page down
            st.error(f"The proposal document could not be made: {exc}")
    proposal = proposals.get(contract)
    if proposal == "missing":
        st.info("The proposal document is not available for this contract "
                "(contractops.documents.renewal_proposal is not built yet, or it is not in the pipeline).")
    elif proposal:
        name, body = proposal
        st.download_button("Download proposal (HTML)", body, name, "text/html", key="dl_proposal")
        with st.expander("Preview the proposal", expanded=True):
            st.html(body.decode("utf-8"))

st.subheader("Tasks")
tasks = data.renewal_tasks()
if tasks is None:
    ui.not_built("marts.mart_renewal_tasks", "The task list")
else:
    st.dataframe(tasks.select(["due_date", "task_status", "task_type", "contract_id", "client_name",
                                           "account_manager", "recommendation", "days_until_due"]),
                 hide_index=True, width="stretch",
                 column_config={"due_date": st.column_config.DateColumn("due", format="YYYY-MM-DD")})
