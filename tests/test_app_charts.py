"""AppTest of the pages' charts: SVG drawn at the measured width and shown as it is by a small component,
named by the description the page writes under it, with no chart library for the browser to load."""

from __future__ import annotations

import html
import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers import shown_figures
from ui.viewport import WIDTH_KEY


@pytest.fixture
def app(open_dashboard) -> AppTest:
    return open_dashboard()


def _charts(at: AppTest) -> list[str]:
    return [svg for svg in shown_figures(at) if not svg.startswith('<svg class="still-map"')]


def _label(svg: str) -> str:
    return html.unescape(re.search(r'aria-label="([^"]*)"', svg).group(1))


@pytest.mark.parametrize("page, count", [("views/borough.py", 2), ("views/peers.py", 2), ("views/clusters.py", 1),
                                         ("views/trends.py", 1), ("views/briefing.py", 1)])
def test_each_chart_page_draws_its_charts_as_inline_svg(app, page, count):
    app.switch_page(page).run()
    assert not app.exception, app.exception
    assert len(_charts(app)) == count
    assert not app.get("plotly_chart")


def test_a_chart_is_named_by_the_description_written_under_it(app):
    app.switch_page("views/borough.py").run()
    profile, trend = _charts(app)
    captions = [c.value for c in app.caption]
    assert _label(profile).startswith("Dot plot of Barking and Dagenham's score (circle) on each dimension")
    assert _label(profile) in captions and _label(trend) in captions


def test_a_chart_is_drawn_at_the_width_the_browser_measured(app):
    app.switch_page("views/clusters.py").run()
    assert "max-width: 940px" in _charts(app)[0]
    app.session_state[WIDTH_KEY] = {"width": 358}
    app.run()
    assert "max-width: 358px" in _charts(app)[0]


def test_the_briefing_chart_keeps_its_large_text(app):
    app.switch_page("views/briefing.py").run()
    sizes = {int(s) for s in re.findall(r"font-size: (\d+)px", _charts(app)[0])}
    assert min(sizes) == 18
