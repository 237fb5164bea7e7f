"""AppTest: every page runs without exception and shows the numbers the functions compute."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from models.scoring import score_round
from models.summary import headline_figures
from survey.store import SurveyStore
from tests.conftest import ROOT

APP = str(ROOT / "app.py")


@pytest.fixture
def app(database_url, monkeypatch) -> AppTest:
    """The dashboard on a fresh store, which loads the synthetic demo rounds on first run."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


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
    assert _metric(app, "London median, Overall index") == f"{expected.london_median:.2f}"
    assert _metric(app, "Boroughs scored") == f"{expected.boroughs_scored} of 33"
    assert _metric(app, "London's weakest dimension") == framework.dimension(expected.weakest_dimension).name
    for level, count in expected.level_counts.items():
        assert _metric(app, level) == str(count)


def test_changing_round_and_measure_updates_the_figures(app, database_url, framework):
    app.selectbox(key="round").set_value("2023").run()
    app.selectbox(key="measure").set_value("data").run()
    assert not app.exception
    expected = _expected(database_url, framework, "2023", "data")
    assert _metric(app, "London median, Data & insight") == f"{expected.london_median:.2f}"
    assert _metric(app, "No response") == "3"  # three boroughs skipped the 2023 demo round
    assert (app.query_params["round"], app.query_params["measure"]) == ("2023", "data")


def test_the_map_table_lists_all_33_boroughs(app):
    table = app.dataframe[0].value
    assert len(table) == 33
    assert set(table["Level"]) <= {"Initial", "Emerging", "Developing", "Embedded", "Leading", "Not assessed", "No response"}


def test_the_round_can_be_chosen_by_url(database_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", database_url)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["round"] = "2024"
    at.run()
    assert not at.exception
    assert at.selectbox(key="round").value == "2024"


def test_an_empty_store_explains_how_to_load_data(database_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setattr("survey.demo.demo_files", lambda: [])
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert "python -m survey ingest" in at.info[0].value


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
    assert ranked.str.contains(r"^\d+(?:st|nd|rd|th) of \d+ \(likely ", regex=True).sum() == 32
