"""What only a browser shows: the overview map draws 33 areas and its tooltips name them."""

from __future__ import annotations

import json

import pytest
from shapely.geometry import shape

from models.scoring import score_round
from models.summary import measure_table
from survey.areas import BOUNDARIES_GEOJSON
from survey.framework import load_framework
from survey.store import SurveyStore
from tests.browser.maps import LEGEND, RENDERED_AREAS, open_map

TO_SCREEN = """([lon, lat]) => {
  const map = document.querySelector('.js-plotly-plot')._fullLayout.map._subplot.map;
  const point = map.project([lon, lat]);
  const box = map.getCanvas().getBoundingClientRect();
  return [box.left + point.x, box.top + point.y];
}"""


def _interior_point(name: str) -> tuple[float, float]:
    features = json.loads(BOUNDARIES_GEOJSON.read_text(encoding="utf-8"))["features"]
    point = shape(next(f for f in features if f["properties"]["name"] == name)["geometry"]).representative_point()
    return point.x, point.y


@pytest.fixture
def overview(page, dashboard_url):
    open_map(page, dashboard_url)
    return page


def test_the_map_draws_all_33_boroughs(overview, output_dir):
    assert overview.evaluate(RENDERED_AREAS) == 33
    overview.screenshot(path=str(output_dir / "overview.png"), full_page=True)


def test_hovering_a_borough_shows_its_name_score_and_level(overview, dashboard_database_url):
    framework = load_framework()
    table = measure_table(score_round(SurveyStore(dashboard_database_url).answers("2025"), framework), framework)
    camden = table.set_index("name").loc["Camden"]
    x, y = overview.evaluate(TO_SCREEN, list(_interior_point("Camden")))
    overview.mouse.move(x - 2, y - 2)
    overview.mouse.move(x, y)
    overview.wait_for_function("() => document.querySelector('.hoverlayer').textContent.length > 0", timeout=10_000)
    tooltip = overview.evaluate("() => document.querySelector('.hoverlayer').textContent")
    assert tooltip == f"CamdenScore: {camden['score']:.2f}Level: {camden['level']}"


def test_the_legend_names_the_levels(overview):
    legend = overview.evaluate(LEGEND)
    assert "Overall index level" in legend
    assert "Developing (" in legend
