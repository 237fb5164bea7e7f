"""The template and the example file are generated from the framework and pass validation."""

import csv
import io

from survey.reading import read_survey
from survey.template import example_csv, template_csv
from tests.helpers import run_cli


def test_the_template_header_is_the_metadata_then_every_question(framework):
    header = next(csv.reader(io.StringIO(template_csv(framework))))
    assert header == ["borough", "round", "respondent", "role", *framework.question_ids]


def test_the_example_file_is_valid_and_shows_each_kind_of_answer(framework):
    parsed = read_survey(example_csv(framework).encode(), framework)
    assert parsed.ok, parsed.errors
    assert parsed.round_label == "2026"
    assert parsed.level_name_answers == 3 and parsed.no_answers == 3
    assert parsed.borough_codes == ["E09000007", "E09000033"]


def test_the_command_line_prints_the_template(database_url, framework):
    result = run_cli(database_url, "template")
    assert result.returncode == 0 and result.stdout == template_csv(framework)
    assert run_cli(database_url, "template", "--example").stdout == example_csv(framework)
