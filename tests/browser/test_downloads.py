"""Downloads in a real browser: the stored file of a round comes back byte for byte."""

from pathlib import Path

from tests.conftest import ROOT


def test_the_upload_page_returns_the_stored_file_of_a_version(browser, dashboard_url):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(dashboard_url + "/upload")
    page.wait_for_selector("text=Download the file of version", timeout=60_000)
    with page.expect_download() as download:
        page.get_by_text("Download the file of version").click()
    assert download.value.suggested_filename == "survey_2025.csv"
    assert Path(download.value.path()).read_bytes() == (ROOT / "data" / "demo" / "survey_2025.csv").read_bytes()
    context.close()


def test_a_table_s_csv_is_written_when_its_button_is_clicked(browser, dashboard_url):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(dashboard_url + "/?round=2025")
    page.wait_for_selector("text=Download table (CSV)", timeout=60_000)
    with page.expect_download() as download:
        page.get_by_text("Download table (CSV)").click()
    assert download.value.suggested_filename == "maturity_2025_overall.csv"
    lines = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0] == ("ONS code,Borough,Inner/Outer,Overall index,Level,Respondents,Rank (likely range),"
                        "Not assessed (coverage rule),Largest disagreement")
    assert len(lines) == 34
    context.close()
