"""Small page helpers: the role check every page starts with, formatting, 'not built yet' notes."""

from __future__ import annotations

import math

import streamlit as st

from apps import data
from apps.auth import User


def current_user() -> User | None:
    return st.session_state.get("user")


def page_guard(page_key: str, title: str) -> User:
    """Stop the page unless the signed-in user's role may open it (checked again on every page,
    so a page missing from someone's navigation cannot be reached by URL either)."""
    user = current_user()
    if user is None or not user.may_open(page_key):
        st.error("You do not have access to this page.")
        st.stop()
    st.title(title)
    try:
        missing = data.missing_for(page_key)
    except data.WarehouseMissing as exc:
        st.error(str(exc))
        st.stop()
    if missing:
        st.info(
            "This page needs " + ", ".join(f"`{m}`" for m in missing)
            + ", which the warehouse does not have yet (that mart has not been built). "
            "Run `contractops materialize` once it exists."
        )
        st.stop()
    return user


def not_built(table: str, what: str) -> None:
    st.info(f"{what}: `{table}` is not in the warehouse yet (not built).")


def chart(frame, table: str, what: str, draw, empty: str | None = None) -> None:
    """One chart of a mart: the not-built note when the mart is missing (``frame`` is None), an
    info line when it has no rows and ``empty`` says what to tell, else ``draw(frame)``."""
    if frame is None:
        not_built(table, what)
    elif empty is not None and frame.is_empty():
        st.info(empty)
    else:
        st.altair_chart(draw(frame), width="stretch")


def coverage_banner(status) -> None:
    """"Covered now?" for a technician (contractops.lookup's coverage status of a contract card)."""
    if status.unknown:
        st.warning("Coverage hours unknown: the contract does not state them. Ask the service desk.")
    elif status.outside_published:
        st.warning(status.summary())
    elif status.is_open:
        st.success(f"**COVERED NOW** - {status.summary()}")
    else:
        st.error(f"**NOT COVERED NOW** - {status.summary()}")


def escape_md(text) -> str:
    """Document text shown as markdown: keep its characters literal."""
    out = str(text or "")
    for ch in "\\`*_{}[]<>()#+-.!|$~":
        out = out.replace(ch, "\\" + ch)
    return out


def highlight(snippet: str, query: str) -> str:
    """The snippet as literal markdown with the words the query matched in bold (the search's
    own matching rule, contractops.search.highlight)."""
    from contractops.search import highlight as mark

    start, end = "\x00", "\x01"  # placeholders that escaping leaves alone
    return escape_md(mark(snippet or "", query, start, end)).replace(start, "**").replace(end, "**")


def money(value, digits: int = 0) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return f"{float(value):,.{digits}f}"


def pct(value, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return f"{float(value) * 100:.{digits}f}%"


def count(value) -> str:
    return "-" if value is None else f"{int(value):,}"


def minutes(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    sign = "-" if value < 0 else ""
    m = abs(int(round(value)))
    if m >= 1440:
        return f"{sign}{m // 1440}d {m % 1440 // 60}h"
    if m >= 60:
        return f"{sign}{m // 60}h {m % 60:02d}m"
    return f"{sign}{m}m"


def as_of_caption() -> None:
    info = data.warehouse_info()
    st.caption(
        f"Figures as of {data.as_of():%Y-%m-%d %H:%M} UTC - warehouse published "
        f"{info['published_at']:%Y-%m-%d %H:%M} UTC"
    )
