"""Batched k-means and the adjusted Rand index on hand-worked cases."""

import numpy as np
import pytest

from models.kmeans import adjusted_rand_index, fit_many, nearest

# Two pairs of points ten apart: the best two clusters are the pairs, centres at their midpoints.
PAIRS = np.array([[0.0, 0.0], [0.0, 1.0], [10.0, 0.0], [10.0, 1.0]])


def test_two_obvious_pairs_become_the_two_clusters():
    fit = fit_many(PAIRS[None], k=2, n_init=5, rng=np.random.default_rng(1))
    labels = fit.labels[0]
    assert labels[0] == labels[1] and labels[2] == labels[3] and labels[0] != labels[2]
    assert sorted(map(tuple, fit.centres[0])) == [(0.0, 0.5), (10.0, 0.5)]
    assert fit.inertia.tolist() == [1.0]  # four points each 0.5 from their centre: 4 × 0.25


def test_each_sample_keeps_its_own_best_restart():
    stretched = PAIRS * [1.0, 4.0]  # the pairs now 4 apart vertically, still 10 apart across
    fit = fit_many(np.stack([PAIRS, stretched]), k=2, n_init=8, rng=np.random.default_rng(2))
    assert fit.inertia.tolist() == [1.0, 16.0]  # 4 × 0.5² and 4 × 2²


def test_nearest_assigns_each_point_to_the_closest_centre():
    centres = np.array([[[0.0, 0.0], [10.0, 0.0]]])
    assert nearest(np.array([[1.0, 5.0], [9.0, -3.0], [4.9, 0.0]]), centres).tolist() == [[0, 1, 0]]


def test_more_clusters_than_points_is_refused():
    with pytest.raises(ValueError, match="cannot make 5 clusters of 4 points"):
        fit_many(PAIRS[None], k=5, n_init=1, rng=np.random.default_rng(0))


def test_data_without_a_sample_axis_is_refused():
    with pytest.raises(ValueError, match="n_samples, n_points, n_features"):
        fit_many(PAIRS, k=2, n_init=1, rng=np.random.default_rng(0))


def test_the_same_grouping_under_other_numbers_agrees_fully():
    assert adjusted_rand_index(np.array([0, 0, 1, 1]), np.array([[1, 1, 0, 0], [0, 0, 1, 1]])).tolist() == [1.0, 1.0]


def test_a_crossed_grouping_scores_below_chance():
    # Every pair split: 0 pairs together; expected 2 × 2 / 6; maximum 2: (0 − 2/3) / (2 − 2/3) = −0.5.
    assert adjusted_rand_index(np.array([0, 0, 1, 1]), np.array([[0, 1, 0, 1]])).tolist() == pytest.approx([-0.5])


def test_a_partly_matching_grouping_scores_between():
    # Contingency [[2, 1, 0], [0, 1, 2]]: together 2, reference pairs 6, partition pairs 3, all pairs 15;
    # expected 6 × 3 / 15 = 1.2, maximum 4.5: (2 − 1.2) / (4.5 − 1.2) = 0.2424…
    index = adjusted_rand_index(np.array([0, 0, 0, 1, 1, 1]), np.array([[0, 0, 1, 1, 2, 2]]))
    assert index.tolist() == pytest.approx([0.8 / 3.3])


def test_two_trivial_groupings_count_as_agreeing():
    assert adjusted_rand_index(np.array([0, 0, 0]), np.array([[0, 0, 0]])).tolist() == [1.0]
