"""Every page on rounds a real collection can produce: one or two boroughs, a dimension nobody could
score (alone, or after a full round), and 5,000 responses for one borough. No page may fail; each says
what it cannot show and why."""

from __future__ import annotations

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from survey.areas import load_boroughs
from survey.reading import read_survey
from survey.store import SurveyStore
from tests.conftest import ROOT
from tests.helpers import run_cli, survey_csv

CAMDEN, HACKNEY, ISLINGTON, LAMBETH, SOUTHWARK = "E09000007", "E09000012", "E09000019", "E09000022", "E09000028"
PAGES = ["views/overview.py", "views/borough.py", "views/peers.py", "views/clusters.py", "views/gaps.py",
         "views/readiness.py", "views/trends.py", "views/explore.py", "views/briefing.py", "views/method.py", "views/upload.py"]


def _rows(framework, answers: dict[str, list[float]], skip: tuple[str, ...] = ()) -> list[dict[str, object]]:
    rows = []
    for code, values in answers.items():
        for r, value in enumerate(values, start=1):
            rows.append({"borough": code, "respondent": f"r{r}",
                         **{q: value for q in framework.question_ids if not q.startswith(skip)}})
    return rows


def _big(framework) -> list[dict[str, object]]:
    rng = np.random.default_rng(5)
    return [{"borough": CAMDEN, "respondent": f"r{i}", **{q: int(v) for q, v in zip(framework.question_ids, row)}}
            for i, row in enumerate(rng.integers(1, 6, size=(5000, len(framework.question_ids))))]


# What every page must say about each round (the Upload page manages rounds and shows no figures).
MISSING = {
    "one borough": "Only 1 borough in round 2026 has an overall index",
    "two boroughs": "Only 2 boroughs in round 2026 have an overall index",
    "cyber unscored everywhere": "Cyber security & resilience could not be scored for any borough in round 2026",
    "full round, then cyber unscored everywhere": "Cyber security & resilience could not be scored for any borough "
                                                  "in round 2026",
    "5,000 responses for one borough": "Only 1 borough in round 2026 has an overall index",
}
CYBER_UNSCORED = {CAMDEN: [3], HACKNEY: [2], ISLINGTON: [4], LAMBETH: [1], SOUTHWARK: [5]}
ROUNDS = {
    "one borough": lambda fw: _rows(fw, {CAMDEN: [3]}),
    "two boroughs": lambda fw: _rows(fw, {CAMDEN: [3], HACKNEY: [2]}),
    "cyber unscored everywhere": lambda fw: _rows(fw, CYBER_UNSCORED, skip=("cyber_",)),
    "full round, then cyber unscored everywhere": lambda fw: _rows(fw, CYBER_UNSCORED, skip=("cyber_",)),
    "5,000 responses for one borough": _big,
}
# Stores holding a round 2025 before the awkward round 2026: every borough answering every question.
EARLIER = {"full round, then cyber unscored everywhere": lambda fw: _rows(
    fw, {b.ons_code: [1 + i % 5] for i, b in enumerate(load_boroughs())})}


@pytest.fixture(params=list(ROUNDS), scope="module")
def awkward_store(request, framework, tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('awkward') / 'store.sqlite'}"
    store = SurveyStore(url)
    rounds = {"2025": EARLIER[request.param]} if request.param in EARLIER else {}
    for label, rows in (rounds | {"2026": ROUNDS[request.param]}).items():
        parsed = read_survey(survey_csv(framework, rows(framework)), framework, round_label=label)
        assert not parsed.errors, parsed.errors[:3]
        store.save_round(parsed, framework=framework, uploader="test", publish=True)
    return request.param, url


def _open(url: str, page: str, monkeypatch) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["borough"] = CAMDEN
    at.run()
    return at.switch_page(page).run()


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_on_an_awkward_round(awkward_store, monkeypatch, page):
    kind, url = awkward_store
    at = _open(url, page, monkeypatch)
    assert not at.exception, (kind, page, at.exception)
    if page != "views/upload.py":
        assert any(MISSING[kind] in message.value for message in at.info), (kind, page)


@pytest.mark.parametrize("table, extra", [("scores", []), ("peers", []), ("gaps", []),
                                          ("readiness", ["--pilot", "damp_sensors"])])
def test_every_table_export_works_on_a_one_borough_round(framework, database_url, table, extra):
    parsed = read_survey(survey_csv(framework, _rows(framework, {CAMDEN: [3]})), framework, round_label="2026")
    SurveyStore(database_url).save_round(parsed, framework=framework, uploader="test", publish=True)
    exported = run_cli(database_url, "export", table, "--round", "2026", *extra)
    assert exported.returncode == 0
    assert "E09000007" in exported.stdout


def test_the_clusters_export_says_why_a_one_borough_round_has_none(framework, database_url):
    parsed = read_survey(survey_csv(framework, _rows(framework, {CAMDEN: [3]})), framework, round_label="2026")
    SurveyStore(database_url).save_round(parsed, framework=framework, uploader="test", publish=True)
    assert run_cli(database_url, "export", "clusters", "--round", "2026")[::2] == (
        2, "error: Clusters need at least 3 boroughs with every dimension scored; round 2026 has 1.\n")


@pytest.mark.parametrize("document", ["report", "pack"])
def test_the_documents_are_made_for_a_one_borough_round(framework, database_url, tmp_path, document):
    parsed = read_survey(survey_csv(framework, _rows(framework, {CAMDEN: [3]})), framework, round_label="2026")
    SurveyStore(database_url).save_round(parsed, framework=framework, uploader="test", publish=True)
    out = tmp_path / f"document.{'pdf' if document == 'report' else 'pptx'}"
    assert run_cli(database_url, "export", document, "--round", "2026", "--borough", "Camden", "--out", str(out)).returncode == 0
    assert out.stat().st_size > 10_000
