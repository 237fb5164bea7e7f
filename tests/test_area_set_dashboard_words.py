"""The dashboard's own words under another area set (issue 37): Overview, My borough, Peer comparison, Explore,
Trends, the sidebar and the welcome page name Greater Manchester and its councils, never London or boroughs, and
offer nothing about Inner and Outer London where the set has no sub-regions. London's words are tested as they always
were (tests/test_viewmodels.py and the page tests).

The small round, in Greater Manchester: Bolton answers 2 to everything, Bury 3, and Manchester's two respondents 4 and
5 to everything but two cyber questions (so Manchester has no overall index); the next round has Bolton and Bury half a
point higher. With a minimum of 2 respondents, Bolton and Bury have few."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from models.benchmark import ScoredRound, borough_benchmark
from models.explore import QUESTION, Measure, Points, fit_line, kind_names, own_mark
from models.peers import peer_group_names
from models.trends import count_boroughs, median_change
from survey.area_sets import active_area_set
from survey.pilots import load_pilots
from tests.conftest import ROOT, TEST_AUTH, copy_demo_store
from tests.helpers import uniform_round, use_area_set
from viewmodels.borough import borough_view
from viewmodels.common import SCORE, SIGNED, strengths_and_gaps_text
from viewmodels.explore import colour_choices, explore_view, fit_sentence, round_values, selected_table, small_multiples_view
from viewmodels.links import borough_from_link
from viewmodels.overview import overview_view
from viewmodels.peers import peers_view
from viewmodels.trends import comparison_view, trends_view

BOLTON, BURY, MANCHESTER = "E08000001", "E08000002", "E08000003"
NO_CYBER = {"cyber_1": None, "cyber_2": None}
GREATER_MANCHESTER = "greater-manchester"


@pytest.fixture(scope="module")
def rounds(framework) -> dict[str, ScoredRound]:
    with use_area_set(GREATER_MANCHESTER):
        manchester = [{"*": 4, **NO_CYBER}, {"*": 5, **NO_CYBER}]
        return {"2025": uniform_round(framework, "2025", {BOLTON: [2], BURY: [3], MANCHESTER: manchester}),
                "2026": uniform_round(framework, "2026", {BOLTON: [2.5], BURY: [3.5], MANCHESTER: manchester})}


@pytest.fixture
def greater_manchester():
    with use_area_set(GREATER_MANCHESTER):
        yield


# Overview ---------------------------------------------------------------------------------------

def test_the_overview_names_the_sets_median_and_its_councils(framework, rounds, greater_manchester):
    scored = rounds["2025"]
    view = overview_view(framework, scored.scores, scored.ranks, "2025", "overall")
    assert [(m.label, m.value, m.caption) for m in view.metrics] == [
        ("Greater Manchester median, Overall index", "2.50", "Level: **Emerging**"),  # median of 2.0 and 3.0
        ("Councils scored", "2 of 10", "3 responded to this round"),
        ("Greater Manchester's weakest dimension", "Cyber security & resilience", "Median score 2.50"),
    ]
    assert view.metrics[0].help == "Median over the councils with a score on this measure."
    assert (view.levels_heading, view.map_heading) == ("Councils per level: Overall index",
                                                       "Map: Overall index level by council")
    assert view.map_description.endswith(" The table below lists every council's score and level.")


def test_the_overview_table_has_no_inner_outer_column_where_the_set_has_no_sub_regions(framework, rounds,
                                                                                       greater_manchester):
    scored = rounds["2025"]
    table = overview_view(framework, scored.scores, scored.ranks, "2025", "overall").table
    assert list(table.data.columns[:3]) == ["Council", "ONS code", "Overall index"]
    assert "Inner/Outer" not in table.data.columns and len(table.data) == 10
    assert table.helps == {
        "Few respondents": "Fewer people answered than the minimum the office set: the scores may rest on one or two "
                           "people's views. See Method & data.",
        "Largest disagreement": "Highest minus lowest answer to one question between the council's respondents; where it "
                                "has few respondents, shown only to the office that runs the survey."}


def test_londons_overview_headings_say_borough(framework):
    scored = uniform_round(framework, "2025", {"E09000007": [2], "E09000012": [3]})
    view = overview_view(framework, scored.scores, scored.ranks, "2025", "overall")
    assert (view.levels_heading, view.map_heading) == ("Boroughs per level: Overall index",
                                                       "Map: Overall index level by borough")


# My borough -------------------------------------------------------------------------------------

def test_a_councils_profile_is_against_the_sets_median(framework, rounds, greater_manchester):
    benchmark = borough_benchmark(framework, rounds, "2026", BOLTON, load_pilots(framework))
    view = borough_view(framework, benchmark)
    assert view.profile_heading == "Profile against Greater Manchester and similar councils"
    assert view.caption.endswith("share this page's link to open it on this council")
    # Greater Manchester's medians in 2026: (2.5, 3.5, 4.5) -> 3.5; Bolton 2.5, 0.1 below Developing's 2.6.
    profile = view.profile.data.set_index("Dimension")
    assert profile.loc["Data & insight", ["Bolton", "To next level", "Greater Manchester median",
                                          "vs Greater Manchester"]].tolist() == [2.5, 0.1, 3.5, -1.0]
    assert "London median" not in profile.columns and "vs London" not in profile.columns
    assert (view.profile.formats["Greater Manchester median"], view.profile.formats["vs Greater Manchester"]) == (SCORE,
                                                                                                                   SIGNED)
    assert view.profile.helps["vs Greater Manchester"] == ("Score minus Greater Manchester's median: the largest gap is "
                                                           "listed first.")
    assert view.profile.priority == ("Bolton", "Level", "vs Greater Manchester")
    assert view.profile_description.startswith("Dot plot of Bolton's score (circle) on each dimension against Greater "
                                               "Manchester's median (triangle) and the median")
    assert view.profile_description.endswith("Above Greater Manchester's median on 0 of 7 dimensions.")
    assert ", -1.00 against Greater Manchester's median" in view.strengths_and_gaps[0]


def test_with_no_strength_or_gap_every_dimension_is_close_to_the_sets_median(greater_manchester):
    assert strengths_and_gaps_text([]) == "Every dimension is close to Greater Manchester's median."
    assert strengths_and_gaps_text(["a", "b"]) == "a\n\nb"


# Peer comparison --------------------------------------------------------------------------------

def test_the_peer_groups_offered_follow_the_sets_sub_regions(greater_manchester):
    assert peer_group_names(active_area_set()) == {
        "context": "Statistical neighbours (ONS 2025)", "maturity": "Maturity neighbours (similar profile)",
        "cluster": "Its cluster", "custom": "Hand-picked councils"}


def test_londons_peer_groups_include_its_half():
    assert peer_group_names(active_area_set()) == {
        "context": "Statistical neighbours (ONS 2025)", "maturity": "Maturity neighbours (similar profile)",
        "cluster": "Its cluster", "inner_outer": "Same half of London (Inner/Outer)", "custom": "Hand-picked boroughs"}


def test_maturity_peers_are_explained_in_the_sets_words(framework, rounds, greater_manchester):
    scores = rounds["2025"].scores
    view = peers_view(framework, scores, None, BOLTON, "maturity", "2025")
    assert view.why_heading == "Why are these councils close?"
    assert view.why_text.startswith("Distance between profiles in standard deviations of Greater Manchester's spread")
    assert view.why.data.columns[0] == "Council" and view.why.data["Council"].tolist() == ["Bury", "Manchester"]
    assert view.matrix.data.index.name == "Council"
    assert view.strengths_and_gaps[0].startswith("**Gap: Leadership & strategy** — 2.00 (Emerging), -1.00 against "
                                                 "Greater Manchester's median, -1.75 against these peers.")
    assert view.matrix.helps["Few respondents"].startswith("Fewer people answered than the minimum")


def test_statistical_neighbours_are_headed_by_council(framework, rounds, greater_manchester):
    view = peers_view(framework, rounds["2025"].scores, None, BOLTON, "context", "2025")
    assert list(view.why.data.columns) == ["Council", "ONS distance", "ONS rank"]
    assert view.why.data["Council"].tolist()[:2] == ["Rochdale", "Bury"]  # ONS ranks 3 and 6 of Bolton's neighbours


# Explore ----------------------------------------------------------------------------------------

def test_explore_colours_by_sub_region_only_where_the_set_has_them(greater_manchester):
    assert colour_choices() == {"none": "No colour", "level": "Level (overall index)", "cluster": "Cluster",
                                "readiness": "Readiness for a pilot"}
    assert kind_names(active_area_set())[QUESTION] == "Question (council mean)"
    assert own_mark(active_area_set()) == "Your council"


def test_londons_explore_colours_by_inner_and_outer():
    assert colour_choices()["inner_outer"] == "Inner/Outer London"
    assert kind_names(active_area_set())[QUESTION] == "Question (borough mean)"


def test_the_explore_chart_and_table_speak_of_councils(framework, rounds, greater_manchester):
    scored = rounds["2025"]
    measures, values = round_values(framework, scored.scores, pd.DataFrame(), {"2025": scored}, "2025")
    view = explore_view(framework, values, scored.scores, None, measures, "ctx:imd2019_average_score", "overall", "level",
                        "none", None, BOLTON, "2025", False)
    assert "2 of 3 responding councils have both. Dashed lines: Greater Manchester's medians, " in view.description
    assert "Your council is ringed and its statistical neighbours drawn as diamonds." in view.description
    table = view.table.data
    assert list(table.columns[:1]) == ["Council"] and "Inner/Outer London" not in table.columns
    assert dict(zip(table["Council"], table["Marked"])) == {"Bolton": "Your council", "Bury": "Statistical neighbour"}
    assert selected_table(view, [BURY]).data["Council"].tolist() == ["Bury"]
    multiples = small_multiples_view(framework, values, measures, "ctx:imd2019_average_score", "2025")
    assert multiples.table.data["Councils"].tolist() == [3, 3, 3, 3, 2, 3, 3]  # Manchester has no cyber score
    assert "Data & insight: no fit (3 councils)" in multiples.description


def test_a_missing_fit_says_how_many_councils_it_needs(greater_manchester):
    data = pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0], "y": [2.0, 1.0, 4.0, 3.0]})
    across, up = Measure("a", "Across", "context"), Measure("b", "Up", "index")
    assert fit_sentence(Points(data, across, up, 2.5, 2.5, fit_line(data["x"], data["y"]), "")) == (
        "No straight-line fit: only 4 councils have both measures (a fit needs at least 5 councils and a varying x).")


# Trends -----------------------------------------------------------------------------------------

def test_trends_name_the_sets_median_and_count_councils(framework, rounds, greater_manchester):
    view = trends_view(framework, rounds)
    assert view.medians_heading == "Greater Manchester's median over rounds"
    assert view.medians_description.startswith("Line chart of Greater Manchester's median score per dimension in each round")
    assert view.medians.file_name == "greater-manchester_medians.csv"
    comparison = comparison_view(framework, rounds["2025"], rounds["2026"])
    assert comparison.movers.data["Council"].tolist() == ["Bolton", "Bury"]
    assert "(overall index, among the 2 councils with an overall index in both rounds)" in comparison.movers_heading
    assert "the likely range of the council's own change" in comparison.movers_heading
    assert "(councils in both rounds; rows: level in 2025" in comparison.transitions_heading
    assert comparison.transitions_caption.startswith("3 councils in both rounds. Of the 2 with an overall index in both")


def test_the_median_change_is_the_sets(rounds, greater_manchester):
    before, after = rounds["2025"].scores, rounds["2026"].scores
    assert median_change(before, after, "2025", "2026").sentence() == (
        "Since round 2025, Greater Manchester's median overall index has risen by 0.50.")
    assert median_change(before, after.assign(overall=float("nan")), "2025", "2026").sentence() == (
        "No council has an overall index in both round 2025 and round 2026, so Greater Manchester's median overall "
        "index cannot be compared between them.")
    assert (count_boroughs(1), count_boroughs(9)) == ("1 council", "9 councils")


def test_londons_count_says_boroughs():
    assert (count_boroughs(1), count_boroughs(9)) == ("1 borough", "9 boroughs")


# The sidebar, links and the welcome page --------------------------------------------------------

def test_a_link_to_an_unknown_council_says_council(greater_manchester):
    assert borough_from_link("Nowhere").problem.startswith("The link asks for council 'Nowhere', which this dashboard "
                                                           "does not know:")


def test_the_sidebar_and_pages_name_the_set(area_set_demo_store, database_url, monkeypatch, greater_manchester):
    monkeypatch.setenv("DATABASE_URL", copy_demo_store(area_set_demo_store(GREATER_MANCHESTER), database_url))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Greater Manchester digital maturity"
    council = at.sidebar.selectbox(key="borough")
    assert (council.label, council.help) == ("Council", "The pages about one council show this one.")
    at.switch_page("views/peers.py").run()
    assert at.radio(key="peer_group").options == ["Statistical neighbours (ONS 2025)", "Maturity neighbours (similar profile)",
                                                  "Its cluster", "Hand-picked councils"]
    assert at.caption[0].value.endswith("Choose the council in the sidebar.")


def test_the_welcome_page_describes_the_sets_councils(database_url, monkeypatch, tmp_path, greater_manchester):
    access = tmp_path / "access.yaml"
    access.write_text("office: [office@example.gov.uk]\n", encoding="utf-8")
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SURVEY_ACCESS_FILE", str(access))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["auth"] = TEST_AUTH
    at.user = {"is_logged_in": False}
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Greater Manchester digital maturity benchmark"
    text = at.markdown[0].value
    assert text.startswith("Each survey round, Greater Manchester's 10 local authorities assess their digital maturity")
    assert "compares each council with Greater Manchester and with councils like it, and shows which councils are " \
           "ready" in text
    assert "council staff see the published rounds with their own council first" in text
