"""AppTest of the pages' charts: SVG drawn at each width the browser may show it at and shown as it is by a small component,
named by the description the page writes under it, with no chart library for the browser to load."""

from __future__ import annotations

import html
import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers import drawn_at_each_width, shown_figures


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


def test_a_chart_is_drawn_for_a_phone_a_laptop_and_a_desktop_with_ids_of_its_own_at_each(app):
    app.switch_page("views/clusters.py").run()
    (phone, laptop, desktop), = [svgs for svgs in drawn_at_each_width(app, "svg_figure")
                                 if not svgs[0].startswith('<svg class="still-map"')]
    # The scatter is 60% as high as it is wide, between 300 and 480 px, with 3 lines of 13 px text more:
    # 300 + 39 = 339 px, 338.4 + 39 = 377 px, 480 + 39 = 519 px.
    assert phone.startswith('<svg viewBox="0 0 358 339"') and laptop.startswith('<svg viewBox="0 0 564 377"')
    assert desktop.startswith('<svg viewBox="0 0 940 519"')
    ids = [set(re.findall(r' id="([^"]+)"', svg)) for svg in (phone, laptop, desktop)]
    assert all(ids) and not ids[0] & ids[1] and not ids[1] & ids[2] and not ids[0] & ids[2]  # one page holds all three


def test_the_briefing_chart_keeps_its_large_text(app):
    app.switch_page("views/briefing.py").run()
    sizes = {int(s) for s in re.findall(r"font-size: (\d+)px", _charts(app)[0])}
    assert min(sizes) == 18
