"""Scoring method v1 against values worked out by hand."""

import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from models.scoring import NOT_ASSESSED, MaturityScorer, assign_levels, level_for, score_round
from survey.reading import read_survey
from tests.helpers import survey_csv
from tests.fixtures.hand_worked import assert_hand_worked, hand_worked_rows


def _answers(rows: list[tuple[str, str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["ons_code", "respondent", "question_id", "value"])


def _all_items(framework, code: str, respondent: str, value: float, **overrides) -> list[tuple]:
    values = {q: value for q in framework.question_ids} | overrides
    return [(code, respondent, q, v) for q, v in values.items() if v is not None]


@pytest.mark.parametrize(
    "score, level",
    [
        (1.0, "Initial"), (1.79, "Initial"), (1.8, "Emerging"), (2.59, "Emerging"), (2.6, "Developing"),
        (3.39, "Developing"), (3.4, "Embedded"), (4.19, "Embedded"), (4.2, "Leading"), (5.0, "Leading"),
    ],
)
def test_each_level_band_edge_belongs_to_the_higher_band(framework, score, level):
    assert level_for(score, framework.levels) == level


def test_a_mean_that_is_1_8_in_decimal_but_not_in_binary_is_emerging(framework):
    assert (1.7 + 1.9) / 2 != 1.8
    assert level_for((1.7 + 1.9) / 2, framework.levels) == "Emerging"


def test_a_missing_score_is_not_assessed(framework):
    levels = assign_levels(pd.Series([np.nan, 3.0]), framework.levels)
    assert list(levels) == [NOT_ASSESSED, "Developing"]


def test_item_score_is_the_mean_of_the_respondents_who_answered(framework):
    answers = _answers(
        _all_items(framework, "E09000001", "a", 2.0, leadership_1=5.0)
        + _all_items(framework, "E09000001", "b", 3.0, leadership_1=None)
        + _all_items(framework, "E09000001", "c", 4.0, leadership_1=2.0)
    )
    scorer = MaturityScorer(framework).fit(answers)
    assert scorer.item_scores_.loc["E09000001", "leadership_1"] == 3.5  # (5 + 2) / 2, b did not answer
    assert scorer.item_scores_.loc["E09000001", "leadership_2"] == 3.0  # (2 + 3 + 4) / 3
    assert scorer.item_spread_.loc["E09000001", "leadership_2"] == 2.0  # 4 - 2
    assert scorer.respondents_["E09000001"] == 3


def test_three_of_four_items_is_enough_for_a_dimension_score(framework):
    answers = _answers(_all_items(framework, "E09000001", "a", 3.0, data_4=None, data_1=5.0))
    scores = score_round(answers, framework)
    assert scores.loc["E09000001", "data"] == pytest.approx((5 + 3 + 3) / 3)
    assert scores.loc["E09000001", "missing_dimensions"] == []


def test_two_of_four_items_leaves_the_dimension_and_overall_missing(framework):
    answers = _answers(_all_items(framework, "E09000001", "a", 3.0, cyber_1=None, cyber_2=None))
    scores = score_round(answers, framework)
    assert math.isnan(scores.loc["E09000001", "cyber"])
    assert math.isnan(scores.loc["E09000001", "overall"])
    assert scores.loc["E09000001", "level"] == NOT_ASSESSED
    assert scores.loc["E09000001", "missing_dimensions"] == ["cyber"]
    assert scores.loc["E09000001", "leadership"] == 3.0


def test_question_and_dimension_weights_are_applied(framework):
    # Weight 3 on leadership_1 (answered 5), 1 on the others (answered 1): (3*5 + 3*1) / 6 = 3.0.
    leadership = framework.dimension("leadership")
    heavy = replace(leadership.questions[0], weight=3.0)
    dimensions = tuple(
        replace(d, questions=(heavy, *d.questions[1:]), weight=2.0) if d.id == "leadership" else d
        for d in framework.dimensions
    )
    weighted = replace(framework, dimensions=dimensions)
    answers = _answers(_all_items(weighted, "E09000001", "a", 1.0, leadership_1=5.0))
    scores = score_round(answers, weighted)
    assert scores.loc["E09000001", "leadership"] == pytest.approx(3.0)
    # Overall: leadership (3.0) has weight 2, the other six (1.0) weight 1: (2*3 + 6) / 8 = 1.5.
    assert scores.loc["E09000001", "overall"] == pytest.approx(1.5)


def test_hand_worked_round(framework):
    parsed = read_survey(survey_csv(framework, hand_worked_rows(framework)), framework, round_label="2026")
    assert parsed.ok, parsed.errors
    assert_hand_worked(score_round(parsed.answers.merge(parsed.responses, on="response_id"), framework))
