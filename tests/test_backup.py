"""Backups taken while a save is in progress, and putting them back: on SQLite `python -m survey backup`
and `restore` (SQLite's online backup), on PostgreSQL pg_dump and pg_restore as the README says.
A backup holds whole commits only, so it restores to the store as it was before the save, never a mix."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest
import sqlalchemy as sa

from cli.main import main
from survey.backup import BackupError, backup, restore
from survey.reading import read_survey
from survey.store import SurveyStore
from tests.conftest import ROOT, postgres_database
from tests.helpers import load_first_release, run_cli, survey_csv
from tests.fixtures.hand_worked import hand_worked_rows

ACTOR = "analyst@office.example"


def printed(url: str) -> dict[tuple[str, ...], tuple[int, str]]:
    """What the command line prints of the store: its rounds, round 2026's history and its exports."""
    shown = {}
    for argv in [("rounds",), ("history", "2026"), ("export", "scores", "--round", "2026"),
                 ("export", "gaps", "--round", "2026"), ("export", "readiness", "--pilot", "housing_repairs", "--round", "2026")]:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main(["--database-url", url, *argv])
        shown[argv] = (code, out.getvalue())
    return shown


def cli(url: str, *argv: str) -> subprocess.CompletedProcess:
    """The command line in a process of its own, as staff run it beside the dashboard."""
    return subprocess.run([sys.executable, "-m", "survey", "--database-url", url, *argv], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def rounds(framework):
    """Round 2026 as first saved, and as saved again with Camden's first respondent now answering leadership_1 with 1."""
    first = read_survey(survey_csv(framework, hand_worked_rows(framework)), framework, round_label="2026")
    rows = hand_worked_rows(framework)
    rows[0]["leadership_1"] = 1
    return first, read_survey(survey_csv(framework, rows), framework, round_label="2026")


def save_with_a_backup_half_way(url: str, framework, rounds, take_backup) -> tuple[dict, dict]:
    """Save the first round, then replace it, calling ``take_backup`` inside the replacing save's transaction
    (after its answers are written); what the store printed before and after the save."""
    first, second = rounds
    store = SurveyStore(url)
    store.save_round(first, framework=framework, uploader=ACTOR)
    before = printed(url)
    store.save_round(second, framework=framework, uploader=ACTOR, replace=True, on_progress=lambda stage: take_backup())
    after = printed(url)
    store.engine.dispose()
    assert after != before and after[("rounds",)] == (0, before[("rounds",)][1].replace("version 1", "version 2"))
    return before, after


def test_a_backup_taken_during_a_save_restores_to_the_store_before_it(tmp_path, framework, rounds):
    url, copy = f"sqlite:///{tmp_path / 'store.sqlite'}", tmp_path / "during-the-save.sqlite"
    taken = []
    before, after = save_with_a_backup_half_way(url, framework, rounds, lambda: taken.append(cli(url, "backup", str(copy))))
    assert taken[0].returncode == 0, taken[0].stderr  # the backup did not wait for the save to end
    assert taken[0].stdout.startswith(f"wrote a backup of the store to {copy} (")
    put_back = cli(url, "--as", ACTOR, "restore", str(copy))
    assert put_back.returncode == 0, put_back.stderr
    assert put_back.stdout.startswith(f"restored the store from {copy}: 1 rounds.")
    assert printed(url) == before  # not after, and not a mix: the save had not committed
    assert SurveyStore(url).audit()[["actor", "action", "round"]].values.tolist()[-1] == [ACTOR, "restore", ""]


def test_a_pg_dump_taken_during_a_save_restores_to_the_store_before_it(tmp_path, framework, rounds):
    for tool in ("pg_dump", "pg_restore"):
        if shutil.which(tool) is None:  # required where PostgreSQL is (CI installs the server with its client tools)
            missing = f"{tool} not found (Debian's postgresql-client)"
            pytest.fail(missing) if os.environ.get("REQUIRE_POSTGRES") == "1" else pytest.skip(missing)
    dump = tmp_path / "during-the-save.dump"
    with postgres_database() as url, postgres_database() as restored_url:
        def libpq(sqlalchemy_url: str) -> str:
            return sa.engine.make_url(sqlalchemy_url).set(drivername="postgresql").render_as_string(hide_password=False)

        before, after = save_with_a_backup_half_way(url, framework, rounds, lambda: subprocess.run(
            ["pg_dump", "--format=custom", "--file", str(dump), libpq(url)], check=True, timeout=60))
        subprocess.run(["pg_restore", "--no-owner", "--dbname", libpq(restored_url), str(dump)], check=True, timeout=60)
        assert cli(restored_url, "upgrade").stdout.startswith("the store is up to date")
        assert printed(restored_url) == before


def test_a_backup_is_one_file_that_opens_as_a_store(tmp_path, framework, rounds):
    url, copy = f"sqlite:///{tmp_path / 'store.sqlite'}", tmp_path / "copy.sqlite"
    SurveyStore(url).save_round(rounds[0], framework=framework, uploader=ACTOR)
    backup(url, copy)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("copy")) == ["copy.sqlite"]
    with contextlib.closing(sqlite3.connect(copy)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert printed(f"sqlite:///{copy}") == printed(url)


def test_a_backup_never_overwrites_a_file(tmp_path):
    url, existing = f"sqlite:///{tmp_path / 'store.sqlite'}", tmp_path / "kept.sqlite"
    SurveyStore(url).engine.dispose()
    existing.write_bytes(b"an earlier backup")
    result = cli(url, "backup", str(existing))
    assert (result.returncode, result.stderr) == (2, f"error: {existing} exists already: give the backup a new file name.\n")
    assert existing.read_bytes() == b"an earlier backup"


def test_on_postgresql_backup_and_restore_point_to_its_own_tools(capsys):
    for command in ("backup", "restore"):
        assert main(["--database-url", "postgresql+psycopg://office@db.example/benchmark", command, "file"]) == 2
        assert "back it up with pg_dump and restore it with pg_restore" in capsys.readouterr().err


def _not_a_store(path):
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE other (x)")


@pytest.mark.parametrize(("make", "told"), [
    (lambda path: path.write_bytes(b"borough,respondent\nCamden,A\n"), "is not a backup made by 'python -m survey backup'"),
    (_not_a_store, "is an SQLite database but not a store of survey rounds"),
], ids=["a CSV file", "another SQLite database"])
def test_restore_refuses_a_file_that_is_not_a_store_and_changes_nothing(tmp_path, framework, rounds, make, told):
    url, wrong = f"sqlite:///{tmp_path / 'store.sqlite'}", tmp_path / "wrong"
    SurveyStore(url).save_round(rounds[0], framework=framework, uploader=ACTOR)
    before = printed(url)
    make(wrong)
    result = cli(url, "restore", str(wrong))
    assert result.returncode == 1 and told in result.stderr
    assert printed(url) == before
    assert not [p for p in tmp_path.iterdir() if "restoring" in p.name]


def test_restore_refuses_a_backup_from_a_newer_version_and_changes_nothing(tmp_path, framework, rounds):
    url, newer = f"sqlite:///{tmp_path / 'store.sqlite'}", tmp_path / "newer.sqlite"
    SurveyStore(url).save_round(rounds[0], framework=framework, uploader=ACTOR)
    before = printed(url)
    backup(url, newer)
    with contextlib.closing(sqlite3.connect(newer)) as conn, conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    with pytest.raises(BackupError, match=r"newer.sqlite cannot be restored. This store was made by a newer version"):
        restore(newer, url, actor=ACTOR)
    assert printed(url) == before


def test_a_first_release_backup_is_upgraded_as_it_is_restored(tmp_path, framework, rounds):
    release = tmp_path / "first-release.sqlite"
    load_first_release(f"sqlite:///{release}")
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    SurveyStore(url).save_round(rounds[0], framework=framework, uploader=ACTOR)
    assert restore(release, url, actor=ACTOR).rounds == 4
    assert SurveyStore(url, upgrade=False).rounds()["round"].tolist() == ["2024", "2025", "2026", "2027"]
    with contextlib.closing(sqlite3.connect(release)) as conn:  # the backup itself is left as it was
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name IN ('answers', 'alembic_version')").fetchone() == (1,)


def test_a_backup_into_a_folder_that_does_not_exist_is_refused_with_its_name(tmp_path):
    url, missing = f"sqlite:///{tmp_path / 'store.sqlite'}", tmp_path / "no such folder"
    SurveyStore(url).engine.dispose()
    result = run_cli(url, "backup", str(missing / "backup.sqlite"))
    assert (result.returncode, result.stderr) == (2, f"error: There is no folder {missing} to write the backup into.\n")
    assert not missing.exists()
