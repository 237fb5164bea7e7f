"""AppTest of the Capability gaps and Pilot readiness pages against the model functions."""

from __future__ import annotations

import pytest

from streamlit.testing.v1 import AppTest

from models.gaps import level_shares, weakest_dimensions
from models.peers import partner_candidates
from models.readiness import readiness, status_counts
from models.scoring import score_round
from survey.pilots import load_pilots
from survey.store import SurveyStore
from tests.helpers import metrics



@pytest.fixture
def app(open_dashboard) -> AppTest:
    return open_dashboard()


@pytest.fixture
def profiles(app, database_url, framework):
    scores = score_round(SurveyStore(database_url).answers("2025"), framework)
    return scores[list(framework.dimension_ids)]


def test_gaps_page_shows_the_weakest_dimensions_and_counts(app, profiles, framework):
    app.switch_page("views/gaps.py").run()
    assert not app.exception, app.exception
    shares = level_shares(profiles, framework, "Developing")
    by_median, by_share = weakest_dimensions(shares)
    shown = metrics(app)
    assert shown["Weakest dimension (lowest median)"] == framework.dimension(by_median[0]).name
    assert shown["Most boroughs below target"] == framework.dimension(by_share[0]).name
    table = app.dataframe[0].value.set_index("Dimension")
    for row in shares.itertuples():
        assert table.loc[row.name, "Below Developing"] == row.below_target


def test_gaps_page_follows_the_target_level(app, profiles, framework):
    app.switch_page("views/gaps.py").run()
    app.selectbox(key="gap_target").set_value("Embedded").run()
    app.selectbox(key="gap_dimension").set_value("cyber").run()
    assert not app.exception, app.exception
    shares = level_shares(profiles, framework, "Embedded").set_index("dimension")
    table = app.dataframe[0].value.set_index("Dimension")
    assert table.loc["Cyber security & resilience", "Below Embedded"] == shares.loc["cyber", "below_target"]
    assert len(app.dataframe[2].value) == 33


def test_readiness_page_counts_match_the_model_for_a_library_pilot(app, profiles, framework):
    app.switch_page("views/readiness.py").run()
    app.selectbox(key="pilot").set_value("damp_sensors").run()
    assert not app.exception, app.exception
    pilot = load_pilots(framework).get("damp_sensors")
    table = readiness(profiles, pilot.requirements, 0.5, peers=partner_candidates(profiles))
    shown = metrics(app)
    for status, count in status_counts(table).items():
        assert shown[status] == str(count)
    listing = app.dataframe[0].value
    assert len(listing) == len(profiles)
    first = listing.iloc[0]
    best = table.sort_values("margin", ascending=False).iloc[0]
    assert first["Margin"] == pytest.approx(best["margin"])


def test_readiness_page_custom_pilot_with_sliders(app, profiles, framework):
    app.switch_page("views/readiness.py").run()
    app.selectbox(key="pilot").set_value("custom").run()
    app.multiselect(key="custom_dimensions").set_value(["data"]).run()
    app.slider(key="custom_min_data").set_value(2.5).run()
    assert not app.exception, app.exception
    counts = status_counts(readiness(profiles, {"data": 2.5}, 0.5))
    shown = metrics(app)
    assert [shown[s] for s in counts] == [str(c) for c in counts.values()]
    app.multiselect(key="custom_dimensions").set_value([]).run()
    assert "Choose at least one dimension" in app.info[0].value


def test_readiness_page_marks_where_the_pilot_runs(app, framework):
    app.switch_page("views/readiness.py").run()
    app.selectbox(key="pilot").set_value("housing_repairs").run()
    listing = app.dataframe[0].value.set_index("Borough")
    assert listing.loc["Hackney", "Pilot runs here"]
    assert listing["Pilot runs here"].sum() == 1
