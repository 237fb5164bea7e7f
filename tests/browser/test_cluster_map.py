"""The clusters page draws its map (33 areas) with a legend naming the clusters."""

from tests.browser.test_overview_map import MAP, RENDERED_AREAS


def test_the_cluster_map_draws_with_its_legend(page, dashboard_url, output_dir):
    page.goto(dashboard_url + "/clusters")
    page.wait_for_selector(MAP, timeout=60_000)
    page.locator(MAP).first.scroll_into_view_if_needed()
    page.wait_for_function(f"({RENDERED_AREAS})() === 33", timeout=30_000)
    legend = page.evaluate("() => document.querySelector('.js-plotly-plot .legend').textContent")
    assert "Cluster 1 (" in legend and "Cluster 2 (" in legend
    page.screenshot(path=str(output_dir / "clusters.png"), full_page=True)
