"""The analysis pages (Clusters, Capability gaps, Pilot readiness, Committee briefing), the Upload, Collect answers
and Self-assessment pages, and the charts and maps drawn for them and for the documents, in the active area set's
words (issue 37): Greater Manchester's ten councils, with no sub-regions, on hand-built rounds.

The small round, as in test_viewmodels: Bolton answers 2 to everything, Bury 3, and Manchester's two respondents 4
and 5 to everything but two cyber questions (so cyber fails the coverage rule and Manchester has no overall index).
Scores: Bolton 2.0 (Emerging), Bury 3.0 (Developing), Manchester 4.5 on six dimensions. With a minimum of 2
respondents, Bolton and Bury have few. The other seven councils did not respond.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from figures.charts import describe_level_stack, level_stack, profile_against_group
from figures.explore import scatter_figure
from models.benchmark import london_briefing
from models.clustering import MaturityClusters, stability_words, why_not_clustered
from models.explore import Measure, Points
from models.gaps import level_shares, shares_by_half
from survey.assessment import Assessments
from survey.mapping import BOROUGH
from survey.pilots import load_pilots
from survey.store import SurveyStore
from survey.versions import SavedRound
from tests.conftest import copy_demo_store
from tests.helpers import uniform_round, shown_tables, use_area_set
from viewmodels.assessment import benchmark_link, benchmark_pending, closed_message, collection_page
from viewmodels.briefing import briefing_page, briefing_title, briefing_view
from viewmodels.clusters import clusters_intro, clusters_view
from viewmodels.gaps import gap_map_view, gaps_page, gaps_view
from viewmodels.readiness import readiness_page, readiness_view
from viewmodels.upload import rounds_table, saved_message, target_labels

BOLTON, BURY, MANCHESTER, OLDHAM, ROCHDALE, SALFORD = (f"E0800000{i}" for i in range(1, 7))
NO_CYBER = {"cyber_1": None, "cyber_2": None}
LEVELS = ("Initial", "Emerging", "Developing", "Embedded", "Leading")


@pytest.fixture(autouse=True)
def greater_manchester():
    with use_area_set("greater-manchester"):
        yield


@pytest.fixture(scope="module")
def small(framework):
    return uniform_round(framework, "2025", {BOLTON: [2], BURY: [3], MANCHESTER: [{"*": 4, **NO_CYBER}, {"*": 5, **NO_CYBER}]})


@pytest.fixture(scope="module")
def two_groups(framework):
    """Three councils at 2 everywhere and three at 4: two clusters no resample can mix up."""
    return uniform_round(framework, "2026", {c: [2] for c in (BOLTON, BURY, MANCHESTER)}
                  | {c: [4] for c in (OLDHAM, ROCHDALE, SALFORD)})


# Capability gaps ---------------------------------------------------------------------------------

def test_the_gaps_page_is_across_the_set_and_has_no_sub_regions(framework, small):
    page = gaps_page()
    assert page.title == "Capability gaps across Greater Manchester"
    assert page.levels_heading == "Councils at each level, by dimension"
    assert page.target_help == "The level every council should reach; a gap is the distance below its lower edge."
    view = gaps_view(framework, small.scores, "2025", "Developing", "overall")
    assert (view.halves, view.halves_heading, view.halves_caption) == (None, "", "")
    assert view.metrics[1].label == "Most councils below target"
    assert view.metrics[1].caption.startswith("1 of 2 councils below Developing; then ")  # cyber: Bolton of Bolton, Bury
    assert list(view.levels.data.columns[:3]) == ["Dimension", "Median", "Councils assessed"]


def test_shares_by_sub_region_are_none_where_the_set_has_none(framework, small):
    assert shares_by_half(small.scores[list(framework.dimension_ids)], framework, "Developing") is None


def test_londons_gaps_page_keeps_inner_and_outer_london(framework):
    with use_area_set("london"):
        scores = uniform_round(framework, "2025", {"E09000007": [2], "E09000003": [3]}).scores  # Camden (Inner), Barnet
        view = gaps_view(framework, scores, "2025", "Developing", "overall")
        assert gaps_page().title == "Capability gaps across London"
    assert view.halves_heading == "Inner and Outer London"
    assert view.halves_caption == "Share of each half's boroughs below Developing on each dimension."
    assert view.halves is not None
    assert view.halves.data.set_index("Dimension").loc["Data & insight"].tolist() == [1.0, 0.0]  # 2.0 and 3.0 vs 2.6


def test_the_gap_map_and_table_name_councils(framework, small):
    view = gap_map_view(framework, small.scores, "2025", "Developing", "data")
    # Data & insight less its lower edge 2.6: Bolton -0.6, Bury +0.4, Manchester +1.9.
    assert view.map_description == ("Map of the 10 councils by gap to Developing in Data & insight: 1 0.5 or more "
                                    "above, 1 At or up to 0.5 above, 1 More than 0.5 below, 7 No response. The table "
                                    "below lists every council's gaps.")
    assert view.heading == "Every council's gaps"
    assert list(view.boroughs.data.columns[:3]) == ["Council", "ONS code", "Few respondents"]
    assert view.boroughs.data["Council"].tolist() == ["Bolton", "Bury", "Manchester"]


# Pilot readiness ---------------------------------------------------------------------------------

def test_readiness_names_councils(framework, small):
    view = readiness_view(framework, small.scores, {BOLTON: [BURY, MANCHESTER]}, "2025", "custom", {"data": 3.0},
                          0.5, running_in=(BURY,))
    # Bolton 2.0 - 3.0 = -1.0 (Not yet); Bury 0.0 and Manchester +1.5 (Ready); seven no response.
    assert view.map_description == ("Map of the 10 councils by readiness for this pilot: 2 ready, 0 nearly ready, 1 not "
                                    "yet, 0 not assessed, 7 no response. Councils where the pilot already runs are "
                                    "outlined. Point at a council for its margin and bottleneck; the table below lists "
                                    "every council.")
    assert view.boroughs.data["Council"].tolist() == ["Manchester", "Bury", "Bolton"]
    page = readiness_page()
    assert page.running_label == "Mark the councils where the pilot already runs"
    assert "Suggested partners: ready councils among each council's ONS neighbours" in page.table_caption


# Clusters ----------------------------------------------------------------------------------------

def test_clusters_name_councils(framework, two_groups):
    model = MaturityClusters(framework).fit(two_groups.scores[list(framework.dimension_ids)])
    view = clusters_view(framework, two_groups.scores, model, "2026")
    assert view.map_description == ("Map of the 10 councils by cluster: 3 Cluster 1, 3 Cluster 2, 4 No response. "
                                    "Members are listed below.")
    assert list(view.clusters.data.columns[:2]) == ["Cluster", "Councils"]
    assert view.clusters.priority == ("Members", "Description", "Councils")
    assert view.metrics[0].help == "Chosen between 2 and 6 as the number that separates councils most clearly."
    assert view.metrics[2].help.endswith("re-clusterings of resampled councils: 1 means always the same groups.")
    assert view.scatter_description.startswith("Each council's seven standardised scores")
    assert list(view.points.data.columns) == ["Council", "Cluster", "Component 1", "Component 2"]
    assert clusters_intro().startswith("Clusters group councils whose profiles have a similar shape.")


def test_why_a_round_is_not_clustered_names_councils(framework, small):
    # Manchester has no cyber score: two complete profiles.
    assert why_not_clustered(small.scores, framework, "2025") == (
        "Clusters need at least 3 councils with every dimension scored; round 2025 has 2.")
    assert stability_words(0.6) == "Moderately stable: the broad split holds, but councils near a boundary can change cluster."


# Committee briefing ------------------------------------------------------------------------------

def test_the_briefing_is_of_the_set(framework, small, two_groups):
    library = load_pilots(framework)
    model = MaturityClusters(framework).fit(two_groups.scores[list(framework.dimension_ids)])
    briefing = london_briefing(framework, {"2025": small, "2026": two_groups}, "2026", library,
                               library.get("damp_sensors"), target_level="Developing", clusters=model)
    view = briefing_view(framework, briefing)
    assert view.title == briefing_title("2026") == "Greater Manchester's digital maturity, round 2026"
    assert [(m.label, m.value) for m in view.metrics[:2]] == [("Greater Manchester median", "3.00"),
                                                              ("Councils scored", "6 of 10")]
    assert view.level_map.heading == "Maturity across Greater Manchester"
    assert view.level_map.description == ("Map of the 10 councils by overall index level: 3 Emerging, 3 Embedded, "
                                          "4 No response. The Overview page lists every council.")
    assert view.gaps.heading == "Capability gaps: councils below Developing"
    assert view.gaps.description.startswith("Bars split at Developing: councils at each level on each dimension")
    assert list(view.gaps.table.data.columns[:3]) == ["Dimension", "Median", "Councils assessed"]
    assert view.cluster_map is not None and view.cluster_map.heading == "Groups of similar councils"
    assert view.readiness_map.description.endswith(" The Pilot readiness page lists every council.")
    assert view.pack_file_name == "greater_manchester_digital_maturity_2026.pptx"
    assert briefing_page().no_plan == "No council is nearly ready for this pilot."


# Charts and maps (drawn once for page, PDF and slides) ------------------------------------------

def test_the_charts_say_the_sets_words(framework, small):
    table = pd.DataFrame({"name": ["Data & insight"], "score": [2.875], "group_median": [2.5], "group_min": [1.5],
                          "group_max": [3.5]})
    figure = profile_against_group(table, "Bolton", "Peer group", LEVELS, london=pd.Series([3.0]))
    assert "Greater Manchester median" in [t.get_text() for t in figure.legends[0].get_texts()]
    shares = level_shares(small.scores[list(framework.dimension_ids)], framework, "Developing")
    assert describe_level_stack(shares, "Developing").startswith("Bars split at Developing: councils at each level")
    axis = level_stack(shares, framework.level_names, "Developing", width_px=940).axes[0].get_xlabel()
    assert axis == "← Councils below Developing  |  at Developing or above →"


def test_the_explore_chart_rings_the_readers_council(framework):
    measure = Measure("overall", "Overall index", "score")
    data = pd.DataFrame({"label": ["BOL", "BUR"], "name": ["Bolton", "Bury"], "x": [2.0, 3.0], "y": [2.0, 3.0],
                         "group": ["", ""], "size": [float("nan")] * 2, "mark": ["Your council", "Statistical neighbour"]},
                        index=[BOLTON, BURY])
    figure = scatter_figure(Points(data, measure, measure, 2.5, 2.5, None, ""))
    assert figure.data[0].name == "Councils"
    ringed = figure.data[1]
    assert ringed.name == "Your council (ringed), neighbours (diamond)"
    assert list(ringed.marker.symbol) == ["circle-open", "diamond-open"]


# Upload, Collect answers, Self-assessment --------------------------------------------------------

def test_upload_names_councils(framework):
    assert target_labels(framework)[BOROUGH] == "council"
    rounds = pd.DataFrame({"round": ["2025"], "version": [1], "status": ["published"], "framework_version": ["1.0"],
                           "framework_sha256": ["x"], "synthetic": [True], "saved_at": ["2025-05-01"], "boroughs": [10],
                           "respondents": [25]})
    assert "Councils" in rounds_table(rounds).data.columns
    assert saved_message(SavedRound("2026", 2, "provisional", 9, 25)) == (
        "Saved round 2026 as version 2 (provisional): 9 councils, 25 respondents. Check its coverage under Stored "
        "rounds, then publish it.")


def test_collect_answers_and_self_assessment_name_councils():
    page = collection_page()
    assert page.caption.startswith("Open a round for council staff to answer on the Self-assessment page")
    assert page.map_heading == "Map of answers by council"
    assert page.download_label == "Download the councils not yet submitted (CSV)"
    assert closed_message(SavedRound("2026", 1, "provisional", 4, 7)) == (
        "Round 2026 is closed: version 1 stored as provisional (4 councils, 7 respondents). Publish it on Upload data "
        "once it is checked.")
    assert benchmark_link("Bolton") == "See Bolton's benchmark against Greater Manchester"
    assert benchmark_pending("Bolton", "2026") == ("Bolton's benchmark against Greater Manchester appears on the My "
                                                   "council page once the office publishes round 2026.")


# The pages in AppTest ------------------------------------------------------------------------------

OFFICE = "director@office.example"
BOLTON_MEMBER = "ann.lee@bolton.gov.uk"


@pytest.fixture
def gm_store(area_set_demo_store, database_url, framework, tmp_path, monkeypatch):
    """Greater Manchester's demo rounds, round 2026 open for answers, and an access file with a Bolton member."""
    copy_demo_store(area_set_demo_store("greater-manchester"), database_url)
    Assessments(SurveyStore(database_url)).open_round("2026", closes=date(2099, 12, 31), framework=framework,
                                                      actor=OFFICE, opens=date(2026, 1, 1))
    access = tmp_path / "access.yaml"
    access.write_text(f'office: [{OFFICE}]\nmembers:\n  "@bolton.gov.uk": {BOLTON}\n')
    return database_url, access


def test_a_member_of_a_council_answers_for_it_and_is_told_where_its_benchmark_appears(gm_store, open_dashboard, framework):
    database_url, access = gm_store
    online = Assessments(SurveyStore(database_url))
    draft = online.draft("2026", BOLTON_MEMBER, BOLTON)
    for question in framework.question_ids:
        online.answer(draft, question, 3)
    online.submit(draft)
    at = open_dashboard("views/assess.py", signed_in=BOLTON_MEMBER, access_file=access)
    assert at.title[0].value == "Self-assessment: Bolton"
    assert at.info[0].value == ("Bolton's benchmark against Greater Manchester appears on the My council page once the "
                                "office publishes round 2026.")


def test_the_office_follows_the_councils_answers(gm_store, open_dashboard):
    _, access = gm_store
    at = open_dashboard("views/collection.py", signed_in=OFFICE, access_file=access)
    assert at.caption[0].value.startswith("Open a round for council staff")
    assert {m.label: m.value for m in at.metric}["Not started"] == "10"
    assert list(shown_tables(at)[0].columns) == ["Council", "Status", "Submitted", "In progress"]


def test_the_gaps_page_has_no_sub_regions_section(gm_store, open_dashboard):
    at = open_dashboard("views/gaps.py")
    assert at.title[0].value == "Capability gaps across Greater Manchester"
    assert [h.value for h in at.header][:3] == ["Councils at each level, by dimension", "Map: gap to target on one dimension",
                                            "Every council's gaps"]
