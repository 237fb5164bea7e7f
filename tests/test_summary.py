"""Headline figures and the map table, on the hand-worked round."""

import pytest

from models.scoring import score_round
from models.summary import headline_figures, measure_table
from survey.reading import read_survey
from tests.helpers import survey_csv
from tests.fixtures.hand_worked import hand_worked_rows


@pytest.fixture
def scores(framework):
    parsed = read_survey(survey_csv(framework, hand_worked_rows(framework)), framework, round_label="2026")
    return score_round(parsed.answers.merge(parsed.responses, on="response_id"), framework)


def test_the_map_table_has_all_33_boroughs(framework, scores):
    table = measure_table(scores, framework)
    assert len(table) == 33
    assert table.set_index("ons_code").loc["E09000007", "level"] == "Developing"
    assert table.set_index("ons_code").loc["E09000012", "level"] == "Not assessed"
    assert table.set_index("ons_code").loc["E09000001", "level"] == "No response"


def test_overall_headline_figures(framework, scores):
    headline = headline_figures(scores, framework)
    # Median of Camden 18.25/7 and Barnet 27/7 (Hackney has no overall) = 45.25/14.
    assert headline.london_median == pytest.approx(45.25 / 14)
    assert headline.london_median_level == "Developing"
    assert (headline.boroughs_responding, headline.boroughs_scored) == (3, 2)
    assert headline.level_counts == {
        "Initial": 0, "Emerging": 0, "Developing": 1, "Embedded": 1, "Leading": 0, "Not assessed": 1, "No response": 30,
    }


def test_the_weakest_dimension_is_the_lowest_median_first_in_framework_order_on_ties(framework, scores):
    # Medians: leadership 3.25, data 2.75 (Hackney missing), the other five 2.5 -> services comes first.
    headline = headline_figures(scores, framework)
    assert (headline.weakest_dimension, headline.weakest_dimension_median) == ("services", 2.5)


def test_a_dimension_measure_uses_that_dimensions_scores(framework, scores):
    headline = headline_figures(scores, framework, "data")
    assert headline.london_median == pytest.approx(2.75)  # median of Camden 2.5 and Barnet 3.0
    assert headline.level_counts["Not assessed"] == 1
