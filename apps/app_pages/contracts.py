"""Contracts: full-text search over the contract documents, and each contract's terms with the
page each term came from. Technicians see the terms without rates, fees or margins."""

import polars as pl
import streamlit as st

from apps import data, ui

user = ui.page_guard("contracts", "Contracts")
show_money = user.sees_money


def show_contract(contract_id: str) -> None:
    st.session_state["contract_pick"] = contract_id


st.subheader("Search the contract documents")
query = st.text_input("Words or a phrase", placeholder="e.g. badge east lobby, HIPAA, after-hours rate",
                      key="contract_search")
if query.strip():
    hits = data.search(query.strip(), show_money=show_money)
    if hits is None:
        st.info("Full-text search is not available yet (contractops.search is not built).")
    elif not hits:
        st.write("No matches.")
    else:
        groups = data.group_by_contract(hits)
        st.caption(f"{len(hits)} best-matching pages in {len(groups)} contracts, best first. "
                   'A "quoted phrase" must appear as written; pages holding your words as a phrase come first.')
        rank = 0
        for group in groups:
            with st.container(border=True):
                head, action = st.columns([5, 1])
                head.markdown(f"**{group['contract_id']}** - {ui.escape_md(group['hits'][0]['source_file'])} "
                              f"- {len(group['hits'])} page{'s' if len(group['hits']) != 1 else ''}")
                action.button("Show terms", key=f"hit_{rank}", on_click=show_contract, args=(group["contract_id"],))
                for hit in group["hits"]:
                    st.caption(f"page {hit['page']} - score {hit['score']:.2f}")
                    st.markdown(ui.highlight(hit["snippet"], query))
                rank += 1

st.subheader("Contract terms")
contracts = data.contract_list()
labels = {r["contract_id"]: f"{r['contract_id']} - {r['client_name'] or r['client_id']} "
                            f"({r['start_date']} to {r['end_date']})"
          for r in contracts.iter_rows(named=True)}
contract_id = st.selectbox("Contract", list(labels), format_func=labels.get, key="contract_pick")
if not contract_id:
    st.stop()
terms = data.contract_terms(contract_id, show_money=show_money)
row = terms["contract"].row(0, named=True)
if row.get("review_status") == "needs_review":
    st.warning("This contract needs review: it is excluded from SLA and billing judgements until fixed.")
    if terms["review_items"].height:
        st.dataframe(terms["review_items"], hide_index=True, width="stretch")

c = st.columns([1, 3] if not show_money else [1, 2, 1])
c[0].metric("Tier", row.get("tier") or "-")
c[1].markdown(
    f"**{row.get('title') or 'Contract'}**  \n"
    f"Term {row['start_date']} to {row['end_date']}"
    f"{' (auto-renews)' if row.get('auto_renew') else ''}  \n"
    f"Coverage {row.get('coverage_hours') or 'not stated'} ({row.get('coverage_timezone') or '-'})"
    f"{', public holidays closed' if row.get('public_holidays') else ''}  \n"
    f"Billing model {row.get('billing_model') or '-'}")
if show_money:
    c[2].metric("Annual value", f"{ui.money(row.get('annual_value'))} {row.get('currency') or ''}")

left, right = st.columns(2)
with left:
    st.markdown("**SLA targets (minutes)**")
    st.dataframe(terms["sla"], hide_index=True, width="stretch")
    st.markdown("**Services**")
    services = terms["services"]
    if services.height:
        st.dataframe(services, hide_index=True, width="stretch")
    else:
        st.write("All services (nothing listed as included or excluded).")
with right:
    st.markdown("**Escalation contacts**")
    st.dataframe(terms["contacts"], hide_index=True, width="stretch")
    if terms["escalation_review"].height:
        st.warning("Escalation steps name a contact level this contract has no contact for: they go to "
                   "the client's account manager until a contact is added.")
        st.dataframe(terms["escalation_review"], hide_index=True, width="stretch")
    if terms["closed_dates"].height:
        st.markdown("**Closed dates**: " + ", ".join(str(d) for d in terms["closed_dates"]["closed_date"].to_list()))
    st.markdown(f"**Special instructions**: {row.get('special_instructions') or 'none'}")

st.markdown("**Every term and where it came from**")
prov = terms["provenance"]
if prov.height:
    st.dataframe(prov, hide_index=True, width="stretch", height=360,
                 column_config={"page": st.column_config.NumberColumn("page", format="%d"),
                                "confidence": st.column_config.ProgressColumn(min_value=0.0, max_value=1.0, format="%.2f")})
else:
    st.info("No term provenance recorded for this contract.")
with st.expander("All terms as stored"):
    flat = terms["contract"].select([col for col in terms["contract"].columns]).transpose(
        include_header=True, header_name="term", column_names=["value"])
    st.dataframe(flat.with_columns(pl.col("value").cast(pl.Utf8)), hide_index=True, width="stretch")
