"""Welcome: what the dashboard is, for visitors who are not signed in (no survey data here), and why
they must sign in again when their sign-in has expired."""

import streamlit as st

from survey.area_sets import active_area_set
from ui.access import current_person
from viewmodels.common import plain

area_set = active_area_set()
st.title(f"{area_set.title} digital maturity benchmark")
if current_person().reason:
    st.info(plain(current_person().reason), icon=":material/schedule:")
st.markdown(
    f"Each survey round, {area_set.possessive} {area_set.count} local authorities assess their digital maturity on seven "
    "dimensions: leadership, user-centred services, data, technology, cyber security, skills and collaboration. This "
    f"dashboard turns their answers into maturity levels, compares each {area_set.noun} with {area_set.title} and with "
    f"{area_set.plural} like it, and shows which {area_set.plural} are ready to take on a pilot.\n\n"
    "The results are shared with the councils that take part. **Sign in with your council account** to see them: "
    f"{area_set.noun} staff see the published rounds with their own {area_set.noun} first; the office that runs the "
    "survey also loads and publishes rounds."
)
if st.button("Sign in", type="primary", key="sign_in", icon=":material/login:"):
    st.login()
