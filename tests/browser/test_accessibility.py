"""axe-core (bundled, offline) finds no WCAG 2.2 A/AA violations on each page."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import wait_until_settled
from tests.browser.maps import MAP

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


CHART = "svg[role='img']:visible"  # of a chart drawn at each width, the one shown
PAGES = [
    ("/", MAP),
    ("/borough?borough=E09000007", CHART),
    ("/peers?borough=E09000007", CHART),
    ("/trends", CHART),
    ("/explore", ".js-plotly-plot .scatterlayer .point"),
    ("/briefing", MAP),
    ("/clusters", MAP),
    ("/gaps", MAP),
    ("/readiness", MAP),
    ("/upload", "[data-testid='stFileUploader']"),
    ("/method", "[data-testid='stExpander']"),
    ("/collection", "[data-testid='stForm']"),
]


@pytest.mark.parametrize("width", [1400, 390])
@pytest.mark.parametrize("path, ready", PAGES)
def test_page_breaks_no_axe_rule_at_desktop_and_phone_widths(browser, dashboard_url, path, ready, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(dashboard_url + path)
    page.wait_for_selector(ready, timeout=60_000)
    wait_until_settled(page)
    result = Axe().run(page)
    context.close()
    violations = [(v["id"], v["impact"], [n["html"][:300] for n in v["nodes"]][:3]) for v in result.response["violations"]]
    assert violations == []


@pytest.mark.parametrize("path, ready", PAGES)
def test_page_has_no_wcag_aa_violations(page, dashboard_url, path, ready):
    page.goto(dashboard_url + path)
    page.wait_for_selector(ready, timeout=60_000)
    wait_until_settled(page)
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = [(v["id"], v["impact"], [n["html"][:300] for n in v["nodes"]][:3]) for v in result.response["violations"]]
    assert violations == []
