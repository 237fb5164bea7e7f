"""Tables and maps fit the screen: at a desktop's, a laptop's and a phone's width, on every page, no table scrolls
sideways (its less important columns fold into each row's details, a borough's level and score stay in the table),
and no text, on a map or off it, is drawn smaller than 11 px; on a phone the map zooms, the City of London can be
touched and the upload's mapping shows where each column goes beside it."""

from __future__ import annotations

import pytest

from tests.browser.conftest import opened_on_a_phone, wait_until_settled
from tests.browser.maps import MAP, SIZES, wait_until_drawn

PAGES = ["/", "/borough?borough=E09000007", "/peers?borough=E09000007", "/clusters", "/gaps", "/readiness", "/trends",
         "/explore", "/briefing", "/upload", "/collection", "/method"]
# Each table shown: its label, whether it scrolls sideways, and the headings of the columns it shows.
TABLES = """() => [...document.querySelectorAll('.data-table')].filter(t => t.getClientRects().length).map(t => ({
  label: t.getAttribute('aria-label'), sideways: t.scrollWidth > t.clientWidth + 1,
  shown: [...t.querySelectorAll('thead th')].filter(th => th.getClientRects().length).map(th => th.textContent)}))"""
# Each map shown (the page's or its components' shadow roots): the size its smallest text is drawn at, in CSS pixels.
SMALLEST_MAP_TEXT = """() => {
  const roots = [document, ...[...document.querySelectorAll('*')].filter(e => e.shadowRoot).map(e => e.shadowRoot)];
  return roots.flatMap(root => [...root.querySelectorAll('svg.borough-map, svg.still-map')])
    .filter(svg => svg.getClientRects().length)
    .map(svg => { const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                  const sizes = [...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize));
                  return Math.min(...sizes) * scale; });
}"""

# Each text outside a picture drawn smaller than 11 px: its size and its first words.
SMALL_TEXT = """() => [...document.querySelectorAll('body *')].filter(e => e.getClientRects().length && !e.closest('svg')
  && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()) && parseFloat(getComputedStyle(e).fontSize) < 11)
  .map(e => [parseFloat(getComputedStyle(e).fontSize), e.textContent.trim().slice(0, 30)])"""


@pytest.mark.parametrize("width, height", SIZES)
def test_no_table_scrolls_sideways_a_level_and_score_stay_and_no_map_text_is_under_11_px(browser, dashboard_url, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    found, small_text = {}, {}
    for path in PAGES:
        page.goto(dashboard_url + path)
        page.wait_for_selector('[data-testid="stMain"] h1', timeout=60_000)
        wait_until_settled(page)
        found[path] = (page.evaluate(TABLES), page.evaluate(SMALLEST_MAP_TEXT))
        small_text[path] = page.evaluate(SMALL_TEXT)
    context.close()
    assert {path: texts for path, texts in small_text.items() if texts} == {}
    sideways = [(path, table["label"][:60]) for path, (tables, _) in found.items() for table in tables if table["sideways"]]
    assert sideways == []
    overview, borough = found["/"][0][0]["shown"], found["/borough?borough=E09000007"][0][0]["shown"]
    assert overview[0] == "Borough" and {"Overall index", "Level"} <= set(overview)  # others fold; these never
    assert borough[:3] == ["Dimension", "Camden", "Level"]
    explored = found["/explore"][0][-1]["shown"]  # the chart's data: both of its measures beside the borough
    clusters = next(t["shown"] for t in found["/clusters"][0] if t["shown"][0] == "Cluster")
    assert {"Members", "Description"} <= set(clusters) or width < 1024  # a laptop shows who is in it and what it is like
    readiness = found["/readiness"][0][-1]["shown"]  # most ready first, by wave: the wave shows where there is room
    assert {"Bottleneck", "Suggested partners", "Wave"} <= set(readiness) or width < 1400
    assert explored[:3] == ["Borough", "IMD 2019 average score (higher is more deprived)", "Overall index"]
    movers = next(t["shown"] for t in found["/trends"][0] if "Change" in t["label"])
    assert movers[0] == "Borough" and "Change" in movers  # the change is what the biggest movers table is for
    small = {path: round(size, 1) for path, (_, sizes) in found.items() for size in sizes if size < 11}
    assert small == {} and all(sizes for path, (_, sizes) in found.items() if path in ("/", "/clusters", "/readiness"))


def test_on_a_phone_a_rows_folded_columns_open_under_it(browser, dashboard_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(dashboard_url + "/readiness")
    page.wait_for_selector(".data-table th[scope=row]", timeout=60_000)
    wait_until_settled(page)
    table = page.locator(".data-table").first
    shown = [th.inner_text() for th in table.locator("thead th:visible").all()]
    more = table.locator("summary", has_text="More about Camden")
    more.click()
    details = table.locator("details[open] dl > div:visible dt").all_inner_texts()
    context.close()
    assert shown[:3] == ["Borough", "Status", "Margin"]
    assert "Suggested partners" in details and not set(details) & set(shown)  # each column once: table or details


def test_on_a_phone_the_map_zooms_by_its_buttons_and_keys_and_the_city_is_touched_by_its_target(browser, dashboard_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    page.goto(dashboard_url + "/")
    page.wait_for_selector(MAP, timeout=60_000)
    wait_until_settled(page)
    drawn = page.locator(MAP)
    wait_until_drawn(drawn)
    whole = drawn.get_attribute("viewBox")
    page.get_by_role("button", name="Zoom in").click()
    zoomed = [float(v) for v in drawn.get_attribute("viewBox").split()]
    page.get_by_role("button", name="Show the whole map").click()
    reset = drawn.get_attribute("viewBox")
    drawn.locator("[data-code]").first.focus()
    page.keyboard.press("+")
    by_key = [float(v) for v in drawn.get_attribute("viewBox").split()]
    page.keyboard.press("0")
    target = drawn.locator("circle[data-target='E09000001']")
    box = target.bounding_box()
    target.tap()
    page.wait_for_selector("h1:has-text('City of London')", timeout=60_000)
    context.close()
    assert zoomed[2] == pytest.approx(358 / 1.5) and reset == whole and by_key[2] == pytest.approx(358 / 1.5)
    assert box["width"] >= 24 and box["height"] >= 24  # WCAG 2.2's target size, the City itself about 8 px across


def test_on_a_phone_the_upload_mapping_shows_where_each_column_goes_beside_it(browser, dashboard_url):
    from tests.conftest import ROOT

    context, page = opened_on_a_phone(browser, dashboard_url + "/upload", "[data-testid='stFileUploader'] input[type=file]")
    page.locator("[data-testid='stFileUploader'] input[type=file]").set_input_files(
        str(ROOT / "tests" / "fixtures" / "exports" / "ms_forms_numbered.xlsx"))  # the questions' whole texts as headings
    page.wait_for_selector(".data-table[aria-label^='Table: File column']", timeout=60_000)
    wait_until_settled(page)
    table = next(t for t in page.evaluate(TABLES) if t["label"].startswith("Table: File column"))
    context.close()
    assert table["shown"][:2] == ["File column", "Maps to"] and not table["sideways"]
