"""Personal data, on SQLite and PostgreSQL: nothing unasked reaches the store, respondents are
pseudonymous, one person can be erased, deleted rounds are purged, and every round starts provisional."""

from __future__ import annotations

import csv
import functools
import io
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import sqlalchemy as sa

from models.scoring import score_round
from survey.assessment import Assessments
from survey.framework import load_framework
from survey.privacy import Pseudonyms, load_or_create_key
from survey.reading import read_survey
from survey.retention import erase_respondent, purge
from survey.store import PROVISIONAL, PUBLISHED, StoreConflict, SurveyStore
from tests.helpers import run_cli, survey_csv
from tests.fixtures.hand_worked import assert_hand_worked, hand_worked_rows

FRAMEWORK = load_framework()
OFFICE = "director@office.example"
CAMDEN, HACKNEY, BARNET = "E09000007", "E09000012", "E09000003"
# The hand-worked round's four people as a survey tool knows them: what must never be stored.
PEOPLE = {
    "R1": ("Ida Lovelace", "ida.lovelace@camden.gov.uk", "81.2.69.160", "Kentish Town, London"),
    "R2": ("Grace Hopper", "grace.hopper@camden.gov.uk", "81.2.69.161", "Camden Town, London"),
    "H1": ("Katherine Johnson", "k.johnson@hackney.gov.uk", "2a00:23c5:dead:beef::1", "Dalston, London"),
    "B1": ("Mary Somerville", "mary.s@barnet.gov.uk", "51.148.12.7", "Finchley, London"),
}


@pytest.fixture
def store(backend_url) -> SurveyStore:
    store = SurveyStore(backend_url)
    yield store
    store.engine.dispose()


def _question_text(question_id: str) -> str:
    return next(q.text for q in FRAMEWORK.questions if q.id == question_id)


def ms_forms_export() -> bytes:
    """A Microsoft Forms download of the hand-worked round: ID, times, email, name, then the questions by their text."""
    header = ["ID", "Start time", "Completion time", "Email", "Name", "Which borough do you work for?",
              *(_question_text(q) for q in FRAMEWORK.question_ids)]
    book = openpyxl.Workbook()
    book.active.append(header)
    for n, row in enumerate(hand_worked_rows(FRAMEWORK), start=1):
        name, email, _, _ = PEOPLE[row["respondent"]]
        book.active.append([n, "11/3/26 09:00:00", "11/3/26 09:20:00", email, name, row["borough"],
                            *(row.get(q, "") for q in FRAMEWORK.question_ids)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def qualtrics_export() -> bytes:
    """A Qualtrics CSV of the hand-worked round: column ids, question texts and import ids as its three header rows;
    IP address, recipient's name and email and location among the metadata."""
    meta = ["StartDate", "IPAddress", "RecipientLastName", "RecipientFirstName", "RecipientEmail", "LocationLatitude",
            "LocationLongitude"]
    ids = [*meta, "Q1", *(f"Q3_{n}" for n in range(1, len(FRAMEWORK.question_ids) + 1))]
    texts = [*meta, "Which borough do you work for?", *(_question_text(q) for q in FRAMEWORK.question_ids)]
    imports = [f'{{"ImportId":"QID{n}"}}' for n in range(len(ids))]
    body = []
    for row in hand_worked_rows(FRAMEWORK):
        name, email, ip, _ = PEOPLE[row["respondent"]]
        first, last = name.split(" ", 1)
        body.append(["2026-11-03 09:00:00", ip, last, first, email, "51.5390", "-0.1426", row["borough"],
                     *(str(row.get(q, "")) for q in FRAMEWORK.question_ids)])
    out = io.StringIO()
    csv.writer(out).writerows([ids, texts, imports, *body])
    return out.getvalue().encode()


def everything_stored(store: SurveyStore) -> str:
    """Every value of every table, files included, as one text to search (case folded)."""
    parts = []
    with store.reading() as conn:
        for table in sa.inspect(conn).get_table_names():
            for row in conn.exec_driver_sql(f'SELECT * FROM "{table}"'):
                for value in row:
                    parts.append(bytes(value).decode("utf-8", "replace") if isinstance(value, (bytes, memoryview))
                                 else str(value))
    return "\n".join(parts).casefold()


def sqlite_files(store: SurveyStore) -> bytes:
    """The bytes of the SQLite database file and its write-ahead log, as a copy of the disk would hold them."""
    path = Path(store.engine.url.database)
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


@pytest.mark.parametrize("export", [ms_forms_export, qualtrics_export], ids=["ms_forms", "qualtrics"])
def test_an_exports_emails_names_and_ip_addresses_never_reach_the_store(store, export):
    data = export()
    parsed = read_survey(data, FRAMEWORK, round_label="2026")
    assert parsed.ok, parsed.errors
    store.save_round(parsed, framework=FRAMEWORK, source_name="export", source_bytes=data, uploader=OFFICE)
    stored = everything_stored(store)
    on_disk = sqlite_files(store).lower() if store.engine.dialect.name == "sqlite" else b""
    for name, email, ip, place in PEOPLE.values():
        for personal in (name, email, ip, place, *name.split(" ")):  # as whole words: "Mary" is in "summary"
            word = re.escape(personal.casefold())
            assert not re.search(rf"\b{word}\b", stored), personal
            assert not re.search(rf"\b{word}\b".encode(), on_disk), personal
    assert "r1@" not in stored and "importid" not in stored  # nor the export's other header rows
    assert_hand_worked(score_round(store.answers("2026"), FRAMEWORK))  # the scores of the same answers as a template


def test_respondents_are_kept_as_pseudonyms_and_codes_as_given(tmp_path):
    pseudonyms = Pseudonyms(load_or_create_key(tmp_path / "key"))
    ida = pseudonyms.stored_as("Ida.Lovelace@camden.gov.uk")
    assert ida == pseudonyms.stored_as("  ida.lovelace@CAMDEN.gov.uk ")  # one person whatever the case
    assert ida.startswith("p-") and len(ida) == 18 and ida != pseudonyms.stored_as("Grace Hopper")
    assert pseudonyms.stored_as(ida) == ida  # a pseudonym is not hashed again (online answers combined with a file)
    for code in ("R1", "007-2", "12345", "R_1a2B3c4D5e6F7g8", "B", "ID-17"):
        assert pseudonyms.stored_as(code) == code
    for person in ("Jane Smith", "jsmith", "CIO", "jane@x.gov.uk", "J. Smith", "Smith2"):
        assert pseudonyms.stored_as(person).startswith("p-"), person
    other_key = Pseudonyms(load_or_create_key(tmp_path / "other"))
    assert other_key.stored_as("Jane Smith") != pseudonyms.stored_as("Jane Smith")  # nothing to look up without the key


def test_the_key_is_made_once_readable_by_its_owner_only(tmp_path):
    path = tmp_path / "var" / "pseudonym.key"
    key = load_or_create_key(path)
    assert len(key) == 32 and load_or_create_key(path) == key
    assert path.stat().st_mode & 0o777 == 0o600


def _round_of(people: dict[str, tuple[str, float]]) -> bytes:
    """An upload naming each respondent, who answers every question with one value: {name: (borough, value)}."""
    rows = [{"borough": borough, "respondent": name, **{q: value for q in FRAMEWORK.question_ids}}
            for name, (borough, value) in people.items()]
    return survey_csv(FRAMEWORK, rows)


def _save(store: SurveyStore, label: str, data: bytes, **options) -> None:
    parsed = read_survey(data, FRAMEWORK, round_label=label)
    store.save_round(parsed, framework=FRAMEWORK, source_name=f"{label}.csv", source_bytes=data, uploader=OFFICE,
                     **options)


def test_erasing_one_person_removes_their_answers_from_every_version_and_file(store):
    # Camden: Ida answers 5 everywhere, Bo 1; Camden's mean is 3.0 until Ida is erased, then 1.0.
    _save(store, "2025", _round_of({"Ida Lovelace": ("Camden", 5), "Bo Diddley": ("Camden", 1), "H1": ("Hackney", 2)}),
          publish=True)
    _save(store, "2026", _round_of({"ida.lovelace@camden.gov.uk": ("Camden", 4), "Bo Diddley": ("Camden", 2)}),
          keep_original_until=datetime.now(UTC) + timedelta(days=30))
    _save(store, "2026", _round_of({"Ida Lovelace": ("Camden", 5), "Bo Diddley": ("Camden", 3)}), replace=True)
    assert score_round(store.answers("2025"), FRAMEWORK).loc[CAMDEN, "overall"] == 3.0
    store.keep_derived("2025", 1, "scores", "k", "kept scores")
    pseudonym = store.pseudonyms.stored_as("Ida Lovelace")

    erased = erase_respondent(store, "IDA LOVELACE ", actor=OFFICE)

    assert (erased.rounds, erased.versions, erased.responses) == (("2025", "2026"), 2, 2)
    assert score_round(store.answers("2025"), FRAMEWORK).loc[CAMDEN, "overall"] == 1.0
    assert score_round(store.answers("2026"), FRAMEWORK).loc[CAMDEN, "overall"] == 3.0  # Bo alone in version 2
    assert store.derived("2025", 1, "scores", "k") is None  # worked out again from what is left
    stored = everything_stored(store)
    assert pseudonym not in stored
    assert store.kept_file("2025", 1)[1] == (b"round,borough,respondent," + ",".join(FRAMEWORK.question_ids).encode()
                                             + f"\n2025,Camden,{store.pseudonyms.stored_as('Bo Diddley')},".encode()
                                             + b",".join([b"1"] * 28) + b"\n2025,Hackney,H1," + b",".join([b"2"] * 28)
                                             + b"\n")
    # The email used in version 1 of 2026 is another identifier: erasing it is a second request.
    assert len(store.answers("2026")) == 28
    with store.reading() as conn:  # version 1 of 2026 named her by email: its original file stays until that is erased
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM original_files").scalar() == 1
    erase_respondent(store, "ida.lovelace@camden.gov.uk", actor=OFFICE, round_label="2026")
    with store.reading() as conn:
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM original_files").scalar() == 0
    assert "lovelace" not in everything_stored(store)
    audit = store.audit()
    erasures = audit[audit["action"] == "erase"]
    assert erasures[["actor", "round", "detail"]].values.tolist() == [
        [OFFICE, "2025", "one respondent's answers removed from version 1 (on request)"],
        [OFFICE, "2026", "one respondent's answers removed from version 2 (on request)"],
        [OFFICE, "2026", "one respondent's answers removed from version 1 (on request)"],
    ]
    with pytest.raises(StoreConflict, match="No answers under that identifier are stored"):
        erase_respondent(store, "Ida Lovelace", actor=OFFICE)


def test_erasing_reaches_online_answers_and_comments(store):
    online = Assessments(store)
    online.open_round("2026", closes=date(2099, 12, 31), framework=FRAMEWORK, actor=OFFICE, opens=date(2026, 1, 1))
    for email, value in (("ann@camden.gov.uk", 4), ("ben@camden.gov.uk", 2)):
        draft = online.draft("2026", email, CAMDEN)
        for question in FRAMEWORK.question_ids:
            online.answer(draft, question, value, "My own words" if email.startswith("ann") else "")
        online.submit(draft)
    online.close_round("2026", actor=OFFICE)
    assert "ann@camden.gov.uk" not in everything_stored(store)  # closing keeps pseudonyms only
    assert online.draft("2026", "ann@camden.gov.uk", CAMDEN).comments["leadership_1"] == "My own words"

    erased = erase_respondent(store, "ann@camden.gov.uk", actor=OFFICE)

    assert (erased.rounds, erased.responses, erased.online_responses) == (("2026",), 1, 1)
    assert "my own words" not in everything_stored(store)
    assert score_round(store.answers("2026"), FRAMEWORK).loc[CAMDEN, "overall"] == 2.0
    assert store.audit("2026")["detail"].iloc[-1] == ("one respondent's answers removed from version 1; their online "
                                                      "answers and comments removed (on request)")


def test_a_purged_round_leaves_nothing_but_its_audit(store):
    _save(store, "2025", _round_of({"Ida Lovelace": ("Camden", 5), "H1": ("Hackney", 2)}), publish=True)
    _save(store, "2026", _round_of({"Grace Hopper": ("Camden", 3)}), keep_original_until=datetime.now(UTC) + timedelta(days=1))
    _save(store, "2026", _round_of({"Grace Hopper": ("Camden", 4)}), replace=True)
    store.keep_derived("2026", 2, "scores", "k", "kept scores")
    deleted_at = store.delete("2026", actor=OFFICE)
    assert store.deleted_rounds()["round"].tolist() == ["2026"]

    assert not purge(store, actor=OFFICE, retention_days=30, now=deleted_at + timedelta(days=29)).rounds
    assert purge(store, actor=OFFICE, retention_days=30, now=deleted_at + timedelta(days=30)).rounds == ("2026",)

    grace = store.pseudonyms.stored_as("Grace Hopper")
    assert grace not in everything_stored(store)
    with store.reading() as conn:
        for table in ("rounds", "round_versions"):
            assert conn.exec_driver_sql(f"SELECT COUNT(*) FROM {table} WHERE "
                                        f"{'label' if table == 'rounds' else 'round_label'} = '2026'").scalar() == 0
        for table in ("responses", "answer_sets", "derived_results", "original_files", "round_version_frameworks"):
            assert conn.exec_driver_sql(f"SELECT COUNT(*) FROM {table}").scalar() == {
                "responses": 2, "answer_sets": 1, "round_version_frameworks": 1}.get(table, 0), table  # 2025's
    if store.engine.dialect.name == "sqlite":
        assert grace.encode() not in sqlite_files(store)  # overwritten, not left in free pages or the log
    audit = store.audit("2026")
    assert audit["action"].tolist() == ["save", "replace", "delete", "purge", "purge"]
    assert audit["detail"].tolist()[-2:] == [  # the original file kept a day went at the first purge after it expired
        "the file as it arrived removed at the end of its keeping period",
        f"round removed for good (deleted {deleted_at:%Y-%m-%d}; 2 versions)"]
    assert store.rounds()["round"].tolist() == ["2025"]
    _save(store, "2026", _round_of({"Grace Hopper": ("Camden", 4)}))  # the label is free again
    assert store.history("2026")["version"].tolist() == [1]


def test_original_files_are_kept_only_as_long_as_asked(store):
    data = _round_of({"Ida Lovelace": ("Camden", 5)})
    _save(store, "2026", data, keep_original_until=datetime.now(UTC) + timedelta(days=7))
    _save(store, "2025", data)
    with store.reading() as conn:
        assert [bytes(c) for c in conn.exec_driver_sql("SELECT content FROM original_files").scalars()] == [data]
    now = datetime.now(UTC)
    assert purge(store, actor=OFFICE, retention_days=30, now=now + timedelta(days=6)).original_files == 0
    assert purge(store, actor=OFFICE, retention_days=30, now=now + timedelta(days=7, minutes=1)).original_files == 1
    assert "lovelace" not in everything_stored(store)
    assert store.audit("2026")["detail"].iloc[-1] == "the file as it arrived removed at the end of its keeping period"


def test_a_closed_collections_answers_and_comments_are_purged_after_the_retention_period(store):
    online = Assessments(store)
    online.open_round("2026", closes=date(2099, 12, 31), framework=FRAMEWORK, actor=OFFICE, opens=date(2026, 1, 1))
    draft = online.draft("2026", "ann@camden.gov.uk", CAMDEN)
    for question in FRAMEWORK.question_ids:
        online.answer(draft, question, 3, "A comment")
    online.submit(draft)
    online.close_round("2026", actor=OFFICE)
    later = datetime.now(UTC) + timedelta(days=31)
    assert purge(store, actor=OFFICE, retention_days=30, now=later).collections == ("2026",)
    assert "a comment" not in everything_stored(store)
    assert len(store.answers("2026")) == 28  # the stored round stays


# --- the command line ---------------------------------------------------------------------------


@pytest.fixture
def command(database_url):
    """Run ``python -m survey --as OFFICE`` in this process: (exit code, stdout, stderr)."""
    return functools.partial(run_cli, database_url, "--as", OFFICE)


def test_ingest_stores_a_provisional_round_unless_asked_to_publish(command, database_url, tmp_path):
    path = tmp_path / "round.csv"
    path.write_bytes(_round_of({"Ida Lovelace": ("Camden", 5), "H1": ("Hackney", 2)}))
    assert command("ingest", str(path), "--round", "2025")[0] == 0
    assert command("ingest", str(path), "--round", "2026", "--publish")[0] == 0
    store = SurveyStore(database_url)
    assert store.rounds()[["round", "status"]].values.tolist() == [["2025", PROVISIONAL], ["2026", PUBLISHED]]
    assert store.audit("2026")[["actor", "action"]].values.tolist() == [[OFFICE, "save"], [OFFICE, "publish"]]


def test_publish_shows_the_coverage_and_asks_when_it_fell(command, database_url, tmp_path):
    full, partial = tmp_path / "full.csv", tmp_path / "partial.csv"
    full.write_bytes(_round_of({"A1": ("Camden", 3), "A2": ("Camden", 3), "H1": ("Hackney", 2), "B1": ("Barnet", 4)}))
    partial.write_bytes(_round_of({"A1": ("Camden", 4)}))
    command("ingest", str(full), "--round", "2025", "--publish")
    command("ingest", str(partial), "--round", "2026")
    code, out, err = command("publish", "2026")  # no terminal to ask: not published
    assert code == 2
    assert out == ("Round 2026 covers 1 of 33 boroughs (1 respondent); round 2025, the latest published before it, "
                   "covered 3 (4 respondents).\n")
    assert err.startswith("warning: Coverage fell since round 2025: 2 fewer boroughs and 3 fewer respondents. Missing "
                          "this time: Barnet, Hackney.")
    assert err.endswith("not published: run again with --yes to publish\n")
    assert SurveyStore(database_url).rounds()["status"].tolist() == [PUBLISHED, PROVISIONAL]
    code, out, _ = command("publish", "2026", "--yes")
    assert code == 0 and out.endswith("round 2026: version 1 published\n")


def test_erase_purge_and_delete_from_the_command_line(command, database_url, tmp_path):
    path = tmp_path / "round.csv"
    path.write_bytes(_round_of({"Ida Lovelace": ("Camden", 5), "Bo Diddley": ("Camden", 1)}))
    command("ingest", str(path), "--round", "2026")
    code, out, _ = command("erase", "--respondent", "Ida Lovelace")
    assert (code, out) == (0, "erased 1 response(s) from 1 version(s) of round(s) 2026; their scores are worked out "
                              "again\n")
    assert command("erase", "--respondent", "Ida Lovelace")[0] == 2
    code, out, _ = command("delete", "2026")
    due = datetime.now(UTC) + timedelta(days=30)
    assert code == 0 and f"it is purged, from {due:%d %B %Y}" in out
    assert command("purge") == (0, "nothing to purge (deleted rounds are kept 30 days)\n", "")
    assert command("purge", "--now")[0] == 2  # it cannot be undone: --yes
    assert command("purge", "--now", "--yes") == (0, "round 2026: removed for good\n", "")
    assert SurveyStore(database_url).audit("2026")["action"].tolist() == ["save", "erase", "delete", "purge"]


def test_the_setting_keeps_the_file_as_it_arrived_for_troubleshooting(command, database_url, tmp_path, monkeypatch):
    path = tmp_path / "round.csv"
    path.write_bytes(_round_of({"Ida Lovelace": ("Camden", 5)}))
    command("ingest", str(path), "--round", "2025")
    monkeypatch.setenv("SURVEY_KEEP_ORIGINALS_DAYS", "7")
    command("ingest", str(path), "--round", "2026")
    with SurveyStore(database_url).reading() as conn:
        kept = conn.exec_driver_sql("SELECT v.round_label, o.content, o.expires_at FROM original_files o "
                                    "JOIN round_versions v ON v.id = o.version_id").all()
    assert [(label, bytes(content)) for label, content, _ in kept] == [("2026", path.read_bytes())]
    expires = pd.Timestamp(kept[0][2]).tz_localize(None) if pd.Timestamp(kept[0][2]).tzinfo else pd.Timestamp(kept[0][2])
    assert abs(expires - pd.Timestamp(datetime.now(UTC) + timedelta(days=7)).tz_localize(None)) < pd.Timedelta(minutes=5)
