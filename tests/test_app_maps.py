"""AppTest of the pages' maps: what each map's SVG holds (33 labelled boroughs to click, the pilot
outlined, the partner lines), the legend beside the map, the map drawn for each width the browser may show
it at, and a clicked borough opening its page."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from figures.palette import LINK_COLOUR, PILOT_OUTLINE
from survey.boundaries import load_boundaries
from tests.helpers import drawn_at_each_width, shown_figures, shown_maps, shown_tables
from ui.components import OPEN_BOROUGH_KEY

HACKNEY = "E09000012"


@pytest.fixture
def app(open_dashboard) -> AppTest:
    return open_dashboard()


def _group(svg: str, stroke: str) -> str:
    """What a map draws in its group of lines of one colour (outlines or partner lines)."""
    return re.search(f'<g fill="none" stroke="{stroke}"[^>]*>(.*?)</g>', svg).group(1)


def _labels(svg: str) -> dict[tuple[str, str], str]:
    """Each label's text (abbreviation, mark) by where it is written ("x y")."""
    found = re.findall(r'<text x="([-0-9.]+)" y="([-0-9.]+)"><tspan [^>]*>([^<]*)</tspan><tspan [^>]*>([^<]*)</tspan>', svg)
    return {f"{x} {y}": (label, mark) for x, y, label, mark in found}


def _legends(at: AppTest) -> list[str]:
    return [h.value for h in at.get("html") if 'class="map-legend"' in h.value]


def test_the_overview_map_holds_33_labelled_boroughs_to_click(app):
    svg, = shown_maps(app)
    assert svg.count('role="link" tabindex=') == 33 and len(_labels(svg)) == 33


def test_the_overview_maps_text_alternative_is_its_description(app):
    svg, = shown_maps(app)
    assert ('aria-label="Map of the 33 boroughs by Overall index level in round 2025: 13 Emerging, 16 Developing, '
            '3 Embedded, 1 Not assessed."') in svg


def test_the_legend_is_beside_the_map_and_follows_the_measure(app):
    legend, = _legends(app)
    assert "Overall index level" in legend and "<b>3</b> Developing (16)" in legend
    app.selectbox(key="measure").set_value("data").run()
    legend, = _legends(app)
    assert "Data &amp; insight level" in legend


def test_the_map_is_drawn_for_a_phone_a_laptop_and_a_desktop_in_one_run(app):
    (phone, laptop, desktop), = drawn_at_each_width(app, "borough_map")
    # Each fitted to its width: no taller than London needs, or 640 px; labels as large as the room allows, up to 13 px.
    assert 'viewBox="0 0 358 281"' in phone and 'font-size="11"' in phone  # never under 11 px: fewer labels there
    assert 'viewBox="0 0 564 440"' in laptop and 'font-size="13"' in laptop
    assert 'viewBox="0 0 940 640"' in desktop and 'font-size="13"' in desktop
    assert all(svg.count('role="link" tabindex="0"') == 1 for svg in (phone, laptop, desktop))


def test_the_readiness_map_outlines_where_the_pilot_runs_only_while_the_box_is_ticked(app):
    app.switch_page("views/readiness.py").run()
    app.selectbox(key="pilot").set_value("housing_repairs").run()
    svg, = shown_maps(app)
    hackney = re.search(f'<path d="([^"]*)"[^>]*data-code="{HACKNEY}"', svg).group(1)
    assert _group(svg, PILOT_OUTLINE) == f'<path d="{hackney}"/>'
    app.checkbox(key="show_running").uncheck().run()
    svg, = shown_maps(app)
    assert _group(svg, PILOT_OUTLINE) == ""


def test_the_readiness_maps_lines_join_each_nearly_ready_borough_to_the_tables_first_partner(app):
    app.switch_page("views/readiness.py").run()
    app.selectbox(key="pilot").set_value("housing_repairs").run()
    svg, = shown_maps(app)
    listing = shown_tables(app)[0]
    nearly = listing[listing["Status"] == "Nearly ready"]
    expected = sorted((borough, partners.split(", ")[0]) for borough, partners in
                      zip(nearly["Borough"], nearly["Suggested partners"]) if partners != "no ready neighbour yet")
    areas = load_boundaries()
    name_of = dict(zip(areas["label"], areas["name"]))
    at = {place: name_of[label] for place, (label, _) in _labels(svg).items()}
    ends = re.findall(r'<path d="M([-0-9.]+ [-0-9.]+)Q[-0-9.]+ [-0-9.]+ ([-0-9.]+ [-0-9.]+)"/>', _group(svg, LINK_COLOUR))
    lines = sorted((at[start], at[end]) for start, end in ends)
    assert lines == expected and len(lines) == 7


def _still_maps(at: AppTest) -> list[str]:
    return [svg for svg in shown_figures(at) if svg.startswith('<svg class="still-map"')]


def test_the_briefing_maps_write_their_labels_and_legends_at_18_pixels(app):
    app.switch_page("views/briefing.py").run()
    svg, = shown_maps(app)
    assert 'font-size="18"' in svg
    assert len(_still_maps(app)) == 2 and all('font-size="18"' in svg for svg in _still_maps(app))
    assert len(_legends(app)) == 3 and all('style="font-size:18px"' in legend for legend in _legends(app))


def test_the_briefing_draws_its_first_map_to_be_clicked_and_the_cluster_and_readiness_maps_still(app):
    app.switch_page("views/briefing.py").run()
    clusters, readiness = _still_maps(app)
    svg, = shown_maps(app)
    assert 'aria-label="Map of the 33 boroughs by overall index level' in svg
    assert 'aria-label="Map of the 33 boroughs by cluster' in clusters
    assert 'aria-label="Map of the 33 boroughs by readiness' in readiness


def test_a_clicked_borough_opens_its_page_and_the_sidebar_keeps_its_borough(app):
    # What a click on Camden leaves behind (``ui.components._open_clicked``); the browser test clicks.
    app.run()
    chosen = app.session_state["borough"]
    app.session_state[OPEN_BOROUGH_KEY] = "E09000007"
    app.run()
    assert not app.exception, app.exception
    assert app.title[0].value.startswith("Camden")
    assert app.query_params["open"] == "E09000007" and app.query_params["borough"] == chosen == app.session_state["borough"]
    back, = [link for link in app.get("page_link") if "Back to my borough" in link.proto.label]
    assert back.proto.label == "Back to my borough: Barking and Dagenham"


def test_a_borough_chosen_in_the_sidebar_closes_the_one_opened(app):
    app.run()
    app.session_state[OPEN_BOROUGH_KEY] = "E09000007"
    app.run()
    app.selectbox(key="borough").set_value(HACKNEY).run()
    assert app.title[0].value.startswith("Hackney") and "open" not in app.query_params
