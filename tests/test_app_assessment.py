"""AppTest of the Self-assessment page (a member answering) and the Collect answers page (the office)."""

from __future__ import annotations

from datetime import date

import pytest

from survey.assessment import Assessments
from survey.store import SurveyStore
from tests.helpers import shown_tables

OFFICE = "director@office.example"
CAMDEN_MEMBER = "ann.lee@camden.gov.uk"  # "@camden.gov.uk" in config/access.example.yaml


@pytest.fixture
def open_round(demo_database_url, framework):
    """The demo rounds, and round 2026 open for answers until the end of 2099."""
    Assessments(SurveyStore(demo_database_url)).open_round("2026", closes=date(2099, 12, 31), framework=framework,
                                                           actor=OFFICE, opens=date(2026, 1, 1))
    return demo_database_url


def test_a_member_answers_and_each_answer_is_saved_at_once(open_round, open_dashboard, framework):
    at = open_dashboard("views/assess.py", signed_in=CAMDEN_MEMBER)
    assert at.title[0].value == "Self-assessment: Camden"
    first = framework.dimensions[0].questions[0].id
    at.radio(key=f"answer_{first}").set_value(4).run()
    assert not at.exception
    draft = Assessments(SurveyStore(open_round)).draft("2026", CAMDEN_MEMBER, "E09000007")
    assert draft.answers == {first: 4}
    again = open_dashboard("views/assess.py", signed_in=CAMDEN_MEMBER)  # a new session finds the draft
    assert again.radio(key=f"answer_{first}").value == 4


def test_a_member_sees_the_level_descriptors_and_progress(open_round, open_dashboard, framework):
    at = open_dashboard("views/assess.py", signed_in=CAMDEN_MEMBER)
    leadership = framework.dimensions[0]
    assert at.header[0].value == leadership.name
    assert f"**1 Initial** — {leadership.descriptors[1]}" in at.expander[0].markdown[0].value
    assert at.radio(key=f"answer_{leadership.questions[0].id}").options == [
        "1 Initial", "2 Emerging", "3 Developing", "4 Embedded", "5 Leading", "Don't know"]
    assert "You have answered 0 of 28 questions." in str(at.get("progress")[0].proto.text)


def test_after_submitting_a_member_sees_their_own_profile_and_can_reopen(open_round, open_dashboard, framework):
    online = Assessments(SurveyStore(open_round))
    draft = online.draft("2026", CAMDEN_MEMBER, "E09000007")
    for question in framework.question_ids:
        online.answer(draft, question, 2 if question.startswith("data_") else 3)
    at = open_dashboard("views/assess.py", signed_in=CAMDEN_MEMBER)
    at.button(key="submit").click().run()
    assert not at.exception
    assert "You submitted your answers to round 2026" in at.success[0].value
    profile = shown_tables(at)[0].set_index("Dimension")
    assert profile.loc["Data & insight"].tolist() == [2.0, "Emerging"]
    assert profile.loc["Leadership & strategy"].tolist() == [3.0, "Developing"]
    assert "appears on the My borough page once the office publishes round 2026" in at.info[0].value
    at.button(key="reopen").click().run()
    assert not Assessments(SurveyStore(open_round)).draft("2026", CAMDEN_MEMBER, "E09000007").submitted


def test_without_an_open_round_a_member_has_no_self_assessment_page(open_dashboard):
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        open_dashboard("views/assess.py", signed_in=CAMDEN_MEMBER)


def test_the_office_opens_a_round_and_follows_completion(open_dashboard, database_url):
    at = open_dashboard("views/collection.py", signed_in=OFFICE)
    assert at.title[0].value == "Collect answers online"
    at.text_input[0].set_value("2026")
    at.button[0].click().run()  # the form's submit button
    assert not at.exception
    assert at.success[0].value == "Round 2026 is open for answers."
    shown = {m.label: m.value for m in at.metric}
    assert shown == {"Submitted": "0", "In progress": "0", "Not started": "33", "Respondents submitted": "0"}
    assert len(shown_tables(at)[0]) == 33


def test_the_office_closes_a_round_into_a_provisional_version(open_round, open_dashboard, framework):
    online = Assessments(SurveyStore(open_round))
    draft = online.draft("2026", CAMDEN_MEMBER, "E09000007")
    for question in framework.question_ids:
        online.answer(draft, question, 3)
    online.submit(draft)
    at = open_dashboard("views/collection.py", signed_in=OFFICE)
    at.checkbox(key="close_sure").check().run()
    at.button(key="close").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Round 2026 is closed: version 1 stored as provisional (1 boroughs, 1 respondents)")
    assert SurveyStore(open_round).rounds().set_index("round").loc["2026", "status"] == "provisional"


def test_members_may_not_open_the_collection_page(open_round, open_dashboard):
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        open_dashboard("views/collection.py", signed_in=CAMDEN_MEMBER)


def test_the_collection_heading_names_its_dates_and_framework(open_round, open_dashboard):
    at = open_dashboard("views/collection.py", signed_in=OFFICE)
    assert at.header[0].value == ("Round 2026: open, for answers from 01 January 2026 to 31 December 2099, on "
                                     "framework version 1.0")


def test_next_moves_to_the_following_step(open_round, open_dashboard, framework):
    at = open_dashboard("views/assess.py", signed_in=CAMDEN_MEMBER)
    at.button(key="next_step").click().run()
    assert at.header[0].value == framework.dimensions[1].name


def test_dates_are_picked_and_a_round_opened_by_mistake_is_cancelled(open_dashboard, database_url):
    at = open_dashboard("views/collection.py", signed_in=OFFICE)
    at.text_input[0].set_value("2027")
    at.date_input[0].set_value(date(2027, 1, 4))
    at.date_input[1].set_value(date(2027, 2, 26))
    at.button[0].click().run()
    assert at.header[0].value.startswith("Round 2027: open, for answers from 04 January 2027 to 26 February 2027")
    assert at.button(key="cancel").disabled
    at.checkbox(key="cancel_sure").check().run()
    at.button(key="cancel").click().run()
    assert not at.exception
    assert at.success[0].value == "Round 2027 was cancelled: 0 response(s) discarded, nothing stored."
    assert SurveyStore(database_url).audit("2027")["action"].tolist() == ["open", "cancel"]


def test_without_sign_in_the_collection_asks_who_acts_and_never_fills_in_the_computer_s_user(open_dashboard, database_url):
    at = open_dashboard("views/collection.py")  # local mode: nobody signs in
    asked = at.text_input(key="collection_actor")
    assert asked.value == "" and asked.label == "Your name (kept in the audit history)"
    assert at.button[0].disabled  # the form's submit button, until a name is given
    at.text_input(key="collection_actor").input("Ada Lovelace").run()
    next(t for t in at.text_input if t.key != "collection_actor").set_value("2027")
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert at.success[0].value == "Round 2027 is open for answers."
    assert SurveyStore(database_url).audit("2027")[["actor", "action"]].values.tolist() == [["Ada Lovelace", "open"]]
