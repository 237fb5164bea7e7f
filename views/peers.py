"""Peer comparison: a borough against a peer group of the user's choosing."""

import pandas as pd
import streamlit as st

from figures.charts import profile_against_group, score_heatmap
from figures.maps import format_score
from models.peers import PEER_GROUPS, compare_with_group, context_neighbours, maturity_neighbours, peer_group
from models.profile import strengths_and_gaps
from survey.areas import borough_names
from ui.components import csv_download, round_notice
from ui.data import get_framework, load_clusters, load_scores
from ui.sidebar import require_selection

framework = get_framework()
selection = require_selection()
names = borough_names()
dims = list(framework.dimension_ids)
dimension_names = {d.id: d.name for d in framework.dimensions}


code, borough = selection.borough, names[selection.borough]
st.title(f"Peer comparison: {borough}")
st.caption(f"Round {selection.round}. Choose the borough in the sidebar.")
round_notice(selection)

scores = load_scores(selection.round)
if code not in scores.index:
    st.warning(f"{borough} did not respond to round {selection.round}. Choose another round or borough.")
    st.stop()
profiles = scores[dims]
clusters = load_clusters(selection.round)

kind = st.radio("Compare with", list(PEER_GROUPS), format_func=PEER_GROUPS.get, horizontal=True, key="peer_group")
picked = []
if kind == "custom":
    others = sorted((c for c in names if c != code), key=names.get)
    picked = st.multiselect("Boroughs to compare with", others, format_func=names.get, key="peer_pick",
                            placeholder="Choose one or more boroughs")
group = [c for c in peer_group(kind, code, profiles, clusters.labels_, picked) if c in scores.index]
if not group:
    st.info("This peer group is empty: choose boroughs, or another kind of group.")
    st.stop()

group_label = PEER_GROUPS[kind].split(" (")[0]
st.markdown(f"**{len(group)} peers:** " + ", ".join(names[c] for c in group))
comparison = compare_with_group(profiles, code, group, dimension_names)

left, right = st.columns(2)
left.metric(f"{borough}: overall index", format_score(scores.loc[code, "overall"]))
right.metric("Peer group median overall", format_score(scores.loc[group, "overall"].median()))

st.subheader("Profile against the peer group")
st.plotly_chart(profile_against_group(comparison, borough, group_label), width="stretch", key="peer_profile",
                config={"displayModeBar": False})
above = comparison[comparison["difference"] > 0]["name"].tolist()
below = comparison[comparison["difference"] < 0]["name"].tolist()
st.caption(f"Dot plot: {borough} (circle) against the median (diamond) and range (bar) of its {len(group)} peers on "
           f"each dimension. Above the peer median on {len(above)} dimension(s)"
           + (f" ({', '.join(above)})" if above else "") + f"; below on {len(below)}"
           + (f" ({', '.join(below)})" if below else "") + ".")
shown = comparison.drop(columns=["dimension"]).rename(columns={
    "name": "Dimension", "score": borough, "group_median": "Peer median", "group_min": "Peer lowest",
    "group_max": "Peer highest", "difference": "Difference from median"})
number = st.column_config.NumberColumn(format="%.2f")
st.dataframe(shown, hide_index=True, width="stretch", column_config={c: number for c in shown.columns[1:]})
csv_download(shown, f"peers_{code}_{kind}_{selection.round}.csv", key="peer_profile_download")

st.subheader("Strengths and gaps")
profile = strengths_and_gaps(scores, framework, code, group)
for row in profile[profile["kind"] != ""].sort_values("vs_london", ascending=False).itertuples():
    against_peers = "" if pd.isna(row.vs_peers) else f", {row.vs_peers:+.2f} against these peers"
    line = f"**{row.kind.capitalize()}: {row.name}** — {row.score:.2f} ({row.level}), {row.vs_london:+.2f} against London's median{against_peers}."
    st.markdown(line + (f"  \n{row.next_step}" if row.next_step else ""))

st.subheader("The group side by side")
matrix = profiles.loc[[code, *group]].rename(index=names, columns=dimension_names)
st.plotly_chart(score_heatmap(matrix), width="stretch", key="peer_heatmap", config={"displayModeBar": False})
st.caption("Heatmap of dimension scores; every cell shows its score, darker is higher.")
with st.expander("The group as a table"):
    st.dataframe(matrix, width="stretch", column_config={c: number for c in matrix.columns})
csv_download(matrix.reset_index(names="Borough"), f"peer_group_{code}_{kind}_{selection.round}.csv",
             key="peer_matrix_download")

if kind == "maturity":
    st.subheader("Why are these boroughs close?")
    st.markdown("Distance between profiles in standard deviations of London's spread, and the gap on each "
                "dimension: small gaps everywhere make a close neighbour.")
    why = maturity_neighbours(profiles, code).rename(columns=dimension_names)
    why.insert(0, "Borough", why.pop("neighbour_code").map(names))
    st.dataframe(why.rename(columns={"distance": "Distance"}), hide_index=True, width="stretch",
                 column_config={c: number for c in why.columns[1:]})
elif kind == "context":
    st.subheader("Why these neighbours?")
    st.markdown("The Office for National Statistics finds each council's nearest neighbours on population, economy, "
                "deprivation and other statistics (2025 release). Smaller distance means more alike; "
                "the ONS rank counts all English councils.")
    ons = context_neighbours(code).rename(columns={"neighbour_name": "Borough", "relative_distance": "ONS distance",
                                                    "neighbour_rank": "ONS rank"})
    st.dataframe(ons.drop(columns=["neighbour_code"]), hide_index=True, width="content")
