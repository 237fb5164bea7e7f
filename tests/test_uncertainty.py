"""Ranks and their Monte Carlo intervals."""

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from models.uncertainty import RankUncertainty, format_rank, ordinal, rank_descending
from survey.reading import read_survey
from tests.conftest import ROOT
from tests.helpers import uniform_answers


def test_ties_share_the_best_rank():
    ranks = rank_descending(pd.Series([3.0, 2.0, 2.0, 1.0, np.nan], index=list("abcde")))
    assert ranks.tolist() == [1, 2, 2, 4, pd.NA]


def test_scores_equal_to_nine_decimals_are_tied():
    assert rank_descending(pd.Series([2.5, 2.4999999999996])).tolist() == [1, 1]


@pytest.mark.parametrize("n, text", [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"),
                                     (13, "13th"), (21, "21st"), (22, "22nd"), (23, "23rd"), (33, "33rd")])
def test_ordinals(n, text):
    assert ordinal(n) == text


def test_a_rank_reads_with_its_likely_range():
    assert format_rank(5, 33, 3, 9) == "5th of 33 (likely 3rd–9th)"
    assert format_rank(1, 33, 1, 1) == "1st of 33 (likely 1st)"
    assert format_rank(pd.NA, 33, pd.NA, pd.NA) == "not ranked (overall index missing)"


@pytest.fixture(scope="module")
def demo_answers(framework):
    parsed = read_survey(ROOT / "data" / "demo" / "survey_2025.csv", framework)
    return parsed.answers.merge(parsed.responses, on="response_id")


def test_every_interval_contains_the_nominal_rank(framework, demo_answers):
    ranks = RankUncertainty(framework).fit(demo_answers).ranks_.dropna(subset=["rank"])
    assert len(ranks) == 32
    assert ((ranks["rank_p05"] <= ranks["rank"]) & (ranks["rank"] <= ranks["rank_p95"])).all()
    assert ((ranks["rank_p05"] <= ranks["rank_median"]) & (ranks["rank_median"] <= ranks["rank_p95"])).all()


def test_the_same_seed_gives_the_same_intervals_whatever_the_row_order(framework, demo_answers):
    first = RankUncertainty(framework, seed=7).fit(demo_answers).ranks_
    shuffled = demo_answers.sample(frac=1.0, random_state=3)
    second = RankUncertainty(framework, seed=7).fit(shuffled).ranks_
    pd.testing.assert_frame_equal(first.sort_index(), second.sort_index())


def test_a_borough_far_ahead_of_all_others_is_certain_of_its_rank(framework):
    answers = uniform_answers(framework, {
        "E09000001": [5, 5], "E09000002": [2, 3], "E09000003": [3, 2], "E09000004": [2.0],
    })
    ranks = RankUncertainty(framework).fit(answers).ranks_
    assert ranks.loc["E09000001", ["rank", "rank_p05", "rank_p95"]].tolist() == [1, 1, 1]
    assert ranks.loc["E09000001", "rank_text"] == "1st of 4 (likely 1st)"


def test_identical_boroughs_get_identical_intervals(framework):
    two_views = [{"*": 2, "data_1": 4, "cyber_2": 1}, {"*": 3, "people_3": 5}]
    answers = uniform_answers(framework, {
        "E09000001": two_views, "E09000002": two_views[::-1], "E09000003": [{"*": 3, "data_2": 1}, 2],
        "E09000004": [3, 2],
    })
    ranks = RankUncertainty(framework).fit(answers).ranks_
    columns = ["rank", "rank_median", "rank_p05", "rank_p95"]
    assert ranks.loc["E09000001", columns].tolist() == ranks.loc["E09000002", columns].tolist()


def test_one_respondent_each_and_no_weight_noise_collapses_every_interval_to_the_rank(framework, demo_answers):
    single = demo_answers[demo_answers["respondent"] == demo_answers.groupby("ons_code")["respondent"].transform("min")]
    ranks = RankUncertainty(framework, weight_noise=0.0).fit(single).ranks_.dropna(subset=["rank"])
    assert (ranks["rank_p05"] == ranks["rank"]).all() and (ranks["rank_p95"] == ranks["rank"]).all()


def test_resampling_respondents_widens_the_interval_of_a_divided_borough(framework):
    # E09000002's two respondents disagree wildly; the others are fixed between them.
    answers = uniform_answers(framework, {"E09000001": [3.5], "E09000002": [1, 5], "E09000003": [2.5]})
    ranks = RankUncertainty(framework, weight_noise=0.0).fit(answers).ranks_
    assert ranks.loc["E09000002", "rank"] == 2  # mean 3.0, between 3.5 and 2.5
    assert (ranks.loc["E09000002", "rank_p05"], ranks.loc["E09000002", "rank_p95"]) == (1, 3)


def test_a_tied_rank_names_the_boroughs_it_is_tied_with():
    assert format_rank(11, 32, 9, 14, ["Bromley"]) == "11th= of 32 (tied with Bromley; likely 9th–14th)"
    assert format_rank(2, 33, 2, 2, ["Ealing", "Enfield"]) == "2nd= of 33 (tied with Ealing and Enfield; likely 2nd)"
    assert format_rank(4, 33, 4, 9, ["A", "B", "C", "D"]) == "4th= of 33 (tied with 4 others; likely 4th–9th)"


def test_a_rank_ranked_in_only_some_draws_says_how_many():
    assert format_rank(3, 33, 2, 5, ranked_share=0.8) == "3rd of 33 (likely 2nd–5th; ranked in 80% of draws)"


def test_boroughs_with_identical_scores_read_as_tied(framework):
    answers = uniform_answers(framework, {"E09000001": [4], "E09000002": [4], "E09000003": [3]})
    ranks = RankUncertainty(framework).fit(answers).ranks_
    assert ranks.loc["E09000001", "rank_text"] == "1st= of 3 (tied with Barking and Dagenham; likely 1st)"
    assert ranks.loc["E09000002", "rank_text"] == "1st= of 3 (tied with City of London; likely 1st)"
    assert ranks.loc["E09000003", "rank_text"] == "3rd of 3 (likely 3rd)"


def test_a_borough_whose_dimensions_each_rest_on_one_respondent_is_ranked_in_every_draw(framework):
    # Respondent k of E09000001 alone answers dimension k (at 4): resampling whole respondents would
    # keep all seven in only 7!/7**7 = 0.6% of draws, lifting E09000002 (3 everywhere) to 1st in the
    # rest, outside its nominal 2nd. Each item is kept answered, so every draw scores all three.
    one_per_dimension = [{"*": None, **{q.id: 4 for q in d.questions}} for d in framework.dimensions]
    answers = uniform_answers(framework, {"E09000001": one_per_dimension, "E09000002": [3], "E09000003": [2]})
    ranks = RankUncertainty(framework).fit(answers).ranks_
    columns = ["rank", "rank_p05", "rank_p95", "ranked_share"]
    assert ranks.loc["E09000001", columns].tolist() == [1, 1, 1, 1.0]
    assert ranks.loc["E09000002", columns].tolist() == [2, 2, 2, 1.0]
    assert ranks.loc["E09000003", columns].tolist() == [3, 3, 3, 1.0]


def test_without_resampling_a_divided_borough_keeps_the_mean_of_its_respondents(framework):
    # Respondents at 1 and 5 average 3.0: between 3.5 and 2.5, so 2nd in every draw (not 3rd, as
    # the first respondent's 1 alone would give).
    answers = uniform_answers(framework, {"E09000001": [3.5], "E09000002": [1, 5], "E09000003": [2.5]})
    ranks = RankUncertainty(framework, weight_noise=0.0, resample_respondents=False).fit(answers).ranks_
    assert ranks.loc["E09000002", ["rank", "rank_p05", "rank_p95"]].tolist() == [2, 2, 2]


@pytest.mark.parametrize("arguments", [{"n_draws": 0}, {"n_draws": 2.5}, {"n_draws": True},
                                       {"weight_noise": -0.1}, {"weight_noise": 1.0}])
def test_draws_and_weight_noise_out_of_range_are_refused(framework, arguments):
    answers = uniform_answers(framework, {"E09000001": [3], "E09000002": [2]})
    with pytest.raises(ValueError, match="n_draws|weight_noise"):
        RankUncertainty(framework, **arguments).fit(answers)


@pytest.mark.parametrize("layout", ["one", "spread"])
def test_intervals_for_a_round_at_the_upload_limit_stay_within_300_mb(layout):
    result = subprocess.run([sys.executable, "-m", "tests.ranks_worker", layout], cwd=ROOT, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["ranked"] == 33
    assert report["peak_mb"] < 300, report
