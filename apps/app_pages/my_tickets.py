"""My tickets, laid out for a phone: the signed-in technician's open tickets (their
`technician_id` in the users file), soonest due first. Each opens the client's contract card:
coverage now, the SLA of the ticket's priority and the time left, whether the ticket's service is
in scope, special instructions and escalation contacts. No money: the page reads
marts.mart_technician_tickets (no money columns) and the technician's contract card
(contractops.lookup, which never reads rates, fees or values)."""

import datetime as dt
from zoneinfo import ZoneInfo

import streamlit as st

from apps import data, ui
from contractops.lookup import LookupError_, minutes_text, scope_answer

user = ui.page_guard("my_tickets", "My tickets")
if not user.technician_id:
    st.warning("Your sign-in is not linked to a technician (technician_id in the users file): "
               "ask an administrator.")
    st.stop()

clock = data.lookup_clock()
now = clock.at
tickets = data.technician_tickets(user.technician_id)
name = data.technician_name(user.technician_id) or user.name
as_of = tickets["as_of"][0] if tickets.height else data.as_of()
st.caption(f"{name} ({user.technician_id}): {tickets.height} open ticket{'' if tickets.height == 1 else 's'}, "
           "soonest due first. "
           f"Time left as of {as_of:%a %Y-%m-%d %H:%M} UTC.")
if clock.source == "sample":
    st.caption(f"Sample data: coverage is shown as of {now:%a %Y-%m-%d %H:%M} UTC, the instant this "
               "warehouse was judged as of.")
if not tickets.height:
    st.info("No open tickets are assigned to you.")
    st.stop()

STATE = {"breached": ":red[**BREACHED**]", "at_risk": ":orange[**AT RISK**]", "on_track": ":green[on track]",
         "not_applicable": "no SLA"}
ICON = {"breached": ":material/error:", "at_risk": ":material/warning:", "on_track": ":material/schedule:",
        "not_applicable": ":material/remove_circle_outline:"}


def local(moment: dt.datetime | None, tz_name: str | None) -> str:
    if moment is None:
        return "-"
    try:
        tz = ZoneInfo(tz_name or "UTC")
    except (KeyError, ValueError):
        tz = ZoneInfo("UTC")
    return moment.astimezone(tz).strftime("%a %d %b %H:%M %Z")


def time_left(minutes_left) -> str:
    if minutes_left is None:
        return ""
    return f"{ui.minutes(minutes_left)} left" if minutes_left >= 0 else f"{ui.minutes(-minutes_left)} overdue"


def due_line(t: dict, tz_name: str | None) -> str:
    if t["due_at"] is not None:
        return f"{t['next_clock']} due {local(t['due_at'], tz_name)} ({time_left(t['minutes_left'])})"
    if t["next_clock"] == "resolution" and t["is_on_hold_at_as_of"]:
        return "on hold: the resolution clock is paused"
    return {"out_of_scope": "out of scope: no SLA", "no_active_contract": "no contract in force: no SLA"}.get(
        t["entitlement"], "no SLA target")


def card_for(contract_id: str | None):
    if not contract_id:
        return None
    try:
        return data.technician_card(contract_id, now)
    except LookupError_:
        return None


def ticket_card(t: dict, card) -> None:
    tz_name = card.calendar.timezone if card else None
    st.markdown(f"**{ui.escape_md(t['summary'] or t['service_type'])}**  \n"
                f"{t['service_type'].replace('_', ' ')} - {t['status'].replace('_', ' ')} - "
                f"opened {local(t['created_at'], tz_name)}")
    if card is None:
        st.warning("No contract in force for this ticket: confirm the work with the service desk.")
        return
    status = card.coverage_at(now)
    ui.coverage_banner(status)
    st.caption(f"{card.client_name} - contract {card.contract_id}, {card.tier or '-'} tier - hours "
               f"{card.coverage_hours or 'not stated'} ({card.calendar.timezone}), local time "
               f"{status.local_time:%a %H:%M}")
    if card.review_status == "needs_review":
        st.warning("Terms under review: confirm SLAs with the service desk before promising them.")

    st.markdown(f"##### SLA for {t['priority']}")
    sla = next((r for r in card.sla if r["priority"] == t["priority"]), None)
    if sla is None:
        st.write(f"The contract states no SLA for {t['priority']}.")
    else:
        lines = [f"**{t['priority']}**: respond {minutes_text(sla['response_minutes'])}, resolve "
                 f"{minutes_text(sla['resolution_minutes'])} ({sla['clock'] or '-'} clock)"]
        for clock_name in ("response", "resolution"):
            state = t[f"{clock_name}_status"]
            due = t[f"{clock_name}_due_at"]
            lines.append(f"{clock_name.title()}: {STATE.get(state, state.replace('_', ' '))}"
                         + (f", due {local(due, tz_name)}" if due is not None else ""))
        if t["due_at"] is not None:
            lines.append(f"**Time left ({t['next_clock']}): {time_left(t['minutes_left'])}**")
        elif t["is_on_hold_at_as_of"]:
            lines.append("On hold: the resolution clock is paused.")
        st.markdown("  \n".join(lines))

    st.markdown("##### Scope")
    answer = scope_answer(card, t["service_type"])
    label = t["service_type"].replace("_", " ")
    if t["entitlement"] == "covered":
        st.success(f"**IN SCOPE** - {label} is covered by contract {card.contract_id}.")
    elif t["entitlement"] == "out_of_scope":
        st.error(f"**OUT OF SCOPE** - {answer.reason}")
        if answer.script:
            st.info(answer.script)
    else:
        st.warning(f"{t['entitlement'].replace('_', ' ')}: confirm the work with the service desk.")

    st.markdown("##### Special instructions")
    st.write(card.special_instructions or "None.")

    st.markdown("##### Escalation contacts")
    for c in card.contacts:
        phone = c["phone"] or ""
        tel = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
        st.markdown(f"**L{c['level']} {c['name']}** - {c['role'] or ''}  \n"
                    f"[{phone}](tel:{tel}) - [{c['email'] or ''}](mailto:{c['email'] or ''})")
    if not card.contacts:
        st.write("None stated.")


for t in tickets.iter_rows(named=True):
    card = card_for(t["contract_id"])
    tz_name = card.calendar.timezone if card else None
    label = (f"{t['priority']} {t['ticket_id']} - {t['client_name'] or t['client_id']}: "
             f"{due_line(t, tz_name)}")
    with st.expander(label, icon=ICON.get(t["sla_state"])):
        ticket_card(t, card)
