"""Reading and validating survey files: every problem at once, with spreadsheet row numbers."""

import pytest

from survey.reading import read_survey
from tests.helpers import survey_csv


def _problems(parsed):
    return [(p.row, p.column, p.value, p.kind) for p in parsed.errors]


def test_a_valid_file_gives_responses_and_long_answers(framework):
    data = survey_csv(framework, [{"borough": "Camden", "respondent": "a", "leadership_1": 3, "leadership_2": "embedded"}])
    parsed = read_survey(data, framework, round_label="2025")
    assert parsed.ok
    assert parsed.responses[["ons_code", "respondent", "source_row"]].values.tolist() == [["E09000007", "a", 2]]
    assert parsed.answers[["question_id", "value"]].values.tolist() == [["leadership_1", 3.0], ["leadership_2", 4.0]]
    assert parsed.level_name_answers == 1
    assert parsed.no_answers == 26


def test_every_problem_is_reported_at_once_with_row_and_column(framework):
    data = (
        b"Borough,Respondent,leadership_1,leadershp_2,data_1\n"
        b"Camden,a,3,2,7\n"
        b"Camdn,b,2,2,2\n"
        b"Camden,a,two,2,2\n"
    )
    parsed = read_survey(data, framework, round_label="2025")
    assert _problems(parsed) == [
        (1, "leadershp_2", "leadershp_2", "unknown_column"),
        (2, "data_1", "7", "bad_answer"),
        (3, "borough", "Camdn", "unknown_borough"),
        (4, "respondent", "a", "duplicate_respondent"),
        (4, "leadership_1", "two", "bad_answer"),
    ]
    assert parsed.errors[0].message == "Unknown column 'leadershp_2'. Did you mean 'leadership_2'?"
    assert parsed.errors[3].message.startswith("Duplicate respondent for this borough (also on row 2)")


def test_without_a_respondent_column_several_rows_are_several_respondents(framework):
    data = b"borough,leadership_1\nCamden,3\nCamden,4\n"
    parsed = read_survey(data, framework, round_label="2025")
    assert parsed.ok
    assert list(parsed.responses["respondent"]) == ["(no name) row 2", "(no name) row 3"]


@pytest.mark.parametrize("answer, value", [("3", 3.0), ("3.0", 3.0), (" 5 ", 5.0), ("LEADING", 5.0), ("initial", 1.0)])
def test_readable_answers(framework, answer, value):
    parsed = read_survey(f"borough,leadership_1\nCamden,{answer}\n".encode(), framework, round_label="2025")
    assert parsed.answers["value"].tolist() == [value]


@pytest.mark.parametrize("answer", ["", "Don't know", "N/A", "n/a", "dont know"])
def test_no_answer_spellings_count_as_missing(framework, answer):
    parsed = read_survey(f"borough,leadership_1,leadership_2\nCamden,{answer},3\n".encode(), framework, round_label="2025")
    assert parsed.ok
    assert parsed.answers["question_id"].tolist() == ["leadership_2"]


@pytest.mark.parametrize("answer", ["0", "6", "2.5", "-1", "three", "Expert"])
def test_unreadable_or_out_of_range_answers_are_errors(framework, answer):
    parsed = read_survey(f"borough,leadership_1\nCamden,{answer}\n".encode(), framework, round_label="2025")
    assert _problems(parsed)[0] == (2, "leadership_1", answer, "bad_answer")


def test_a_missing_borough_column_is_reported(framework):
    parsed = read_survey(b"team,leadership_1\nDigital,3\n", framework, round_label="2025")
    assert [p.kind for p in parsed.errors] == ["missing_borough_column"]


def test_boroughs_missing_from_the_round_are_a_warning(framework):
    parsed = read_survey(b"borough,leadership_1\nCamden,3\n", framework, round_label="2025")
    assert parsed.ok
    assert parsed.warnings[0].kind == "missing_boroughs"
    assert parsed.warnings[0].message.startswith("32 borough(s) have no response in this round: City of London, ")


def test_a_response_with_no_answers_is_an_error(framework):
    parsed = read_survey(b"borough,leadership_1,leadership_2\nCamden,,Don't know\n", framework, round_label="2025")
    assert _problems(parsed) == [(2, None, None, "no_answers")]


def test_the_round_comes_from_the_file_when_not_given(framework):
    parsed = read_survey(b"borough,round,leadership_1\nCamden,2024,3\n", framework)
    assert parsed.ok and parsed.round_label == "2024"


def test_a_round_that_disagrees_with_the_file_is_an_error(framework):
    parsed = read_survey(b"borough,round,leadership_1\nCamden,2024,3\n", framework, round_label="2025")
    assert [p.kind for p in parsed.errors] == ["round_mismatch"]


@pytest.mark.parametrize("label, kind", [(None, "missing_round"), ("2025/26 round with far too long a label", "bad_round")])
def test_a_missing_or_malformed_round_label_is_an_error(framework, label, kind):
    parsed = read_survey(b"borough,leadership_1\nCamden,3\n", framework, round_label=label)
    assert [p.kind for p in parsed.errors] == [kind]


def test_header_case_spacing_bom_semicolons_and_trailing_blanks_are_tolerated(framework):
    data = "\ufeffBOROUGH ; Leadership 1;;\r\nLB Camden;4;;\r\n;;;\r\n".encode("utf-8")
    parsed = read_survey(data, framework, round_label="2025")
    assert parsed.ok, parsed.errors
    assert parsed.answers["value"].tolist() == [4.0]


def test_an_empty_file_is_reported(framework):
    assert [p.kind for p in read_survey(b"  \n", framework, round_label="2025").errors] == ["empty_file"]


def test_a_header_only_file_is_reported(framework):
    assert [p.kind for p in read_survey(b"borough,leadership_1\n", framework, round_label="2025").errors] == ["header_only"]


def test_a_repeated_column_is_reported(framework):
    parsed = read_survey(b"borough,leadership_1,Leadership_1\nCamden,3,4\n", framework, round_label="2025")
    assert _problems(parsed) == [(1, "leadership_1", "leadership_1 | Leadership_1", "duplicate_column")]


def test_blank_rows_in_the_middle_keep_spreadsheet_row_numbers(framework):
    parsed = read_survey(b"borough,leadership_1\nCamden,3\n\nCamden,9\n", framework, round_label="2025")
    assert _problems(parsed) == [(4, "leadership_1", "9", "bad_answer")]


def test_questions_laid_out_down_the_rows_get_a_message_saying_so(framework):
    rows = ["question,Camden"] + [f"{q},3" for q in framework.question_ids]
    parsed = read_survey("\n".join(rows).encode(), framework, round_label="2026")
    assert [p.kind for p in parsed.errors] == ["questions_in_rows"]
    assert parsed.errors[0].message.startswith("The questions are laid out down the rows (one question per row).")


def test_a_workbook_with_no_survey_sheet_names_its_sheets(framework):
    import io

    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.title = "Notes"
    workbook.active.append(["Read me first"])
    workbook.create_sheet("Budget").append(["Item", "Cost"])
    out = io.BytesIO()
    workbook.save(out)
    parsed = read_survey(out.getvalue(), framework, round_label="2026")
    assert parsed.errors[-1].message == ("No sheet of this workbook has survey columns; its sheets are: Notes, Budget. "
                                         "Choose the sheet with the responses.")


def test_a_footer_with_text_in_the_borough_column_and_no_answers_is_left_out_with_a_note(framework):
    data = survey_csv(framework, [{"borough": "Camden", "respondent": "a", "leadership_1": 3},
                                  {"borough": "Hackney", "respondent": "b", "leadership_1": 2},
                                  {"borough": "Total respondents: 2"}, {}])
    parsed = read_survey(data, framework, round_label="2026")
    assert parsed.ok, parsed.errors
    assert len(parsed.responses) == 2
    footer = next(w for w in parsed.warnings if w.kind == "footer_row")
    assert (footer.row, footer.column, footer.value) == (4, "borough", "Total respondents: 2")


def test_an_unknown_borough_without_answers_above_a_response_is_still_an_error(framework):
    # Only the foot of the table may hold a footer: a row among the responses is a response to be fixed.
    data = survey_csv(framework, [{"borough": "Total respondents: 2"}, {"borough": "Camden", "leadership_1": 3}])
    kinds = [e.kind for e in read_survey(data, framework, round_label="2026").errors]
    assert kinds == ["unknown_borough", "no_answers"]
