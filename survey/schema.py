"""Which schema a store has, and bringing it to this version's: the Alembic revisions in survey/migrations.

A store records its revision in Alembic's ``alembic_version`` table. One made before migrations has
none, and its tables tell: with ``answer_sets`` it has the schema of revision 0002; without, the first
release's (0001, which also adopts the stores of development versions before the release). A store
whose revision this version does not know was made by a newer version and is refused.

Every change runs in one transaction that holds the schema lock (SQLite's write lock, a PostgreSQL
advisory lock), so of two processes opening an older store at once one upgrades it and the other
waits, then finds it done. On SQLite the transaction runs with foreign keys off, the way SQLite
documents for changing a table (batch mode copies it to a new one: dropping the old one must not
cascade to the rows pointing at it), and is committed only if every foreign key still holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.exc import OperationalError

from survey.conflicts import StoreSchemaError
from survey.engine import driver_connection, reading_connection
from survey.privacy import Pseudonyms
from survey.tables import metadata

MIGRATIONS = Path(__file__).with_name("migrations")
SCHEMA_LOCK = 0x616E7377  # the PostgreSQL advisory lock held while a store's schema changes
LAST_UNVERSIONED = "0002"  # the schema of stores made after answer sets arrived and before migrations
EMPTY = "empty"  # a database without the store's tables
UNVERSIONED = "made before migrations"

NEWER = ("This store was made by a newer version of the dashboard than this one, which cannot read it. Run that "
         "version (or a later one), or restore a backup made before the store was upgraded.")
OLDER = ("This store was made by an earlier version of the dashboard. Take a backup, then bring it up to date with "
         "'python -m survey upgrade' (or turn on the storage.auto_upgrade setting).")


@dataclass(frozen=True)
class Upgrade:
    """What an upgrade found and left: revisions, or ``EMPTY`` / ``UNVERSIONED`` before."""

    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


@lru_cache(maxsize=4)
def _scripts(location: Path) -> ScriptDirectory:
    return ScriptDirectory(str(location))


def head(location: Path = MIGRATIONS) -> str:
    """The revision of this version's schema."""
    revision = _scripts(location).get_current_head()
    if revision is None:
        raise RuntimeError(f"{location} holds no revisions: the dashboard is installed without its migrations")
    return revision


def known(revision: str, location: Path = MIGRATIONS) -> bool:
    return revision in {script.revision for script in _scripts(location).walk_revisions()}


def store_revision(conn: sa.Connection) -> str:
    """The store's revision; ``EMPTY`` for a database without its tables; ``UNVERSIONED`` for a store made before
    migrations whose tables show it older than ``LAST_UNVERSIONED``."""
    heads = MigrationContext.configure(conn).get_current_heads()
    if len(heads) > 1:
        raise StoreSchemaError(NEWER)  # this version's history has one line; several heads are a newer version's
    if heads:
        return heads[0]
    tables = set(sa.inspect(conn).get_table_names())
    if "rounds" not in tables:
        return EMPTY
    return LAST_UNVERSIONED if "answer_sets" in tables else UNVERSIONED


def prepare_schema(engine: sa.Engine, *, upgrade: bool, pseudonyms: Pseudonyms | None = None) -> None:
    """Make sure the store has this version's schema: make it in an empty database, bring an earlier store up to
    date if ``upgrade`` (else refuse it), refuse a newer one. Reads only, when the store is up to date.
    ``pseudonyms``: the store's, for revisions that pseudonymise what an earlier version kept (default: the
    key the settings name)."""
    with reading_connection(engine) as conn:
        revision = store_revision(conn)
    if revision == head():
        return
    if revision != EMPTY and revision != UNVERSIONED and not known(revision):
        raise StoreSchemaError(NEWER)
    if revision != EMPTY and not upgrade:
        raise StoreSchemaError(OLDER)
    upgrade_schema(engine, pseudonyms=pseudonyms)


def upgrade_schema(engine: sa.Engine, location: Path = MIGRATIONS, *, pseudonyms: Pseudonyms | None = None) -> Upgrade:
    """Bring the store to the head of ``location``'s revisions in one locked transaction (an empty database gets
    the tables of survey.tables directly, stamped at the head)."""
    try:
        with _schema_transaction(engine) as conn:
            before = store_revision(conn)  # again, under the lock: another process may have done it meanwhile
            config = alembic_config(conn, location)
            config.attributes["pseudonyms"] = pseudonyms
            if before == EMPTY:
                metadata.create_all(conn)
                command.stamp(config, "head")
            elif before != UNVERSIONED and not known(before, location):
                raise StoreSchemaError(NEWER)
            elif before != head(location):
                if before == LAST_UNVERSIONED:
                    command.stamp(config, LAST_UNVERSIONED)
                command.upgrade(config, "head")
    except OperationalError as exc:
        if "locked" in str(exc).lower():
            raise StoreSchemaError("Another process is bringing this store up to date; try again in a minute.") from exc
        raise
    return Upgrade(before, head(location))


def alembic_config(conn: sa.Connection, location: Path = MIGRATIONS) -> Config:
    """Alembic's configuration for running ``location``'s revisions on ``conn``, in its transaction (no alembic.ini)."""
    config = Config()
    config.set_main_option("script_location", str(location))
    config.attributes["connection"] = conn
    return config


@contextmanager
def _schema_transaction(engine: sa.Engine) -> Iterator[sa.Connection]:
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:  # outside any transaction: inside one, SQLite ignores the pragma
            driver_connection(conn).execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():  # on SQLite, BEGIN IMMEDIATE: the write lock (survey.engine._sqlite_begin)
                if conn.dialect.name == "postgresql":
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({SCHEMA_LOCK})")
                yield conn
                if sqlite and conn.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise StoreSchemaError("Upgrading this store would leave rows pointing at rows that are not there, "
                                           "so nothing was changed. Report this to the dashboard's maintainers.")
        finally:
            if sqlite:
                driver_connection(conn).execute("PRAGMA foreign_keys=ON")
