"""A borough's page opens from a shared link and shows its name and level."""

from models.benchmark import borough_benchmark
from survey.framework import load_framework
from survey.pilots import load_pilots
from models.results import StoredResults
from survey.settings import load_settings
from survey.store import SurveyStore


def test_a_link_with_an_ons_code_opens_that_boroughs_page(page, dashboard_url, dashboard_database_url, output_dir):
    page.goto(dashboard_url + "/borough?borough=E09000033")
    page.wait_for_selector("h1:has-text('Westminster')", timeout=60_000)
    framework = load_framework()
    results = StoredResults(SurveyStore(dashboard_database_url), framework, load_settings()).at()
    rounds = results.scored_rounds(with_provisional=False)
    expected = borough_benchmark(framework, rounds, "2025", "E09000033", load_pilots(framework))
    level = page.locator('[data-testid="stMetric"]').filter(has_text="Level").locator('[data-testid="stMetricValue"]')
    assert level.inner_text() == expected.level
    assert page.locator('[data-testid="stSidebar"] input[aria-label="Borough"]').input_value() == "Westminster"
    page.screenshot(path=str(output_dir / "borough.png"), full_page=True)
