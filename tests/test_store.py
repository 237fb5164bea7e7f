"""Storing rounds, on SQLite and PostgreSQL: whole versions, nothing over-written without asking,
nothing half-saved, every version kept."""

import hashlib
import sqlite3

import pandas as pd
import pytest
import sqlalchemy as sa

from survey.framework import load_framework
from survey.reading import read_survey
from survey.store import ConcurrentSaveError, RoundExistsError, StoreConflict, StoreSchemaError, SurveyStore
from tests.helpers import store_with_answer_rows, survey_csv
from tests.fixtures.hand_worked import hand_worked_rows

FRAMEWORK = load_framework()  # the framework kept with each saved round

ACTOR = "analyst@office.example"


@pytest.fixture
def parsed(framework):
    return read_survey(survey_csv(framework, hand_worked_rows(framework)), framework, round_label="2026")


@pytest.fixture
def store(backend_url) -> SurveyStore:
    store = SurveyStore(backend_url)
    yield store
    store.engine.dispose()


def test_a_saved_round_returns_its_answers(store, parsed):
    saved = store.save_round(parsed, framework=FRAMEWORK, uploader=ACTOR, source_name="x.csv", source_bytes=b"abc", publish=True)
    assert (saved.label, saved.version, saved.status, saved.boroughs, saved.respondents) == ("2026", 1, "published", 3, 4)
    answers = store.answers("2026")
    assert list(answers.columns) == ["ons_code", "respondent", "question_id", "value"]
    assert len(answers) == len(parsed.answers)
    camden_l2 = answers[(answers.ons_code == "E09000007") & (answers.question_id == "leadership_2")]
    assert sorted(camden_l2["value"]) == [3.0, 5.0]


def test_answers_are_listed_by_borough_then_file_row_then_question(store, framework):
    parsed = read_survey(b"borough,respondent,leadership_2,leadership_1\nCamden,Z,4,\nBarnet,Y,2,3\nCamden,A,,5\n",
                         framework, round_label="2026")
    store.save_round(parsed, framework=FRAMEWORK, uploader=ACTOR, publish=True)
    assert store.answers("2026").values.tolist() == [
        ["E09000003", "Y", "leadership_1", 3.0],
        ["E09000003", "Y", "leadership_2", 2.0],
        ["E09000007", "Z", "leadership_2", 4.0],
        ["E09000007", "A", "leadership_1", 5.0],
    ]


def test_a_store_made_with_a_row_per_answer_keeps_its_answers_when_opened(backend_url, parsed):
    """Stores saved before answer sets kept one row per answer; opening one moves them into sets."""
    store_with_answer_rows(backend_url, parsed, FRAMEWORK)
    opened = SurveyStore(backend_url)
    answers = opened.answers("2026")
    assert len(answers) == 4 * 28 - 1 - 2 - 1  # Camden R2 leaves one blank, Hackney two, Barnet one
    camden_l2 = answers[(answers.ons_code == "E09000007") & (answers.question_id == "leadership_2")]
    assert sorted(camden_l2["value"]) == [3.0, 5.0]
    assert "answers" not in sa.inspect(opened.engine).get_table_names()
    opened.engine.dispose()


def test_responses_sharing_a_file_row_are_refused_and_nothing_is_stored(store, parsed):
    parsed.responses["source_row"] = 2
    with pytest.raises(ValueError, match="file row of its own"):
        store.save_round(parsed, framework=FRAMEWORK, uploader=ACTOR, publish=True)
    assert store.is_empty()


def test_rounds_lists_the_current_version_with_counts(store, parsed):
    store.save_round(parsed, framework=FRAMEWORK, uploader=ACTOR, synthetic=True, publish=True)
    table = store.rounds()
    assert table[["round", "version", "status", "boroughs", "respondents", "synthetic"]].values.tolist() == [
        ["2026", 1, "published", 3, 4, True]]


def test_saving_an_existing_round_needs_replace_and_keeps_every_version(store, parsed):
    store.save_round(parsed, framework=FRAMEWORK, uploader=ACTOR, publish=True)
    with pytest.raises(RoundExistsError):
        store.save_round(parsed, framework=FRAMEWORK, uploader=ACTOR, publish=True)
    assert store.save_round(parsed, framework=FRAMEWORK, uploader=ACTOR, replace=True, publish=True).version == 2
    assert store.rounds()["version"].tolist() == [2]
    assert store.history("2026")[["version", "current"]].values.tolist() == [[1, False], [2, True]]


def test_a_replace_based_on_a_stale_view_is_refused(store, parsed):
    store.save_round(parsed, framework=FRAMEWORK, uploader=ACTOR, publish=True)
    store.save_round(parsed, framework=FRAMEWORK, uploader=ACTOR, replace=True, expected_version=1, publish=True)
    with pytest.raises(ConcurrentSaveError, match="changed while you were checking it"):
        store.save_round(parsed, framework=FRAMEWORK, uploader=ACTOR, replace=True, expected_version=1, publish=True)


def test_the_file_is_kept_as_mapped_with_the_original_details(store, framework):
    original = (b"Email,Borough,Respondent,IP address,leadership_1,leadership_2\n"
                b"ada@camden.gov.uk,LB Camden,Ada Lovelace,10.1.2.3,4,3 - Developing\n"
                b"r2@hackney.gov.uk,Hackney,R2,10.9.8.7,Don't know,2\n")
    parsed = read_survey(original, framework, round_label="2026")
    store.save_round(parsed, framework=FRAMEWORK, source_name="round.csv", source_bytes=original, uploader="Ada")
    history = store.history("2026").iloc[0]
    assert (history["source_name"], history["source_size"], history["uploader"]) == ("round.csv", len(original), "Ada")
    assert history["source_sha256"] == hashlib.sha256(original).hexdigest()
    name, kept = store.kept_file("2026", 1)
    ada = store.pseudonyms.stored_as("Ada Lovelace")
    assert (name, kept) == ("round.csv", (f"round,borough,respondent,leadership_1,leadership_2\n"
                                          f"2026,LB Camden,{ada},4,3 - Developing\n"
                                          f"2026,Hackney,R2,Don't know,2\n").encode())
    assert history["kept_sha256"] == hashlib.sha256(kept).hexdigest()
    assert ada.startswith("p-") and len(ada) == 18
    assert store.answers("2026")["respondent"].unique().tolist() == [ada, "R2"]  # by borough: Camden, then Hackney


def test_a_new_round_is_provisional_unless_published_on_saving(store, parsed):
    assert store.save_round(parsed, framework=FRAMEWORK, uploader=ACTOR).status == "provisional"
    assert store.save_round(parsed, framework=FRAMEWORK, uploader=ACTOR, replace=True, publish=True).status == "published"
    assert _audit_rows(store) == [(ACTOR, "save", "2026", None, 1), (ACTOR, "replace", "2026", 1, 2),
                                  (ACTOR, "publish", "2026", 2, 2)]


def test_rollback_makes_an_earlier_version_current(store, parsed, framework):
    store.save_round(parsed, framework=FRAMEWORK, uploader=ACTOR, publish=True)
    smaller = read_survey(b"borough,leadership_1\nCamden,5\n", framework, round_label="2026")
    store.save_round(smaller, framework=FRAMEWORK, uploader=ACTOR, replace=True, publish=True)
    assert len(store.answers("2026")) == 1
    store.rollback("2026", 1, actor=ACTOR)
    assert len(store.answers("2026")) == len(parsed.answers)
    with pytest.raises(StoreConflict, match="no version 9"):
        store.rollback("2026", 9, actor=ACTOR)


def test_provisional_rounds_are_marked_until_published(store, parsed):
    store.save_round(parsed, framework=FRAMEWORK, uploader=ACTOR)
    assert store.rounds()["status"].tolist() == ["provisional"]
    assert store.publish("2026", actor=ACTOR) == 1
    assert store.rounds()["status"].tolist() == ["published"]


def test_delete_hides_a_round_but_keeps_its_history(store, parsed):
    store.save_round(parsed, framework=FRAMEWORK, uploader=ACTOR, publish=True)
    store.delete("2026", actor=ACTOR)
    assert store.rounds().empty
    assert store.answers("2026").empty
    assert len(store.history("2026")) == 1
    assert not store.is_empty()  # the demo rounds are not reloaded after a delete
    store.rollback("2026", 1, actor=ACTOR)
    assert store.rounds()["round"].tolist() == ["2026"]


def test_a_deleted_round_can_be_saved_again_without_replace(store, parsed):
    store.save_round(parsed, framework=FRAMEWORK, uploader=ACTOR, publish=True)
    store.delete("2026", actor=ACTOR)
    assert store.save_round(parsed, framework=FRAMEWORK, uploader=ACTOR, publish=True).version == 2


def test_an_invalid_round_cannot_be_saved(store, framework):
    bad = read_survey(b"borough,leadership_1\nNowhere,3\n", framework, round_label="2026")
    with pytest.raises(ValueError):
        store.save_round(bad, framework=FRAMEWORK, uploader=ACTOR, publish=True)
    assert store.is_empty()


def test_a_failure_inside_the_save_leaves_nothing_behind(store, parsed):
    def fail(stage):
        raise RuntimeError(f"crash after {stage}")

    with pytest.raises(RuntimeError):
        store.save_round(parsed, framework=FRAMEWORK, uploader=ACTOR, on_progress=fail, publish=True)
    assert store.is_empty()
    assert store.history("2026").empty


def test_the_revision_changes_when_data_changes(store, parsed):
    before = store.revision()
    store.save_round(parsed, framework=FRAMEWORK, uploader=ACTOR)
    middle = store.revision()
    store.publish("2026", actor=ACTOR)
    assert len({before, middle, store.revision()}) == 3


def test_the_database_url_environment_variable_chooses_the_store(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'chosen.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", url)
    assert SurveyStore().url == url
    assert (tmp_path / "chosen.sqlite").exists()


def test_a_store_from_before_the_first_release_is_a_clear_error_and_is_left_as_it_was(tmp_path):
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE rounds (label VARCHAR(32) PRIMARY KEY, current_version INTEGER, created_at TIMESTAMP)")
    with pytest.raises(StoreSchemaError, match=r"development version from before the first release \(it has no rounds.deleted\)"):
        SurveyStore(f"sqlite:///{path}")
    with sqlite3.connect(path) as conn:
        assert [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")] == ["rounds"]


def _audit_rows(store) -> list[tuple]:
    table = store.audit()
    return [(r.actor, r.action, r.round, None if r.version_before is pd.NA else r.version_before,
             None if r.version_after is pd.NA else r.version_after) for r in table.itertuples()]


def test_every_write_is_audited_with_its_actor_and_versions(store, parsed):
    store.save_round(parsed, framework=FRAMEWORK, uploader="a@office.example")
    store.save_round(parsed, framework=FRAMEWORK, uploader="b@office.example", replace=True)
    store.rollback("2026", 1, actor="c@office.example")
    store.publish("2026", actor="d@office.example")
    store.delete("2026", actor="e@office.example")
    store.rollback("2026", 2, actor="f@office.example")
    assert _audit_rows(store) == [
        ("a@office.example", "save", "2026", None, 1),
        ("b@office.example", "replace", "2026", 1, 2),
        ("c@office.example", "rollback", "2026", 2, 1),
        ("d@office.example", "publish", "2026", 1, 1),
        ("e@office.example", "delete", "2026", 1, None),
        ("f@office.example", "rollback", "2026", None, 2),  # restored a deleted round
    ]


def test_a_failed_save_leaves_no_audit_row(store, parsed):
    def fail(stage):
        raise RuntimeError(f"crash after {stage}")

    with pytest.raises(RuntimeError):
        store.save_round(parsed, framework=FRAMEWORK, uploader=ACTOR, on_progress=fail, publish=True)
    assert store.audit().empty


def test_a_refused_write_leaves_no_audit_row(store, parsed):
    store.save_round(parsed, framework=FRAMEWORK, uploader=ACTOR)
    with pytest.raises(RoundExistsError):
        store.save_round(parsed, framework=FRAMEWORK, uploader="late@office.example", publish=True)
    with pytest.raises(StoreConflict):
        store.rollback("2026", 9, actor="late@office.example")
    assert store.audit()["actor"].tolist() == [ACTOR]


def test_the_audit_of_one_round_leaves_out_the_others(store, framework):
    for label in ("2025", "2026"):
        round_ = read_survey(survey_csv(framework, hand_worked_rows(framework)), framework, round_label=label)
        store.save_round(round_, framework=FRAMEWORK, uploader=ACTOR)
    assert store.audit("2025")["round"].tolist() == ["2025"]


def test_on_sqlite_a_read_never_waits_behind_an_open_write(database_url, parsed):
    """WAL, and reads that begin deferred: while another connection holds the write lock in an open
    transaction, the dashboard's reads still return (before, every transaction took the lock)."""
    import threading

    store = SurveyStore(database_url)
    store.save_round(parsed, framework=FRAMEWORK, uploader=ACTOR, publish=True)
    with store.reading() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    writer = store.engine.connect()
    writer.begin()  # BEGIN IMMEDIATE: the write lock, held until the end of this test
    writer.exec_driver_sql("UPDATE rounds SET deleted = 0")
    seen = {}
    reader = threading.Thread(target=lambda: seen.update(rounds=SurveyStore(database_url).rounds()["round"].tolist()))
    reader.start()
    reader.join(timeout=20)  # generous: a read blocked by the lock would wait for the writer, i.e. forever here
    blocked = reader.is_alive()
    writer.rollback()
    writer.close()
    reader.join()
    assert not blocked
    assert seen["rounds"] == ["2026"]
