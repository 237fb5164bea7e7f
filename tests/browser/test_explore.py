"""The Explore page in Chromium: a box drawn on the chart selects the boroughs inside it, "Compare these boroughs"
opens Peer comparison with exactly those as the group, and plotly's script is fetched on this page only."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from models.explore import measure_values
from models.results import StoredResults
from survey.areas import borough_names
from survey.framework import load_framework
from survey.settings import load_settings
from survey.store import SurveyStore
from tests.browser.conftest import opened_on_a_phone, wait_until_settled

HACKNEY = "E09000012"
X, Y = "ctx:imd2019_average_score", "overall"  # the page's first pair: IMD 2019 score across, overall index up


def _values(database_url: str):
    framework = load_framework()
    results = StoredResults(SurveyStore(database_url), framework, load_settings()).at()
    scores = results.shown_scores("2025", respondent_detail=True)
    return measure_values(framework, scores, results.shown_item_means("2025", respondent_detail=True), None)[[X, Y]].dropna()


def _cut(values, above: int) -> float:
    """A value halfway between two neighbouring boroughs' values, with ``above`` boroughs above it."""
    ordered = sorted(values)
    return (ordered[-above] + ordered[-above - 1]) / 2


def _to_screen(page, x: float, y: float) -> tuple[float, float]:
    """Where data point (x, y) of the chart is on the screen (plotly's own axis conversions)."""
    return page.evaluate("""([x, y]) => {
        const plot = document.querySelector('.js-plotly-plot');
        const box = plot.getBoundingClientRect(), xa = plot._fullLayout.xaxis, ya = plot._fullLayout.yaxis;
        return [box.left + xa._offset + xa.d2p(x), box.top + ya._offset + ya.d2p(y)];
    }""", [x, y])


def test_a_box_on_the_chart_selects_the_boroughs_inside_it_and_compares_them(page, dashboard_url,
                                                                            dashboard_database_url, output_dir):
    page.goto(dashboard_url + f"/explore?borough={HACKNEY}")
    page.wait_for_selector(".js-plotly-plot .scatterlayer", timeout=60_000)
    wait_until_settled(page)
    values = _values(dashboard_database_url)
    x0, y0 = _cut(values[X], 12), _cut(values[Y], 14)
    inside = values[(values[X] > x0) & (values[Y] > y0)].index
    assert 2 <= len(inside) <= 10  # a region with some boroughs in it, not most of London
    x1, y1 = values[X].max() + 0.5, values[Y].max() + 0.02
    (left, bottom), (right, top) = _to_screen(page, x0, y0), _to_screen(page, x1, y1)
    page.mouse.move(left, bottom)
    page.mouse.down()
    page.mouse.move((left + right) / 2, (top + bottom) / 2, steps=5)
    page.mouse.move(right, top, steps=5)
    page.mouse.up()
    wait_until_settled(page)
    page.screenshot(path=str(output_dir / "explore_selected.png"), full_page=True)
    names = borough_names()
    chosen = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Selected boroughs")
    expected = sorted(names[c] for c in inside)
    removers = chosen.get_by_role("button", name=re.compile("^Remove "))  # one per chosen borough
    assert sorted(r.get_attribute("aria-label").removeprefix("Remove ") for r in removers.all()) == expected
    page.screenshot(path=str(output_dir / "explore_selected.png"), full_page=True)

    page.get_by_role("button", name="Compare these boroughs").click()
    page.wait_for_selector("h1:has-text('Peer comparison: Hackney')", timeout=60_000)
    wait_until_settled(page)
    peers = [c for c in inside if c != HACKNEY]
    linked = parse_qs(urlparse(page.url).query)["peers"][0].split(",")
    assert sorted(linked) == sorted(peers)
    group_line = page.locator("p").filter(has_text=re.compile(r"^\d+ peers:")).inner_text()
    assert group_line == f"{len(peers)} peers: " + ", ".join(names[c] for c in peers)


def test_plotly_s_script_is_fetched_on_the_explore_page_only(browser, dashboard_url):
    def scripts_of(path: str) -> dict[str, bytes]:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        fetched: dict[str, bytes] = {}
        page.on("response", lambda r: fetched.__setitem__(r.url, r.body()) if r.url.endswith(".js") and r.ok else None)
        page.goto(dashboard_url + path)
        wait_until_settled(page)
        page.wait_for_timeout(1000)
        context.close()
        return fetched

    explore = scripts_of("/explore")
    plotly = {url for url, body in explore.items() if b"plotly.js" in body and len(body) > 1_000_000}
    assert plotly, "the Explore page fetched no plotly script"
    for path in ("/", "/borough", "/peers", "/trends"):
        assert not plotly & set(scripts_of(path)), path


CAMDEN = "E09000007"


def _ring_pixels(page, x: float, y: float, radius: int) -> int:
    """How many pixels of the highlight colour lie in a square of ``radius`` around screen point (x, y)."""
    import io

    import numpy as np
    from PIL import Image

    from figures.palette import HIGHLIGHT_COLOUR

    shot = page.screenshot(clip={"x": x - radius, "y": y - radius, "width": 2 * radius, "height": 2 * radius})
    pixels = np.asarray(Image.open(io.BytesIO(shot)).convert("RGB")).astype(int)
    red = np.array([int(HIGHLIGHT_COLOUR[i:i + 2], 16) for i in (1, 3, 5)])
    return int((np.abs(pixels - red).sum(axis=2) < 60).sum())


def test_your_borough_is_ringed_and_its_neighbours_drawn_as_diamonds_in_the_highlight_colour(page, dashboard_url,
                                                                                             dashboard_database_url):
    page.goto(dashboard_url + f"/explore?borough={CAMDEN}")
    page.wait_for_selector(".js-plotly-plot .scatterlayer", timeout=60_000)
    wait_until_settled(page)
    values = _values(dashboard_database_url)
    camden = _to_screen(page, values.at[CAMDEN, X], values.at[CAMDEN, Y])
    neighbour = _to_screen(page, values.at["E09000013", X], values.at["E09000013", Y])  # Hammersmith and Fulham
    assert _ring_pixels(page, *camden, radius=16) > 30
    assert _ring_pixels(page, *neighbour, radius=14) > 20


def test_on_a_phone_the_axis_titles_are_whole_within_the_chart(browser, dashboard_url):
    context, page = opened_on_a_phone(browser, dashboard_url + "/explore", ".js-plotly-plot .scatterlayer")
    chart = page.locator(".js-plotly-plot .main-svg").first.bounding_box()
    titles = page.locator(".js-plotly-plot .xtitle, .js-plotly-plot .ytitle").all()
    boxes = [t.bounding_box() for t in titles]
    context.close()
    assert len(boxes) == 2
    for box in boxes:
        assert box["x"] >= chart["x"] - 0.5 and box["x"] + box["width"] <= chart["x"] + chart["width"] + 0.5
