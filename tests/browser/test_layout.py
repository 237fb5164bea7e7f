"""At a laptop's and a phone's width, no headline figure is cut short and no page scrolls sideways (tables:
``test_fit.py``)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import wait_until_settled

PAGES = ["/", "/borough?borough=E09000007", "/peers?borough=E09000007", "/clusters", "/gaps", "/readiness",
         "/briefing"]
# Headline figures and their labels whose text is wider than the box showing it (cut off or ellipsised).
CUT_SHORT = """() => [...document.querySelectorAll('[data-testid="stMetricValue"], [data-testid="stMetricLabel"]')]
  .filter(e => [e, ...e.querySelectorAll('*')].some(n => n.scrollWidth > n.clientWidth + 1))
  .map(e => e.textContent)"""


@pytest.mark.parametrize("width, height", [(1024, 768), (390, 844)])
@pytest.mark.parametrize("path", PAGES)
def test_no_headline_figure_is_cut_short_and_nothing_scrolls_sideways(browser, dashboard_url, path, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(dashboard_url + path)
    page.wait_for_selector('[data-testid="stMetricValue"]', timeout=60_000)
    wait_until_settled(page)
    cut, sideways = page.evaluate(CUT_SHORT), page.evaluate("() => document.documentElement.scrollWidth > innerWidth")
    context.close()
    assert cut == [] and not sideways
