"""Roles only on a verified identity, decided on every run: in real Chromium against a real OpenID
Connect provider (``oidc-provider-mock``) on a loopback port.

The provider here knows one user besides those its authorize page makes from any subject: one
whose ``email`` claim is the office's address with ``email_verified: false``.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in, signed_in_dashboard_running, wait_until_settled
from tests.browser.maps import MAP, click_map, interior_point, on_page, wait_until_drawn
from tests.conftest import copy_demo_store

OFFICE = "director@office.example"
UNVERIFIED = "unverified-director"  # the provider's subject whose email claim is the office's, unverified
ACCESS = f"""office: [{OFFICE}]
members:
  "@camden.gov.uk": E09000007
  "cio@hackney.gov.uk": E09000012
deny: [leaver@camden.gov.uk]
public: false
contact: digital-maturity@office.example
"""


@pytest.fixture(scope="module")
def provider_with_an_unverified_user():
    from oidc_provider_mock import User, run_server_in_thread

    unverified = User(sub=UNVERIFIED, claims={"email": OFFICE, "email_verified": False})
    with run_server_in_thread(user_claims=[unverified]) as server:
        yield f"http://127.0.0.1:{server.server_port}"


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory, chromium_path, provider_with_an_unverified_user, demo_store_file):
    """The dashboard with sign-in on, the demo rounds, and an access file the tests may change
    (yielded with the dashboard's address; restored after each test by ``access_file``)."""
    folder = tmp_path_factory.mktemp("identity")
    access = folder / "access.yaml"
    access.write_text(ACCESS, encoding="utf-8")
    env = {"DATABASE_URL": copy_demo_store(demo_store_file, f"sqlite:///{folder / 'store.sqlite'}"),
           "SURVEY_ACCESS_FILE": str(access)}
    with signed_in_dashboard_running(env, folder, provider_with_an_unverified_user) as url:
        yield url, access


@pytest.fixture
def access_file(dashboard):
    _, access = dashboard
    yield access
    access.write_text(ACCESS, encoding="utf-8")


def _refused_because(page, reason: str) -> None:
    """The No access page, saying ``reason``, with no data and no other page to go to."""
    expect(page.get_by_role("heading", name="You do not have access yet")).to_be_visible(timeout=60_000)
    expect(page.get_by_text(reason)).to_be_visible()
    wait_until_settled(page)
    assert page.locator(MAP).count() == 0 and page.locator("svg[role='img']").count() == 0
    assert page.locator("[data-testid='stSidebarNav'] a").count() == 0
    assert page.locator("[data-testid='stFileUploader']").count() == 0


def test_an_email_claim_the_provider_says_is_unverified_gets_no_role(page, dashboard):
    url, _ = dashboard
    sign_in(page, url, UNVERIFIED)
    _refused_because(page, "Your identity provider has not verified this address, so it cannot give you a role.")
    expect(page.get_by_text(f"You are signed in as {OFFICE}.")).to_be_visible()
    page.goto(url + "/upload")
    _refused_because(page, "has not verified this address")


def test_a_ligature_look_alike_of_the_office_address_gets_no_role(page, dashboard):
    url, _ = dashboard
    sign_in(page, url, "director@o\ufb03ce.example")  # "ffi" as one character
    _refused_because(page, "characters that are not plain ASCII letters, digits or punctuation (\ufb03)")


def test_a_deny_entry_beats_the_member_entry_for_its_domain(page, dashboard):
    url, _ = dashboard
    sign_in(page, url, "leaver@camden.gov.uk")
    _refused_because(page, "The access file excludes this address.")


def test_someone_removed_from_the_access_file_loses_access_on_the_next_page_without_signing_out(
        page, dashboard, access_file):
    url, _ = dashboard
    sign_in(page, url, "cio@hackney.gov.uk")
    expect(page.locator(MAP).first).to_be_visible(timeout=60_000)
    sidebar = page.locator("[data-testid='stSidebar']")
    expect(sidebar.get_by_role("combobox", name="Borough")).to_have_value("Hackney (your borough)")
    access_file.write_text(ACCESS.replace('  "cio@hackney.gov.uk": E09000012\n', ""), encoding="utf-8")
    sidebar.get_by_role("link", name="Trends").click()  # the next page, in the same signed-in session
    _refused_because(page, "This address is not on the list of people who may see this dashboard's survey results.")


def test_a_member_opening_another_borough_from_the_map_or_a_link_keeps_their_own_in_the_sidebar(page, dashboard):
    url, _ = dashboard
    sign_in(page, url, "cio@camden.gov.uk")
    page.set_viewport_size({"width": 1024, "height": 768})
    drawn = page.locator(MAP)
    wait_until_drawn(drawn)
    expect(page.get_by_text("Camden, your borough")).to_be_visible()  # the dashed outline's legend
    click_map(page, *on_page(drawn, *interior_point("Hackney")))
    expect(page.get_by_role("heading", name="Hackney", level=1)).to_be_visible(timeout=60_000)
    wait_until_settled(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    borough = sidebar.get_by_role("combobox", name="Borough")
    expect(borough).to_have_value("Camden (your borough)")
    top = page.evaluate("document.querySelector('[data-testid=stMain]').scrollTop")
    page.go_back()
    wait_until_settled(page)
    expect(borough).to_have_value("Camden (your borough)")
    page.goto(url + "/borough?borough=E09000012")  # a link to another borough, in a new session
    expect(page.get_by_role("heading", name="Hackney", level=1)).to_be_visible(timeout=60_000)
    expect(borough).to_have_value("Camden (your borough)")
    page.get_by_role("link", name="Back to my borough: Camden").click()
    expect(page.get_by_role("heading", name="Camden", level=1)).to_be_visible(timeout=60_000)
    assert top == 0  # the page opened from the map starts at its top
