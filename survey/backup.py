"""A consistent copy of an SQLite store taken while the dashboard runs, and putting one back.

SQLite's online backup API copies the last committed state in one step: a save still in progress is
not in the copy, and saves and reads carry on meanwhile (write-ahead logging). A backup is put back
only after a check on a scratch copy beside the store: it must be an SQLite database holding a store,
made by this version or an earlier one (it is upgraded there), that opens and lists its rounds; then
it replaces the store's contents in one step, with an audit row saying so. PostgreSQL stores are
backed up and restored with PostgreSQL's own pg_dump and pg_restore (README, "Operating it").
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from survey.store import RESTORE, StoreConflict, StoreSchemaError, SurveyStore

SQLITE_HEADER = b"SQLite format 3\x00"
POSTGRESQL_TOOLS = ("This store is a PostgreSQL database: back it up with pg_dump and restore it with pg_restore "
                    "(README, \"Operating it\").")


class BackupError(StoreConflict):
    """The file is not a backup this version can put back (the command line's exit code 1); nothing was changed."""


@dataclass(frozen=True)
class Restored:
    rounds: int  # rounds shown (not deleted) in the store put back


def store_file(url: str) -> Path:
    """The file of the SQLite store at ``url``."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() != "sqlite":
        raise StoreConflict(POSTGRESQL_TOOLS)
    if not parsed.database or parsed.database == ":memory:":
        raise StoreConflict("This store is kept in memory: it has no file to back up or restore.")
    return Path(parsed.database)


def backup(url: str, target: Path) -> int:
    """Write a consistent copy of the store at ``url`` to ``target``, a new file (whole, or not at all); its size."""
    source = store_file(url)
    if not source.is_file():
        raise StoreConflict(f"There is no store at {source}.")
    if target.exists():
        raise StoreConflict(f"{target} exists already: give the backup a new file name.")
    if not target.parent.is_dir():
        raise StoreConflict(f"There is no folder {target.parent} to write the backup into.")
    partial = target.with_name(target.name + ".partial")
    try:
        with closing(_open(source, "ro")) as live, closing(sqlite3.connect(partial)) as copy:
            live.backup(copy)  # every page in one step: one read of the last commit
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, without -wal and -shm beside it
            if not _intact(copy):
                raise StoreConflict(f"The store at {source} is damaged (SQLite's quick check failed): it was not copied.")
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target.stat().st_size


def restore(source: Path, url: str, *, actor: str) -> Restored:
    """Put the backup ``source`` back as the store at ``url``, after checking it on a scratch copy.

    Raises
    ------
    BackupError
        If ``source`` is not an SQLite store this version can open (then nothing was changed).
    """
    live = store_file(url)
    if not source.is_file():
        raise BackupError(f"There is no file {source}.")
    with source.open("rb") as file:
        if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupError(f"{source} is not a backup made by 'python -m survey backup': it is not an SQLite database.")
    live.parent.mkdir(parents=True, exist_ok=True)
    scratch = live.with_name(f".{live.name}.restoring")
    _remove(scratch)
    try:
        with closing(_open(source, "ro")) as backup_file, closing(sqlite3.connect(scratch)) as copy:
            backup_file.backup(copy)
            if not _intact(copy):
                raise BackupError(f"{source} is damaged (SQLite's quick check failed).")
            if copy.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'rounds'").fetchone() is None:
                raise BackupError(f"{source} is an SQLite database but not a store of survey rounds.")
        try:
            checked = SurveyStore(f"sqlite:///{scratch}", upgrade=True)
        except StoreSchemaError as exc:
            raise BackupError(f"{source} cannot be restored. {exc}") from exc
        rounds = len(checked.rounds())
        with checked.engine.begin() as conn:
            SurveyStore.write_audit(conn, actor, RESTORE, "", None, None, f"the store put back from backup {source.name}")
        checked.engine.dispose()
        with closing(sqlite3.connect(scratch)) as copy, closing(sqlite3.connect(live, timeout=30)) as target:
            copy.backup(target)  # in one step, under the store's write lock: readers see the old store or this one
    finally:
        _remove(scratch)
    return Restored(rounds)


def _open(path: Path, mode: str) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode={mode}", uri=True)


def _intact(conn: sqlite3.Connection) -> bool:
    return conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"


def _remove(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
