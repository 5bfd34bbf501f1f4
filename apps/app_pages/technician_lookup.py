"""Technician lookup, laid out for a phone: pick a client, see whether they are covered now, the
SLA targets, scope, contacts and instructions; ask whether a requested service is in scope.

"Now" is the real now, except on the generated sample, where it is the instant the warehouse was
judged as of (contractops.lookup.lookup_clock); the page says which."""

import streamlit as st

from apps import data, ui
from contractops.lookup import LookupError_, minutes_text, scope_answer

ui.page_guard("lookup", "Technician lookup")

clock = data.lookup_clock()
now = clock.at
if clock.source == "sample":
    st.info(f"Sample data: the lookup answers as of **{now:%a %Y-%m-%d %H:%M} UTC**, the instant this "
            "warehouse was judged as of, not the real clock.")
else:
    st.caption(f"As of now ({now:%a %Y-%m-%d %H:%M} UTC).")
choices = data.lookup_choices(now.date())
labels = {r["contract_id"]: f"{r['client_name']} ({r['client_id']})" for r in choices.iter_rows(named=True)}
contract_id = st.selectbox("Client", list(labels), format_func=labels.get, index=None,
                           placeholder="Choose a client (type to search)", key="lookup_client")
if not contract_id:
    st.caption(f"{len(labels)} clients with a contract in force today.")
    st.stop()
try:
    card = data.technician_card(contract_id, now)
except LookupError_ as exc:
    st.error(str(exc))
    st.stop()

status = card.coverage_at(now)
ui.coverage_banner(status)
st.caption(f"{card.client_name} - contract {card.contract_id}, {card.tier or '-'} tier, "
           f"ends {card.end_date} - hours {card.coverage_hours or 'not stated'} ({card.calendar.timezone}), "
           f"local time {status.local_time:%a %H:%M}")
if card.review_status == "needs_review":
    st.warning("Terms under review: confirm SLAs with the service desk before promising them.")

st.markdown("#### Is it in scope?")
requested = st.text_input("Requested service", placeholder="e.g. printer, project work, cabling",
                          key="lookup_service")
if requested.strip():
    answer = scope_answer(card, requested)
    if answer.in_scope:
        st.success(f"**IN SCOPE** - {answer.reason}")
    else:
        st.error(f"**OUT OF SCOPE** - {answer.reason}")
        st.markdown("**What to say**")
        st.info(answer.script)

st.markdown("#### SLA targets")
st.markdown("\n".join(
    f"- **{r['priority']}**: respond {minutes_text(r['response_minutes'])}, "
    f"resolve {minutes_text(r['resolution_minutes'])} ({r['clock'] or '-'} clock)" for r in card.sla
) or "No SLA targets stated.")

st.markdown("#### Scope")
st.markdown(f"**In scope:** {', '.join(s.replace('_', ' ') for s in card.included_services) or 'everything not excluded'}  \n"
            f"**Out of scope:** {', '.join(s.replace('_', ' ') for s in card.excluded_services) or 'nothing excluded'}")

st.markdown("#### Escalation contacts")
for c in card.contacts:
    phone = c["phone"] or ""
    tel = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    st.markdown(f"**L{c['level']} {c['name']}** - {c['role'] or ''}  \n"
                f"[{phone}](tel:{tel}) - [{c['email'] or ''}](mailto:{c['email'] or ''})")
if not card.contacts:
    st.write("None stated.")

st.markdown("#### Special instructions")
st.write(card.special_instructions or "None.")
if card.upcoming_closed_days:
    st.caption("Closed (holidays / closed dates): " + ", ".join(d.isoformat() for d in card.upcoming_closed_days[:8]))
