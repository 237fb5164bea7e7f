"""Storing rounds: whole versions, nothing over-written without asking."""

import pytest

from survey.reading import read_survey
from survey.store import RoundExistsError, SurveyStore
from tests.conftest import survey_csv
from tests.fixtures.hand_worked import hand_worked_rows


@pytest.fixture
def parsed(framework):
    return read_survey(survey_csv(framework, hand_worked_rows(framework)), framework, round_label="2026")


def test_a_saved_round_returns_its_answers(store, parsed):
    saved = store.save_round(parsed, framework_version="1.0", source_name="x.csv", source_bytes=b"abc")
    assert (saved.label, saved.version, saved.status, saved.boroughs, saved.respondents) == ("2026", 1, "published", 3, 4)
    answers = store.answers("2026")
    assert list(answers.columns) == ["ons_code", "respondent", "question_id", "value"]
    assert len(answers) == len(parsed.answers)
    camden_l2 = answers[(answers.ons_code == "E09000007") & (answers.question_id == "leadership_2")]
    assert sorted(camden_l2["value"]) == [3.0, 5.0]


def test_rounds_lists_the_current_version_with_counts(store, parsed):
    store.save_round(parsed, framework_version="1.0", synthetic=True)
    table = store.rounds()
    assert table[["round", "version", "boroughs", "respondents", "synthetic"]].values.tolist() == [["2026", 1, 3, 4, True]]


def test_saving_an_existing_round_needs_replace_and_keeps_a_new_version(store, parsed):
    store.save_round(parsed, framework_version="1.0")
    with pytest.raises(RoundExistsError):
        store.save_round(parsed, framework_version="1.0")
    assert store.save_round(parsed, framework_version="1.0", replace=True).version == 2
    assert store.rounds()["version"].tolist() == [2]


def test_an_invalid_round_cannot_be_saved(store, framework):
    bad = read_survey(b"borough,leadership_1\nNowhere,3\n", framework, round_label="2026")
    with pytest.raises(ValueError):
        store.save_round(bad, framework_version="1.0")
    assert store.is_empty()


def test_the_revision_changes_when_data_changes(store, parsed):
    before = store.revision()
    store.save_round(parsed, framework_version="1.0")
    assert store.revision() != before


def test_the_database_url_environment_variable_chooses_the_store(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'chosen.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", url)
    assert SurveyStore().url == url
    assert (tmp_path / "chosen.sqlite").exists()
