"""Welcome: what the dashboard is, for visitors who are not signed in (no survey data here), and why
they must sign in again when their sign-in has expired."""

import streamlit as st

from ui.access import current_person
from viewmodels.common import plain

st.title("London digital maturity benchmark")
if current_person().reason:
    st.info(plain(current_person().reason), icon=":material/schedule:")
st.markdown(
    "Each survey round, London's 33 local authorities assess their digital maturity on seven dimensions: leadership, "
    "user-centred services, data, technology, cyber security, skills and collaboration. This dashboard turns their "
    "answers into maturity levels, compares each borough with London and with boroughs like it, and shows which "
    "boroughs are ready to take on a pilot.\n\n"
    "The results are shared with the councils that take part. **Sign in with your council account** to see them: "
    "borough staff see the published rounds with their own borough first; the office that runs the survey also loads "
    "and publishes rounds."
)
if st.button("Sign in", type="primary", key="sign_in", icon=":material/login:"):
    st.login()
