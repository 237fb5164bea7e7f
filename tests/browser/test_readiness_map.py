"""The readiness page draws its map (33 areas) with a legend naming each status."""

from tests.browser.test_overview_map import MAP, RENDERED_AREAS


def test_the_readiness_map_draws_with_its_legend(page, dashboard_url, output_dir):
    page.goto(dashboard_url + "/readiness")
    page.wait_for_selector(MAP, timeout=60_000)
    page.locator(MAP).first.scroll_into_view_if_needed()
    page.wait_for_function(f"({RENDERED_AREAS})() === 33", timeout=30_000)
    legend = page.evaluate("() => document.querySelector('.js-plotly-plot .legend').textContent")
    assert legend.startswith("Readiness")
    assert "Ready (" in legend and "Not yet (" in legend
    page.screenshot(path=str(output_dir / "readiness.png"), full_page=True)
