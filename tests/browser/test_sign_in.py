"""Sign-in in real Chromium against a real OpenID Connect provider on a loopback port.

The provider is ``oidc-provider-mock``: its authorize page takes any subject, and an
email-shaped subject becomes the ``email`` claim. Each case runs in its own browser context
(the ``page`` fixture), as different people on different computers would.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from survey.framework import load_framework
from survey.reading import read_survey
from survey.store import SurveyStore
from tests.browser.conftest import save_hand_worked_round, sign_in, signed_in_dashboard_running, wait_until_settled
from tests.browser.maps import MAP
from tests.conftest import copy_demo_store
from tests.helpers import survey_csv
from tests.fixtures.hand_worked import hand_worked_rows

OFFICE = "director@office.example"
CAMDEN_MEMBER = "ann.lee@camden.gov.uk"
CHARTS = "svg[role='img'], [data-testid='stDeckGlJsonChart']"  # any chart or map
ACCESS = f"""office: [{OFFICE}]
members:
  "@camden.gov.uk": E09000007
public: false
contact: digital-maturity@office.example
"""


@pytest.fixture(scope="module")
def signed_in_dashboard(tmp_path_factory, chromium_path, identity_provider, demo_store_file):
    """The dashboard with sign-in on: the demo rounds, a provisional round 2026, and an access file."""
    folder = tmp_path_factory.mktemp("sign_in")
    url = copy_demo_store(demo_store_file, f"sqlite:///{folder / 'store.sqlite'}")
    framework = load_framework()
    store = SurveyStore(url)
    parsed = read_survey(survey_csv(framework, hand_worked_rows(framework)), framework, round_label="2026")
    store.save_round(parsed, framework=framework, uploader=OFFICE)
    store.engine.dispose()
    (folder / "access.yaml").write_text(ACCESS, encoding="utf-8")
    env = {"DATABASE_URL": url, "SURVEY_ACCESS_FILE": str(folder / "access.yaml")}
    with signed_in_dashboard_running(env, folder, identity_provider) as dashboard:
        yield dashboard, url


def _navigation_links(page) -> list[str]:
    return page.locator("[data-testid='stSidebarNav'] a").all_inner_texts()


def test_a_visitor_sees_no_map_no_table_and_no_uploader(page, signed_in_dashboard):
    dashboard, _ = signed_in_dashboard
    page.goto(dashboard)
    expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=60_000)
    wait_until_settled(page)
    assert page.locator(CHARTS).count() == 0
    assert page.locator("[data-testid='stDataFrame']").count() == 0
    assert page.locator("[data-testid='stFileUploader']").count() == 0
    page.goto(dashboard + "/upload")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=60_000)
    wait_until_settled(page)
    assert page.locator("[data-testid='stFileUploader']").count() == 0


def test_a_camden_member_sees_camden_and_no_upload_or_provisional_round(page, signed_in_dashboard):
    dashboard, _ = signed_in_dashboard
    sign_in(page, dashboard, CAMDEN_MEMBER)
    expect(page.locator(MAP).first).to_be_visible(timeout=60_000)
    sidebar = page.locator("[data-testid='stSidebar']")
    expect(sidebar.get_by_role("combobox", name="Borough")).to_have_value("Camden (your borough)")
    assert "Upload data" not in " ".join(_navigation_links(page))
    page.goto(dashboard + "/upload")
    wait_until_settled(page)
    assert page.locator("[data-testid='stFileUploader']").count() == 0
    page.goto(dashboard + "/?round=2026")
    wait_until_settled(page)
    rounds = sidebar.get_by_role("combobox", name="Survey round")
    expect(rounds).to_have_value("2025")
    rounds.click()
    assert page.get_by_role("option").all_inner_texts() == ["2023", "2024", "2025"]
    page.keyboard.press("Escape")
    assert page.get_by_text("Provisional").count() == 0


def test_office_staff_see_the_provisional_round_save_a_file_and_find_it_in_the_audit(page, signed_in_dashboard, tmp_path):
    dashboard, url = signed_in_dashboard
    sign_in(page, dashboard, OFFICE)
    page.goto(dashboard + "/?round=2026")
    wait_until_settled(page)
    expect(page.get_by_role("combobox", name="Survey round")).to_have_value("2026 (provisional)")
    save_hand_worked_round(page, dashboard, tmp_path, "2027")
    expect(page.locator("li", has_text=OFFICE).filter(has_text="save · version – → 1")).to_have_count(1)  # the audit
    audit = SurveyStore(url).audit("2027")
    assert audit[["actor", "action"]].values.tolist() == [[OFFICE, "save"]]


def test_someone_not_in_the_access_file_is_refused(page, signed_in_dashboard):
    dashboard, _ = signed_in_dashboard
    sign_in(page, dashboard, "someone@elsewhere.example")
    expect(page.get_by_role("heading", name="You do not have access yet")).to_be_visible()
    assert page.locator(CHARTS).count() == 0
    assert page.locator("[data-testid='stDataFrame']").count() == 0


def test_signing_out_returns_to_the_visitor_s_view(page, signed_in_dashboard):
    dashboard, _ = signed_in_dashboard
    sign_in(page, dashboard, CAMDEN_MEMBER)
    page.locator("[data-testid='stSidebar']").get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="End session").click()  # the provider confirms, then sends the page back
    expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=60_000)
    wait_until_settled(page)
    assert page.locator(CHARTS).count() == 0
