"""SLA monitor: the live at-risk and breached queue, and compliance from tier to contract to ticket."""

import polars as pl
import streamlit as st

from apps import charts, data, ui

ui.page_guard("sla", "SLA monitor")
ui.as_of_caption()

queue = data.sla_queue()
st.subheader("At-risk and breached queue")
if queue is None:
    ui.not_built("marts.fct_ticket_sla", "The queue")
else:
    cols = st.columns(4)
    clients = sorted(queue["client_name"].fill_null("").unique().to_list())
    pick_client = cols[0].multiselect("Client", [c for c in clients if c], key="sla_client")
    pick_tier = cols[1].multiselect("Tier", sorted(queue["tier"].drop_nulls().unique().to_list()), key="sla_tier")
    pick_priority = cols[2].multiselect("Priority", sorted(queue["priority"].drop_nulls().unique().to_list()), key="sla_priority")
    techs = sorted(queue["technician_name"].fill_null("(unassigned)").unique().to_list())
    pick_tech = cols[3].multiselect("Technician", techs, key="sla_technician")
    shown = queue
    if pick_client:
        shown = shown.filter(pl.col("client_name").is_in(pick_client))
    if pick_tier:
        shown = shown.filter(pl.col("tier").is_in(pick_tier))
    if pick_priority:
        shown = shown.filter(pl.col("priority").is_in(pick_priority))
    if pick_tech:
        shown = shown.filter(pl.col("technician_name").fill_null("(unassigned)").is_in(pick_tech))
    breached = shown.filter(pl.col("sla_state") == "breached").height
    m = st.columns(3)
    m[0].metric("Open tickets in the queue", f"{shown.height:,}")
    m[1].metric("Breached", f"{breached:,}")
    m[2].metric("At risk", f"{shown.height - breached:,}")
    shown = shown.with_columns(
        pl.col("minutes_left").map_elements(ui.minutes, return_dtype=pl.Utf8).alias("time_left"))
    if queue.is_empty():
        st.success(f"No open ticket is at risk or breached as of {data.as_of():%Y-%m-%d %H:%M} UTC.")
    elif shown.is_empty():
        st.info("No ticket in the queue matches these filters.")
    else:
        st.dataframe(
            shown.select(["ticket_id", "sla_state", "time_left", "minutes_left", "due_at", "priority", "client_name",
                          "tier", "technician_name", "clock", "service_type", "contract_id", "created_at"]),
            hide_index=True, width="stretch", height=min(420, 38 + 35 * max(shown.height, 1)),
            column_config={
                "minutes_left": st.column_config.NumberColumn("minutes left", format="%.0f",
                                                              help="negative: past due; sort on this column"),
                "time_left": st.column_config.TextColumn("time left"),
                "due_at": st.column_config.DatetimeColumn("due (UTC)", format="YYYY-MM-DD HH:mm"),
                "created_at": st.column_config.DatetimeColumn("created (UTC)", format="YYYY-MM-DD HH:mm"),
            },
        )

st.subheader("Escalation ladders")
ladders = data.escalation_status()
if ladders is None:
    ui.not_built("marts.mart_escalation_status", "The escalation ladders")
elif ladders.is_empty():
    st.success("No open ticket clock is climbing an escalation ladder.")
else:
    st.caption("Every running ticket clock: the steps it has reached, the next step, when it will be reached "
               "(empty while the ticket is on hold) and to whom. Highest step first.")
    st.dataframe(
        ladders, hide_index=True, width="stretch", height=min(420, 38 + 35 * max(ladders.height, 1)),
        column_config={
            "steps_reached": st.column_config.NumberColumn("steps reached", format="%d"),
            "reached_thresholds": st.column_config.TextColumn("reached"),
            "last_reached_at": st.column_config.DatetimeColumn("last reached (UTC)", format="YYYY-MM-DD HH:mm"),
            "next_threshold_pct": st.column_config.NumberColumn("next step %", format="%.0f"),
            "next_step_at": st.column_config.DatetimeColumn("next step at (UTC)", format="YYYY-MM-DD HH:mm"),
            "next_recipients": st.column_config.TextColumn("next goes to"),
            "is_paused": st.column_config.CheckboxColumn("on hold"),
        },
    )
    pick = st.selectbox("Ticket ladder", ladders["ticket_id"].unique(maintain_order=True).to_list(),
                        key="sla_ladder_ticket")
    if pick:
        st.dataframe(data.escalation_ladder(pick), hide_index=True, width="stretch", column_config={
            "reached_at": st.column_config.DatetimeColumn("reached / reaches (UTC)", format="YYYY-MM-DD HH:mm"),
            "delivered_at": st.column_config.DatetimeColumn("delivered (UTC)", format="YYYY-MM-DD HH:mm"),
        })

st.subheader("Compliance: tier, then contract, then ticket")
by_tier = data.sla_compliance_by_tier()
if by_tier is None:
    ui.not_built("marts.mart_sla_compliance", "Compliance")
    st.stop()
left, right = st.columns([2, 3])
with left:
    st.altair_chart(charts.sla_compliance_by_tier(by_tier), width="stretch")
with right:
    st.dataframe(by_tier.select(["tier", "tickets", "met", "breached", "compliance_rate"]), hide_index=True,
                 width="stretch",
                 column_config={"compliance_rate": st.column_config.NumberColumn("compliance", format="percent")})
tiers = by_tier["tier"].to_list()
tier = st.selectbox("Tier", tiers, key="sla_drill_tier")
by_contract = data.sla_compliance_by_contract(tier)
st.caption(f"{by_contract.height} contracts in tier {tier}, lowest compliance first")
st.dataframe(by_contract.select(["contract_id", "client_id", "tickets", "met", "breached", "compliance_rate"]),
             hide_index=True, width="stretch", height=260,
             column_config={"compliance_rate": st.column_config.NumberColumn("compliance", format="percent")})
contract = st.selectbox("Contract", by_contract["contract_id"].to_list(), key="sla_drill_contract")
if contract:
    tickets = data.sla_tickets(contract)
    st.caption(f"{tickets.height} tickets on {contract}, newest first")
    st.dataframe(tickets, hide_index=True, width="stretch", height=320, column_config={
        c: st.column_config.NumberColumn(c.replace("_", " "), format="%.0f")
        for c in ["response_target_minutes", "response_elapsed_minutes", "resolution_target_minutes",
                  "resolution_elapsed_minutes"]
    } | {"created_at": st.column_config.DatetimeColumn("created (UTC)", format="YYYY-MM-DD HH:mm"),
         "resolution_due_at": st.column_config.DatetimeColumn("resolution due (UTC)", format="YYYY-MM-DD HH:mm")})
