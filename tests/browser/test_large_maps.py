"""A map of many areas in the browser, at a desktop's and a phone's width: England's 296 district and unitary
councils (``tests/browser/england_map_page.py``, the England area set's areas). Its labels never
overlap and are never smaller than 11 px, at the whole map and zoomed in, where more of them appear; every area
is reached by the arrow keys from the map's one Tab stop, and found by its name; Enter opens the area focused."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import running_dashboard, wait_until_settled
from tests.browser.test_maps import FOCUSED_CODE
from tests.helpers import boundaries_of

SIZES = [(1400, 900), (390, 844)]
MAP = "svg.borough-map:visible"
CITY = "E09000001"
# The labels drawn on the map shown: each one's box on screen and its type size on screen (CSS pixels).
LABELS = """(svg) => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return [...svg.querySelectorAll('g.labels text')].filter(t => t.getClientRects().length).map(t => {
    const box = t.getBoundingClientRect();
    return {text: t.textContent, x: box.x, y: box.y, width: box.width, height: box.height,
            px: parseFloat(getComputedStyle(t).fontSize) * scale};
  });
}"""
# Every area reached from the first by arrow keys alone: each area focused in turn, each arrow key pressed on it
# (the component's own handler, through a keydown event), and wherever the focus goes, queued.
REACHED_BY_ARROWS = """(svg) => {
  const root = svg.getRootNode();
  const areas = [...svg.querySelectorAll('[data-code]')];
  const reached = new Set([areas[0].dataset.code]);
  const queue = [areas[0]];
  while (queue.length) {
    const area = queue.shift();
    for (const key of ['ArrowUp', 'ArrowRight', 'ArrowDown', 'ArrowLeft']) {
      area.focus();
      area.dispatchEvent(new KeyboardEvent('keydown', {key, bubbles: true, composed: true, cancelable: true}));
      const to = root.activeElement;
      if (to && to.dataset.code && !reached.has(to.dataset.code)) { reached.add(to.dataset.code); queue.push(to); }
    }
  }
  return [...reached];
}"""


@pytest.fixture(scope="module")
def england_url(tmp_path_factory, chromium_path) -> str:
    with running_dashboard({}, tmp_path_factory.mktemp("logs") / "england.log",
                           script="tests/browser/england_map_page.py") as url:
        yield url


@pytest.fixture(params=SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def england_page(request, browser, england_url):
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(england_url)
    page.wait_for_selector(MAP, timeout=60_000)
    wait_until_settled(page)
    yield page
    context.close()


def _apart(labels: list[dict]) -> bool:
    """Whether no two labels' boxes on screen overlap (by more than half a pixel, for rounding)."""
    return not any(a["x"] < b["x"] + b["width"] - 0.5 and b["x"] < a["x"] + a["width"] - 0.5
                   and a["y"] < b["y"] + b["height"] - 0.5 and b["y"] < a["y"] + a["height"] - 0.5
                   for i, a in enumerate(labels) for b in labels[i + 1:])


def test_labels_never_overlap_nor_shrink_under_11_px_and_more_appear_zoomed_in_until_every_area_has_one(england_page):
    drawn = england_page.locator(MAP)
    counts = []
    for _ in range(12):  # zoom in until the map zooms no further
        labels = drawn.evaluate(LABELS)
        assert labels and round(min(label["px"] for label in labels), 2) >= 11 and _apart(labels)
        counts.append(len(drawn.locator("g.labels text").evaluate_all("ts => ts.filter(t => t.style.display !== 'none')")))
        before = drawn.get_attribute("viewBox")
        england_page.get_by_role("button", name="Zoom in").click()
        if drawn.get_attribute("viewBox") == before:
            break
    assert counts == sorted(counts) and counts[0] < 296 and counts[-1] == 296  # every label, at the greatest zoom


def test_every_area_is_reached_by_the_arrow_keys_from_the_maps_one_tab_stop_and_enter_opens_it(england_page):
    drawn = england_page.locator(MAP)
    for _ in range(20):
        england_page.keyboard.press("Tab")
        if england_page.evaluate(FOCUSED_CODE):
            break
    first = england_page.evaluate(FOCUSED_CODE)
    assert first == boundaries_of("england").index[0]
    assert drawn.locator('[data-code][tabindex="0"]').count() == 1  # one stop for the Tab key, not 296
    england_page.keyboard.press("ArrowDown")
    below = england_page.evaluate(FOCUSED_CODE)
    name = boundaries_of("england").loc[below, "name"]
    assert below != first and england_page.locator(".map-tip").inner_text().split("\n")[0] == name
    assert drawn.locator(f'[data-code="{below}"]').get_attribute("aria-label").startswith(f"{name}. Score: ")
    england_page.keyboard.press("Enter")
    expect(england_page.get_by_text(f"Opened: {below}")).to_be_visible(timeout=30_000)
    reached = england_page.locator(MAP).evaluate(REACHED_BY_ARROWS)
    assert sorted(reached) == sorted(boundaries_of("england").index)  # the City of London and the smallest areas among them


def test_every_area_is_found_by_its_name_zoomed_into_until_it_can_be_touched(england_page):
    drawn = england_page.locator(MAP)
    field = england_page.get_by_label("Find an area")
    smallest = boundaries_of("england").geometry.area.sort_values().index[:12]
    # Every area at the phone's width; at the desktop's, the smallest (the City first) and one in ten of the rest.
    codes = list(boundaries_of("england").index) if england_page.viewport_size["width"] < 500 else \
        [*smallest, *boundaries_of("england").index[::10]]
    missed = []
    for code in codes:
        name = boundaries_of("england").loc[code, "name"]
        field.fill(name)
        field.press("Enter")
        box, frame = drawn.locator(f'[data-code="{code}"]').bounding_box(), drawn.bounding_box()
        centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        seen = frame["x"] <= centre[0] <= frame["x"] + frame["width"] and frame["y"] <= centre[1] <= frame["y"] + frame["height"]
        if (england_page.evaluate(FOCUSED_CODE) != code or not seen or max(box["width"], box["height"]) < 24
                or england_page.locator(".map-tip").inner_text().split("\n")[0] != name):
            missed.append(name)
    assert missed == [] and CITY in codes


def test_a_name_that_is_no_areas_or_several_areas_is_said_under_the_search(england_page):
    field = england_page.get_by_label("Find an area")
    status = england_page.get_by_role("status")
    field.fill("Atlantis")
    field.press("Enter")
    expect(status).to_have_text("No area's name has “Atlantis” in it.")
    field.fill("hampton")  # Northampton, Southampton, Wolverhampton, ...
    field.press("Enter")
    expect(status).to_contain_text("areas' names have “hampton” in them: ")
    assert england_page.evaluate(FOCUSED_CODE) is None
    field.fill("hart")  # a name of its own (Hart), though Hartlepool holds it too
    field.press("Enter")
    assert england_page.evaluate(FOCUSED_CODE) == boundaries_of("england").index[boundaries_of("england")["name"] == "Hart"][0]


@pytest.fixture(scope="module")
def england_dashboard_url(tmp_path_factory, chromium_path) -> str:
    """The dashboard itself with SURVEY_AREA_SET=england on a new store (it loads England's synthetic demo rounds)."""
    folder = tmp_path_factory.mktemp("england-dashboard")
    with running_dashboard({"SURVEY_AREA_SET": "england", "DATABASE_URL": f"sqlite:///{folder}/store.sqlite"},
                           folder / "streamlit.log") as url:
        yield url


@pytest.mark.parametrize("width, height", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_dashboards_overview_draws_englands_296_councils_each_reached_from_the_maps_one_tab_stop(
        browser, england_dashboard_url, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(england_dashboard_url)
    drawn = page.locator(MAP)
    drawn.wait_for(timeout=120_000)
    wait_until_settled(page)
    assert page.locator("h1").first.inner_text() == "England digital maturity"
    assert drawn.locator("[data-code]").count() == 296 and drawn.locator('[data-code][tabindex="0"]').count() == 1
    assert sorted(drawn.evaluate(REACHED_BY_ARROWS)) == sorted(boundaries_of("england").index)
    labels = drawn.evaluate(LABELS)
    assert labels and round(min(label["px"] for label in labels), 2) >= 11 and _apart(labels)
    page.get_by_label("Find an area").fill("Manchester")
    page.get_by_label("Find an area").press("Enter")
    assert page.evaluate(FOCUSED_CODE) == "E08000003"
    context.close()
