"""Real survey exports in: each tool's export of the hand-worked round stores the hand-worked
scores through the command line with ``--mapping auto`` (tests/fixtures/exports)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from models.scoring import score_round
from survey.reading import read_survey
from survey.store import SurveyStore
from tests.fixtures.exports.build_exports import FILES, LIBREOFFICE_FILES
from tests.fixtures.hand_worked import EXPECTED, assert_hand_worked
from tests.test_cli import run_cli

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
