"""Placing the columns of real survey exports on the framework (survey/mapping.py)."""

from __future__ import annotations

import pytest

from survey.mapping import (BOROUGH, IGNORED, RESPONDENT, ROLE, UNPLACED, propose_mapping, question_key,
                            questions_down_the_rows)
from survey.reading import parse_answer


def _text(framework, question_id: str) -> str:
    return next(q.text for q in framework.questions if q.id == question_id)


def test_a_question_is_found_by_its_id_in_any_case_and_spacing(framework):
    mapping = propose_mapping([["Borough", "Leadership 1", "DATA_2"]], framework)
    assert mapping.targets == (BOROUGH, "leadership_1", "data_2")


@pytest.mark.parametrize("decorate", [
    lambda t: t, lambda t: "3. " + t, lambda t: "Q3 " + t, lambda t: "3) " + t, lambda t: t.upper(),
    lambda t: t.rstrip(".") + " [required]", lambda t: "  " + t.replace(" ", "  ") + "  ",
])
def test_a_question_is_found_by_its_text_with_numbering_case_and_brackets_ignored(framework, decorate):
    header = decorate(_text(framework, "data_1"))
    assert propose_mapping([["Borough", header]], framework).targets[1] == "data_1"


def test_a_google_forms_grid_header_is_read_from_its_brackets(framework):
    header = f"Data & insight [{_text(framework, 'data_3')}]"
    mapping = propose_mapping([["Borough", header]], framework)
    assert (mapping.targets[1], mapping.reasons[1]) == ("data_3", "grid: question text in [ ]")


@pytest.mark.parametrize(("header", "target"), [
    ("Which borough do you work for?", BOROUGH), ("Council", BOROUGH), ("Local authority", BOROUGH),
    ("Organisation", BOROUGH), ("Respondent ID", RESPONDENT), ("Name", RESPONDENT), ("Email", RESPONDENT),
    ("What is your role?", ROLE), ("Start time", IGNORED), ("Completion time", IGNORED), ("Timestamp", IGNORED),
    ("Email address", IGNORED), ("IP Address", IGNORED), ("ResponseId", IGNORED), ("Duration (in seconds)", IGNORED),
    ("Recorded Date", IGNORED), ("Favourite colour", UNPLACED),
])
def test_fields_and_export_metadata_are_recognised_by_name(framework, header, target):
    assert propose_mapping([[header, "leadership_1"]], framework).targets[0] == target


def test_of_two_respondent_columns_the_more_specific_is_used(framework):
    mapping = propose_mapping([["Borough", "Email", "Name", "leadership_1"]], framework)
    assert mapping.targets[:3] == (BOROUGH, IGNORED, RESPONDENT)
    assert mapping.reasons[1] == "another respondent column is used (Name)"


def test_a_column_of_borough_names_is_the_borough_column_whatever_its_header(framework):
    rows = [["Where", "leadership_1"], ["Camden", "3"], ["LB Hackney", "2"], ["City of Westminster", "4"]]
    mapping = propose_mapping(rows, framework)
    assert (mapping.targets[0], mapping.reasons[0]) == (BOROUGH, "values are borough names")


def test_title_rows_above_the_header_are_skipped(framework):
    rows = [["Digital maturity self-assessment 2026"], [], ["Borough", "leadership_1"], ["Camden", "3"]]
    assert propose_mapping(rows, framework).header_row == 2


def test_surveymonkey_s_answer_type_row_is_skipped(framework):
    rows = [["Respondent ID", "Which borough do you work for?", "leadership_1"], ["", "Response", "Response"],
            ["1", "Camden", "3"]]
    mapping = propose_mapping(rows, framework)
    assert (mapping.header_row, mapping.skipped_rows) == (0, (1,))


def test_qualtrics_question_text_row_is_the_header_and_its_import_id_row_is_skipped(framework):
    rows = [["StartDate", "Q1", "Q2_1"], ["Start Date", "Which borough do you work for?", _text(framework, "data_1")],
            ['{"ImportId":"startDate"}', '{"ImportId":"QID1"}', '{"ImportId":"QID2_1"}'], ["2026-01-01", "Camden", "3"]]
    mapping = propose_mapping(rows, framework)
    assert (mapping.header_row, mapping.skipped_rows, mapping.targets) == (1, (2,), (IGNORED, BOROUGH, "data_1"))


def test_a_qualtrics_matrix_header_is_matched_on_its_statement(framework):
    header = f"How mature are we? - {_text(framework, 'data_1')}"
    assert propose_mapping([[header]], framework).targets == ("data_1",)
    assert propose_mapping([["How mature are we? - Something else"]], framework).targets == (UNPLACED,)


def test_question_texts_under_framework_ids_are_a_header_row_not_a_response(framework):
    rows = [["borough", "data_1", "data_2"], ["Which borough do you work for?", _text(framework, "data_1"),
                                              f"Q - {_text(framework, 'data_2')}"], ["Camden", "3", "4"]]
    assert propose_mapping(rows, framework).skipped_rows == (1,)
    answers = [["borough", "data_1", "data_2"], ["Camden", "3", "4"]]
    assert propose_mapping(answers, framework).skipped_rows == ()


def test_a_saved_mapping_wins_for_the_columns_it_names(framework):
    mapping = propose_mapping([["Team", "Q7"]], framework, saved={"Team": BOROUGH, "Q7": "cyber_2"})
    assert mapping.targets == (BOROUGH, "cyber_2")
    assert mapping.reasons == ("saved mapping", "saved mapping")


def test_a_person_can_change_a_column_s_target(framework):
    mapping = propose_mapping([["Borough", "Favourite colour"]], framework).with_targets({"Favourite colour": IGNORED})
    assert mapping.targets == (BOROUGH, IGNORED)
    assert mapping.unplaced == []
    assert mapping.as_saved() == {"Borough": BOROUGH, "Favourite colour": IGNORED}


def test_questions_down_the_rows_are_recognised(framework):
    rows = [["Question", "Camden"]] + [[q, "3"] for q in framework.question_ids[:6]]
    assert questions_down_the_rows(rows, framework)
    assert not questions_down_the_rows([["Borough", *framework.question_ids]], framework)


def test_question_key_ignores_numbering_and_punctuation():
    assert question_key("Q12. Our data: governed & owned!") == question_key("our data governed and owned")


@pytest.mark.parametrize(("text", "value", "note"), [
    ("3 - Developing", 3.0, "level_name"), ("3 – Developing", 3.0, "level_name"), ("Level 3", 3.0, "number"),
    ("3 (Developing)", 3.0, "level_name"), ("level 4 - embedded", 4.0, "level_name"), ("2 Emerging", 2.0, "level_name"),
    ("5: Leading", 5.0, "level_name"),
])
def test_numbered_level_answers_read_as_their_number_and_count_as_named_where_they_name_the_level(framework, text, value,
                                                                                                  note):
    # The preview counts answers given with a level name: "3 - Developing" is one, "Level 3" is not (issue 35).
    assert parse_answer(text, framework) == (value, note)


@pytest.mark.parametrize("text", ["3 - Leading", "6 - Leading", "Level 7", "34", "3 x"])
def test_a_number_with_the_wrong_or_no_level_is_an_error(framework, text):
    assert parse_answer(text, framework) == (None, "error")


def test_the_mapping_report_names_the_column_of_each_field_and_question(framework):
    rows = [["Survey 2026"], ["Council", "Name", "Start time", "Notes", "data_1"], ["Response", "", "", "", "Response"],
            ["Camden", "A", "", "", "3"]]
    assert propose_mapping(rows, framework).as_report() == {
        "header_row": 2, "skipped_rows": [3],  # numbered as a spreadsheet numbers rows
        "borough": "Council", "respondent": "Name", "role": None, "round": None,
        "questions": {"data_1": "data_1"}, "ignored": ["Start time"], "unplaced": ["Notes"],
        "columns": [{"column": "Council", "target": "borough", "reason": "column name"},
                    {"column": "Name", "target": "respondent", "reason": "column name"},
                    {"column": "Start time", "target": "ignored", "reason": "export metadata"},
                    {"column": "Notes", "target": "unplaced", "reason": "not recognised"},
                    {"column": "data_1", "target": "data_1", "reason": "question id"}],
    }
