"""AppTest of the Upload data page: preview, problems, save, replace, rollback, publish, delete."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from survey.store import SurveyStore
from tests.helpers import metrics, shown_tables, survey_csv
from tests.conftest import ROOT
from models.scoring import score_round
from tests.fixtures.hand_worked import assert_hand_worked, hand_worked_rows

CORPUS = ROOT / "tests" / "fixtures" / "uploads"


@pytest.fixture
def page(open_dashboard) -> AppTest:
    return open_dashboard(page="views/upload.py")


def _upload(at: AppTest, name: str, data: bytes, round_label: str = "", confirm: bool = True) -> AppTest:
    """Upload a file, give its round, and confirm the proposed column mapping."""
    at.file_uploader(key="upload_file").upload(name, data, "text/csv").run()
    if round_label:
        at.text_input(key="upload_round").input(round_label).run()
    if confirm and [b for b in at.button if b.key == "upload_mapping_confirm"]:
        at.button(key="upload_mapping_confirm").click().run()
    assert not at.exception, at.exception
    return at


def _table(at: AppTest, column: str) -> pd.DataFrame:
    """The first table shown on the page with this column."""
    return next(t for t in shown_tables(at) if column in t.columns)


def test_a_good_file_shows_its_preview_and_saves(page, framework, database_url):
    _upload(page, "round.csv", survey_csv(framework, hand_worked_rows(framework)), "2026")
    assert "The file is valid." in page.success[0].value
    assert metrics(page)["Boroughs"] == "3 of 33"
    assert metrics(page)["Respondents"] == "4"
    assert metrics(page)["Answers given with a level name"] == "1"
    completeness = _table(page, "Dimension").set_index("Dimension")["Answered"]
    assert completeness["Data & insight"] == "81%"  # 13 of 16: Hackney left data_3 and data_4, Barnet data_4
    # Local mode: a change needs a name for the audit, asked for, never the computer's user ("root") filled in.
    assert page.text_input(key="upload_uploader").value == ""
    assert page.button(key="upload_save").disabled
    page.text_input(key="upload_uploader").input("Ada Lovelace").run()
    page.button(key="upload_save").click().run()
    assert not page.exception, page.exception
    assert page.success[0].value == ("Saved round 2026 as version 1 (provisional): 3 boroughs, 4 respondents. Check "
                                     "its coverage under Stored rounds, then publish it.")
    history = SurveyStore(database_url).history("2026")
    assert history[["version", "uploader", "source_name", "status"]].values.tolist() == [
        [1, "Ada Lovelace", "round.csv", "provisional"]]
    assert "2026 (provisional)" in page.selectbox(key="round").options  # in the sidebar at once, for office staff
    assert page.selectbox(key="manage_round").value == "2026"  # opened to be checked and published
    coverage = next(m.value for m in page.markdown if m.value.startswith("**Round 2026 is provisional**"))
    assert coverage.endswith("Round 2026 covers 3 of 33 boroughs (4 respondents); round 2025, the latest published "
                             "before it, covered 33 (50 respondents).")
    assert page.warning[-1].value.startswith("Coverage fell since round 2025: 30 fewer boroughs and 46 fewer respondents. "
                                             "Missing this time: Barking and Dagenham, Bexley, Brent,")


def test_a_bad_file_lists_every_problem_and_cannot_be_saved(page, database_url):
    before = SurveyStore(database_url).revision()
    _upload(page, "unknown_borough.csv", (CORPUS / "excel_with_errors.xlsx").read_bytes(), "2026")
    assert "2 problems found" in page.error[0].value
    summary, problems = _table(page, "problem"), _table(page, "message")
    assert sorted(summary["problem"]) == ["Answer out of range or unreadable", "Unknown or ambiguous borough"]
    assert problems[["row", "column", "value"]].values.tolist() == [[5, "borough", "Westminstr"], [5, "leadership_1", "9"]]
    assert not [b for b in page.button if b.key == "upload_save"]
    assert SurveyStore(database_url).revision() == before


def test_the_report_survives_a_rerun(page, framework):
    _upload(page, "round.csv", (CORPUS / "unknown_borough.csv").read_bytes(), "2026")
    page.run()
    assert "1 problem found" in page.error[0].value


def test_replacing_a_round_needs_confirmation_and_keeps_the_old_version(page, framework, database_url):
    _upload(page, "demo.csv", (ROOT / "data" / "demo" / "survey_2025.csv").read_bytes())
    assert "Round 2025 is already stored (version 1)." in page.warning[-1].value or any(
        "Round 2025 is already stored (version 1)." in w.value for w in page.warning)
    page.text_input(key="upload_uploader").input("Grace").run()
    assert page.button(key="upload_save").disabled
    page.checkbox(key="upload_replace_confirm").check().run()
    page.button(key="upload_save").click().run()
    assert page.success[0].value.startswith("Saved round 2025 as version 2 (provisional)")
    assert SurveyStore(database_url).history("2025")["version"].tolist() == [1, 2]


def test_rolling_back_publishing_and_deleting_from_the_page(page, framework, database_url):
    store = SurveyStore(database_url)
    parsed_bytes = survey_csv(framework, hand_worked_rows(framework))
    _upload(page, "round.csv", parsed_bytes, "2026")
    page.text_input(key="upload_uploader").input("Ada").run()
    page.button(key="upload_save").click().run()  # provisional: nobody ticks a box for that
    assert store.rounds().set_index("round").loc["2026", "status"] == "provisional"
    assert page.selectbox(key="round").format_func("2026") == "2026 (provisional)"

    page.selectbox(key="manage_round").set_value("2025").run()
    page.selectbox(key="rollback_version").set_value(1).run()
    assert page.button(key="rollback_button").disabled  # already current

    page.selectbox(key="manage_round").set_value("2026").run()
    assert page.button(key="publish_button").disabled  # until the coverage is said to be checked
    page.checkbox(key="publish_confirm").check().run()
    page.button(key="publish_button").click().run()
    assert store.rounds().set_index("round").loc["2026", "status"] == "published"

    page.selectbox(key="manage_round").set_value("2026").run()
    page.checkbox(key="delete_confirm").check().run()
    page.button(key="delete_button").click().run()
    assert not page.exception, page.exception
    assert "2026" not in store.rounds()["round"].tolist()
    assert page.success[0].value == "Round 2026 was deleted."
    assert store.audit("2026")[["actor", "action"]].values.tolist() == [["Ada", "save"], ["Ada", "publish"],
                                                                         ["Ada", "delete"]]


def test_a_rollback_from_the_page_is_audited_with_the_signed_in_email(open_dashboard, database_url):
    at = open_dashboard(page="views/upload.py", signed_in="director@office.example")
    at.selectbox(key="manage_round").set_value("2025").run()
    at.selectbox(key="rollback_version").set_value(1).run()
    assert at.button(key="rollback_button").disabled  # already current: nothing to audit
    assert SurveyStore(database_url).audit("2025")["action"].tolist() == ["save", "publish"]  # the demo loader's
    audit = next(m.value for m in at.markdown if "demo loader" in m.value)
    assert audit.startswith("- ") and "**demo loader** · save · version – → 1 · published; 50 responses" in audit


def test_rollback_restores_an_earlier_version(page, framework, database_url):
    store = SurveyStore(database_url)
    _upload(page, "one.csv", b"borough,leadership_1\nCamden,5\n", "2025")
    page.text_input(key="upload_uploader").input("Ada").run()
    page.checkbox(key="upload_replace_confirm").check().run()
    page.button(key="upload_save").click().run()
    assert len(store.answers("2025")) == 1
    page.selectbox(key="manage_round").set_value("2025").run()
    page.selectbox(key="rollback_version").set_value(1).run()
    page.button(key="rollback_button").click().run()
    assert not page.exception
    assert page.success[0].value == "Round 2025: version 1 is now current."
    assert len(store.answers("2025")) > 1000
    assert store.audit("2025")[["actor", "action", "version_before", "version_after"]].values.tolist() == [
        ["demo loader", "save", pd.NA, 1], ["demo loader", "publish", 1, 1], ["Ada", "replace", 1, 2],
        ["Ada", "rollback", 2, 1]]


def test_a_signed_in_user_is_recorded_as_the_uploader(open_dashboard, database_url, framework):
    at = open_dashboard(page="views/upload.py", signed_in="director@office.example")
    _upload(at, "round.csv", survey_csv(framework, hand_worked_rows(framework)), "2026")
    assert not [t for t in at.text_input if t.key == "upload_uploader"]
    at.button(key="upload_save").click().run()
    assert SurveyStore(database_url).history("2026")["uploader"].tolist() == ["director@office.example"]
    assert SurveyStore(database_url).audit("2026")[["actor", "action"]].values.tolist() == [
        ["director@office.example", "save"]]


EXPORTS = ROOT / "tests" / "fixtures" / "exports"


@pytest.mark.parametrize("name", ["surveymonkey.csv", "ms_forms_numbered.xlsx", "hand_filled_libreoffice.ods"])
def test_an_export_is_mapped_shown_confirmed_and_saved_with_the_hand_worked_scores(page, database_url, framework, name):
    _upload(page, name, (EXPORTS / name).read_bytes(), "2026", confirm=False)
    mapping = _table(page, "Maps to")
    assert "28 of the framework's 28 questions found" in next(m.value for m in page.markdown if "questions found" in m.value)
    assert mapping["Maps to"].tolist().count("borough") == 1
    assert not page.success  # nothing is read until the mapping is confirmed
    page.button(key="upload_mapping_confirm").click().run()
    assert page.success[0].value.startswith("**The file is valid.** Round 2026")
    page.text_input(key="upload_uploader").input("Ada").run()
    page.button(key="upload_save").click().run()
    assert not page.exception, page.exception
    assert_hand_worked(score_round(SurveyStore(database_url).answers("2026"), framework))


def test_the_mapping_table_marks_export_metadata_as_ignored(page):
    _upload(page, "qualtrics.csv", (EXPORTS / "qualtrics.csv").read_bytes(), "2026", confirm=False)
    mapping = _table(page, "Maps to").set_index("File column")
    assert mapping.loc["Response ID", "Maps to"] == "ignored (not survey answers)"
    assert mapping.loc["Response ID", "How it was placed"] == "export metadata"
    assert mapping.loc["Which borough do you work for?", "Maps to"] == "borough"


def test_a_confirmed_mapping_can_be_saved_for_the_next_round(page, database_url):
    _upload(page, "surveymonkey.csv", (EXPORTS / "surveymonkey.csv").read_bytes(), "2026")
    page.text_input(key="upload_uploader").input("Ada").run()
    page.text_input(key="upload_mapping_name").input("SurveyMonkey 2026").run()
    page.button(key="upload_mapping_save").click().run()
    assert SurveyStore(database_url).mapping_names() == ["SurveyMonkey 2026"]
    page.run()  # the choice of mappings was drawn before the save
    page.selectbox(key="upload_mapping_start").set_value("SurveyMonkey 2026").run()
    assert set(_table(page, "Maps to")["How it was placed"]) == {"saved mapping"}


def test_the_upload_widget_and_the_page_state_the_same_size_limit(page):
    assert page.get("file_uploader")[0].proto.max_upload_size_mb == 20
    assert "Largest file: 20 MB" in page.markdown[0].value


def test_an_upload_is_read_once_whatever_the_steps_after_it(page, monkeypatch):
    import survey.reading

    reads = []
    real = survey.reading.read_sheet
    monkeypatch.setattr(survey.reading, "read_sheet", lambda *args, **kwargs: reads.append(1) or real(*args, **kwargs))
    _upload(page, "ms_forms_numbered.xlsx", (EXPORTS / "ms_forms_numbered.xlsx").read_bytes(), "2026", confirm=False)
    page.selectbox(key="upload_mapping_start").set_value("auto").run()
    page.button(key="upload_mapping_confirm").click().run()  # the answers read under the confirmed mapping
    page.text_input(key="upload_round").input("2027").run()
    page.run()
    assert page.success[0].value.startswith("**The file is valid.** Round 2027")
    assert len(reads) == 1


def test_a_column_is_placed_from_a_list_and_a_changed_mapping_is_confirmed_again(page):
    _upload(page, "qualtrics.csv", (EXPORTS / "qualtrics.csv").read_bytes(), "2026")
    assert page.success[0].value.startswith("**The file is valid.**")
    page.selectbox(key="upload_change_column_auto").set_value("Response ID").run()
    target = next(s for s in page.selectbox if s.key.startswith("upload_change_target_"))
    assert target.value == "ignored"  # shown as "ignored (not survey answers)"
    target.set_value("respondent").run()  # the export's own response id as the respondent
    assert not page.exception, page.exception
    mapping = _table(page, "Maps to").set_index("File column")
    assert mapping.loc["Response ID", ["Maps to", "How it was placed"]].tolist() == ["respondent", "chosen"]
    assert not [s for s in page.success if s.value.startswith("**The file is valid.**")]  # to be confirmed again
    page.button(key="upload_mapping_confirm").click().run()
    assert not page.exception, [e.value for e in page.error]
    assert page.success[0].value.startswith("**The file is valid.**")
