"""AppTest of the pages' maps: what the deck's JSON holds (33 labelled areas, the pilot outlined, the
partner lines), the legend beside the map, the view fitted to the measured width, and a clicked
borough opening its page."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from survey.boundaries import load_boundaries
from ui.components import OPEN_BOROUGH_KEY
from ui.viewport import WIDTH_KEY

HACKNEY = "E09000012"

from tests.helpers import shown_tables


@pytest.fixture
def app(open_dashboard) -> AppTest:
    return open_dashboard()


def _decks(at: AppTest) -> list[dict]:
    return [json.loads(deck.proto.json) for deck in at.get("deck_gl_json_chart")]


def _layer(deck: dict, layer_id: str) -> dict | None:
    return next((layer for layer in deck["layers"] if layer["id"] == layer_id), None)


def _legends(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if 'class="map-legend"' in m.value]


def test_the_overview_map_holds_33_labelled_boroughs(app):
    deck, = _decks(app)
    assert len(_layer(deck, "boroughs")["data"]["features"]) == 33
    labels = [row["text"] for row in _layer(deck, "labels")["data"]]
    assert len(labels) == 33 and all("\n" in text for text in labels)


def test_the_overview_maps_text_alternative_is_its_description(app):
    alt = app.get("deck_gl_json_chart")[0].proto.alt
    assert alt == ("Map of the 33 boroughs by Overall index level in round 2025: 13 Emerging, 16 Developing, "
                   "3 Embedded, 1 Not assessed.")


def test_the_legend_is_beside_the_map_and_follows_the_measure(app):
    legend, = _legends(app)
    assert "Overall index level" in legend and "<b>3</b> Developing (16)" in legend
    app.selectbox(key="measure").set_value("data").run()
    legend, = _legends(app)
    assert "Data &amp; insight level" in legend


def test_the_map_is_fitted_to_the_width_the_browser_measured(app):
    deck, = _decks(app)
    assert _layer(deck, "labels")["getSize"] == 13  # a wide screen's column, assumed before any measure
    app.session_state[WIDTH_KEY] = {"width": 358}
    app.run()
    deck, = _decks(app)
    assert _layer(deck, "labels")["getSize"] == 9
    assert round(deck["initialViewState"]["zoom"], 3) == 8.137


def test_the_readiness_map_outlines_where_the_pilot_runs_only_while_the_box_is_ticked(app):
    app.switch_page("views/readiness.py").run()
    app.selectbox(key="pilot").set_value("housing_repairs").run()
    deck, = _decks(app)
    assert [f["properties"]["ons_code"] for f in _layer(deck, "outlined")["data"]["features"]] == [HACKNEY]
    app.checkbox(key="show_running").uncheck().run()
    deck, = _decks(app)
    assert _layer(deck, "outlined") is None


def test_the_readiness_maps_lines_join_each_nearly_ready_borough_to_the_tables_first_partner(app):
    app.switch_page("views/readiness.py").run()
    app.selectbox(key="pilot").set_value("housing_repairs").run()
    deck, = _decks(app)
    listing = shown_tables(app)[0]
    nearly = listing[listing["Status"] == "Nearly ready"]
    expected = sorted((borough, partners.split(", ")[0]) for borough, partners in
                      zip(nearly["Borough"], nearly["Suggested partners"]) if partners != "no ready neighbour yet")
    areas = load_boundaries()
    name_of = dict(zip(areas["label"], areas["name"]))
    at = {tuple(row["position"]): name_of[row["text"].split("\n")[0]] for row in _layer(deck, "labels")["data"]}
    lines = sorted((at[tuple(line["from"])], at[tuple(line["to"])]) for line in _layer(deck, "links")["data"])
    assert lines == expected and len(lines) == 7


def _still_maps(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith('<svg class="still-map"')]


def test_the_briefing_maps_write_their_labels_and_legends_at_18_pixels(app):
    app.switch_page("views/briefing.py").run()
    deck, = _decks(app)
    assert _layer(deck, "labels")["getSize"] == 18
    assert len(_still_maps(app)) == 2 and all('font-size="18"' in svg for svg in _still_maps(app))
    assert len(_legends(app)) == 3 and all('style="font-size:18px"' in legend for legend in _legends(app))


def test_the_briefing_draws_its_first_map_to_be_clicked_and_the_cluster_and_readiness_maps_still(app):
    app.switch_page("views/briefing.py").run()
    clusters, readiness = _still_maps(app)
    assert app.get("deck_gl_json_chart")[0].proto.alt.startswith("Map of the 33 boroughs by overall index level")
    assert 'aria-label="Map of the 33 boroughs by cluster' in clusters
    assert 'aria-label="Map of the 33 boroughs by readiness' in readiness


def test_a_clicked_borough_opens_its_page(app):
    # What a click on Camden leaves behind (``ui.components._open_clicked``); the browser test clicks.
    app.session_state["borough"] = app.session_state[OPEN_BOROUGH_KEY] = "E09000007"
    app.run()
    assert not app.exception, app.exception
    assert app.title[0].value.startswith("Camden")
    assert app.query_params["borough"] == "E09000007"
