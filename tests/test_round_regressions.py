"""The stores Hypothesis found that broke a view (tests/test_round_properties.py), kept as named tests with
their outcomes written out by hand.

Each failed at its cause in the models: a comparison between rounds that share no borough with an overall
index, a round in which no dimension could be scored, a round in which every answer is the same.
"""

from __future__ import annotations

import io

import pytest
from pptx import Presentation

from models.benchmark import borough_benchmark, london_briefing
from models.clustering import MaturityClusters, why_not_clustered
from reports.committee_pack import committee_pack_pptx
from survey.pilots import load_pilots
from tests.helpers import uniform_answers
from tests.round_strategies import CODES, scored_round
from viewmodels.borough import borough_view
from viewmodels.briefing import briefing_view
from viewmodels.tables import table_html
from viewmodels.trends import comparison_view, trends_view

CAMDEN, HACKNEY, ISLINGTON = "E09000007", "E09000012", "E09000019"
NO_CYBER = {f"cyber_{n}": None for n in range(1, 5)}


@pytest.fixture(scope="module")
def library(framework):
    return load_pilots(framework)


def _round(framework, label: str, respondents: dict):
    return scored_round(label, uniform_answers(framework, respondents), framework)


@pytest.fixture(scope="module")
def full_then_cyber_blank(framework):
    """Round 2025 answered in full (Camden 2, Hackney 3, Islington 4); in round 2026 the same boroughs left every
    cyber question blank, so nobody has an overall index in 2026."""
    return {"2025": _round(framework, "2025", {CAMDEN: [2], HACKNEY: [3], ISLINGTON: [4]}),
            "2026": _round(framework, "2026", {c: [{"*": v, **NO_CYBER}] for c, v in
                                               ((CAMDEN, 2.5), (HACKNEY, 3.5), (ISLINGTON, 4.5))})}


def test_trends_compare_a_full_round_with_one_whose_dimension_is_blank_everywhere(framework, full_then_cyber_blank):
    # Was: "operation 'sub' not supported for dtype 'str'" in models.trends.score_changes (no borough in both).
    view = comparison_view(framework, full_then_cyber_blank["2025"], full_then_cyber_blank["2026"])
    assert view.movers.data.empty
    # Was (found by AppTest on the same store): the empty movers table's number columns stayed numbers when
    # written as text, and the HTML writer's ".str" raised.
    assert "<tbody></tbody>" in table_html(view.movers, label="Movers")
    assert "(overall index, among the 0 boroughs with an overall index in both rounds)" in view.movers_heading
    assert view.transitions_caption == ("3 boroughs in both rounds. Of the 0 with an overall index in both, 0 moved up a "
                                        "level and 0 moved down.")
    assert trends_view(framework, full_then_cyber_blank).medians_description.endswith(
        "No borough has an overall index in both round 2025 and round 2026, so London's median overall index cannot be "
        "compared between them.")


def test_the_briefing_of_a_round_whose_dimension_is_blank_everywhere_says_there_is_no_change(
        framework, full_then_cyber_blank, library):
    briefing = london_briefing(framework, full_then_cyber_blank, "2026", library, library.pilots[0],
                               target_level="Developing")
    assert briefing.messages[-2] == ("No borough has an overall index in both round 2025 and round 2026, so London's "
                                     "median overall index cannot be compared between them.")
    assert briefing_view(framework, briefing).change == ("No borough has an overall index in both round 2025 and round "
                                                         "2026: there is no change to show.")


def test_my_borough_on_a_round_whose_dimension_is_blank_everywhere_says_why_there_is_no_change(
        framework, full_then_cyber_blank, library):
    view = borough_view(framework, borough_benchmark(framework, full_then_cyber_blank, "2026", CAMDEN, library))
    assert view.change == "No change since round 2025: Camden does not have an overall index in both rounds."
    assert [m.value for m in view.metrics] == ["Not assessed", "no score", "not ranked", "—"]


def test_rounds_of_one_borough_each_with_no_borough_in_common(framework, library):
    # Was: the same error, from a store holding a one-borough round and then another borough's round.
    rounds = {"2023": _round(framework, "2023", {CAMDEN: [3]}), "2024": _round(framework, "2024", {HACKNEY: [2]})}
    assert comparison_view(framework, rounds["2023"], rounds["2024"]).transitions_caption == (
        "0 boroughs in both rounds. Of the 0 with an overall index in both, 0 moved up a level and 0 moved down.")
    briefing = london_briefing(framework, rounds, "2024", library, library.pilots[0], target_level="Developing")
    assert briefing.messages[-2].startswith("No borough has an overall index in both round 2023 and round 2024")


def test_a_round_in_which_no_dimension_could_be_scored_names_no_weakest_dimension(framework, library):
    # Was: KeyError None in the briefing's "Weakest dimension" figure (and the slide pack's): one respondent
    # answered a single question, so every dimension fails the coverage rule.
    rounds = {"2026": _round(framework, "2026", {CAMDEN: [{"leadership_1": 3}]})}
    briefing = london_briefing(framework, rounds, "2026", library, library.pilots[0], target_level="Developing")
    assert briefing.headline.weakest_dimension is None
    metrics = {m.label: m.value for m in briefing_view(framework, briefing).metrics}
    assert metrics == {"London median": "no score", "Boroughs scored": "0 of 33", "Weakest dimension": "No dimension scored"}
    deck = Presentation(io.BytesIO(committee_pack_pptx(briefing, framework)))
    stands = next(slide for slide in deck.slides if slide.shapes.title.text_frame.text.startswith("Where London stands"))
    assert "No dimension scored" in [shape.text_frame.text for shape in stands.shapes if shape.has_text_frame]


def test_a_round_in_which_every_answer_is_the_same_is_briefed_without_clusters(framework, library):
    # Was: scikit-learn's "Number of labels is 1" from the silhouette, on Clusters, Peers, the briefing and export.
    rounds = {"2026": _round(framework, "2026", {code: [3] for code in CODES})}
    scores = rounds["2026"].scores
    problem = why_not_clustered(scores, framework, "2026")
    assert problem == ("Clusters need boroughs whose profiles differ; in round 2026 all 33 boroughs with every dimension "
                       "scored have the same score on every dimension.")
    briefing = london_briefing(framework, rounds, "2026", library, library.pilots[0], target_level="Developing")
    assert briefing.clusters is None and briefing.cluster_problem == problem
    assert briefing_view(framework, briefing).cluster_lines == [problem]
    with pytest.raises(ValueError):
        MaturityClusters(framework).fit(scores[list(framework.dimension_ids)])
