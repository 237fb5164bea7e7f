"""What only a browser shows of the maps, at a wide screen, a laptop and a phone: each map drawn with
every legend colour, fitted to the width (London whole, nothing at the map's edge), the legend
outside the map, a tooltip naming the borough pointed at or focused, and a click or Enter opening
its page."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from playwright.sync_api import expect

from models.scoring import score_round
from models.summary import measure_table
from survey.framework import load_framework
from survey.store import SurveyStore
from tests.browser.conftest import wait_until_settled
from tests.browser.maps import (
    BACKGROUND, MAP, SIZES, click_map, interior_point, legend_before, on_page, overlaps, wait_until_drawn,
)

CITY, CAMDEN, TOWER_HAMLETS, WESTMINSTER = "E09000001", "E09000007", "E09000030", "E09000033"
# The ONS code of the borough focused on a map, looking inside the component's shadow root; null if none.
FOCUSED_CODE = """() => {
  let focused = document.activeElement;
  while (focused && focused.shadowRoot && focused.shadowRoot.activeElement) focused = focused.shadowRoot.activeElement;
  return focused && focused.dataset ? focused.dataset.code || null : null;
}"""
MAP_PAGES = {"overview": "", "readiness": "/readiness", "clusters": "/clusters", "gaps": "/gaps", "briefing": "/briefing"}


@pytest.fixture(params=SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def sized_page(request, browser):
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height})
    yield context.new_page()
    context.close()


def _open(page, url: str):
    page.goto(url)
    page.wait_for_selector(MAP, timeout=60_000)
    wait_until_settled(page)
    return page.locator(MAP)


@pytest.mark.parametrize("name", list(MAP_PAGES))
def test_each_map_draws_fitted_with_its_legend_outside_it(sized_page, name, dashboard_url, output_dir):
    maps = _open(sized_page, dashboard_url + MAP_PAGES[name])
    width = sized_page.viewport_size["width"]
    folder = output_dir / "maps"
    folder.mkdir(exist_ok=True)
    assert maps.count() == 1
    for i, drawn in enumerate(maps.all()):
        pixels = wait_until_drawn(drawn)
        edges = np.concatenate([pixels[0], pixels[-1], pixels[:, 0], pixels[:, -1]])
        assert np.all(edges == BACKGROUND), "a borough reaches the map's edge: London is not whole in the view"
        legend = legend_before(drawn)
        assert not overlaps(legend.bounding_box(), drawn.bounding_box())
        box = drawn.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width  # no sideways scrolling to see it
        sized_page.screenshot(path=str(folder / f"{name}_{width}_{i}.png"),
                              clip={"x": 0, "y": max(0, legend.bounding_box()["y"] - 8), "width": width,
                                    "height": box["y"] + box["height"] - legend.bounding_box()["y"] + 16})


def test_the_briefings_still_maps_fit_the_column_whole_below_their_legends(sized_page, dashboard_url, output_dir):
    _open(sized_page, dashboard_url + "/briefing")
    width = sized_page.viewport_size["width"]
    maps = sized_page.locator("svg.still-map:visible")
    assert maps.count() == 2
    for i, still in enumerate(maps.all()):
        still.scroll_into_view_if_needed()
        box, areas = still.bounding_box(), still.locator("g").first.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width  # no sideways scrolling to see it
        assert (areas["x"] > box["x"] and areas["y"] > box["y"] and areas["x"] + areas["width"] < box["x"] + box["width"]
                and areas["y"] + areas["height"] < box["y"] + box["height"]), "London is not whole in the picture"
        legend = legend_before(still).bounding_box()
        assert legend["y"] + legend["height"] <= box["y"]
        (output_dir / "maps").mkdir(exist_ok=True)
        sized_page.screenshot(path=str(output_dir / "maps" / f"briefing_still_{width}_{i}.png"))


def test_a_click_on_camden_opens_its_page(sized_page, dashboard_url):
    drawn = _open(sized_page, dashboard_url).first
    wait_until_drawn(drawn)
    click_map(sized_page, *on_page(drawn, *interior_point("Camden")))
    expect(sized_page).to_have_url(re.compile(r"/borough\?(.*&)?open=E09000007(&|$)"), timeout=60_000)
    sized_page.wait_for_selector("h1:has-text('Camden')", timeout=60_000)


def _overall(dashboard_database_url: str, name: str) -> pd.Series:
    """The borough's overall score and level in the demo store's latest round, scored here from its answers."""
    framework = load_framework()
    table = measure_table(score_round(SurveyStore(dashboard_database_url).answers("2025"), framework), framework)
    return table.set_index("name").loc[name]


def test_pointing_at_a_borough_shows_its_name_score_and_level_and_traces_its_outline(page, dashboard_url,
                                                                                     dashboard_database_url):
    camden = _overall(dashboard_database_url, "Camden")
    drawn = _open(page, dashboard_url).first
    wait_until_drawn(drawn)
    x, y = on_page(drawn, *interior_point("Camden"))
    page.mouse.move(x - 3, y - 3)
    page.mouse.move(x, y)
    tooltip = page.locator(".map-tip")
    tooltip.wait_for(state="visible", timeout=10_000)
    assert tooltip.inner_text().split("\n") == [  # two respondents in the 2025 demo round: few
        "Camden", f"Score: {camden['score']:.2f} (few respondents)", f"Level: {camden['level']}"]
    outline = page.locator(f"{MAP} [data-code='{CAMDEN}']").get_attribute("d")
    assert page.locator(f"{MAP} .highlight path").evaluate_all("paths => paths.map(p => p.getAttribute('d'))") == [outline] * 2
    page.mouse.move(2, 2)
    expect(tooltip).to_be_hidden()


def test_the_map_is_one_tab_stop_whose_arrow_keys_move_to_the_nearest_borough_that_way_and_enter_opens(page, dashboard_url,
                                                                                         dashboard_database_url):
    city = _overall(dashboard_database_url, "City of London")
    drawn = _open(page, dashboard_url).first
    wait_until_drawn(drawn)
    for _ in range(80):  # past the skip link, the navigation and the sidebar's choices, to the map
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_CODE)
        if focused:
            break
    assert focused == CITY  # the boroughs in ONS order: the City of London first
    tooltip = page.locator(".map-tip")
    expect(tooltip).to_be_visible()
    assert tooltip.inner_text().split("\n") == [  # one respondent in the 2025 demo round: few
        "City of London", f"Score: {city['score']:.2f} (few respondents)", f"Level: {city['level']}"]
    page.keyboard.press("ArrowLeft")
    assert page.evaluate(FOCUSED_CODE) == WESTMINSTER  # the nearest borough to the west
    page.keyboard.press("ArrowRight")
    assert page.evaluate(FOCUSED_CODE) == CITY  # and back east
    page.keyboard.press("ArrowRight")
    assert page.evaluate(FOCUSED_CODE) == TOWER_HAMLETS  # the nearest to the City's east
    page.keyboard.press("End")
    assert page.evaluate(FOCUSED_CODE) == WESTMINSTER  # the last in ONS order
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")
    assert page.evaluate(FOCUSED_CODE) == TOWER_HAMLETS
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED_CODE) == TOWER_HAMLETS  # the map is tabbed back into where it was left
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED_CODE) is None  # one more Tab leaves the map
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/borough\?(.*&)?open={TOWER_HAMLETS}(&|$)"), timeout=60_000)
    page.wait_for_selector("h1:has-text('Tower Hamlets')", timeout=60_000)


def test_find_an_area_under_the_map_focuses_the_borough_named_and_enter_opens_it(page, dashboard_url):
    drawn = _open(page, dashboard_url).first
    wait_until_drawn(drawn)
    page.get_by_label("Find an area").fill("camden")
    page.get_by_label("Find an area").press("Enter")
    assert page.evaluate(FOCUSED_CODE) == CAMDEN
    assert page.locator(".map-tip").inner_text().split("\n")[0] == "Camden"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/borough\?(.*&)?open={CAMDEN}(&|$)"), timeout=60_000)
