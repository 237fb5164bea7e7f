"""AppTest of My borough, Trends and Committee briefing against the model functions."""

from __future__ import annotations

import pytest

from streamlit.testing.v1 import AppTest

from models.benchmark import borough_benchmark, london_briefing
from models.trends import london_medians
from survey.pilots import load_pilots
from cli.rounds import scored_rounds
from survey.settings import load_settings
from survey.store import SurveyStore
from tests.helpers import metrics



@pytest.fixture
def app(open_dashboard) -> AppTest:
    return open_dashboard(query={"borough": "E09000007"})


@pytest.fixture
def rounds(app, database_url, framework):
    return scored_rounds(SurveyStore(database_url), framework, load_settings())


def test_my_borough_opens_on_the_borough_in_the_url(app, rounds, framework):
    app.switch_page("views/borough.py").run()
    assert not app.exception, app.exception
    benchmark = borough_benchmark(framework, rounds, "2025", "E09000007", load_pilots(framework))
    assert app.title[0].value == "Camden"
    shown = metrics(app)
    assert shown["Level"] == benchmark.level
    assert shown["Overall index"] == f"{benchmark.overall:.2f}"
    assert any(c.value == benchmark.rank_text for c in app.caption)
    pilots = app.dataframe[2].value
    assert pilots["Status"].tolist() == benchmark.pilots["status"].tolist()


def test_my_borough_follows_round_and_borough(app, rounds, framework):
    app.switch_page("views/borough.py").run()
    app.selectbox(key="round").set_value("2023").run()
    app.selectbox(key="borough").set_value("E09000016").run()  # Havering did not answer in 2023
    assert not app.exception
    assert "did not respond to round 2023" in app.warning[-1].value
    app.selectbox(key="borough").set_value("E09000003").run()
    benchmark = borough_benchmark(framework, rounds, "2023", "E09000003", load_pilots(framework))
    assert metrics(app)["Overall index"] == f"{benchmark.overall:.2f}"


def test_trends_page_shows_london_medians_and_movers(app, rounds, framework):
    app.switch_page("views/trends.py").run()
    assert not app.exception, app.exception
    medians = london_medians({k: r.scores for k, r in rounds.items()}, framework)
    shown = app.dataframe[0].value.set_index("Round")
    assert shown.loc["2024", "Overall index"] == pytest.approx(medians.loc["2024", "overall"])
    app.selectbox(key="trend_after").set_value("2024").run()
    assert app.selectbox(key="trend_before").value == "2023"
    assert not app.exception


def test_briefing_page_writes_the_key_messages_from_the_numbers(app, rounds, framework):
    app.switch_page("views/briefing.py").run()
    app.selectbox(key="briefing_pilot").set_value("lowcode_casework").run()
    assert not app.exception, app.exception
    library = load_pilots(framework)
    briefing = london_briefing(framework, rounds, "2025", library, library.get("lowcode_casework"), target_level="Developing")
    assert app.markdown[1].value == "\n".join(f"- {m}" for m in briefing.messages)
    assert metrics(app)["London median"] == f"{briefing.headline.london_median:.2f}"
