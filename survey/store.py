"""Where survey rounds live: any SQLAlchemy database, by default an embedded SQLite file.

Every save writes a new *version* of a round inside one transaction, so a round is either
stored whole or not at all, and earlier versions are kept for audit.  ``DATABASE_URL``
chooses the database; without it the store is ``var/benchmark.sqlite`` in the project.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from survey.reading import ParsedRound

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "var" / "benchmark.sqlite"

metadata = sa.MetaData()

rounds_table = sa.Table(
    "rounds",
    metadata,
    sa.Column("label", sa.String(32), primary_key=True),
    sa.Column("current_version", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

versions_table = sa.Table(
    "round_versions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("round_label", sa.String(32), sa.ForeignKey("rounds.label", ondelete="CASCADE"), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("framework_version", sa.String(32), nullable=False),
    sa.Column("synthetic", sa.Boolean, nullable=False, default=False),
    sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("uploader", sa.String(200), nullable=False, default=""),
    sa.Column("source_name", sa.String(500), nullable=False, default=""),
    sa.Column("source_size", sa.Integer, nullable=False, default=0),
    sa.Column("source_sha256", sa.String(64), nullable=False, default=""),
    sa.Column("source_bytes", sa.LargeBinary, nullable=True),
    sa.UniqueConstraint("round_label", "version", name="uq_round_version"),
)

responses_table = sa.Table(
    "responses",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("version_id", sa.Integer, sa.ForeignKey("round_versions.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("ons_code", sa.String(9), nullable=False),
    sa.Column("respondent", sa.String(200), nullable=False),
    sa.Column("role", sa.String(200), nullable=False, default=""),
    sa.Column("source_row", sa.Integer, nullable=False),
)

answers_table = sa.Table(
    "answers",
    metadata,
    sa.Column("response_id", sa.Integer, sa.ForeignKey("responses.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("question_id", sa.String(64), primary_key=True),
    sa.Column("value", sa.Float, nullable=False),
)


class RoundExistsError(Exception):
    """Saving a round that is already stored needs an explicit replace."""


def default_database_url() -> str:
    """``DATABASE_URL`` if set, else the embedded SQLite file (its folder is created)."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return url
    DEFAULT_SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


@dataclass(frozen=True)
class SavedRound:
    label: str
    version: int
    boroughs: int
    respondents: int


class SurveyStore:
    """Survey rounds in a SQL database (SQLite or PostgreSQL)."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_database_url()
        self.engine = sa.create_engine(self.url)
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        metadata.create_all(self.engine)

    def save_round(
        self,
        parsed: ParsedRound,
        *,
        framework_version: str,
        source_name: str = "",
        source_bytes: bytes = b"",
        uploader: str = "",
        synthetic: bool = False,
        replace: bool = False,
    ) -> SavedRound:
        """Store a validated round as its next version, in one transaction.

        Raises
        ------
        ValueError
            If the round has validation errors.
        RoundExistsError
            If the round exists and ``replace`` is false.
        """
        if not parsed.ok or not parsed.round_label:
            raise ValueError("only a round with no validation errors can be saved")
        label = parsed.round_label
        now = datetime.now(UTC)
        with self.engine.begin() as conn:
            current = conn.execute(sa.select(rounds_table.c.current_version).where(rounds_table.c.label == label)).scalar()
            if current is not None and not replace:
                raise RoundExistsError(f"Round '{label}' is already stored; replace it explicitly to save a new version.")
            latest = conn.execute(
                sa.select(sa.func.max(versions_table.c.version)).where(versions_table.c.round_label == label)
            ).scalar()
            version = (latest or 0) + 1
            if current is None:
                conn.execute(rounds_table.insert().values(label=label, current_version=version, created_at=now))
            else:
                conn.execute(rounds_table.update().where(rounds_table.c.label == label).values(current_version=version))
            version_id = conn.execute(
                versions_table.insert().values(
                    round_label=label, version=version, framework_version=framework_version, synthetic=synthetic,
                    saved_at=now, uploader=uploader, source_name=source_name, source_size=len(source_bytes),
                    source_sha256=hashlib.sha256(source_bytes).hexdigest(), source_bytes=source_bytes,
                )
            ).inserted_primary_key[0]
            response_ids = {}
            for row in parsed.responses.itertuples(index=False):
                response_ids[row.response_id] = conn.execute(
                    responses_table.insert().values(
                        version_id=version_id, ons_code=row.ons_code, respondent=row.respondent,
                        role=row.role, source_row=int(row.source_row),
                    )
                ).inserted_primary_key[0]
            answer_rows = [
                {"response_id": response_ids[a.response_id], "question_id": a.question_id, "value": float(a.value)}
                for a in parsed.answers.itertuples(index=False)
            ]
            if answer_rows:
                conn.execute(answers_table.insert(), answer_rows)
        return SavedRound(label, version, parsed.responses["ons_code"].nunique(), len(parsed.responses))

    def rounds(self) -> pd.DataFrame:
        """One row per stored round (current version), oldest label first.

        Columns: round, version, framework_version, synthetic, saved_at, boroughs, respondents.
        """
        query = (
            sa.select(
                rounds_table.c.label.label("round"),
                versions_table.c.version,
                versions_table.c.framework_version,
                versions_table.c.synthetic,
                versions_table.c.saved_at,
                sa.func.count(sa.distinct(responses_table.c.ons_code)).label("boroughs"),
                sa.func.count(responses_table.c.id).label("respondents"),
            )
            .select_from(rounds_table)
            .join(versions_table, sa.and_(versions_table.c.round_label == rounds_table.c.label,
                                          versions_table.c.version == rounds_table.c.current_version))
            .outerjoin(responses_table, responses_table.c.version_id == versions_table.c.id)
            .group_by(rounds_table.c.label, versions_table.c.id)
            .order_by(rounds_table.c.label)
        )
        with self.engine.connect() as conn:
            table = pd.read_sql(query, conn)
        table["synthetic"] = table["synthetic"].astype(bool)
        return table

    def answers(self, label: str) -> pd.DataFrame:
        """The current version's answers for a round, long format.

        Columns: ons_code, respondent, question_id, value.
        """
        query = (
            sa.select(responses_table.c.ons_code, responses_table.c.respondent, answers_table.c.question_id, answers_table.c.value)
            .select_from(rounds_table)
            .join(versions_table, sa.and_(versions_table.c.round_label == rounds_table.c.label,
                                          versions_table.c.version == rounds_table.c.current_version))
            .join(responses_table, responses_table.c.version_id == versions_table.c.id)
            .join(answers_table, answers_table.c.response_id == responses_table.c.id)
            .where(rounds_table.c.label == label)
            .order_by(responses_table.c.ons_code, responses_table.c.source_row, answers_table.c.question_id)
        )
        with self.engine.connect() as conn:
            return pd.read_sql(query, conn)

    def revision(self) -> str:
        """A short token that changes whenever stored data changes (a cache key)."""
        with self.engine.connect() as conn:
            newest = conn.execute(sa.select(sa.func.max(versions_table.c.id))).scalar()
            currents = conn.execute(
                sa.select(rounds_table.c.label, rounds_table.c.current_version).order_by(rounds_table.c.label)
            ).all()
        return hashlib.sha256(repr((newest, currents)).encode()).hexdigest()[:16]

    def is_empty(self) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(rounds_table)).scalar() == 0


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
