"""What only a browser shows of the maps, at a wide screen, a laptop and a phone: each map drawn on
its canvas with every legend colour, fitted to the width (London whole, nothing at the canvas's
edge), the legend outside the map, a tooltip naming the borough, and a click opening its page."""

from __future__ import annotations

import re

import numpy as np
import pytest
from playwright.sync_api import expect

from models.scoring import score_round
from models.summary import measure_table
from survey.framework import load_framework
from survey.store import SurveyStore
from tests.browser.conftest import wait_until_settled
from tests.browser.maps import (
    BACKGROUND, DECK, LEGEND, SIZES, click_map, interior_point, on_page, overlaps, wait_until_drawn,
)

MAP_PAGES = {"overview": "", "readiness": "/readiness", "clusters": "/clusters", "gaps": "/gaps", "briefing": "/briefing"}


@pytest.fixture(params=SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def sized_page(request, browser):
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height})
    yield context.new_page()
    context.close()


def _open(page, url: str):
    page.goto(url)
    page.wait_for_selector(DECK + " canvas", timeout=60_000)
    wait_until_settled(page)
    return page.locator(DECK)


@pytest.mark.parametrize("name", list(MAP_PAGES))
def test_each_map_draws_fitted_with_its_legend_outside_it(sized_page, name, dashboard_url, output_dir):
    decks = _open(sized_page, dashboard_url + MAP_PAGES[name])
    width = sized_page.viewport_size["width"]
    folder = output_dir / "maps"
    folder.mkdir(exist_ok=True)
    assert decks.count() == 1
    for i, deck in enumerate(decks.all()):
        pixels = wait_until_drawn(deck)
        edges = np.concatenate([pixels[0], pixels[-1], pixels[:, 0], pixels[:, -1]])
        assert np.all(edges == BACKGROUND), "a borough reaches the map's edge: London is not whole in the view"
        legend = deck.locator(f"xpath=preceding::*[contains(@class, '{LEGEND[1:]}')][1]")
        assert not overlaps(legend.bounding_box(), deck.bounding_box())
        box = deck.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width  # no sideways scrolling to see it
        sized_page.screenshot(path=str(folder / f"{name}_{width}_{i}.png"),
                              clip={"x": 0, "y": max(0, legend.bounding_box()["y"] - 8), "width": width,
                                    "height": box["y"] + box["height"] - legend.bounding_box()["y"] + 16})


def test_the_briefings_still_maps_fit_the_column_whole_below_their_legends(sized_page, dashboard_url, output_dir):
    _open(sized_page, dashboard_url + "/briefing")
    width = sized_page.viewport_size["width"]
    maps = sized_page.locator("svg.still-map")
    assert maps.count() == 2
    for i, still in enumerate(maps.all()):
        still.scroll_into_view_if_needed()
        box, areas = still.bounding_box(), still.locator("g").first.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width  # no sideways scrolling to see it
        assert (areas["x"] > box["x"] and areas["y"] > box["y"] and areas["x"] + areas["width"] < box["x"] + box["width"]
                and areas["y"] + areas["height"] < box["y"] + box["height"]), "London is not whole in the picture"
        legend = still.locator(f"xpath=preceding::*[contains(@class, '{LEGEND[1:]}')][1]").bounding_box()
        assert legend["y"] + legend["height"] <= box["y"]
        (output_dir / "maps").mkdir(exist_ok=True)
        sized_page.screenshot(path=str(output_dir / "maps" / f"briefing_still_{width}_{i}.png"))


def test_a_click_on_camden_opens_its_page(sized_page, dashboard_url):
    deck = _open(sized_page, dashboard_url).first
    wait_until_drawn(deck)
    click_map(sized_page, *on_page(deck, *interior_point("Camden")), opened="/borough?")
    expect(sized_page).to_have_url(re.compile(r"/borough\?(.*&)?borough=E09000007(&|$)"), timeout=60_000)
    sized_page.wait_for_selector("h1:has-text('Camden')", timeout=60_000)


def test_hovering_a_borough_shows_its_name_score_and_level(page, dashboard_url, dashboard_database_url):
    framework = load_framework()
    table = measure_table(score_round(SurveyStore(dashboard_database_url).answers("2025"), framework), framework)
    camden = table.set_index("name").loc["Camden"]
    deck = _open(page, dashboard_url).first
    wait_until_drawn(deck)
    x, y = on_page(deck, *interior_point("Camden"))
    page.mouse.move(x - 3, y - 3)
    page.mouse.move(x, y)
    tooltip = page.locator(".deck-tooltip")
    tooltip.wait_for(state="visible", timeout=10_000)
    assert tooltip.inner_text().split("\n") == ["Camden", f"Score: {camden['score']:.2f}", f"Level: {camden['level']}"]
