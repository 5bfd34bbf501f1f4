"""Review queue: every contract term under review, the page it was read from with the snippet
boxed, and a form to confirm or correct the value. The answer becomes the contract's YAML
correction in the landing zone (contractops.corrections, the only writer); the next run reads it
(YAML wins field by field) and the item leaves the queue."""

from pathlib import Path

import streamlit as st

from apps import data, ui
from contractops import corrections
from contractops.page_image import page_with_snippet

user = ui.page_guard("review", "Review queue")


@st.cache_data(ttl=600, show_spinner=False, max_entries=64)
def _page_png(path: str, mtime_ns: int, page: int, snippet: str | None) -> tuple[bytes, int]:
    return page_with_snippet(Path(path), page, snippet)


queue = data.review_queue()
if not queue.height:
    st.success("Nothing to review: every contract term is confirmed.")
    st.stop()

st.caption(f"{queue.height} terms under review. An answer is written to the "
           "contract's YAML in the landing zone; the next run picks it up and the term leaves the queue.")
ui.as_of_caption()

st.dataframe(
    queue.select("contract_id", "client_name", "field", "reasons", "candidate_value", "page", "snippet", "confidence"),
    hide_index=True, width="stretch", height=min(38 + 35 * queue.height, 320),
    column_config={"page": st.column_config.NumberColumn("page", format="%d"),
                   "confidence": st.column_config.ProgressColumn(min_value=0.0, max_value=1.0, format="%.2f")})

items = list(queue.iter_rows(named=True))
labels = {f"{r['contract_id']} | {r['field']}": r for r in items}
choice = st.selectbox("Term to review", list(labels), key="review_pick")
item = labels[choice]
answered = st.session_state.setdefault("review_answered", {})
id_under_review = {(r["contract_id"], r["field"]) for r in items if r["field"] == "contract_id"}

image_col, form_col = st.columns([3, 2])
with image_col:
    pdf = data.landing_path(item["source_pdf"]) if item["source_pdf"] else None
    if pdf is None or item["page"] is None:
        st.info("No page to show: the reader found nothing for this term"
                + (f" in {ui.escape_md(item['source_pdf'])}." if item["source_pdf"] else " (no PDF)."))
    elif not pdf.exists():
        st.warning(f"{item['source_pdf']} is no longer in the landing zone.")
    else:
        try:
            png, boxed = _page_png(str(pdf), pdf.stat().st_mtime_ns, int(item["page"]), item["snippet"])
        except ValueError as exc:
            st.warning(str(exc))
        else:
            st.image(png, caption=f"{item['source_pdf']}, page {item['page']}"
                     + ("" if boxed or not item["snippet"] else " (the snippet was not found on the page)"),
                     width="stretch")

with form_col:
    st.markdown(f"**{ui.escape_md(item['contract_id'])}** - {ui.escape_md(item['client_name'] or item['client_id'] or '')}")
    st.markdown(f"Term **`{item['field']}`**")
    st.markdown(f"Why: {ui.escape_md(item['reasons'])}")
    if item["candidate_value"] is not None:
        conf = "-" if item["confidence"] is None else f"{item['confidence']:.2f}"
        st.markdown(f"Read as **{ui.escape_md(item['candidate_value'])}** (confidence {conf}"
                    + (f", from `{item['evidence_field']}`" if item["evidence_field"] != item["field"] else "") + ")")
    if item["snippet"]:
        st.markdown(f"> {ui.escape_md(item['snippet'])}")
    key = (item["contract_id"], item["field"])
    if key in answered:
        st.info(f"Answered: {answered[key]}. Waiting for the next run to read it.")
    if not corrections.correctable(item["field"]):
        st.warning(f"`{item['field']}` is not a single term: edit {item['correction_file']} by hand "
                   "(spec section 2 shape).")
    else:
        kind = corrections.field_kind(item["field"])
        with st.form(f"answer_{item['contract_id']}_{item['field']}"):
            text = st.text_input("Value", value=item["candidate_value"] or "", key=f"review_value|{choice}",
                                 help=f"a {kind.replace('_', ' ')}; dates as YYYY-MM-DD, lists comma-separated")
            same = item["candidate_value"] is not None
            confirm = st.form_submit_button("Confirm as read", disabled=not same, key="review_confirm")
            correct = st.form_submit_button("Save correction", type="primary", key="review_save")
        if confirm or correct:
            answer = item["candidate_value"] if confirm else text
            try:
                value = corrections.parse_answer(item["field"], answer)
                corrections.write_correction(
                    data.landing_path(""), item["correction_file"], item["contract_id"], item["field"], value,
                    note=f"{'confirmed' if confirm else 'corrected'} by {user.username}",
                    contract_id_under_review=(item["contract_id"], "contract_id") in id_under_review)
            except corrections.CorrectionError as exc:
                st.error(str(exc))
            else:
                answered[key] = f"{item['field']} = {value} in {item['correction_file']}"
                st.success(f"Written to {item['correction_file']}: {item['field']} = {value}. "
                           "The next run reads it.")
