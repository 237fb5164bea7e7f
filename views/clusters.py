"""Clusters: boroughs grouped by the shape of their maturity profile."""

import pandas as pd
import streamlit as st

from figures.charts import cluster_scatter
from figures.london_maps import cluster_map, cluster_order, describe_categories
from models.clustering import stability_words
from survey.areas import borough_names
from ui.components import attribution, csv_download, round_notice
from ui.data import get_framework, load_clusters, load_geojson, load_scores
from ui.sidebar import require_selection

framework = get_framework()
names = borough_names()

st.title("Clusters")
selection = require_selection()
st.caption(f"Round {selection.round}")
round_notice(selection)
st.info("Clusters group boroughs whose strengths and weaknesses look alike. A cluster is **not a performance "
        "judgement**: it shows who shares a profile, and so who may face the same next steps.")

scores = load_scores(selection.round)
model = load_clusters(selection.round)
summary = model.summary()
labels = {c: f"Cluster {c}" for c in summary["cluster"]}

k, silhouette, stability = st.columns(3)
k.metric("Clusters", model.k_, help="Chosen between 2 and 6 as the number that separates boroughs most clearly.")
silhouette.metric("Silhouette", f"{model.silhouettes_[model.k_]:.2f}",
                  help="How well separated the clusters are, from −1 to 1; above 0.25 is some structure, above 0.5 strong.")
stability.metric("Stability", f"{model.stability_:.2f}",
                 help="Mean adjusted Rand index of 100 re-clusterings of resampled boroughs: 1 means always the same groups.")
stability.caption(stability_words(model.stability_))

st.subheader("Map of clusters")
figure, table = cluster_map(scores, model, framework, load_geojson())
st.plotly_chart(figure, width="stretch", config={"displayModeBar": False, "scrollZoom": False}, key="cluster_map")
st.caption(describe_categories(table, "Cluster", cluster_order(model), "cluster") + " Members are listed below.")
attribution("boundaries")

st.subheader("What each cluster looks like")
dimension_names = {d.id: d.name for d in framework.dimensions}
members = table.dropna(subset=["cluster"]).groupby("cluster")["name"].apply(lambda s: ", ".join(sorted(s)))
described = summary.assign(members=summary["cluster"].map(members)).rename(columns=dimension_names)
described["cluster"] = described["cluster"].map(labels)
number = st.column_config.NumberColumn(format="%.2f")
st.dataframe(described.drop(columns=["silhouette", "stability"]), hide_index=True, width="stretch",
             column_config={name: number for name in dimension_names.values()})
csv_download(summary, f"clusters_{selection.round}.csv", key="clusters_download")
if model.excluded_:
    st.caption("Not clustered (a dimension has no score): " + ", ".join(names[c] for c in model.excluded_) + ".")

st.subheader("Profiles in two dimensions")
points = model.pca_coordinates_.join(model.labels_)
points["name"] = points.index.map(names)
points["cluster_label"] = points["cluster"].map(labels)
st.plotly_chart(cluster_scatter(points, tuple(model.explained_variance_)), width="stretch", key="cluster_scatter",
                config={"displayModeBar": False})
st.caption(f"Each borough's seven standardised scores reduced to two principal components, which keep "
           f"{model.explained_variance_.sum():.0%} of the variation ({model.explained_variance_[0]:.0%} and "
           f"{model.explained_variance_[1]:.0%}). Nearby points have similar profiles; shape and colour show the cluster.")
with st.expander("The points as a table"):
    st.dataframe(points[["name", "cluster_label", "pc1", "pc2"]].rename(
        columns={"name": "Borough", "cluster_label": "Cluster", "pc1": "Component 1", "pc2": "Component 2"}),
        hide_index=True, width="stretch")

st.subheader("How many clusters?")
silhouettes = pd.DataFrame({"Clusters": list(model.silhouettes_), "Silhouette": list(model.silhouettes_.values())})
st.dataframe(silhouettes, hide_index=True, width="content", column_config={"Silhouette": number})
st.caption(f"{model.k_} clusters have the highest silhouette, so the map uses {model.k_}.")
