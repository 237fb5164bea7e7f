"""Clusters on a hand-built dataset with three obvious groups."""

import re
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from models.clustering import MaturityClusters, profile_description, stability_words, why_not_clustered
from models.scoring import score_round
from models.stats import standardise
from survey.demo import demo_files
from survey.framework import load_framework
from survey.reading import read_survey
from tests.round_strategies import round_answers, round_specs

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


def test_descriptions_give_the_centroids_shape(fitted):
    # Data-led centroid [4.0, 3.0, 4.2, 2.8, 3.0, 3.0, 4.0]: average 24/7 = 3.43, from 2.8 to 4.2; data +0.77, then
    # leadership and collaboration +0.57 (framework order); technology -0.63, then services, cyber, skills -0.43.
    assert fitted.descriptions_[1] == ("Average 3.43, dimensions 1.40 apart: data and leadership above that average; "
                                       "technology and services below it.")
    # Tech-led [2.2, 2.6, 2.0, 3.6, 3.4, 2.0, 2.2]: average 18/7 = 2.57; technology +1.03, cyber +0.83; data and
    # skills -0.57 each; services +0.03 is too close to the average to name.
    assert fitted.descriptions_[2] == ("Average 2.57, dimensions 1.60 apart: technology and cyber security above that "
                                       "average; data and skills below it.")
    # Starting [1.5, 1.6, 1.4, 1.6, 1.8, 1.6, 1.5]: average 11/7 = 1.57; only cyber (+0.23) and data (-0.17) are
    # 0.1 or more from it.
    assert fitted.descriptions_[3] == "Average 1.57, dimensions 0.40 apart: cyber security above that average; data below it."


def test_a_profile_within_a_few_tenths_is_even_and_one_low_dimension_is_named_alone(framework):
    even = pd.Series([2.0, 2.1, 2.2, 2.29, 2.0, 2.1, 2.2], index=DIMS)  # 0.29 apart: under 0.3
    assert profile_description(even, framework) == "Average 2.13, dimensions 0.29 apart: an even profile."
    # Six at 3.0 and data at 2.6: average 20.6/7 = 2.94; the six are +0.06 (too close to name), data -0.34.
    one_low = pd.Series([3.0, 3.0, 2.6, 3.0, 3.0, 3.0, 3.0], index=DIMS)
    assert profile_description(one_low, framework) == "Average 2.94, dimensions 0.40 apart: data below that average."


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
    # Leaders' centroid: 5.01 on leadership, 1.01 elsewhere; weighted average (10 x 5.01 + 6 x 1.01) / 16 = 3.51.
    assert model.descriptions_[1] == ("Average 3.51, dimensions 4.00 apart: leadership above that average; "
                                      "services and data below it.")
    assert model.descriptions_[2] == "Average 2.01, dimensions 0.00 apart: an even profile."


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


# Words that rank one group of boroughs against another, or judge it: none may describe a cluster, whose note
# says it is "not a performance judgement".
RANKING_WORDS = ("ahead", "behind", "leading", "leader", "leaders", "lagging", "laggard", "laggards", "better", "best",
                 "worse", "worst", "top", "bottom", "advanced", "weak", "weaker", "weakest", "strong", "stronger",
                 "strongest", "mature", "immature", "high-performing", "low-performing", "good", "bad", "poor",
                 "excellent", "first", "last", "more", "most", "less", "least", "than", "London")
RANKING = re.compile(r"\b(" + "|".join(re.escape(w) for w in RANKING_WORDS) + r")\b", re.IGNORECASE)


def test_the_ranking_word_check_finds_the_old_descriptions():
    for old in ("Mostly Developing. Ahead of London on every dimension, most on skills.",
                "Mostly Emerging. Behind on collaboration and skills.", "Strong on data and leadership."):
        assert RANKING.search(old), old
    assert not RANKING.search("Average 2.93: leadership above that average; data below it.")


def test_no_demo_round_is_described_with_a_ranking_word(framework):
    for path in demo_files():
        parsed = read_survey(path.read_bytes(), framework)
        answers = parsed.answers.merge(parsed.responses, on="response_id")
        model = MaturityClusters(framework, n_bootstrap=5).fit(score_round(answers, framework)[DIMS])
        assert len(model.descriptions_) >= 2
        for description in model.descriptions_.values():
            assert not RANKING.search(description), (path.name, description)


# Generated rounds that can mostly be clustered: three boroughs or more, no dimension left blank by everyone.
CLUSTERABLE = round_specs("2026", load_framework()).filter(lambda s: len(s.boroughs) >= 3 and s.style != "all the same").map(
    lambda s: replace(s, blank_everywhere=(), blank_share=min(s.blank_share, 0.3)))


@settings(max_examples=15, suppress_health_check=[HealthCheck.filter_too_much])
@given(spec=CLUSTERABLE)
def test_no_generated_round_is_described_with_a_ranking_word(framework, spec):
    scores = score_round(round_answers(spec, framework), framework)
    assume(why_not_clustered(scores, framework, spec.label) is None)
    model = MaturityClusters(framework, n_bootstrap=2).fit(scores[DIMS])
    for description in model.descriptions_.values():
        assert not RANKING.search(description), description


@given(centroid=st.lists(st.floats(1.0, 5.0), min_size=len(DIMS), max_size=len(DIMS)))
def test_no_profile_is_described_with_a_ranking_word(framework, centroid):
    description = profile_description(pd.Series(centroid, index=DIMS), framework)
    assert not RANKING.search(description), description
    assert description.startswith("Average ") and description.endswith(".")
