"""axe-core (bundled, offline) finds no WCAG 2.2 A/AA violations on each page."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import opened, opened_on_a_phone
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


def axe_violations(page, options: dict | None = None) -> list[tuple]:
    """axe-core's violations on the page as it stands (its default rules, or ``options``): each rule broken, its
    impact and its first three elements."""
    result = Axe().run(page, options={"resultTypes": ["violations"], **(options or {})})
    return [(v["id"], v["impact"], [n["html"][:300] for n in v["nodes"]][:3]) for v in result.response["violations"]]


WCAG_ONLY = {"runOnly": {"type": "tag", "values": WCAG_TAGS}}  # every WCAG 2.2 A/AA rule, some off by default


@pytest.mark.parametrize("path, ready", PAGES)
def test_page_has_no_wcag_aa_violations_and_breaks_no_axe_rule_at_desktop_width(browser, dashboard_url, path, ready):
    """Two checks of one page load: every WCAG 2.2 A/AA rule (some are off in axe's default set), then axe's
    default set (its best practices too)."""
    context, page = opened(browser, dashboard_url + path, ready, 1400, 900)
    wcag, default = axe_violations(page, WCAG_ONLY), axe_violations(page)
    context.close()
    assert wcag == [] and default == []


@pytest.mark.parametrize("path, ready", PAGES)
def test_page_breaks_no_axe_rule_at_phone_width(browser, dashboard_url, path, ready):
    context, page = opened_on_a_phone(browser, dashboard_url + path, ready)
    violations = axe_violations(page)
    context.close()
    assert violations == []
