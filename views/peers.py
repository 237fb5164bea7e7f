"""Peer comparison: a borough against a peer group of the user's choosing."""

import streamlit as st

from models.peers import peer_group_names
from survey.area_sets import active_area_set
from survey.areas import borough_names
from models.clustering import why_not_clustered
from ui.components import round_notice, show_chart, show_metrics, show_table
from ui.data import load_clusters, load_round_framework, load_scores, shared_view
from ui.sidebar import require_selection
from viewmodels.common import plain, strengths_and_gaps_text
from viewmodels.links import PEERS_LINK_KEY, boroughs_from_link
from viewmodels.peers import PeersView, peers_view, selectable_peers

selection = require_selection()
area_set = active_area_set()
names = borough_names()
borough = names[selection.borough]
st.title(f"Peer comparison: {borough}")
st.caption(f"Round {selection.round}. Choose the {area_set.noun} in the sidebar.")
round_notice(selection)

scores = load_scores(selection.round)
if selection.borough not in scores.index:
    st.warning(f"{borough} did not respond to round {selection.round}. Choose another round or {area_set.noun}.")
    st.stop()

# A hand-picked group arrives in the link (?peers=…, from Explore or a shared address): taken once per link.
linked = st.query_params.get(PEERS_LINK_KEY)
if linked is not None and st.session_state.get("peer_link") != linked:
    codes, problems = boroughs_from_link(linked)
    st.session_state["peer_link"] = linked
    st.session_state["peer_group"] = "custom"
    st.session_state["peer_pick"] = [c for c in codes if c != selection.borough]
    for problem in problems:
        st.warning(plain(problem), icon=":material/link_off:")
groups = peer_group_names(area_set)
kind = st.radio("Compare with", list(groups), format_func=groups.get, horizontal=True, key="peer_group")
picked = []
if kind == "custom":
    picked = st.multiselect(f"{area_set.heading_plural} to compare with", selectable_peers(selection.borough),
                            format_func=names.get, key="peer_pick", placeholder=f"Choose one or more {area_set.plural}")
if kind == "custom" and picked:  # the group stays in the link, so the page can be shared as it is
    st.session_state["peer_link"] = st.query_params[PEERS_LINK_KEY] = ",".join(picked)
elif PEERS_LINK_KEY in st.query_params:
    del st.query_params[PEERS_LINK_KEY]
    st.session_state["peer_link"] = None
model = load_clusters(selection.round)
if kind == "cluster" and model is None:
    st.info(why_not_clustered(scores, load_round_framework(selection.round), selection.round) + " Choose another kind of group.")
    st.stop()


def shown(round_label: str, ons_code: str, group: str, chosen: tuple[str, ...]) -> PeersView | None:
    clusters = load_clusters(round_label)
    return peers_view(load_round_framework(round_label), load_scores(round_label), clusters.labels_ if clusters else None,
                      ons_code, group, round_label, list(chosen))


view = shared_view(shown, selection.round, selection.borough, kind, tuple(picked))
if view is None:
    st.info(f"This peer group is empty: no other {area_set.noun} of this kind responded to the round. Choose "
            f"{area_set.plural}, or another kind of group.")
    st.stop()

st.markdown(view.group_line)
show_metrics(view.metrics)

st.header("Profile against the peer group")
show_chart(view.profile_chart, key="peer_profile", description=view.profile_description)
show_table(view.profile, key="peer_profile_table")

st.header("Strengths and gaps")
st.markdown(strengths_and_gaps_text(view.strengths_and_gaps))

st.header("The group side by side")
show_chart(view.heatmap, key="peer_heatmap", description=view.heatmap_description)
with st.expander("The group as a table"):
    show_table(view.matrix, key="peer_matrix", hide_index=False)

if view.why is not None:
    st.header(view.why_heading)
    st.markdown(view.why_text)
    show_table(view.why, key="peer_why", width="content" if kind == "context" else "stretch")
