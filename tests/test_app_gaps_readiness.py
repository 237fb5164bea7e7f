"""AppTest of the Capability gaps and Pilot readiness pages, with the seeded demo rounds' figures as literals."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers import metrics, shown_tables


@pytest.fixture
def app(open_dashboard) -> AppTest:
    return open_dashboard()


def test_gaps_page_shows_the_weakest_dimensions_and_counts(app):
    app.switch_page("views/gaps.py").run()
    assert not app.exception, app.exception
    assert metrics(app) == {"Weakest dimension (lowest median)": "Skills & culture",
                            "Most boroughs below target": "Skills & culture"}
    table = shown_tables(app)[0].set_index("Dimension")
    assert table["Below Developing"].to_dict() == {
        "Leadership & strategy": 12, "User-centred services": 12, "Data & insight": 17, "Technology & infrastructure": 16,
        "Cyber security & resilience": 11, "Skills & culture": 24, "Collaboration & innovation": 21}


def test_gaps_page_follows_the_target_level(app):
    app.switch_page("views/gaps.py").run()
    app.selectbox(key="gap_target").set_value("Embedded").run()
    app.selectbox(key="gap_dimension").set_value("cyber").run()
    assert not app.exception, app.exception
    table = shown_tables(app)[0].set_index("Dimension")
    assert table.loc["Cyber security & resilience", "Below Embedded"] == 24
    assert len(shown_tables(app)[2]) == 33


def test_readiness_page_counts_a_library_pilot(app):
    app.switch_page("views/readiness.py").run()
    app.selectbox(key="pilot").set_value("damp_sensors").run()
    assert not app.exception, app.exception
    assert metrics(app) == {"Ready": "3", "Nearly ready": "10", "Not yet": "20", "Not assessed": "0", "No response": "0"}
    listing = shown_tables(app)[0]
    assert len(listing) == 33
    assert listing.iloc[0][["Borough", "Margin", "Wave"]].tolist() == ["Lambeth", 0.5, "Wave 1: ready now"]
    # Ten nearly ready: seven with one dimension short, three with several.
    assert listing["Wave"].value_counts().to_dict() == {
        "Wave 4: later": 20, "Wave 2: after one uplift": 7, "Wave 1: ready now": 3, "Wave 3: after several uplifts": 3}


def test_readiness_page_custom_pilot_with_sliders(app):
    app.switch_page("views/readiness.py").run()
    app.selectbox(key="pilot").set_value("custom").run()
    app.multiselect(key="custom_dimensions").set_value(["data"]).run()
    app.slider(key="custom_min_data").set_value(2.5).run()
    assert not app.exception, app.exception
    assert metrics(app) == {"Ready": "20", "Nearly ready": "5", "Not yet": "8", "Not assessed": "0", "No response": "0"}
    app.multiselect(key="custom_dimensions").set_value([]).run()
    assert "Choose at least one dimension" in app.info[0].value


def test_readiness_page_marks_where_the_pilot_runs(app, framework):
    app.switch_page("views/readiness.py").run()
    app.selectbox(key="pilot").set_value("housing_repairs").run()
    listing = shown_tables(app)[0].set_index("Borough")
    assert listing.loc["Hackney", "Pilot runs here"] == "Yes"
    assert (listing["Pilot runs here"] == "Yes").sum() == 1


def test_the_readiness_listing_sorts_by_where_the_pilot_runs_with_no_first(app):
    app.switch_page("views/readiness.py").run()
    app.selectbox(key="pilot").set_value("housing_repairs").run()
    app.selectbox(key="readiness_table_sort").set_value("Pilot runs here, A to Z").run()
    assert not app.exception, app.exception
    listing = shown_tables(app)[0]
    assert listing["Pilot runs here"].iloc[-1] == "Yes" and listing["Borough"].iloc[-1] == "Hackney"
