"""Real survey exports in: each tool's export of the hand-worked round stores the hand-worked
scores through the command line with ``--mapping auto`` (tests/fixtures/exports)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np
import pytest

from models.scoring import score_round
from survey.reading import read_survey
from survey.store import SurveyStore
from tests.helpers import run_cli, survey_csv
from tests.fixtures.exports.build_exports import BOROUGHS, FILES, LIBREOFFICE_FILES, MATRIX_QUESTION, _text
from tests.fixtures.hand_worked import EXPECTED, assert_hand_worked, hand_worked_rows

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
ALL = sorted([*FILES, *LIBREOFFICE_FILES])


def test_every_export_shape_is_in_the_fixtures():
    assert sorted(p.name for p in EXPORTS.iterdir() if p.suffix in (".csv", ".xlsx", ".ods")) == ALL


@pytest.mark.parametrize("name", ALL)
def test_an_export_is_read_into_the_hand_worked_scores(framework, name):
    parsed = read_survey(EXPORTS / name, framework, round_label="2026")
    assert parsed.ok, parsed.errors
    answers = parsed.answers.merge(parsed.responses, on="response_id")
    assert_hand_worked(score_round(answers, framework))


@pytest.mark.parametrize("name", ALL)
def test_the_command_line_stores_an_export_with_the_hand_worked_scores(database_url, name):
    ingest = run_cli(database_url, "ingest", str(EXPORTS / name), "--round", "2026", "--mapping", "auto", "--json",
                     "--publish")
    assert ingest.returncode == 0, ingest.stdout + ingest.stderr
    assert json.loads(ingest.stdout)["respondents"] == 4
    export = run_cli(database_url, "export", "scores", "--round", "2026")
    rows = {row["ons_code"]: row for row in csv.DictReader(io.StringIO(export.stdout))}
    assert rows["E09000007"]["overall"] and float(rows["E09000007"]["overall"]) == pytest.approx(18.25 / 7, abs=1e-12)
    assert float(rows["E09000003"]["overall"]) == pytest.approx(27 / 7, abs=1e-12)
    assert rows["E09000012"]["overall"] == "" and rows["E09000012"]["level"] == "Not assessed"
    assert set(EXPECTED) == set(rows)


@pytest.fixture(scope="module")
def template_scores(framework):
    """The hand-worked answers in the upload template, scored: what every export of them must give."""
    rows = [{**row, "borough": BOROUGHS[row["borough"]]} for row in hand_worked_rows(framework)]
    parsed = read_survey(survey_csv(framework, rows), framework, round_label="2026")
    assert parsed.ok, parsed.errors
    return score_round(parsed.answers.merge(parsed.responses, on="response_id"), framework)


@pytest.mark.parametrize("name", ALL)
def test_an_export_gives_the_scores_of_the_same_answers_in_the_upload_template(framework, template_scores, name):
    parsed = read_survey(EXPORTS / name, framework, round_label="2026")
    assert parsed.ok, parsed.errors
    scores = score_round(parsed.answers.merge(parsed.responses, on="response_id"), framework)
    numbers = template_scores.select_dtypes("number").columns
    assert scores.index.tolist() == template_scores.index.tolist()
    assert np.allclose(scores[numbers].to_numpy(float), template_scores[numbers].to_numpy(float), rtol=0, atol=1e-9,
                       equal_nan=True)
    assert scores["level"].tolist() == template_scores["level"].tolist()
    assert scores["missing_dimensions"].tolist() == template_scores["missing_dimensions"].tolist()


def test_a_qualtrics_matrix_is_matched_on_the_statement_after_the_question(framework):
    mapping = read_survey(EXPORTS / "qualtrics_matrix.csv", framework, round_label="2026").mapping
    assert (mapping.header_row, mapping.skipped_rows) == (1, (2,))  # the Q3_1 row above, the ImportId row under
    placed = dict(zip(mapping.targets, mapping.reasons))
    assert all(placed[q] == "matrix: question text after ' - '" for q in framework.question_ids)
    assert mapping.targets[3:5] == ("borough", "role")


def test_qualtrics_header_rows_under_tags_renamed_to_the_framework_s_ids_are_skipped(framework):
    parsed = read_survey(EXPORTS / "qualtrics_framework_tags.csv", framework, round_label="2026")
    assert (parsed.mapping.header_row, parsed.mapping.skipped_rows) == (0, (1, 2))  # question texts, then import ids
    assert parsed.responses["source_row"].tolist() == [4, 5, 6, 7]


def test_a_hand_filled_workbook_s_footer_is_left_out_with_a_note(framework):
    parsed = read_survey(EXPORTS / "hand_filled_footer.xlsx", framework, round_label="2026")
    footer = next(w for w in parsed.warnings if w.kind == "footer_row")
    assert (footer.row, footer.value) == (7, "Total respondents: 4")  # header, 4 responses, a blank row, the footer
    assert footer.message == "This row looks like a totals or summary row, not a response, and was left out."


def test_ingest_json_reports_the_column_mapping_it_used(database_url, framework):
    ingest = run_cli(database_url, "ingest", str(EXPORTS / "qualtrics_matrix.csv"), "--round", "2026", "--dry-run",
                     "--json")
    assert ingest.returncode == 0, ingest.stdout + ingest.stderr
    mapping = json.loads(ingest.stdout)["mapping"]
    assert (mapping["header_row"], mapping["skipped_rows"]) == (2, [3])
    assert (mapping["borough"], mapping["respondent"], mapping["role"], mapping["round"]) == (
        "Which borough do you work for?", None, "What is your role?", None)
    assert mapping["questions"]["data_1"] == f"{MATRIX_QUESTION} - {_text(framework, 'data_1')}"
    assert list(mapping["questions"]) == list(framework.question_ids)
    assert (mapping["ignored"], mapping["unplaced"]) == (["Start Date", "End Date", "Response ID"], [])
    assert mapping["columns"][0] == {"column": "Start Date", "target": "ignored", "reason": "export metadata"}


def test_metadata_columns_are_listed_as_ignored_not_as_errors(framework):
    mapping = read_survey(EXPORTS / "qualtrics.csv", framework, round_label="2026").mapping
    ignored = [c for c, t in zip(mapping.columns, mapping.targets) if t == "ignored"]
    assert ignored == ["Start Date", "End Date", "Response Type", "Progress", "Duration (in seconds)", "Finished",
                       "Recorded Date", "Response ID"]


def test_the_hand_filled_workbook_skips_its_notes_sheet_and_totals_row(framework):
    parsed = read_survey(EXPORTS / "hand_filled.xlsx", framework, round_label="2026")
    assert parsed.sheet == "Responses"
    assert [w.kind for w in parsed.warnings][0] == "sheet_chosen"
    footer = next(w for w in parsed.warnings if w.kind == "footer_row")
    assert (footer.row, footer.value) == (9, "Total")  # title, subtitle, blank, header, 4 responses, then the totals


def test_a_mapping_saved_from_one_round_reads_the_next(database_url, framework):
    first = run_cli(database_url, "ingest", str(EXPORTS / "surveymonkey.csv"), "--round", "2025",
                    "--save-mapping", "SurveyMonkey form")
    assert first.returncode == 0, first.stderr
    saved = SurveyStore(database_url).mapping("SurveyMonkey form")
    assert saved["Which borough do you work for?"] == "borough"
    second = run_cli(database_url, "ingest", str(EXPORTS / "surveymonkey.csv"), "--round", "2026",
                     "--mapping", "SurveyMonkey form")
    assert second.returncode == 0, second.stderr


def test_an_unknown_saved_mapping_is_a_usage_error(database_url):
    result = run_cli(database_url, "ingest", str(EXPORTS / "qualtrics.csv"), "--round", "2026", "--mapping", "Nope")
    assert result.returncode == 2
    assert "No column mapping is saved as 'Nope' (saved: none yet)." in result.stderr
