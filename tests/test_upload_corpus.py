"""The corpus of malformed and awkward files, through the reader and through the command line."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import yaml

from models.scoring import score_round
from models.uncertainty import RankUncertainty
from reports.tables import scores_export, to_safe_csv
from survey.reading import read_survey
from survey.settings import UploadLimits, load_settings
from survey.store import SurveyStore
from tests.conftest import ROOT
from tests.fixtures.hand_worked import assert_hand_worked
from tests.helpers import run_cli

CORPUS = Path(__file__).with_name("fixtures") / "uploads"
CASES = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))
PROBLEM_FILES = sorted(name for name, case in CASES.items() if "errors" in case)
VALID_FILES = sorted(name for name, case in CASES.items() if case.get("valid"))


def test_the_corpus_is_complete():
    on_disk = {p.name for p in CORPUS.iterdir() if p.suffix not in (".py", ".yaml")}
    assert on_disk == set(CASES)
    assert len(PROBLEM_FILES) >= 25 and len(VALID_FILES) >= 10


def _limits(case: dict) -> UploadLimits:
    """The limits the command line would read with the case's environment."""
    return load_settings(environ=case.get("env", {})).upload_limits


@pytest.mark.parametrize("name", PROBLEM_FILES)
def test_reader_reports_the_exact_problems(framework, name):
    case = CASES[name]
    parsed = read_survey(CORPUS / name, framework, round_label=case["round"], sheet=case.get("sheet"), limits=_limits(case))
    assert [[p.row, p.column, p.value, p.message] for p in parsed.errors] == case["errors"]


@pytest.mark.parametrize("name", VALID_FILES)
def test_reader_reads_awkward_but_valid_files_to_the_hand_worked_numbers(framework, name):
    case = CASES[name]
    parsed = read_survey(CORPUS / name, framework, round_label=case["round"], sheet=case.get("sheet"))
    assert parsed.ok, parsed.errors
    assert_hand_worked(score_round(parsed.answers.merge(parsed.responses, on="response_id"), framework))


@pytest.fixture(scope="module")
def loaded_store(tmp_path_factory) -> tuple[str, Path]:
    """A store holding one real round, to check that bad files leave it untouched."""
    path = tmp_path_factory.mktemp("corpus") / "store.sqlite"
    url = f"sqlite:///{path}"
    assert run_cli(url, "ingest", str(ROOT / "data" / "demo" / "survey_2024.csv")).returncode == 0
    return url, path


def _snapshot(url: str, path: Path, framework) -> tuple[str, str, str]:
    """The store file's bytes, its rounds and the 2024 scores export."""
    store = SurveyStore(url)
    answers = store.answers("2024")
    export = to_safe_csv(scores_export(score_round(answers, framework), RankUncertainty(framework).fit(answers).ranks_))
    return hashlib.sha256(path.read_bytes()).hexdigest(), store.rounds().to_csv(), export


@pytest.mark.parametrize("name", PROBLEM_FILES)
def test_command_line_exits_1_with_the_exact_problems_and_leaves_the_store_unchanged(loaded_store, framework, name, monkeypatch):
    url, path = loaded_store
    case = CASES[name]
    before = _snapshot(url, path, framework)
    args = ["ingest", str(CORPUS / name), "--json"] + (["--round", case["round"]] if case["round"] else [])
    for key, value in case.get("env", {}).items():
        monkeypatch.setenv(key, value)
    result = run_cli(url, *args)
    monkeypatch.undo()
    outcome = json.loads(result.stdout)
    assert result.returncode == 1
    assert [[e["row"], e["column"], e["value"], e["message"]] for e in outcome["errors"]] == case["errors"]
    assert _snapshot(url, path, framework) == before


@pytest.mark.parametrize("name", VALID_FILES)
def test_command_line_stores_awkward_but_valid_files(database_url, framework, name):
    case = CASES[name]
    args = ["ingest", str(CORPUS / name), "--round", case["round"]] + (["--sheet", case["sheet"]] if "sheet" in case else [])
    result = run_cli(database_url, *args)
    assert result.returncode == 0, result.stderr
    assert_hand_worked(score_round(SurveyStore(database_url).answers(case["round"]), framework))
