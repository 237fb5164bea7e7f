"""Clusters: areas grouped by the shape of their maturity profile."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from figures.charts import Chart, cluster_scatter
from figures.london_maps import cluster_map
from figures.map_spec import MapSpec
from models.clustering import MaturityClusters, stability_words
from models.numbers import format_score
from survey.area_sets import active_area_set
from survey.areas import borough_names
from survey.framework import Framework
from viewmodels.common import SCORE, Metric, Table, formats_for, name_list


@dataclass(frozen=True)
class ClustersView:
    """What the Clusters page shows for a round's clustering."""

    metrics: list[Metric]
    map: MapSpec
    map_description: str
    clusters: Table
    download: Table  # the model's own summary (ids, not display names), as the command line exports it
    excluded: str
    scatter: Chart
    scatter_description: str
    points: Table
    silhouettes: Table
    choice: str


def clusters_intro() -> str:
    """What a cluster is, and is not, in the active set's words."""
    return (f"Clusters group {active_area_set().plural} whose profiles have a similar shape. Each is described by its own "
            "scores only: its average, and which dimensions sit above or below it. A cluster is **not a performance "
            "judgement**: it shows who shares a profile, and so who may face the same next steps.")


def clusters_view(framework: Framework, scores: pd.DataFrame, model: MaturityClusters, round_label: str) -> ClustersView:
    """Everything the Clusters page shows for a round's fitted clustering."""
    names, area_set = borough_names(), active_area_set()
    summary = model.summary()
    labels = {c: f"Cluster {c}" for c in summary["cluster"]}
    spec = cluster_map(scores, model, framework)
    table = spec.table
    members = table.dropna(subset=["cluster"]).groupby("cluster")["name"].apply(lambda s: ", ".join(sorted(s)))
    described = summary.assign(members=summary["cluster"].map(members)).rename(columns=framework.dimension_names)
    described["cluster"] = described["cluster"].map(labels)
    described = described.rename(columns={"cluster": "Cluster", "size": area_set.heading_plural, "description": "Description",
                                          "members": "Members"})
    points = model.pca_coordinates_.join(model.labels_)
    points["name"] = points.index.map(names)
    points["cluster_label"] = points["cluster"].map(labels)
    variance = model.explained_variance_
    silhouettes = pd.DataFrame({"Clusters": list(model.silhouettes_), "Silhouette": list(model.silhouettes_.values())})
    return ClustersView(
        metrics=[
            Metric("Clusters", str(model.k_),
                   help=f"Chosen between 2 and 6 as the number that separates {area_set.plural} most clearly."),
            Metric("Silhouette", format_score(model.silhouettes_[model.k_]),
                   help="How well separated the clusters are, from −1 to 1; above 0.25 is some structure, above 0.5 strong."),
            Metric("Stability", format_score(model.stability_), caption=stability_words(model.stability_),
                   help=f"Mean adjusted Rand index of {model.n_bootstrap} re-clusterings of resampled {area_set.plural}: "
                        "1 means always the same groups."),
        ],
        map=spec,
        map_description=spec.description + " Members are listed below.",
        clusters=Table(described.drop(columns=["silhouette", "stability"]),
                       formats_for(list(framework.dimension_names.values()), SCORE),
                       priority=("Members", "Description", area_set.heading_plural)),
        download=Table(summary, file_name=f"clusters_{round_label}.csv"),
        excluded=("Not clustered (a dimension has no score): " + name_list(model.excluded_, names) + "."
                  if model.excluded_ else ""),
        scatter=Chart(cluster_scatter, (points, tuple(variance))),
        scatter_description=(
            f"Each {area_set.noun}'s seven standardised scores reduced to two principal components, which keep "
            f"{variance.sum():.0%} of the variation ({variance[0]:.0%} and {variance[1]:.0%}). Nearby points have "
            "similar profiles; shape and colour show the cluster."),
        points=Table(points[["name", "cluster_label", "pc1", "pc2"]].rename(
            columns={"name": area_set.heading_noun, "cluster_label": "Cluster", "pc1": "Component 1", "pc2": "Component 2"})),
        silhouettes=Table(silhouettes, {"Silhouette": SCORE}),
        choice=f"{model.k_} clusters have the highest silhouette, so the map uses {model.k_}.",
    )
