"""AppTest: every page runs without exception and shows the numbers the functions compute."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from models.clustering import MaturityClusters
from models.peers import context_neighbours, peer_group
from models.scoring import score_round
from models.summary import headline_figures
from survey.store import SurveyStore
from tests.helpers import metrics



@pytest.fixture
def app(open_dashboard) -> AppTest:
    return open_dashboard()


def _expected_scores(database_url, framework, round_label="2025"):
    return score_round(SurveyStore(database_url).answers(round_label), framework)


def _expected(database_url, framework, round_label, measure="overall"):
    scores = score_round(SurveyStore(database_url).answers(round_label), framework)
    return headline_figures(scores, framework, measure)


def test_overview_loads_the_demo_rounds_and_shows_the_latest(app, database_url):
    assert SurveyStore(database_url).rounds()["round"].tolist() == ["2023", "2024", "2025"]
    assert app.selectbox(key="round").value == "2025"
    assert app.title[0].value == "London digital maturity"


def test_overview_says_the_demo_data_is_synthetic(app):
    assert any("Synthetic demo data" in w.value for w in app.warning)


def test_overview_headline_figures_match_the_scoring_functions(app, database_url, framework):
    expected = _expected(database_url, framework, "2025")
    assert metrics(app)["London median, Overall index"] == f"{expected.london_median:.2f}"
    assert metrics(app)["Boroughs scored"] == f"{expected.boroughs_scored} of 33"
    assert metrics(app)["London's weakest dimension"] == framework.dimension(expected.weakest_dimension).name
    for level, count in expected.level_counts.items():
        assert metrics(app)[level] == str(count)


def test_changing_round_and_measure_updates_the_figures(app, database_url, framework):
    app.selectbox(key="round").set_value("2023").run()
    app.selectbox(key="measure").set_value("data").run()
    assert not app.exception
    expected = _expected(database_url, framework, "2023", "data")
    assert metrics(app)["London median, Data & insight"] == f"{expected.london_median:.2f}"
    assert metrics(app)["No response"] == "3"  # three boroughs skipped the 2023 demo round
    assert (app.query_params["round"], app.query_params["measure"]) == ("2023", "data")


def test_the_map_table_lists_all_33_boroughs_with_their_flags(app, database_url, framework):
    table = app.dataframe[0].value
    assert len(table) == 33
    scores = _expected_scores(database_url, framework)
    flagged = scores[scores["missing_dimensions"].map(len) > 0]
    shown = table.set_index("ONS code")
    for code, ids in flagged["missing_dimensions"].items():
        assert shown.loc[code, "Not assessed (coverage rule)"] == ", ".join(framework.dimension(d).name for d in ids)
    assert shown["Largest disagreement"].max() == scores["spread_max"].max()
    assert set(table["Level"]) <= {"Initial", "Emerging", "Developing", "Embedded", "Leading", "Not assessed", "No response"}


def test_the_round_can_be_chosen_by_url(open_dashboard):
    assert open_dashboard(query={"round": "2024"}).selectbox(key="round").value == "2024"


def test_an_empty_store_explains_how_to_load_data(open_dashboard, monkeypatch):
    monkeypatch.setattr("survey.demo.demo_files", lambda: [])
    assert "python -m survey ingest" in open_dashboard().info[0].value


def _markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_method_page_worked_example_matches_the_scoring_functions(app, database_url, framework):
    app.switch_page("views/method.py").run()
    assert not app.exception, app.exception
    scores = score_round(SurveyStore(database_url).answers("2025"), framework)
    code = app.selectbox(key="example_borough").value
    assert scores.loc[code, "respondents"] > 1
    text = _markdown(app)
    assert f"= {scores.loc[code, 'leadership']:.2f}`" in text
    assert f"/ 7 = {scores.loc[code, 'overall']:.2f}` → level **{scores.loc[code, 'level']}**" in text


def test_method_page_follows_the_sidebar_dimension_and_the_chosen_borough(app, database_url, framework):
    app.switch_page("views/method.py").run()
    app.selectbox(key="measure").set_value("cyber").run()
    app.selectbox(key="example_borough").set_value("E09000007").run()
    assert not app.exception
    scores = score_round(SurveyStore(database_url).answers("2025"), framework)
    text = _markdown(app)
    assert "Camden, round 2025: Cyber security & resilience." in text
    assert "Cyber security & resilience score: `" in text and f"= {scores.loc['E09000007', 'cyber']:.2f}`" in text


def test_method_page_shows_the_framework_and_the_non_judgement_statement(app):
    app.switch_page("views/method.py").run()
    assert len(app.expander) == 7
    assert "not a performance judgement" in _markdown(app)


def test_overview_ranks_always_come_with_their_range(app):
    table = app.dataframe[0].value
    ranked = table["Rank (likely range)"]
    assert ranked.str.contains(r"^\d+(?:st|nd|rd|th)=? of 32 \((?:tied with [^;]+; )?likely ", regex=True).sum() == 32


def _scores_2025(database_url, framework):
    return score_round(SurveyStore(database_url).answers("2025"), framework)


def test_peer_page_compares_the_chosen_borough_with_its_ons_neighbours(app, database_url, framework):
    app.selectbox(key="borough").set_value("E09000007").run()
    app.switch_page("views/peers.py").run()
    assert not app.exception, app.exception
    assert app.title[0].value == "Peer comparison: Camden"
    scores = _scores_2025(database_url, framework)
    group = list(context_neighbours("E09000007", 5)["neighbour_code"])
    assert metrics(app)["Camden: overall index"] == f"{scores.loc['E09000007', 'overall']:.2f}"
    assert metrics(app)["Peer group median overall"] == f"{scores.loc[group, 'overall'].median():.2f}"
    table = app.dataframe[0].value.set_index("Dimension")
    assert table.loc["Data & insight", "Peer median"] == pytest.approx(scores.loc[group, "data"].median())


@pytest.mark.parametrize("kind", ["maturity", "cluster", "inner_outer"])
def test_peer_page_switches_group(app, database_url, framework, kind):
    app.selectbox(key="borough").set_value("E09000007").run()
    app.switch_page("views/peers.py").run()
    app.radio(key="peer_group").set_value(kind).run()
    assert not app.exception, app.exception
    scores = _scores_2025(database_url, framework)
    clusters = MaturityClusters(framework).fit(scores[list(framework.dimension_ids)])
    group = peer_group(kind, "E09000007", scores[list(framework.dimension_ids)], clusters.labels_)
    assert f"**{len(group)} peers:**" in _markdown(app)
    assert metrics(app)["Peer group median overall"] == f"{scores.loc[group, 'overall'].median():.2f}"


def test_peer_page_hand_picked_group(app):
    app.switch_page("views/peers.py").run()
    app.radio(key="peer_group").set_value("custom").run()
    assert "This peer group is empty" in app.info[0].value
    app.multiselect(key="peer_pick").set_value(["E09000007", "E09000033"]).run()
    assert not app.exception
    assert "**2 peers:** Camden, Westminster" in _markdown(app)


def test_clusters_page_shows_the_fitted_clusters(app, database_url, framework):
    app.switch_page("views/clusters.py").run()
    assert not app.exception, app.exception
    scores = _scores_2025(database_url, framework)
    clusters = MaturityClusters(framework).fit(scores[list(framework.dimension_ids)])
    assert metrics(app)["Clusters"] == str(clusters.k_)
    assert metrics(app)["Silhouette"] == f"{clusters.silhouettes_[clusters.k_]:.2f}"
    assert metrics(app)["Stability"] == f"{clusters.stability_:.2f}"
    described = app.dataframe[0].value
    assert described["size"].tolist() == clusters.summary()["size"].tolist()
    assert "not a performance judgement" in app.info[0].value
