"""No access: shown to someone signed in who has no role: not in the access file, excluded by it, or
signed in with an address the dashboard does not accept (unverified, or not plain ASCII). Says why."""

import streamlit as st

from ui.access import current_person, get_policy
from ui.data import get_settings
from viewmodels.common import plain

person = current_person()
st.title("You do not have access yet")
st.markdown(
    f"You are signed in as **{plain(person.email) or 'an account with no email address'}**. "
    f"{plain(person.reason)}\n\n"
    f"To ask for access, write to **{plain(get_policy(get_settings()).who_to_ask())}** with your name, your council "
    "and your role."
)
if st.button("Sign out", key="sign_out_no_access", icon=":material/logout:"):
    st.logout()
