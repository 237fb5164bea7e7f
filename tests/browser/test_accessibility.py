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


def _violations(page, options: dict | None = None) -> list[tuple]:
    """axe-core's violations on the page as it stands: each rule broken, its impact and the first three elements."""
    result = Axe().run(page, options={"resultTypes": ["violations"], **(options or {})})
    return [(v["id"], v["impact"], [n["html"][:300] for n in v["nodes"]][:3]) for v in result.response["violations"]]


def _opened(browser, url: str, ready: str, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(ready, timeout=60_000)
    wait_until_settled(page)
    return context, page


@pytest.mark.parametrize("path, ready", PAGES)
def test_page_has_no_wcag_aa_violations_and_breaks_no_axe_rule_at_desktop_width(browser, dashboard_url, path, ready):
    """Two checks of one page load: every WCAG 2.2 A/AA rule (some are off in axe's default set), then axe's
    default set (its best practices too)."""
    context, page = _opened(browser, dashboard_url + path, ready, 1400)
    wcag, default = _violations(page, {"runOnly": {"type": "tag", "values": WCAG_TAGS}}), _violations(page)
    context.close()
    assert wcag == [] and default == []


@pytest.mark.parametrize("path, ready", PAGES)
def test_page_breaks_no_axe_rule_at_phone_width(browser, dashboard_url, path, ready):
    context, page = _opened(browser, dashboard_url + path, ready, 390)
    violations = _violations(page)
    context.close()
    assert violations == []
