"""Rounds collected in the dashboard: drafts, submissions, completion and closing into a stored round."""

from __future__ import annotations

from datetime import date

import pytest

from models.scoring import score_round
from survey.assessment import IN_PROGRESS, NOT_STARTED, SUBMITTED, Assessments
from survey.reading import read_survey
from survey.store import PROVISIONAL, StoreConflict, SurveyStore
from tests.helpers import run_cli, survey_csv

OFFICE = "director@office.example"
CAMDEN, HACKNEY = "E09000007", "E09000012"
ANN, BEN, CARA = "ann@camden.gov.uk", "ben@camden.gov.uk", "cara@hackney.gov.uk"


@pytest.fixture
def assessments(database_url, framework) -> Assessments:
    online = Assessments(SurveyStore(database_url))
    online.open_round("2026", closes=date(2099, 12, 31), framework=framework, actor=OFFICE, opens=date(2026, 1, 1))
    return online


def _answer_all(online: Assessments, draft, framework, value_for) -> None:
    for question in framework.question_ids:
        online.answer(draft, question, value_for(question))


def test_a_draft_keeps_each_answer_as_it_is_given(assessments, framework):
    draft = assessments.draft("2026", ANN, CAMDEN)
    assessments.answer(draft, "leadership_1", 4, "Strategy signed off in March")
    assessments.answer(draft, "leadership_2", None)  # Don't know
    again = assessments.draft("2026", ANN, CAMDEN)  # a new visit, as after a closed tab or a restart
    assert again.id == draft.id
    assert again.answers == {"leadership_1": 4, "leadership_2": None}
    assert again.comments == {"leadership_1": "Strategy signed off in March"}
    assert not again.submitted


def test_completion_counts_submitted_and_in_progress_respondents(assessments, framework):
    for email in (ANN, BEN):
        draft = assessments.draft("2026", email, CAMDEN)
        _answer_all(assessments, draft, framework, lambda q: 3)
        assessments.submit(draft)
    assessments.answer(assessments.draft("2026", CARA, HACKNEY), "leadership_1", 2)
    table = assessments.completion("2026").set_index("ons_code")
    assert len(table) == 33
    assert table.loc[CAMDEN, ["status", "submitted", "in_progress"]].tolist() == [SUBMITTED, 2, 0]
    assert table.loc[HACKNEY, ["status", "submitted", "in_progress"]].tolist() == [IN_PROGRESS, 0, 1]
    assert (table.drop([CAMDEN, HACKNEY])["status"] == NOT_STARTED).all()


def test_a_submitted_response_changes_only_after_it_is_reopened(assessments):
    draft = assessments.draft("2026", ANN, CAMDEN)
    assessments.answer(draft, "leadership_1", 4)
    assessments.submit(draft)
    with pytest.raises(StoreConflict, match="reopen it"):
        assessments.answer(draft, "leadership_1", 5)
    assessments.reopen(draft)
    assessments.answer(draft, "leadership_1", 5)
    assert assessments.draft("2026", ANN, CAMDEN).answers == {"leadership_1": 5}


def test_closing_stores_the_submitted_responses_as_a_provisional_round(assessments, database_url, framework):
    # Ann: 4 on leadership, 3 elsewhere; Ben: 2 everywhere. Items: leadership (4 + 2) / 2 = 3.0, others 2.5.
    # Overall (3.0 + 6 × 2.5) / 7 = 2.5714. Cara (Hackney) stops halfway: her draft is not stored.
    ann = assessments.draft("2026", ANN, CAMDEN)
    _answer_all(assessments, ann, framework, lambda q: 4 if q.startswith("leadership_") else 3)
    assessments.submit(ann)
    ben = assessments.draft("2026", BEN, CAMDEN)
    _answer_all(assessments, ben, framework, lambda q: 2)
    assessments.submit(ben)
    assessments.answer(assessments.draft("2026", CARA, HACKNEY), "leadership_1", 5)
    saved = assessments.close_round("2026", actor=OFFICE)
    assert (saved.status, saved.boroughs, saved.respondents) == (PROVISIONAL, 1, 2)
    scores = score_round(SurveyStore(database_url).answers("2026"), framework)
    assert scores.index.tolist() == [CAMDEN]
    assert scores.loc[CAMDEN, "leadership"] == 3.0 and scores.loc[CAMDEN, "data"] == 2.5
    assert round(scores.loc[CAMDEN, "overall"], 4) == 2.5714
    audit = SurveyStore(database_url).audit("2026")
    assert audit[["action", "actor"]].values.tolist() == [["open", OFFICE], ["save", OFFICE], ["close", OFFICE]]


def test_dont_know_is_stored_as_no_answer(assessments, database_url, framework):
    draft = assessments.draft("2026", ANN, CAMDEN)
    _answer_all(assessments, draft, framework, lambda q: None if q == "leadership_1" else 3)
    assessments.submit(draft)
    assessments.close_round("2026", actor=OFFICE)
    answers = SurveyStore(database_url).answers("2026")
    assert len(answers) == len(framework.question_ids) - 1
    assert "leadership_1" not in set(answers["question_id"])


def test_a_closed_round_takes_no_answers_and_cannot_close_again(assessments, framework):
    draft = assessments.draft("2026", ANN, CAMDEN)
    _answer_all(assessments, draft, framework, lambda q: 3)
    assessments.submit(draft)
    assessments.close_round("2026", actor=OFFICE)
    with pytest.raises(StoreConflict, match="closed"):
        assessments.reopen(draft)
    with pytest.raises(StoreConflict, match="already closed"):
        assessments.close_round("2026", actor=OFFICE)
    assert assessments.open_collections(date(2026, 6, 1)) == []


def test_closing_with_no_submission_stores_nothing(assessments, database_url):
    assessments.answer(assessments.draft("2026", ANN, CAMDEN), "leadership_1", 3)
    with pytest.raises(StoreConflict, match="Nobody has submitted"):
        assessments.close_round("2026", actor=OFFICE)
    assert SurveyStore(database_url).rounds().empty
    assert assessments.collection("2026").is_open


def test_online_answers_join_an_uploaded_round_only_when_asked(assessments, database_url, framework):
    uploaded = read_survey(survey_csv(framework, [{"borough": HACKNEY, "respondent": "h1",
                                                   **{q: 4 for q in framework.question_ids}}]), framework, round_label="2026")
    SurveyStore(database_url).save_round(uploaded, framework=framework, uploader=OFFICE, publish=True)
    draft = assessments.draft("2026", ANN, CAMDEN)
    _answer_all(assessments, draft, framework, lambda q: 2)
    assessments.submit(draft)
    with pytest.raises(StoreConflict, match="combine"):
        assessments.close_round("2026", actor=OFFICE)
    saved = assessments.close_round("2026", actor=OFFICE, combine=True)
    assert (saved.version, saved.boroughs, saved.respondents) == (2, 2, 2)
    scores = score_round(SurveyStore(database_url).answers("2026"), framework)
    assert scores["overall"].to_dict() == {CAMDEN: 2.0, HACKNEY: 4.0}


@pytest.mark.parametrize("arguments, message", [
    ({"label": "bad label!"}, "is not a round label"),
    ({"closes": date(2025, 1, 1)}, "before the opening date"),
])
def test_opening_a_round_checks_its_label_and_dates(database_url, framework, arguments, message):
    online = Assessments(SurveyStore(database_url))
    values = {"label": "2027", "closes": date(2027, 3, 1)} | arguments
    with pytest.raises(StoreConflict, match=message):
        online.open_round(values["label"], closes=values["closes"], framework=framework, actor=OFFICE,
                          opens=date(2026, 1, 1))


def test_an_answer_outside_the_levels_is_refused(assessments):
    with pytest.raises(StoreConflict, match="level from 1 to 5"):
        assessments.answer(assessments.draft("2026", ANN, CAMDEN), "leadership_1", 6)


def test_the_office_runs_a_round_from_the_command_line(database_url, framework):
    assert run_cli(database_url, "--as", OFFICE, "open-round", "2027", "--opens", "2027-01-04", "--closes", "2027-02-26"
                   )[:2] == (0, "round 2027: open for answers from 04 January 2027 to 26 February 2027\n")
    online = Assessments(SurveyStore(database_url))
    draft = online.draft("2027", ANN, CAMDEN)
    _answer_all(online, draft, framework, lambda q: 3)
    online.submit(draft)
    code, out, _ = run_cli(database_url, "responses", "2027")
    lines = out.splitlines()
    assert code == 0 and lines[0] == "ons_code,name,status,submitted,in_progress"
    assert "E09000007,Camden,Submitted,1,0" in lines and len(lines) == 34
    assert run_cli(database_url, "--as", OFFICE, "close-round", "2027")[:2] == (
        0, "round 2027: closed; version 1 stored (provisional): 1 boroughs, 1 respondents\n")
    assert run_cli(database_url, "close-round", "2027")[::2] == (2, "error: Round '2027' is already closed.\n")
    usage = run_cli(database_url, "open-round", "2028", "--closes", "28/02/2028")
    assert usage.returncode == 2
    assert "'28/02/2028' is not a date written YYYY-MM-DD" in usage.stderr


def test_a_round_opened_by_mistake_is_cancelled_with_its_answers_discarded(assessments, database_url, framework):
    draft = assessments.draft("2026", ANN, CAMDEN)
    assessments.answer(draft, "leadership_1", 4, "A comment of mine")
    assert assessments.cancel_round("2026", actor=OFFICE) == 1
    store = SurveyStore(database_url)
    assert assessments.collections() == [] and store.rounds().empty
    with store.reading() as conn:
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM assessment_answers").scalar() == 0
    assert store.audit("2026")[["action", "detail"]].values.tolist()[-1] == [
        "cancel", "collection cancelled; 1 response(s) discarded unstored"]
    assessments.open_round("2026", closes=date(2099, 12, 31), framework=framework, actor=OFFICE)  # the label is free
    with pytest.raises(StoreConflict, match="No round '2027' has been opened"):
        assessments.cancel_round("2027", actor=OFFICE)
