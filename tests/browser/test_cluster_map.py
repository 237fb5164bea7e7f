"""The clusters page draws its map (33 areas) with a legend naming the clusters."""

from tests.browser.maps import open_map


def test_the_cluster_map_draws_with_its_legend(page, dashboard_url, output_dir):
    legend = open_map(page, dashboard_url + "/clusters")
    assert "Cluster 1 (" in legend and "Cluster 2 (" in legend
    page.screenshot(path=str(output_dir / "clusters.png"), full_page=True)
