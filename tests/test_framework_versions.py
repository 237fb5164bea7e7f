"""A round is scored with the framework it was saved under, not with whatever the framework file says today."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from models.results import StoredResults
from survey.framework import load_framework
from survey.reading import read_survey
from survey.settings import load_settings
from survey.store import SurveyStore
from tests.conftest import ROOT
from tests.helpers import metrics, survey_csv

CAMDEN, HACKNEY, ISLINGTON = "E09000007", "E09000012", "E09000019"


@pytest.fixture
def reweighted(tmp_path):
    """Today's framework file: version 2.0, with leadership weighing 8 instead of 1."""
    text = (ROOT / "survey" / "framework.yaml").read_text(encoding="utf-8")
    before, after = text.split("  - id: leadership\n", 1)
    after = after.replace("    weight: 1\n", "    weight: 8\n", 1)
    text = before + "  - id: leadership\n" + after
    text = text.replace(f'version: "{load_framework().version}"', 'version: "2.0"', 1)
    path = tmp_path / "framework.yaml"
    path.write_text(text, encoding="utf-8")
    framework = load_framework(path)
    assert framework.version == "2.0" and framework.dimension("leadership").weight == 8.0
    return path, framework


@pytest.fixture
def saved_under_today(framework, database_url):
    """Camden answers 5 on leadership and 1 elsewhere, saved under the bundled framework (equal weights):
    overall (5 + 6 × 1) / 7 = 1.57. Under the reweighted file it would be (8 × 5 + 6) / 14 = 3.29."""
    rows = [{"borough": CAMDEN, "respondent": "r1",
             **{q: 5 if q.startswith("leadership_") else 1 for q in framework.question_ids}},
            {"borough": HACKNEY, "respondent": "r1", **{q: 2 for q in framework.question_ids}},
            {"borough": ISLINGTON, "respondent": "r1", **{q: 3 for q in framework.question_ids}}]
    parsed = read_survey(survey_csv(framework, rows), framework, round_label="2026")
    SurveyStore(database_url).save_round(parsed, framework=framework, uploader="office@example", publish=True)
    return database_url


def test_the_store_keeps_the_framework_text_each_round_was_saved_under(framework, saved_under_today):
    store = SurveyStore(saved_under_today)
    sha = store.rounds().set_index("round").loc["2026", "framework_sha256"]
    assert sha == framework.sha256
    assert store.framework(sha).dimension("leadership").weight == 1.0


def test_stored_rounds_are_scored_with_their_own_framework_after_the_file_changes(saved_under_today, reweighted):
    _, today = reweighted
    rounds = StoredResults(SurveyStore(saved_under_today), today, load_settings()).at().scored_rounds(with_provisional=False)
    assert round(rounds["2026"].scores.loc[CAMDEN, "overall"], 4) == 1.5714


def test_the_dashboard_scores_a_round_with_its_own_framework(saved_under_today, reweighted, monkeypatch):
    path, _ = reweighted
    monkeypatch.setenv("DATABASE_URL", saved_under_today)
    monkeypatch.setenv("SURVEY_FRAMEWORK_FILE", str(path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["borough"] = CAMDEN
    at.run()
    at.switch_page("views/borough.py").run()
    assert not at.exception
    assert metrics(at)["Overall index"] == "1.57"
