"""AppTest of the Explore page: a plotly chart for every kind of measure against every other, the fit and why not,
the selection's table and its way to Peer comparison (kept in the link), and plotly loaded by no other page."""

from __future__ import annotations

import ast
import json

import pytest
from streamlit.testing.v1 import AppTest

from models.explore import CHANGE, CONTEXT, DIMENSION, INDEX, QUESTION, round_measures
from models.results import StoredResults
from survey.framework import load_framework
from survey.reading import read_survey
from survey.settings import load_settings
from survey.store import SurveyStore
from tests.conftest import ROOT
from tests.helpers import survey_csv

PAGE = "views/explore.py"
CAMDEN, HACKNEY, ISLINGTON = "E09000007", "E09000012", "E09000019"
# One measure of each kind the page offers (the demo store's 2025 round has a previous round, so a change).
ONE_OF_EACH_KIND = {INDEX: "overall", DIMENSION: "data", QUESTION: "q:people_2", CHANGE: CHANGE,
                    CONTEXT: "ctx:imd2019_average_score"}


def _figure(at: AppTest, n: int = 0) -> dict:
    return json.loads(at.get("plotly_chart")[n].proto.spec)


@pytest.fixture
def explore(open_dashboard) -> AppTest:
    return open_dashboard(PAGE, query={"borough": CAMDEN})


def test_the_page_draws_a_plotly_chart_for_every_kind_of_measure_against_every_other(explore):
    at = explore
    assert set(at.selectbox(key="explore_x").options) >= {at.selectbox(key="explore_x").format_func(m)
                                                          for m in ONE_OF_EACH_KIND.values()}
    for x in ONE_OF_EACH_KIND.values():
        for y in ONE_OF_EACH_KIND.values():
            at.selectbox(key="explore_x").set_value(x)
            at.selectbox(key="explore_y").set_value(y).run()
            assert not at.exception, (x, y, at.exception)
            figure = _figure(at)
            points = [t for t in figure["data"] if t.get("mode") == "markers+text"]
            assert points and sum(len(t["customdata"]) for t in points) > 20, (x, y)  # numbers travel as typed arrays
            assert figure["layout"]["xaxis"]["title"]["text"].replace("<br>", " ") in at.caption[1].value


def test_the_page_draws_every_measure_it_offers_on_each_axis(explore):
    """Each measure across against the next one up (the last against the first): every measure drawn on both axes."""
    at = explore
    measure_ids = [m.id for m in round_measures(load_framework(), "2024")]  # the demo's 2025 round follows 2024
    assert at.selectbox(key="explore_x").options == [at.selectbox(key="explore_x").format_func(m) for m in measure_ids]
    assert len(measure_ids) == 43  # 1 index, 7 dimensions, 28 questions, the change, 6 context variables
    for x, y in zip(measure_ids, measure_ids[1:] + measure_ids[:1]):
        at.selectbox(key="explore_x").set_value(x)
        at.selectbox(key="explore_y").set_value(y).run()
        assert not at.exception, (x, y, at.exception)
        points = [t for t in _figure(at)["data"] if t.get("mode") == "markers+text"]
        assert points and sum(len(t["customdata"]) for t in points) > 20, (x, y)


def test_every_pair_of_measures_offered_makes_a_chart_of_the_boroughs_with_both(demo_database_url):
    """Every pair (43 x 43) through the page's view model and figure, on the demo store's 2025 round."""
    from figures.explore import scatter_figure
    from viewmodels.explore import explore_view, round_values

    framework = load_framework()
    results = StoredResults(SurveyStore(demo_database_url), framework, load_settings()).at()
    scores = results.shown_scores("2025", respondent_detail=True)
    measures, values = round_values(framework, scores, results.shown_item_means("2025", respondent_detail=True),
                                    results.scored_rounds(with_provisional=True), "2025")
    assert len(measures) == 43
    for x in measures:
        for y in measures:
            view = explore_view(framework, values, scores, None, measures, x, y, "level", "none", None, CAMDEN, "2025",
                                True)
            both = values[[x, y]].dropna()
            assert len(view.points.data) == len(both) and view.table.data.shape[0] == len(both), (x, y)
    figure = scatter_figure(view.points)
    assert len(figure.data) >= 1


def test_the_description_names_the_axes_and_n_and_the_fit_gives_both_correlations(explore):
    at = explore
    at.selectbox(key="explore_x").set_value("ctx:population_mid2024")
    at.selectbox(key="explore_y").set_value("data")
    at.checkbox(key="explore_fit").check().run()
    description = next(c.value for c in at.caption if c.value.startswith("Scatter chart"))
    assert description.startswith("Scatter chart of Data & insight (up) against Population (mid-2024) (across) "
                                  "for round 2025: 33 of 33 responding boroughs have both.")
    fit_line = next(m.value for m in at.markdown if m.value.startswith("Pearson correlation"))
    assert "Spearman rank correlation" in fit_line and "over 33 boroughs" in fit_line and fit_line in description
    assert any(t.get("mode") == "lines" for t in _figure(at)["data"])


@pytest.mark.parametrize("colour", ["level", "cluster", "inner_outer", "readiness"])
@pytest.mark.parametrize("size", ["respondents", "population"])
def test_every_colour_and_size_is_drawn_with_a_legend_that_names_the_groups(explore, colour, size):
    at = explore
    at.selectbox(key="explore_colour").set_value(colour)
    at.selectbox(key="explore_size").set_value(size).run()
    assert not at.exception
    names = {t["name"] for t in _figure(at)["data"] if t.get("mode") == "markers+text"}
    assert len(names) >= 2 and "" not in names


def test_your_borough_and_its_statistical_neighbours_are_marked(explore):
    marks = [t for t in _figure(explore)["data"] if t.get("mode") == "markers"]
    assert len(marks) == 1 and "circle-open" in marks[0]["marker"]["symbol"]
    table = explore.get("html")
    assert any("Your borough" in h.proto.body and "Statistical neighbour" in h.proto.body for h in table)


def test_small_multiples_draw_a_context_variable_against_each_of_the_seven_dimensions(explore):
    at = explore
    at.radio(key="explore_layout").set_value("multiples").run()
    assert not at.exception
    figure = _figure(at)
    titles = [a["text"] for a in figure["layout"]["annotations"]]
    assert titles == ["Leadership & strategy", "User-centred services", "Data & insight", "Technology & infrastructure",
                      "Cyber security & resilience", "Skills & culture", "Collaboration & innovation"]
    assert next(c.value for c in at.caption if c.value.startswith("Seven scatter charts")).count("Pearson") == 7


def test_boroughs_chosen_in_the_list_are_tabled_and_compared_on_peer_comparison_from_the_link(explore):
    at = explore
    at.multiselect(key="explore_pick").set_value([HACKNEY, ISLINGTON]).run()
    assert any("Hackney" in h.proto.body and "Islington" in h.proto.body and "Camden" not in h.proto.body
               for h in at.get("html"))
    at.button(key="explore_compare").click().run()
    assert not at.exception
    assert at.title[0].value == "Peer comparison: Camden"
    assert at.radio(key="peer_group").value == "custom"
    assert at.multiselect(key="peer_pick").value == [HACKNEY, ISLINGTON]
    assert at.query_params["peers"] == f"{HACKNEY},{ISLINGTON}"
    assert any(m.value == "**2 peers:** Hackney, Islington" for m in at.markdown)


def test_a_shared_peers_link_opens_the_hand_picked_group(open_dashboard):
    at = open_dashboard("views/peers.py", query={"borough": CAMDEN, "peers": "hackney,E09000019,Camden,Nowhere"})
    assert at.radio(key="peer_group").value == "custom"
    assert at.multiselect(key="peer_pick").value == [HACKNEY, ISLINGTON]
    assert any("'Nowhere'" in w.value for w in at.warning)


def test_a_one_borough_round_draws_its_chart_and_says_why_there_is_no_line(framework, database_url, open_dashboard):
    parsed = read_survey(survey_csv(framework, [{"borough": CAMDEN, "respondent": "r1",
                                                 **dict.fromkeys(framework.question_ids, 3)}]), framework, round_label="2026")
    SurveyStore(database_url).save_round(parsed, framework=framework, uploader="test", publish=True)
    at = open_dashboard(PAGE, query={"borough": CAMDEN, "round": "2026"})
    at.checkbox(key="explore_fit").check().run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 1
    assert any(i.value.startswith("No straight-line fit: only 1 borough has both measures") for i in at.info)
    assert not any(t.get("mode") == "lines" for t in _figure(at)["data"])


OTHER_PAGES = ["views/overview.py", "views/borough.py", "views/peers.py", "views/clusters.py", "views/gaps.py",
               "views/readiness.py", "views/trends.py", "views/briefing.py", "views/method.py", "views/upload.py"]


def test_no_other_page_draws_a_plotly_chart_so_no_other_page_fetches_its_browser_bundle(open_dashboard):
    at = open_dashboard()
    for page in OTHER_PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        assert not at.get("plotly_chart"), page


def test_only_the_explore_figures_import_plotly_and_only_when_drawing():
    """Streamlit itself imports plotly when it is installed (its theme); our code imports it in one module, inside the
    functions that draw, so nothing of ours builds a plotly figure except the Explore page."""
    importers = {}
    for path in ROOT.rglob("*.py"):
        if ".venv" in path.parts or "tests" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n.split(".")[0] == "plotly" for n in names):
                importers.setdefault(str(path.relative_to(ROOT)), []).append(node.col_offset)
    assert set(importers) == {"figures/explore.py"}
    top_level = [offset for offset in importers["figures/explore.py"] if offset == 0]
    assert top_level == [], "plotly is imported at the top of figures/explore.py"


def test_members_are_not_shown_question_means_of_boroughs_with_few_respondents(open_dashboard, database_url):
    def on_chart(signed_in: str) -> tuple[set[str], int]:
        at = open_dashboard(PAGE, signed_in=signed_in)
        at.selectbox(key="explore_x").set_value("q:data_1").run()
        assert not at.exception
        codes = {c for t in _figure(at)["data"] if t.get("mode") == "markers+text" for c, _ in t["customdata"]}
        return codes, len(at.get("plotly_chart"))

    member, charts = on_chart("cio@hackney.gov.uk")
    office, _ = on_chart("analyst@office.example")
    store = SurveyStore(database_url)  # the demo store the dashboard opened
    few = set(StoredResults(store, load_framework(), load_settings()).at().shown_scores("2025", respondent_detail=False)
              .query("few_respondents").index)
    assert few and charts == 1
    assert not member & few and office & few  # office staff see them (those who answered the question)


def test_the_data_table_writes_each_measure_as_its_kind_is_written_everywhere(explore):
    """Barking and Dagenham's IMD 2019 average score is 32.768 and its population 232,747 (the context file): a
    score-like measure to two decimals, a count whole, a share as a percentage; the description the same."""
    at = explore
    at.selectbox(key="explore_size").set_value("population").run()
    table = next(h.proto.body for h in at.get("html") if "Barking and Dagenham" in h.proto.body)
    barking = table[table.index(">Barking and Dagenham<"):].split("</tr>")[0]
    assert ">32.77<" in barking and ">232,747<" in barking and "32.768" not in barking
    at.selectbox(key="explore_x").set_value("ctx:imd2019_prop_lsoas_most_deprived_10pct").run()
    table = next(h.proto.body for h in at.get("html") if "Barking and Dagenham" in h.proto.body)
    assert ">4%<" in table[table.index(">Barking and Dagenham<"):].split("</tr>")[0]  # 0.0364 of its areas
    assert "London's medians, " in at.caption[1].value and "% across" in at.caption[1].value
