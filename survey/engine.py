"""How the store talks to its database: one engine per store, and on SQLite the settings that make it safe to
share between processes (write-ahead logging, writes that queue rather than fail, deleted data overwritten)."""

from __future__ import annotations

import sqlite3
from typing import Any

import sqlalchemy as sa

READ_ONLY = "survey_read_only"  # execution option of the connections that only read


def store_engine(url: str) -> sa.Engine:
    """The engine of the store at ``url``: on SQLite, with write-ahead logging and each write taking the lock at its start."""
    if not url.startswith("sqlite"):
        return sa.create_engine(url, pool_pre_ping=True)
    engine = sa.create_engine(url, connect_args={"timeout": 30})
    sa.event.listen(engine, "connect", _sqlite_connect)
    sa.event.listen(engine, "begin", _sqlite_begin)
    return engine


def reading_connection(engine: sa.Engine) -> sa.Connection:
    """A connection for reads only: on SQLite it never takes the write lock, so it never waits behind a save."""
    return engine.connect().execution_options(**{READ_ONLY: True})


def driver_connection(conn: sa.Connection) -> Any:
    """The database driver's own connection under ``conn``, for what SQLAlchemy does not offer (PostgreSQL's COPY,
    an SQLite pragma outside any transaction)."""
    driver = conn.connection.driver_connection
    assert driver is not None, "an open connection always has its driver's"
    return driver


def _sqlite_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin (see _sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA secure_delete=ON")  # what is deleted (an erasure, a purge) is overwritten, not left in free pages
    # Write-ahead logging: readers see the last commit and never wait for a writer, nor it for them.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable at each checkpoint; safe against corruption in WAL
    cursor.close()


def _sqlite_begin(conn: sa.Connection) -> None:
    """A write takes SQLite's write lock at its start, so two concurrent saves queue up (busy timeout)
    instead of one failing half-way when it upgrades a read lock; a read (``reading_connection``)
    begins deferred and, with WAL, never waits behind a write."""
    conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE")
