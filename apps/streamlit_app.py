"""contractops: the Streamlit app's router. Sign-in, then the pages the user's role may open.

Run with `contractops app` (which sets CONTRACTOPS_WAREHOUSE); pages live in apps/app_pages/ and
only lay out what apps/data.py returns.
"""

from __future__ import annotations

import streamlit as st

from apps.auth import ROLE_PAGES, SignInThrottled, UsersFileError, authenticate
from apps.pages import PAGES

st.set_page_config(page_title="contractops", page_icon=":material/handshake:", layout="wide")


def sign_in() -> None:
    st.title("contractops")
    st.caption("Contract operations for IT field support. Sign in to continue.")
    with st.form("sign_in"):
        username = st.text_input("Username", key="sign_in_username")
        password = st.text_input("Password", type="password", key="sign_in_password")
        submitted = st.form_submit_button("Sign in", type="primary")
    if submitted:
        try:
            user = authenticate(username, password, client=st.context.ip_address)
        except (UsersFileError, SignInThrottled) as exc:
            st.error(str(exc))
            return
        if user is None:
            st.error("Unknown user or wrong password.")
            return
        st.session_state["user"] = user
        st.rerun()


def sign_out() -> None:
    st.session_state.pop("user", None)
    st.rerun()


user = st.session_state.get("user")
if user is None:
    st.navigation([st.Page(sign_in, title="Sign in", icon=":material/login:")], position="hidden").run()
else:
    allowed = ROLE_PAGES.get(user.role, ())
    # the role's first page opens first (a technician lands on the lookup)
    pages = [
        st.Page(PAGES[key][0], title=PAGES[key][1], icon=PAGES[key][2], url_path=key, default=(key == allowed[0]))
        for key in allowed
    ]
    with st.sidebar:
        st.markdown(f"**{user.name}**  \n{user.role}")
        if st.button("Sign out", icon=":material/logout:"):
            sign_out()
    st.navigation(pages).run()
