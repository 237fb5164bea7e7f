"""No access: shown to someone signed in whose email the access file does not list."""

import streamlit as st

from ui.access import current_person, get_policy
from ui.data import get_settings
from viewmodels.common import plain

person = current_person()
st.title("You do not have access yet")
st.markdown(
    f"You are signed in as **{plain(person.email) or 'an account with no email address'}**, which is not on the list of "
    "people who may see this dashboard's survey results.\n\n"
    f"To ask for access, write to **{plain(get_policy(get_settings()).who_to_ask())}** with your name, your council and your role."
)
if st.button("Sign out", key="sign_out_no_access", icon=":material/logout:"):
    st.logout()
