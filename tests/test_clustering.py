"""Clusters on a hand-built dataset with three obvious groups."""

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from models.clustering import MaturityClusters, stability_words, why_not_clustered
from models.stats import standardise

DIMS = ["leadership", "services", "data", "technology", "cyber", "people", "collaboration"]
# Three profiles (means 3.43, 2.57 and 1.57), eight boroughs each with a small fixed wobble.
PROFILES = {
    "data-led": [4.0, 3.0, 4.2, 2.8, 3.0, 3.0, 4.0],
    "tech-led": [2.2, 2.6, 2.0, 3.6, 3.4, 2.0, 2.2],
    "starting": [1.5, 1.6, 1.4, 1.6, 1.8, 1.6, 1.5],
}


@pytest.fixture(scope="module")
def profiles() -> pd.DataFrame:
    rows, index = [], []
    wobble = np.linspace(-0.1, 0.1, 8)
    for g, base in enumerate(PROFILES.values()):
        for i in range(8):
            rows.append([v + wobble[(i + d + g) % 8] for d, v in enumerate(base)])
            index.append(f"E09{g * 8 + i + 1:06d}")
    return pd.DataFrame(rows, index=index, columns=DIMS)


@pytest.fixture(scope="module")
def fitted(framework, profiles):
    return MaturityClusters(framework).fit(profiles)


def test_the_three_obvious_groups_are_found(fitted):
    assert fitted.k_ == 3
    assert max(fitted.silhouettes_, key=fitted.silhouettes_.get) == 3


def test_clusters_are_numbered_from_the_most_mature(fitted):
    expected = [1] * 8 + [2] * 8 + [3] * 8  # data-led, tech-led, starting
    assert fitted.labels_.tolist() == expected
    assert fitted.centroids_.mean(axis=1).is_monotonic_decreasing


def test_obvious_groups_are_perfectly_stable(fitted):
    assert fitted.stability_ == 1.0


def test_refitting_gives_identical_labels(framework, profiles, fitted):
    again = MaturityClusters(framework).fit(profiles.sample(frac=1.0, random_state=1))
    assert again.labels_.reindex(fitted.labels_.index).tolist() == fitted.labels_.tolist()


def test_descriptions_come_from_the_centroid(fitted):
    assert fitted.descriptions_[1] == "Mostly Embedded. Strong on data and leadership."  # mean 24/7 = 3.43
    # Tech-led centroid z: technology +1.13, cyber +0.98; data only -0.44 (not below -0.5). Mean 18/7 = 2.57.
    assert fitted.descriptions_[2] == "Mostly Emerging. Strong on technology and cyber security."
    # Starting: every z below -1; lowest cyber (-1.373, just under services -1.359). Mean 11/7 = 1.57.
    assert fitted.descriptions_[3] == "Mostly Initial. Behind London on every dimension, most on cyber security."


def test_boroughs_with_a_missing_dimension_are_left_out(framework, profiles):
    gappy = profiles.copy()
    gappy.loc["E09000001", "data"] = np.nan
    model = MaturityClusters(framework, n_bootstrap=5).fit(gappy)
    assert model.excluded_ == ["E09000001"]
    assert "E09000001" not in model.labels_.index


def test_the_pca_view_states_its_explained_variance(fitted):
    assert fitted.pca_coordinates_.shape == (24, 2)
    assert 0.5 < fitted.explained_variance_.sum() <= 1.0


def test_summary_has_one_row_per_cluster(fitted):
    summary = fitted.summary()
    assert summary["cluster"].tolist() == [1, 2, 3]
    assert summary["size"].tolist() == [8, 8, 8]
    assert list(summary.columns) == ["cluster", "size", *DIMS, "description", "silhouette", "stability"]


def test_standardise_gives_mean_zero_and_unit_spread():
    z = standardise(pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [2.0, 2.0, 2.0]}))
    assert z["a"].tolist() == pytest.approx([-1.224744871, 0.0, 1.224744871])
    assert z["b"].tolist() == [0.0, 0.0, 0.0]


def test_stability_in_words():
    assert stability_words(1.0).startswith("Stable")
    assert stability_words(0.55).startswith("Moderately stable")
    assert stability_words(0.2).startswith("Unstable")


def test_clusters_are_ordered_and_described_with_the_frameworks_dimension_weights(framework):
    # Leadership weighs 10 and every other dimension 1. "Leaders" (5 on leadership, 1 elsewhere)
    # average 1.57 unweighted but (10×5 + 6×1) / 16 = 3.50 weighted; "steady" boroughs score 2 on
    # everything. Weighted, as the overall index is, the leaders are the more mature cluster.
    dimensions = tuple(replace(d, weight=10.0 if d.id == "leadership" else 1.0) for d in framework.dimensions)
    weighted = replace(framework, dimensions=dimensions)
    wobble = [-0.02, 0.0, 0.02, 0.04]
    leaders = [[5.0 + w] + [1.0 + w] * 6 for w in wobble]
    steady = [[2.0 + w] * 7 for w in wobble]
    profiles = pd.DataFrame(leaders + steady, columns=DIMS, index=[f"E0900000{i}" for i in range(1, 9)])
    model = MaturityClusters(weighted, k_values=(2,), n_bootstrap=5).fit(profiles)
    assert model.labels_.tolist() == [1, 1, 1, 1, 2, 2, 2, 2]
    assert model.descriptions_[1].startswith("Mostly Embedded.")
    assert model.descriptions_[2].startswith("Mostly Emerging.")


def test_a_round_where_every_answer_is_the_same_is_not_clustered_and_says_why(framework):
    # Found by Hypothesis (tests/test_round_properties.py): 33 boroughs answering 3 to everything have one
    # profile, so k-means found one cluster and the silhouette raised "Number of labels is 1".
    same = pd.DataFrame(3.0, index=[f"E090000{i:02d}" for i in range(1, 34)], columns=DIMS)
    assert why_not_clustered(same, framework, "2026") == (
        "Clusters need boroughs whose profiles differ; in round 2026 all 33 boroughs with every dimension scored have "
        "the same score on every dimension.")
    with pytest.raises(ValueError, match="two different profiles"):
        MaturityClusters(framework).fit(same)


def test_boroughs_sharing_profiles_make_no_more_clusters_than_there_are_profiles(framework):
    # Four boroughs with two profiles between them: k = 3 would need a third distinct point, so only k = 2 is tried.
    two = pd.DataFrame([[2.0] * 7, [2.0] * 7, [4.0] * 7, [4.0] * 7], index=["E09000001", "E09000002", "E09000003",
                                                                          "E09000004"], columns=DIMS)
    assert why_not_clustered(two, framework, "2026") is None
    model = MaturityClusters(framework, n_bootstrap=5).fit(two)
    assert list(model.silhouettes_) == [2]
    assert model.labels_.tolist() == [2, 2, 1, 1]
