"""Schema migrations on SQLite and PostgreSQL: a store made by the first release's own code
(tests/fixtures/first_release) upgraded and listed and exported exactly as the release printed it; the
revisions' schema is the models'; newer stores refused; a failing or unsafe migration changes nothing."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil

import numpy as np
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from survey.reading import read_survey
from survey.schema import MIGRATIONS, UNVERSIONED, alembic_config, head, store_revision, upgrade_schema
from survey.store import StoreSchemaError, SurveyStore, metadata, store_engine
from tests.conftest import ROOT
from tests.helpers import FIRST_RELEASE, load_first_release, run_cli, survey_csv
from tests.fixtures.hand_worked import hand_worked_rows

ACTOR = "analyst@office.example"


def row_counts(url: str) -> dict[str, int]:
    engine = store_engine(url)
    with engine.connect() as conn:
        tables = [t for t in sa.inspect(conn).get_table_names() if t != "alembic_version"]
        counts = {t: conn.execute(sa.select(sa.func.count()).select_from(sa.table(t))).scalar() for t in tables}
        if "answer_sets" in tables:  # an answer is a cell of a version's matrix that is not NaN
            counts.pop("answer_sets")
            counts["answers"] = sum(int((~np.isnan(np.frombuffer(matrix, dtype="<f8"))).sum())
                                    for matrix in conn.execute(sa.text("SELECT matrix FROM answer_sets")).scalars())
    engine.dispose()
    return counts


@pytest.fixture
def first_release(backend_url, monkeypatch):
    """An empty database loaded with the first release's store; times read back in UTC, as the release printed them."""
    monkeypatch.setenv("PGTZ", "UTC")
    monkeypatch.chdir(ROOT)
    load_first_release(backend_url)
    return backend_url


def test_a_first_release_store_upgrades_and_prints_everything_as_the_release_did(first_release):
    kept = row_counts(first_release)
    code, out, err = run_cli(None, "--database-url", first_release, "upgrade")
    assert (code, err) == (0, "")
    assert out.startswith("upgraded a store made before migrations to schema ") and out.endswith(": 4 rounds kept\n")
    after = row_counts(first_release)
    assert after.pop("original_files") == 0  # a table the upgrade adds (0003): originals are not kept from before
    assert after.pop("area_set") == 1  # and (0004) the store's area set: London's, the only one there was
    assert after == kept  # every round, version, response, answer, audit row and collection
    printed = json.loads((FIRST_RELEASE / "commands.json").read_text(encoding="utf-8"))
    assert len(printed) == 49  # 4 rounds x (4 tables + 6 pilots' readiness), 6 histories, rounds, audit, responses, mapping
    differing = []
    for name, expected in printed.items():
        argv, as_released = since_the_release(name, expected["argv"])
        outcome = as_released(*run_cli(None, "--database-url", first_release, *argv))
        printed_then = (FIRST_RELEASE / "expected" / f"{name}.txt").read_text(encoding="utf-8")
        printed_then = without_cluster_descriptions(name, printed_then)  # issue 35: worded anew, so not compared
        release = (expected["exit"], printed_then, expected["stderr"])
        if outcome != release:
            differing.append(name)
    assert differing == []


def since_the_release(name: str, argv: list[str]):
    """What has changed on purpose in the command line's output since the release, undone: (today's argv for what
    the release printed with ``argv``, a function taking today's (exit, stdout, stderr) to the release's form).
    Each change names the issue that made it; the numbers themselves are never touched."""
    def same(code, out, err):
        return code, out, err

    if name.startswith("history-"):  # issue 31: the file as mapped is kept, with its own SHA-256
        return argv, lambda code, out, err: (code, re.sub(r"kept as mapped: sha256 [0-9a-f]{12}\t", "", out), err)
    argv, undo = list(argv), same
    if name.startswith("scores-"):  # issue 31: a few_respondents column last; the spread with --respondent-detail
        argv.append("--respondent-detail")
        undo = lambda code, out, err: (code, "".join(line.rsplit(",", 1)[0] + "\n"  # noqa: E731
                                                     for line in out.splitlines()), err)
    if name.startswith(("peers-", "clusters-")):  # issue 35: compared without the descriptions, which are worded anew
        undo = lambda code, out, err: (code, without_cluster_descriptions(name, out), err)  # noqa: E731
    if name.endswith("-2027") and argv[0] == "export":  # issue 31: a provisional round is exported only when asked,
        argv.append("--include-provisional")  # marked on every row and with a warning
        inner = undo

        def undo(code, out, err):
            code, out, err = inner(code, out, err)
            warning = "warning: round 2027 is provisional: what is written is marked 'Provisional — not for circulation'\n"
            return code, "".join(line.split(",", 1)[1] + "\n" for line in out.splitlines()), err.replace(warning, "")
    return argv, undo


def without_cluster_descriptions(name: str, text: str) -> str:
    """A peers or clusters export with its column of cluster descriptions emptied (every number kept); any other
    output as it is. Issue 35 describes a cluster by its profile's shape, no longer against London."""
    described = {"peers": "cluster_description", "clusters": "description"}.get(name.split("-")[0])
    rows = list(csv.reader(io.StringIO(text)))
    if described is None or not rows or described not in rows[0]:
        return text
    column = rows[0].index(described)
    for row in rows[1:]:
        row[column] = ""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def test_with_auto_upgrade_off_an_older_store_is_refused_and_left_as_it_was(first_release, monkeypatch):
    kept = row_counts(first_release)
    with pytest.raises(StoreSchemaError, match=r"made by an earlier version .* 'python -m survey upgrade'"):
        SurveyStore(first_release, upgrade=False)
    monkeypatch.setenv("SURVEY_AUTO_UPGRADE", "0")
    code, _, err = run_cli(None, "--database-url", first_release, "rounds")
    assert code == 2 and "made by an earlier version" in err
    assert row_counts(first_release) == kept
    with store_engine(first_release).connect() as conn:
        assert store_revision(conn) == UNVERSIONED


def test_the_revisions_make_the_tables_the_store_declares(backend_url):
    """A schema change without its migration fails here: every revision run from an empty database, then
    Alembic's comparison with the models (what `alembic check` does)."""
    engine = store_engine(backend_url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []
    engine.dispose()


def test_a_new_store_is_made_at_the_head_revision(backend_url):
    store = SurveyStore(backend_url)
    with store.engine.connect() as conn:
        assert store_revision(conn) == head()
        assert conn.execute(sa.text("SELECT count(*) FROM alembic_version")).scalar() == 1
    store.engine.dispose()


def test_a_store_from_a_newer_version_is_refused_without_its_address_or_version(tmp_path):
    path = tmp_path / "newer.sqlite"
    store = SurveyStore(f"sqlite:///{path}")
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '0099'"))
    with pytest.raises(StoreSchemaError, match="made by a newer version of the dashboard") as refused:
        SurveyStore(f"sqlite:///{path}")
    assert str(tmp_path) not in str(refused.value) and "0099" not in str(refused.value) and "sqlite" not in str(refused.value)


def test_a_store_made_with_answer_sets_before_migrations_is_upgraded_from_that_revision(backend_url):
    """A store of revision 0002's schema with no record of it (as stores were between answer sets and migrations),
    holding a named respondent and the file they came in: upgraded, it keeps the answers, the respondent as a
    pseudonym and the file as mapped (0003)."""
    engine = store_engine(backend_url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0002")
        conn.execute(sa.text("DROP TABLE alembic_version"))
        at = "2026-11-01 09:00:00+00:00"
        conn.execute(sa.text("INSERT INTO rounds VALUES ('2026', 1, :at, :deleted)"), {"at": at, "deleted": False})
        conn.execute(sa.text(
            "INSERT INTO round_versions (id, round_label, version, status, framework_version, synthetic, saved_at, "
            "uploader, source_name, source_size, source_sha256, source_bytes) VALUES (1, '2026', 1, 'published', '1.0', "
            ":no, :at, 'analyst@office.example', 'round.csv', 70, 'abc', :original)"),
            {"no": False, "at": at, "original": b"Email,borough,respondent,leadership_1\nida@camden.gov.uk,Camden,"
                                                b"Ida Lovelace,4\n,Hackney,R2,2\n"})
        conn.execute(sa.text("INSERT INTO responses (id, version_id, ons_code, respondent, role, source_row) VALUES "
                             "(1, 1, 'E09000007', 'Ida Lovelace', '', 2), (2, 1, 'E09000012', 'R2', 'CIO', 3)"))
        conn.execute(sa.text("INSERT INTO answer_sets VALUES (1, :questions, :matrix)"),
                     {"questions": '["leadership_1", "leadership_2"]',
                      "matrix": np.array([[4.0, np.nan], [2.0, 5.0]], dtype="<f8").tobytes()})
    engine.dispose()

    store = SurveyStore(backend_url, upgrade=True)
    ida = store.pseudonyms.stored_as("Ida Lovelace")
    assert store.answers("2026").values.tolist() == [["E09000007", ida, "leadership_1", 4.0],
                                                     ["E09000012", "R2", "leadership_1", 2.0],
                                                     ["E09000012", "R2", "leadership_2", 5.0]]
    assert store.kept_file("2026", 1) == ("round.csv", f"round,borough,respondent,role,leadership_1,leadership_2\n"
                                                       f"2026,E09000007,{ida},,4,\n2026,E09000012,R2,CIO,2,5\n".encode())
    history = store.history("2026").iloc[0]
    assert (history["source_sha256"], history["source_size"]) == ("abc", 70)  # the original's, kept to match it
    with store.reading() as conn:
        assert store_revision(conn) == head()
        assert "source_bytes" not in {c["name"] for c in sa.inspect(conn).get_columns("round_versions")}
    store.engine.dispose()


# --- a revision after today's, to try the machinery ----------------------------------------------------------------

def with_revision(tmp_path, upgrade_body: str):
    """A copy of the migrations with a revision 0099 after today's head, whose ``upgrade`` is ``upgrade_body``."""
    location = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, location, ignore=shutil.ignore_patterns("__pycache__"))
    (location / "versions" / "0099_trial.py").write_text(
        f'import sqlalchemy as sa\nfrom alembic import op\n\nrevision = "0099"\ndown_revision = "{head()}"\n'
        'branch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n' + upgrade_body, encoding="utf-8")
    return location


@pytest.fixture
def saved(backend_url, framework):
    store = SurveyStore(backend_url)
    parsed = read_survey(survey_csv(framework, hand_worked_rows(framework)), framework, round_label="2026")
    store.save_round(parsed, framework=framework, uploader=ACTOR)
    yield store
    store.engine.dispose()


def test_a_migration_that_fails_half_way_leaves_the_store_as_it_was(saved, tmp_path):
    location = with_revision(tmp_path, '    op.add_column("rounds", sa.Column("note", sa.String(20)))\n'
                                       '    op.execute("DELETE FROM audit")\n'
                                       '    raise RuntimeError("half way")\n')
    with pytest.raises(RuntimeError, match="half way"):
        upgrade_schema(saved.engine, location)
    with saved.engine.connect() as conn:
        assert store_revision(conn) == head()
        assert "note" not in {c["name"] for c in sa.inspect(conn).get_columns("rounds")}
    assert len(saved.audit()) == 1


def test_a_table_rebuilt_in_batch_mode_keeps_the_rows_that_point_at_it(saved, tmp_path):
    """SQLite cannot change a column's type in place: batch mode copies round_versions to a new table and drops the
    old one, which with foreign keys on would delete every response and answer set of every version."""
    answers = saved.answers("2026")
    location = with_revision(tmp_path, '    with op.batch_alter_table("round_versions") as batch:\n'
                                       '        batch.alter_column("uploader", existing_type=sa.String(200), '
                                       'type_=sa.String(300), existing_nullable=False)\n')
    assert upgrade_schema(saved.engine, location).after == "0099"
    assert saved.answers("2026").equals(answers)
    assert saved.history("2026")["respondents"].tolist() == [4]


def test_on_sqlite_a_migration_leaving_rows_that_point_at_nothing_is_refused(tmp_path, framework):
    store = SurveyStore(f"sqlite:///{tmp_path / 'store.sqlite'}")
    parsed = read_survey(survey_csv(framework, hand_worked_rows(framework)), framework, round_label="2026")
    store.save_round(parsed, framework=framework, uploader=ACTOR)
    location = with_revision(tmp_path, '    op.execute("DELETE FROM round_versions")\n')
    with pytest.raises(StoreSchemaError, match="rows pointing at rows that are not there"):
        upgrade_schema(store.engine, location)
    assert len(store.answers("2026")) == 108
    assert store.history("2026")["version"].tolist() == [1]
