"""Clusters: areas grouped by the shape of their maturity profile."""

import streamlit as st

from models.clustering import why_not_clustered
from ui.components import csv_download, round_notice, show_chart, show_map, show_metrics, show_table
from ui.data import load_clusters, load_round_framework, load_scores, shared_view
from ui.sidebar import require_selection
from viewmodels.clusters import ClustersView, clusters_intro, clusters_view

st.title("Clusters")
selection = require_selection()
st.caption(f"Round {selection.round}")
round_notice(selection)
st.info(clusters_intro())

scores, model = load_scores(selection.round), load_clusters(selection.round)
if model is None:
    st.warning(why_not_clustered(scores, load_round_framework(selection.round), selection.round))
    st.stop()


def shown(round_label: str) -> ClustersView:
    return clusters_view(load_round_framework(round_label), load_scores(round_label), load_clusters(round_label), round_label)


view = shared_view(shown, selection.round)
show_metrics(view.metrics)

show_map("Map of clusters", view.map, key="cluster_map", description=view.map_description)

st.header("What each cluster looks like")
show_table(view.clusters, key="clusters_table")
csv_download(view.download.data, view.download.file_name, key="clusters_download")
if view.excluded:
    st.caption(view.excluded)

st.header("Profiles in two dimensions")
show_chart(view.scatter, key="cluster_scatter", description=view.scatter_description)
with st.expander("The points as a table"):
    show_table(view.points, key="cluster_points")

st.header("How many clusters?")
show_table(view.silhouettes, key="cluster_silhouettes", width="content")
st.caption(view.choice)
