"""AppTest: what each role sees and may do, enforced when the page runs (not only by hiding links)."""

from __future__ import annotations

import sqlite3
import time

import pytest
from streamlit.testing.v1 import AppTest

from survey.access import MEMBER, Person

from survey.reading import read_survey
from survey.store import SurveyStore
from tests.conftest import ROOT
from tests.helpers import shown_figures, shown_maps, shown_tables, survey_csv
from ui.access import PERSON_KEY
from tests.fixtures.hand_worked import hand_worked_rows

CAMDEN_MEMBER = "ann.lee@camden.gov.uk"  # "@camden.gov.uk" in config/access.example.yaml
OFFICE = "director@office.example"


@pytest.fixture
def with_provisional(demo_database_url, framework):
    """The demo rounds (published) and a provisional round 2026 saved by the office."""
    parsed = read_survey(survey_csv(framework, hand_worked_rows(framework)), framework, round_label="2026")
    SurveyStore(demo_database_url).save_round(parsed, framework=framework, uploader=OFFICE)
    return demo_database_url


def test_a_visitor_sees_what_the_dashboard_is_and_no_data(open_dashboard):
    at = open_dashboard(sign_in=True)
    assert at.title[0].value == "London digital maturity benchmark"
    assert at.button(key="sign_in").label == "Sign in"
    assert not shown_figures(at) and not shown_maps(at) and not shown_tables(at)
    assert not at.metric
    assert not [s for s in at.selectbox if s.key == "round"]


def test_a_visitor_has_only_the_welcome_page(open_dashboard):
    at = open_dashboard(sign_in=True, query={"round": "2025"})
    with pytest.raises(ValueError, match=r"Known pages: \['.*views/welcome.py'\]"):
        at.switch_page("views/overview.py")


def test_a_member_sees_their_borough_preselected_and_marked(with_provisional, open_dashboard):
    at = open_dashboard(signed_in=CAMDEN_MEMBER)
    borough = at.selectbox(key="borough")
    assert borough.value == "E09000007"
    assert borough.format_func("E09000007") == "Camden (your borough)"
    assert any("Signed in as" in c.value and "borough member" in c.value for c in at.sidebar.caption)


def test_a_member_never_sees_a_provisional_round_even_by_url(with_provisional, open_dashboard):
    at = open_dashboard(signed_in=CAMDEN_MEMBER, query={"round": "2026"})
    assert at.selectbox(key="round").options == ["2023", "2024", "2025"]
    assert at.selectbox(key="round").value == "2025"
    assert not any("Provisional" in w.value for w in at.warning)


def test_the_upload_page_is_not_in_a_member_s_navigation(with_provisional, open_dashboard):
    at = open_dashboard(signed_in=CAMDEN_MEMBER)
    with pytest.raises(ValueError, match="Could not find a navigation page for .*views/upload.py"):
        at.switch_page("views/upload.py")


def test_the_upload_page_itself_refuses_anyone_who_may_not_write(with_provisional):
    """Run on its own, without the entrypoint's navigation, the page still checks who is asking."""
    at = AppTest.from_file(str(ROOT / "views" / "upload.py"), default_timeout=60)
    at.session_state[PERSON_KEY] = Person(MEMBER, CAMDEN_MEMBER, "E09000007")
    at.run()
    assert at.exception  # NotAllowed, whose text the server's error settings redact for the browser
    assert "redacted" in at.exception[0].value
    assert not at.get("file_uploader") and not shown_tables(at)


def test_a_member_sees_no_respondent_answers_on_the_method_page(with_provisional, open_dashboard):
    at = open_dashboard(signed_in=CAMDEN_MEMBER)
    at.switch_page("views/method.py").run()
    assert not at.exception
    assert any("only the office that runs the survey sees it" in i.value for i in at.info)
    assert not [s for s in at.selectbox if s.key == "example_borough"]


def test_office_staff_see_the_provisional_round_and_the_upload_page(with_provisional, open_dashboard):
    at = open_dashboard(signed_in=OFFICE, query={"round": "2026"})
    assert at.selectbox(key="round").options == ["2023", "2024", "2025", "2026 (provisional)"]
    assert at.selectbox(key="round").value == "2026"
    at.switch_page("views/upload.py").run()
    assert not at.exception
    assert at.title[0].value == "Upload a survey round"


def test_a_provisional_round_is_never_the_default(with_provisional, open_dashboard):
    assert open_dashboard(signed_in=OFFICE).selectbox(key="round").value == "2025"


def test_someone_not_in_the_access_file_is_told_whom_to_ask(open_dashboard):
    at = open_dashboard(signed_in="someone@elsewhere.example")
    assert at.title[0].value == "You do not have access yet"
    assert "write to **digital\\-maturity@office\\.example**" in at.markdown[0].value
    assert not shown_tables(at) and not at.metric


def _refused(at) -> str:
    """The No access page's text, after checking it is the only page and shows no data."""
    assert at.title[0].value == "You do not have access yet"
    assert not shown_tables(at) and not at.metric and not shown_maps(at)
    with pytest.raises(ValueError, match=r"Known pages: \['.*views/no_access.py'\]"):
        at.switch_page("views/upload.py")
    return at.markdown[0].value.replace("\\", "")  # Markdown escapes removed


def test_an_office_address_the_provider_says_is_unverified_gets_no_role(open_dashboard):
    at = open_dashboard(signed_in=OFFICE, claims={"email_verified": False})
    assert _refused(at).startswith("You are signed in as **director@office.example**. Your identity provider has not "
                                   "verified this address, so it cannot give you a role.")


def test_a_look_alike_of_an_office_address_gets_no_role(open_dashboard):
    at = open_dashboard(signed_in="director@o\ufb03ce.example")  # "ffi" as one ligature
    assert "has characters that are not plain ASCII letters, digits or punctuation (\ufb03)" in _refused(at)


def test_a_deny_entry_beats_the_member_entry_for_its_domain(open_dashboard, tmp_path):
    access = tmp_path / "access.yaml"
    access.write_text(f'members:\n  "@camden.gov.uk": E09000007\ndeny: [{CAMDEN_MEMBER}]\n', encoding="utf-8")
    at = open_dashboard(signed_in=CAMDEN_MEMBER, access_file=access)
    assert "The access file excludes this address." in _refused(at)
    assert open_dashboard(signed_in="raj.patel@camden.gov.uk", access_file=access).selectbox(key="borough").value == "E09000007"


def test_someone_removed_from_the_access_file_loses_access_on_the_next_run(open_dashboard, tmp_path):
    access = tmp_path / "access.yaml"
    access.write_text(f'office: [{OFFICE}]\nmembers:\n  "@camden.gov.uk": E09000007\n', encoding="utf-8")
    at = open_dashboard(signed_in=CAMDEN_MEMBER, access_file=access)
    assert at.title[0].value == "London digital maturity"
    access.write_text(f"office: [{OFFICE}]\n", encoding="utf-8")  # same size in bytes would do: the text is read
    at.run()  # the next click, in the same session, signed in all along
    assert "is not on the list of people who may see this dashboard's survey results" in _refused(at)


def test_a_sign_in_older_than_the_session_hours_is_asked_again(open_dashboard, monkeypatch):
    at = open_dashboard(signed_in=OFFICE, claims={"iat": int(time.time()) - 8 * 3600 - 60})
    assert at.title[0].value == "London digital maturity benchmark"  # the Welcome page: no data
    assert at.info[0].value == "Your sign\\-in is more than 8 hours old: sign in again\\."
    assert at.button(key="sign_in").label == "Sign in"
    monkeypatch.setenv("SURVEY_SESSION_HOURS", "12")
    at = open_dashboard(signed_in=OFFICE, claims={"iat": int(time.time()) - 8 * 3600 - 60})
    assert at.title[0].value == "London digital maturity"


def test_where_rounds_are_public_an_expired_sign_in_is_a_visitor_told_why(open_dashboard, tmp_path):
    access = tmp_path / "access.yaml"
    access.write_text(f"office: [{OFFICE}]\npublic: true\n", encoding="utf-8")
    at = open_dashboard(signed_in=OFFICE, access_file=access, claims={"iat": int(time.time()) - 9 * 3600})
    assert at.title[0].value == "London digital maturity"  # the published rounds, as any visitor sees them
    assert "Your sign\\-in is more than 8 hours old: sign in again\\." in [c.value for c in at.sidebar.caption]
    assert at.button(key="sidebar_sign_in").label == "Sign in"
    with pytest.raises(ValueError, match="Could not find a navigation page for .*views/upload.py"):
        at.switch_page("views/upload.py")


def _older_store(database_url: str) -> None:
    """A store whose rounds table lacks a column of today's schema."""
    with sqlite3.connect(database_url.removeprefix("sqlite:///")) as conn:
        conn.execute("CREATE TABLE rounds (label VARCHAR(32) PRIMARY KEY, current_version INTEGER, created_at TIMESTAMP)")


def test_a_visitor_is_never_told_what_is_wrong_with_the_store_and_office_staff_are(open_dashboard, database_url, tmp_path):
    _older_store(database_url)
    access = tmp_path / "access.yaml"
    access.write_text(f"office: [{OFFICE}]\npublic: true\n", encoding="utf-8")
    store_file = database_url.removeprefix("sqlite:///")
    visitor = open_dashboard(sign_in=True, access_file=access)
    shown = " ".join(e.value for e in visitor.error)
    assert shown.startswith("The dashboard cannot start (error id **")
    assert store_file not in shown and "sqlite" not in shown and "version" not in shown
    office = open_dashboard(signed_in=OFFICE, access_file=access)
    assert "This store was made by a development version from before the first release" in office.error[0].value
    assert store_file not in office.error[0].value  # nor to office staff: the message needs no address


def test_a_missing_access_file_is_not_named_to_visitors(open_dashboard, tmp_path):
    missing = tmp_path / "nowhere" / "access.yaml"
    shown = " ".join(e.value for e in open_dashboard(sign_in=True, access_file=missing).error)
    assert shown.startswith("The dashboard cannot start (error id **") and "nowhere" not in shown


def test_public_rounds_are_shown_to_visitors_when_the_office_allows(open_dashboard, tmp_path):
    access = tmp_path / "access.yaml"
    access.write_text("office: [director@office.example]\npublic: true\n", encoding="utf-8")
    at = open_dashboard(sign_in=True, access_file=access)
    assert at.title[0].value == "London digital maturity"
    assert at.button(key="sidebar_sign_in").label == "Sign in"


def test_local_mode_says_anyone_at_this_computer_can_change_data(open_dashboard):
    at = open_dashboard()
    assert any(c.value.startswith(":material/computer: **Local mode: no sign-in**") for c in at.sidebar.caption)


def _serve_on_every_interface(monkeypatch):
    """As if started with --server.address 0.0.0.0."""
    import streamlit as st

    real = st.get_option
    monkeypatch.setattr(st, "get_option", lambda key: "0.0.0.0" if key == "server.address" else real(key))


def test_without_sign_in_the_app_will_not_serve_data_on_an_open_address(open_dashboard, monkeypatch):
    _serve_on_every_interface(monkeypatch)
    at = open_dashboard()
    assert "no sign-in configured and is served on address '0.0.0.0'" in at.error[0].value
    assert not shown_figures(at) and not shown_maps(at) and not at.metric


def test_an_open_address_is_served_when_allow_open_is_set(open_dashboard, monkeypatch):
    monkeypatch.setenv("SURVEY_ALLOW_OPEN", "1")
    _serve_on_every_interface(monkeypatch)
    at = open_dashboard()
    assert at.title[0].value == "London digital maturity"


@pytest.mark.parametrize("member", [False, True], ids=["public visitor", "member"])
def test_an_error_shows_an_id_and_no_traceback(with_provisional, open_dashboard, monkeypatch, tmp_path, member):
    def broken(*args, **kwargs):
        raise RuntimeError("SELECT secret FROM answers")

    monkeypatch.setattr("viewmodels.overview.overview_view", broken)
    if member:
        at = open_dashboard(signed_in=CAMDEN_MEMBER)
    else:
        access = tmp_path / "access.yaml"
        access.write_text("office: [director@office.example]\npublic: true\n", encoding="utf-8")
        at = open_dashboard(sign_in=True, access_file=access)
    assert at.error[0].value.startswith("Something went wrong on this page (error id **")
    assert not at.exception
    assert "SELECT" not in str([e.value for e in at.error])


# Shared links --------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["camden", "e09000007", "Camden", "London Borough of Camden"])
def test_a_link_names_a_borough_by_its_code_in_any_case_or_its_name(open_dashboard, value):
    at = open_dashboard("views/borough.py", query={"borough": value})
    assert at.title[0].value == "Camden"
    assert not at.warning or not any("link" in w.value for w in at.warning)


def test_a_link_with_an_unknown_borough_says_so_instead_of_opening_another(open_dashboard):
    at = open_dashboard("views/borough.py", query={"borough": "XYZ"})
    problems = [w.value for w in at.warning if "The link asks for borough 'XYZ'" in w.value]
    assert len(problems) == 1
    assert problems[0].endswith("Showing Barking and Dagenham instead.")


def test_a_link_with_an_unknown_round_or_measure_says_so(open_dashboard):
    at = open_dashboard(query={"round": "1999", "measure": "speed"})
    texts = " ".join(w.value for w in at.warning).replace("\\", "")  # Markdown escapes removed
    assert "The link asks for round '1999', which is not one of: 2023, 2024, 2025. Showing round 2025 instead." in texts
    assert "The link asks for measure 'speed'" in texts and "Showing Overall index instead." in texts


def test_a_link_names_a_measure_by_its_label(open_dashboard):
    at = open_dashboard(query={"measure": "data & insight"})
    assert at.session_state["measure"] == "data"
