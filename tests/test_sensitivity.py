"""Sensitivity of the ranking to the method's choices, on a hand-built round."""

import pytest

from models.sensitivity import sensitivity
from tests.helpers import dimension_answers, uniform_answers


@pytest.fixture
def answers(framework):
    # A: six dimensions at 3, collaboration at 1 -> mean 19/7 = 2.71 (1st), weakest 1.0.
    # B: everything 2.5 -> mean 2.5 (2nd), weakest 2.5.
    # C: everything 2, but only 2 of 4 cyber questions answered -> no overall under the method.
    cyber_half = dimension_answers(framework, "E09000003", {}, 2) | {"cyber_1": None, "cyber_2": None}
    return uniform_answers(framework, {
        "E09000001": [dimension_answers(framework, "E09000001", {"collaboration": 1}, 3)],
        "E09000002": [2.5],
        "E09000003": [cyber_half],
    })


def test_each_variant_reports_its_mean_and_largest_rank_change(framework, answers):
    summary, _ = sensitivity(answers, framework)
    by_variant = summary.set_index("variant")
    assert by_variant.loc["equal_weights", ["boroughs_compared", "mean_abs_rank_change"]].tolist() == [2, 0.0]
    assert by_variant.loc["weakest_dimension", ["mean_abs_rank_change", "max_abs_rank_change"]].tolist() == [1.0, 1]
    # Without the coverage rule C gets an overall (2.0, 3rd) but A and B keep their ranks.
    assert by_variant.loc["no_coverage_rule", ["boroughs_compared", "mean_abs_rank_change"]].tolist() == [2, 0.0]


def test_the_biggest_movers_are_listed_with_their_ranks(framework, answers):
    _, movers = sensitivity(answers, framework)
    weakest = movers[movers["variant"] == "weakest_dimension"]
    assert weakest[["ons_code", "rank_method", "rank_variant", "change"]].values.tolist() == [
        ["E09000001", 1, 2, 1], ["E09000002", 2, 1, -1],
    ]
    assert movers[movers["variant"] == "equal_weights"].empty


def test_every_variant_ranks_the_same_boroughs(framework):
    # C answers 5 everywhere but only 2 of 4 cyber questions: scored only without the coverage rule,
    # where it would come 1st and push A and B down a place each. Ranked among A and B only, as the
    # method ranks them, nothing moves.
    cyber_half = dimension_answers(framework, "E09000003", {}, 5) | {"cyber_1": None, "cyber_2": None}
    answers = uniform_answers(framework, {"E09000001": [3], "E09000002": [2], "E09000003": [cyber_half]})
    summary, movers = sensitivity(answers, framework)
    row = summary.set_index("variant").loc["no_coverage_rule"]
    assert [row["boroughs_compared"], row["mean_abs_rank_change"], row["max_abs_rank_change"]] == [2, 0.0, 0]
    assert movers.empty
