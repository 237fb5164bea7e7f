"""AppTest: every page runs without exception and shows the numbers the functions compute."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from survey.store import SurveyStore
from tests.helpers import metrics, shown_tables



@pytest.fixture
def app(open_dashboard) -> AppTest:
    return open_dashboard()


def test_overview_loads_the_demo_rounds_and_shows_the_latest(open_dashboard, database_url):
    SurveyStore(database_url)  # an empty store: the dashboard's first run loads the demo rounds into it
    app = open_dashboard()
    assert SurveyStore(database_url).rounds()["round"].tolist() == ["2023", "2024", "2025"]
    assert app.selectbox(key="round").value == "2025"
    assert app.title[0].value == "London digital maturity"


def test_overview_says_the_demo_data_is_synthetic(app):
    assert any("Synthetic demo data" in w.value for w in app.warning)


def test_overview_headline_figures_are_the_demo_rounds(app):
    # The seeded 2025 demo round (data/demo/survey_2025.csv): median of 32 overall indexes 2.6845.
    assert metrics(app) == {
        "London median, Overall index": "2.68", "Boroughs scored": "32 of 33",
        "London's weakest dimension": "Skills & culture", "Initial": "0", "Emerging": "13", "Developing": "16",
        "Embedded": "3", "Leading": "0", "Not assessed": "1", "No response": "0"}


def test_changing_round_and_measure_updates_the_figures(app):
    app.selectbox(key="round").set_value("2023").run()
    app.selectbox(key="measure").set_value("data").run()
    assert not app.exception
    assert metrics(app)["London median, Data & insight"] == "2.33"
    assert metrics(app)["Boroughs scored"] == "29 of 33"
    assert metrics(app)["No response"] == "3"  # three boroughs skipped the 2023 demo round
    assert (app.query_params["round"], app.query_params["measure"]) == ("2023", "data")


def test_the_map_table_lists_all_33_boroughs_with_their_flags(app):
    table = shown_tables(app)[0]
    assert len(table) == 33
    shown = table.set_index("ONS code")
    flagged = shown["Not assessed (coverage rule)"].dropna()  # a blank cell reads back as missing
    assert flagged.to_dict() == {"E09000023": "User-centred services"}  # Lewisham, too few services answers
    assert shown["Largest disagreement"].max() == 2.0
    assert set(table["Level"]) <= {"Initial", "Emerging", "Developing", "Embedded", "Leading", "Not assessed", "No response"}


def test_the_round_can_be_chosen_by_url(open_dashboard):
    assert open_dashboard(query={"round": "2024"}).selectbox(key="round").value == "2024"


def test_an_empty_store_explains_how_to_load_data(open_dashboard, database_url, monkeypatch):
    SurveyStore(database_url)
    monkeypatch.setattr("survey.demo.demo_files", lambda: [])
    assert "python -m survey ingest" in open_dashboard().info[0].value


def _markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_method_page_works_through_the_first_borough_with_several_respondents(app):
    app.switch_page("views/method.py").run()
    assert not app.exception, app.exception
    assert app.selectbox(key="example_borough").value == "E09000002"  # Barking and Dagenham, 3 respondents
    text = _markdown(app)
    assert "- `leadership_3: (2 + 2 + 1) / 3 = 1.67`" in text
    assert "Leadership & strategy score: `(2.00 + 2.00 + 1.67 + 2.00) / 4 = 1.92`" in text
    assert ("`(1.92 + 2.50 + 2.50 + 2.50 + 3.08 + 2.38 + 1.67) / 7 = 2.36` → level **Emerging**, rank 23rd of 32 "
            "(likely 22nd–26th).") in text


def test_method_page_follows_the_sidebar_dimension_and_the_chosen_borough(app):
    app.switch_page("views/method.py").run()
    app.selectbox(key="measure").set_value("cyber").run()
    app.selectbox(key="example_borough").set_value("E09000007").run()
    assert not app.exception
    text = _markdown(app)
    assert "Camden, round 2025: Cyber security & resilience." in text
    assert "Cyber security & resilience score: `(3.00 + 3.50 + 3.50 + 4.00) / 4 = 3.50`" in text


def test_method_page_s_worked_example_follows_the_sidebar_s_borough(app):
    app.switch_page("views/method.py").run()
    app.selectbox(key="borough").set_value("E09000007").run()
    assert not app.exception, app.exception
    assert app.selectbox(key="example_borough").value == "E09000007"
    assert "Camden, round 2025: Leadership & strategy." in _markdown(app)
    app.selectbox(key="example_borough").set_value("E09000012").run()  # another chosen here stays until the sidebar changes
    assert app.selectbox(key="example_borough").value == "E09000012"
    app.selectbox(key="borough").set_value("E09000019").run()
    assert app.selectbox(key="example_borough").value == "E09000019"
    assert "Islington, round 2025" in _markdown(app)


def test_method_page_shows_the_framework_and_the_non_judgement_statement(app):
    app.switch_page("views/method.py").run()
    assert len(app.expander) == 7
    assert "not a performance judgement" in _markdown(app)


def test_overview_ranks_always_come_with_their_range(app):
    table = shown_tables(app)[0]
    ranked = table["Rank (likely range)"]
    assert ranked.str.contains(r"^\d+(?:st|nd|rd|th)=? of 32 \((?:tied with [^;]+; )?likely ", regex=True).sum() == 32


def test_peer_page_compares_the_chosen_borough_with_its_ons_neighbours(app):
    app.selectbox(key="borough").set_value("E09000007").run()
    app.switch_page("views/peers.py").run()
    assert not app.exception, app.exception
    assert app.title[0].value == "Peer comparison: Camden"
    assert metrics(app) == {"Camden: overall index": "2.88", "Peer group median overall": "2.77"}
    table = shown_tables(app)[0].set_index("Dimension")
    assert table.loc["Data & insight"].tolist() == [2.5, 2.75, 1.5, 4.5, -0.25]


@pytest.mark.parametrize("kind, peers, median", [
    ("maturity", "**5 peers:** Hackney, Barnet, Harrow, Haringey, Westminster", "2.93"),
    ("cluster", "**15 peers:** Barnet, Brent, Bromley, Croydon, Enfield, Greenwich, Hackney, Hammersmith and Fulham, "
                "Haringey, Harrow, Lambeth, Newham, Richmond upon Thames, Southwark, Westminster", "3.07"),
    ("inner_outer", "**13 peers:** City of London, Hackney, Hammersmith and Fulham, Haringey, Islington, Kensington and "
                    "Chelsea, Lambeth, Lewisham, Newham, Southwark, Tower Hamlets, Wandsworth, Westminster", "2.76"),
])
def test_peer_page_switches_group(app, kind, peers, median):
    app.selectbox(key="borough").set_value("E09000007").run()
    app.switch_page("views/peers.py").run()
    app.radio(key="peer_group").set_value(kind).run()
    assert not app.exception, app.exception
    assert peers in _markdown(app)
    assert metrics(app)["Peer group median overall"] == median


def test_peer_page_hand_picked_group(app):
    app.switch_page("views/peers.py").run()
    app.radio(key="peer_group").set_value("custom").run()
    assert "This peer group is empty" in app.info[0].value
    app.multiselect(key="peer_pick").set_value(["E09000007", "E09000033"]).run()
    assert not app.exception
    assert "**2 peers:** Camden, Westminster" in _markdown(app)


def test_clusters_page_shows_the_fitted_clusters(app):
    app.switch_page("views/clusters.py").run()
    assert not app.exception, app.exception
    assert metrics(app) == {"Clusters": "2", "Silhouette": "0.29", "Stability": "0.55"}
    described = shown_tables(app)[0]
    assert described["Boroughs"].tolist() == [16, 16]
    assert "not a performance judgement" in app.info[0].value


def test_the_map_table_sorts_by_the_chosen_column_with_unscored_boroughs_last(app):
    app.selectbox(key="overview_table_sort").set_value("Overall index, highest first").run()
    boroughs = shown_tables(app)[0]["Borough"].tolist()
    assert (boroughs[0], boroughs[-1]) == ("Lambeth", "Lewisham")  # 3.74, the highest; Lewisham has no overall score
    app.selectbox(key="overview_table_sort").set_value("Borough, A to Z").run()
    assert shown_tables(app)[0]["Borough"].tolist()[:2] == ["Barking and Dagenham", "Barnet"]


def test_the_map_table_sorts_its_rank_texts_by_rank_not_as_letters(app):
    app.selectbox(key="overview_table_sort").set_value("Rank (likely range), A to Z").run()
    ranks = shown_tables(app)[0]["Rank (likely range)"].tolist()
    assert [rank.split(" (")[0] for rank in ranks[8:11]] == ["9th of 32", "10th of 32", "11th= of 32"]
    assert ranks[-1] == "not ranked (overall index missing)"
