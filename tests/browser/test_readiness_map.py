"""The readiness page draws its map (33 areas) with a legend naming each status."""

from tests.browser.maps import open_map


def test_the_readiness_map_draws_with_its_legend(page, dashboard_url, output_dir):
    legend = open_map(page, dashboard_url + "/readiness")
    assert legend.startswith("Readiness")
    assert "Ready (" in legend and "Not yet (" in legend
    page.screenshot(path=str(output_dir / "readiness.png"), full_page=True)
