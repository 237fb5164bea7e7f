"""Downloads in a real browser: the kept copy of a round's file comes back as mapped; a table's CSV,
clicked once the page has settled on a laptop's width, comes back whole; a document asked for on a
phone is built and offered."""

import csv
import io
from pathlib import Path

from tests.browser.conftest import wait_until_settled
from tests.conftest import ROOT


def _download(browser, url: str, button: str) -> tuple[str, bytes]:
    """(suggested file name, content) of clicking ``button`` on the page at ``url`` once its script runs
    are over, read before the context closes,
    which deletes its downloads."""
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(f"text={button}", timeout=60_000)
    wait_until_settled(page)
    with page.expect_download() as download:
        page.get_by_text(button).click()
    name, content = download.value.suggested_filename, Path(download.value.path()).read_bytes()
    context.close()
    return name, content


def test_the_upload_page_returns_a_version_as_mapped(browser, dashboard_url):
    name, content = _download(browser, dashboard_url + "/upload", "as mapped (CSV)")
    assert name == "survey_2025_as_mapped.csv"
    # The demo file's columns are all mapped and its respondents are codes: the same rows, the round column first.
    uploaded = list(csv.reader(io.StringIO((ROOT / "data" / "demo" / "survey_2025.csv").read_text(encoding="utf-8"))))
    assert list(csv.reader(io.StringIO(content.decode("utf-8")))) == [[row[1], row[0], *row[2:]] for row in uploaded]


def test_a_table_s_csv_downloads_whole_on_a_laptop_screen(browser, dashboard_url):
    name, content = _download(browser, dashboard_url + "/?round=2025", "Download table (CSV)")
    assert name == "maturity_2025_overall.csv"
    lines = content.decode("utf-8").splitlines()
    assert lines[0] == ("Borough,ONS code,Inner/Outer,Overall index,Level,Respondents,Few respondents,Rank (likely range),"
                        "Not assessed (coverage rule),Largest disagreement")
    assert len(lines) == 34


def test_a_phone_gets_the_borough_pdf_it_asks_for(browser, dashboard_url):
    # A phone's width: a width measurer (since removed) once sent the column's width again on every change of
    # its height here, and its reruns cut short the run the click had started.
    context = browser.new_context(accept_downloads=True, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(dashboard_url + "/borough?borough=E09000007&round=2025")
    page.wait_for_selector("text=Prepare the PDF report", timeout=60_000)
    wait_until_settled(page)
    page.get_by_role("button", name="Prepare the PDF report").click()
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Download report (PDF)").click(timeout=60_000)
    name, content = download.value.suggested_filename, Path(download.value.path()).read_bytes()
    context.close()
    assert name == "benchmark_E09000007_2025.pdf"
    assert content[:5] == b"%PDF-"
