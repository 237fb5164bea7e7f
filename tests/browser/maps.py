"""Reading a plotly map in the browser: it is drawn by MapLibre on a canvas, so ask MapLibre."""

from __future__ import annotations

MAP = ".js-plotly-plot"
# How many distinct areas MapLibre actually rendered as fills on the page's first map.
RENDERED_AREAS = """() => {
  const map = document.querySelector('.js-plotly-plot')._fullLayout.map._subplot.map;
  const fills = map.queryRenderedFeatures().filter(f => f.layer.id.endsWith('-fill'));
  return new Set(fills.map(f => JSON.stringify(f.properties.ct))).size;
}"""
LEGEND = "() => document.querySelector('.js-plotly-plot .legend').textContent"


def open_map(page, url: str) -> str:
    """Open a page, wait until its first map has drawn all 33 boroughs; return the legend's text."""
    page.goto(url)
    page.wait_for_selector(MAP, timeout=60_000)
    page.locator(MAP).first.scroll_into_view_if_needed()
    page.wait_for_function(f"({RENDERED_AREAS})() === 33", timeout=30_000)
    return page.evaluate(LEGEND)
