"""Every selector on Streamlit's own page that the dashboard relies on (``ui.streamlit_internals``) still
matches on the page that always draws it: after a Streamlit upgrade that renamed one, this fails rather
than a style or a repair silently no longer applying."""

from __future__ import annotations

from itertools import groupby

import pytest

from tests.browser.conftest import wait_until_settled
from ui.streamlit_internals import INTERNALS

BY_PAGE = {path: [i.selector for i in internals]
           for path, internals in groupby(sorted(INTERNALS, key=lambda i: i.drawn_on), key=lambda i: i.drawn_on)}


@pytest.mark.parametrize("path", sorted(BY_PAGE))
def test_each_selector_on_streamlits_internals_matches_on_its_page(page, dashboard_url, path):
    page.goto(dashboard_url + path)
    wait_until_settled(page)
    # In the page's own document, as the dashboard's style sheet and script look (not inside components).
    matched = {selector: page.evaluate("(selector) => document.querySelectorAll(selector).length", selector)
               for selector in BY_PAGE[path]}
    assert [selector for selector, count in matched.items() if not count] == []
