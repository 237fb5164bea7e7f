"""The Method page's worked example, on the hand-worked round."""

import pytest

from models.explain import example_borough, worked_example
from models.scoring import score_round
from survey.reading import read_survey
from tests.helpers import survey_csv
from tests.fixtures.hand_worked import hand_worked_rows


@pytest.fixture
def answers(framework):
    parsed = read_survey(survey_csv(framework, hand_worked_rows(framework)), framework, round_label="2026")
    return parsed.answers.merge(parsed.responses, on="response_id")


def test_the_example_borough_has_several_respondents_and_an_overall(framework, answers):
    assert example_borough(score_round(answers, framework)) == "E09000007"


def test_each_step_is_written_out(framework, answers):
    example = worked_example(answers, framework, "E09000007", "leadership")
    assert example.item_lines == [
        "leadership_1: 4",
        "leadership_2: (3 + 5) / 2 = 4.00",
        "leadership_3: (2 + 3) / 2 = 2.50",
        "leadership_4: (3 + 2) / 2 = 2.50",
    ]
    assert example.dimension_line == "(4.00 + 4.00 + 2.50 + 2.50) / 4 = 3.25"
    assert example.overall_line == "(3.25 + 2.50 + 2.50 + 2.50 + 2.50 + 2.50 + 2.50) / 7 = 2.61"
    assert example.level == "Developing"
    assert example.overall == pytest.approx(18.25 / 7)


def test_a_dimension_below_coverage_says_why_it_is_missing(framework, answers):
    example = worked_example(answers, framework, "E09000012", "data")
    assert example.item_lines == ["data_1: 5", "data_2: 5", "data_3: not answered", "data_4: not answered"]
    assert example.dimension_line == "2 of 4 questions answered (50%), below the 65% needed: not assessed"
    assert example.overall_line == "not calculated: Data & insight not assessed"
    assert example.level == "Not assessed"
