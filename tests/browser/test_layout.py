"""At a laptop's and a phone's width, no headline figure is cut short and no page scrolls sideways; on a
phone, a wide table scrolls in its own region with its short cells on one line and its row names in view."""

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


# Per table cell holding "Wave …": how many lines its text takes. Then, with the table scrolled sideways,
# how far its first row's name and that row's second cell are from the table region's left edge.
WAVE_LINES = """() => [...document.querySelectorAll('.data-table td')].filter(td => td.textContent.startsWith('Wave '))
  .map(td => { const range = document.createRange(); range.selectNodeContents(td);
               return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size; })"""
SCROLLED_OFFSETS = """() => { const region = document.querySelector('.data-table'); region.scrollLeft = 200;
  const left = region.getBoundingClientRect().left, row = region.querySelector('tbody tr');
  return [row.querySelector('th').getBoundingClientRect().left - left,
          row.querySelector('td').getBoundingClientRect().left - left]; }"""


def test_on_a_phone_a_wide_table_keeps_short_cells_on_one_line_and_its_row_names_in_view(browser, dashboard_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(dashboard_url + "/readiness")
    page.wait_for_selector(".data-table td", timeout=60_000)
    wait_until_settled(page)
    lines = page.evaluate(WAVE_LINES)
    name_offset, cell_offset = page.evaluate(SCROLLED_OFFSETS)
    context.close()
    assert lines == [1] * 32  # the 32 boroughs assessed; "Wave 1: ready now" took four lines before
    assert abs(name_offset) < 1 and cell_offset < 0  # the borough stays; the cells beside it move under it
