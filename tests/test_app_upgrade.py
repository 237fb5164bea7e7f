"""AppTest: the dashboard brings a first-release store up to date on start when the settings allow it, and
says plainly, to anyone but office staff, when its store cannot be read (no address, file or version)."""

from __future__ import annotations

import sqlalchemy as sa

from survey.store import SurveyStore
from tests.helpers import load_first_release



def test_a_first_release_store_is_brought_up_to_date_on_start(database_url, open_dashboard):
    load_first_release(database_url)
    at = open_dashboard()
    assert at.title[0].value == "London digital maturity"
    assert [s for s in at.selectbox if s.key == "round"][0].value == "2026"  # the latest published round
    with sa.create_engine(database_url).connect() as conn:
        assert "answers" not in sa.inspect(conn).get_table_names()


def test_with_auto_upgrade_off_office_staff_are_told_to_upgrade(database_url, open_dashboard, monkeypatch):
    load_first_release(database_url)
    monkeypatch.setenv("SURVEY_AUTO_UPGRADE", "false")
    at = open_dashboard()  # local mode: the person at this computer runs the dashboard
    assert "made by an earlier version of the dashboard" in at.error[0].value
    assert "'python -m survey upgrade'" in at.error[0].value
    assert not at.metric


def _newer(database_url: str) -> None:
    store = SurveyStore(database_url)
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '0099'"))
    store.engine.dispose()


def test_a_public_visitor_is_told_plainly_when_the_store_is_from_a_newer_version(database_url, open_dashboard, tmp_path):
    _newer(database_url)
    access = tmp_path / "access.yaml"
    access.write_text("office: [director@office.example]\npublic: true\n", encoding="utf-8")
    at = open_dashboard(sign_in=True, access_file=access)
    assert len(at.error) == 1 and at.error[0].value.startswith("The dashboard cannot start (error id **")
    assert "newer version" not in at.error[0].value  # what is wrong is for the office, in the log under the id
    assert not at.metric


def test_office_staff_are_told_the_store_is_from_a_newer_version(database_url, open_dashboard):
    _newer(database_url)
    at = open_dashboard(signed_in="director@office.example")
    assert "made by a newer version of the dashboard" in at.error[0].value
    assert database_url.split("///")[1] not in at.error[0].value and "0099" not in at.error[0].value
