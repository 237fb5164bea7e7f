"""Where survey rounds live: any SQLAlchemy database, by default an embedded SQLite file.

Every save writes a new *version* of a round inside one transaction, so a round is either
stored whole or not at all, and every earlier version is kept for audit with the uploaded
file's name, size and SHA-256, the file as mapped (``survey.privacy``), time and uploader. A new
version is provisional until someone publishes it. The round's *current* version is the one the
dashboard shows: a save makes the new version current, a rollback points back to an earlier one, a
delete hides the round until ``survey.retention.purge`` removes it for good.

``DATABASE_URL`` chooses the database; without it the store is ``var/benchmark.sqlite``.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from dataclasses import replace as replace_fields
from datetime import UTC, datetime
from typing import Callable

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, OperationalError

from survey.columns import strings_at
from survey.framework import Framework, parse_framework
from survey.privacy import Pseudonyms, load_or_create_key, mapped_file
from survey.reading import FIELD_LENGTHS, ROUND_LABEL_LENGTH, ParsedRound
from survey.settings import load_settings

PUBLISHED, PROVISIONAL = "published", "provisional"
READ_ONLY = "survey_read_only"  # execution option of the connections that only read
ACTOR_LENGTH, FILE_NAME_LENGTH, DETAIL_LENGTH, COMMENT_LENGTH = 200, 500, 500, 1000
DERIVED_KEY_LENGTH = 160

metadata = sa.MetaData()

rounds_table = sa.Table(
    "rounds",
    metadata,
    sa.Column("label", sa.String(ROUND_LABEL_LENGTH), primary_key=True),
    sa.Column("current_version", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("deleted", sa.Boolean, nullable=False, default=False),
    sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),  # when; purged a retention period later
)

versions_table = sa.Table(
    "round_versions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("round_label", sa.String(ROUND_LABEL_LENGTH), sa.ForeignKey("rounds.label", ondelete="CASCADE"), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("status", sa.String(16), nullable=False, default=PUBLISHED),
    sa.Column("framework_version", sa.String(32), nullable=False),
    sa.Column("synthetic", sa.Boolean, nullable=False, default=False),
    sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("uploader", sa.String(ACTOR_LENGTH), nullable=False, default=""),
    sa.Column("source_name", sa.String(FILE_NAME_LENGTH), nullable=False, default=""),
    sa.Column("source_size", sa.Integer, nullable=False, default=0),
    sa.Column("source_sha256", sa.String(64), nullable=False, default=""),  # of the file as it arrived
    # The file as mapped (``survey.privacy.mapped_file``): what the benchmark read, nothing else.
    sa.Column("kept_file", sa.LargeBinary, nullable=True),
    sa.Column("kept_sha256", sa.String(64), nullable=False, default=""),
    sa.UniqueConstraint("round_label", "version", name="uq_round_version"),
)

responses_table = sa.Table(
    "responses",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("version_id", sa.Integer, sa.ForeignKey("round_versions.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("ons_code", sa.String(9), nullable=False),
    sa.Column("respondent", sa.String(FIELD_LENGTHS["respondent"]), nullable=False),
    sa.Column("role", sa.String(FIELD_LENGTHS["role"]), nullable=False, default=""),
    sa.Column("source_row", sa.Integer, nullable=False),
)

# One row per change, written in the same transaction as the change: who, when, what, and the
# current version before and after (None where there was none, or after a delete).
audit_table = sa.Table(
    "audit",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor", sa.String(ACTOR_LENGTH), nullable=False),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("round_label", sa.String(ROUND_LABEL_LENGTH), nullable=False, index=True),
    sa.Column("version_before", sa.Integer, nullable=True),
    sa.Column("version_after", sa.Integer, nullable=True),
    sa.Column("detail", sa.String(DETAIL_LENGTH), nullable=False, default=""),
)
SAVE, REPLACE, ROLLBACK, PUBLISH, DELETE = "save", "replace", "rollback", "publish", "delete"
OPEN, CLOSE, CANCEL = "open", "close", "cancel"  # a round collected in the dashboard
ERASE, PURGE = "erase", "purge"  # one person's answers removed; a deleted round or an expired file removed for good
RESTORE = "restore"  # the whole store put back from a backup (survey.backup), with no round of its own

# A file as it arrived, kept only when the privacy.keep_originals_days setting asks, until it expires.
original_files_table = sa.Table(
    "original_files",
    metadata,
    sa.Column("version_id", sa.Integer, sa.ForeignKey("round_versions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("content", sa.LargeBinary, nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
)

# Column mappings confirmed on the Upload page, kept by name to read next round's export the same way.
mappings_table = sa.Table(
    "column_mappings",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("content", sa.Text, nullable=False),  # JSON: file column header -> target
    sa.Column("saved_by", sa.String(ACTOR_LENGTH), nullable=False),
    sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
)

# Each framework text any version was scored under, by fingerprint, so a round is always scored
# with the framework it was saved under (not whatever the framework file says today).
frameworks_table = sa.Table(
    "frameworks",
    metadata,
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("version", sa.String(32), nullable=False),
    sa.Column("content", sa.Text, nullable=False),
    sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
)

# Which framework each version was saved under (versions from stores older than this table have none).
version_frameworks_table = sa.Table(
    "round_version_frameworks",
    metadata,
    sa.Column("version_id", sa.Integer, sa.ForeignKey("round_versions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("framework_sha256", sa.String(64), sa.ForeignKey("frameworks.sha256"), nullable=False),
)

# Rounds collected in the dashboard: the office opens one, members answer it, closing it turns the
# submitted responses into a provisional version of the round (survey.assessment).
collections_table = sa.Table(
    "collections",
    metadata,
    sa.Column("label", sa.String(ROUND_LABEL_LENGTH), primary_key=True),
    sa.Column("framework_sha256", sa.String(64), sa.ForeignKey("frameworks.sha256"), nullable=False),
    sa.Column("opens", sa.Date, nullable=False),
    sa.Column("closes", sa.Date, nullable=False),
    sa.Column("opened_by", sa.String(ACTOR_LENGTH), nullable=False),
    sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("closed_by", sa.String(ACTOR_LENGTH), nullable=True),
    sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
)

# One response per person and collection: a draft until submitted; reopened, a draft again.
assessment_responses_table = sa.Table(
    "assessment_responses",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("collection", sa.String(ROUND_LABEL_LENGTH), sa.ForeignKey("collections.label", ondelete="CASCADE"),
              nullable=False),
    sa.Column("email", sa.String(ACTOR_LENGTH), nullable=False),  # while the round is open; its pseudonym once closed
    sa.Column("ons_code", sa.String(9), nullable=False),
    sa.Column("submitted", sa.Boolean, nullable=False, default=False),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
    sa.UniqueConstraint("collection", "email", name="uq_collection_email"),
)

# A draft's answers as they are given: a level 1-5, or none for "Don't know"; an optional comment.
assessment_answers_table = sa.Table(
    "assessment_answers",
    metadata,
    sa.Column("response_id", sa.Integer, sa.ForeignKey("assessment_responses.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("question_id", sa.String(64), primary_key=True),
    sa.Column("value", sa.Integer, nullable=True),
    sa.Column("comment", sa.String(COMMENT_LENGTH), nullable=False, default=""),
)

# Results worked out from a version's answers (its scores table, say), kept so that a process
# starting cold reads them instead of re-deriving every round. ``key`` names what they were
# derived with (the framework's and the method's fingerprints): a different key is a miss.
derived_table = sa.Table(
    "derived_results",
    metadata,
    sa.Column("version_id", sa.Integer, sa.ForeignKey("round_versions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("kind", sa.String(32), primary_key=True),
    sa.Column("key", sa.String(DERIVED_KEY_LENGTH), primary_key=True),
    sa.Column("content", sa.Text, nullable=False),
    sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
)

# A version's answers as one matrix, written and read in one piece whatever the round's size (a
# million answers as rows took 2.8 s to insert and 1.6 s to read back on SQLite; as a matrix,
# hundredths of a second). A row per response in file-row order (``responses.source_row``), a column
# per question id (``questions``, a JSON list), float64 little-endian, NaN where not answered.
answer_sets_table = sa.Table(
    "answer_sets",
    metadata,
    sa.Column("version_id", sa.Integer, sa.ForeignKey("round_versions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("questions", sa.Text, nullable=False),
    sa.Column("matrix", sa.LargeBinary, nullable=False),
)
ANSWER_DTYPE = np.dtype("<f8")


class StoreConflict(Exception):
    """The request conflicts with what is stored (command line exit code 2)."""


class StoreSchemaError(StoreConflict):
    """The database holds tables of another version of the store (an earlier one not yet upgraded, or a newer
    one). Its message names no address, file or version: it may be shown to anyone."""


class RoundExistsError(StoreConflict):
    """Saving a round that is already stored needs an explicit replace."""


class ConcurrentSaveError(StoreConflict):
    """Someone else saved the same round while this save was being prepared."""


def _check_length(what: str, text: str, limit: int) -> None:
    """Refuse, before anything is written, a text longer than its column (the same on every database)."""
    if len(text) > limit:
        raise StoreConflict(f"The {what} is {len(text)} characters long; the store keeps at most {limit}.")


def round_order(label: str) -> tuple:
    """The sort key of a round label: its numbers compared as numbers, so "2025" < "2025-26" <
    "2026 Q1" < "2026 Q2" and "Round 9" < "Round 10" (alphabetical order would put "Round 10" first).
    Start labels with the year for rounds to follow the calendar."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
                 for part in re.findall(r"\d+|\D+", label.strip()) if part.strip(" -_/"))


@dataclass(frozen=True)
class SavedRound:
    label: str
    version: int
    status: str
    boroughs: int
    respondents: int


def _current_join():
    return sa.and_(versions_table.c.round_label == rounds_table.c.label,
                   versions_table.c.version == rounds_table.c.current_version)


class SurveyStore:
    """Survey rounds in a SQL database (SQLite or PostgreSQL).

    Parameters
    ----------
    url : str, optional
        The database (default: the ``storage.database_url`` setting). An empty database gets its tables; a
        store made by an earlier version is brought up to date when ``upgrade`` (default: the
        ``storage.auto_upgrade`` setting), else refused (``StoreSchemaError``), as is one made by a newer
        version (survey/schema.py).
    pseudonyms : Pseudonyms, optional
        How respondent identifiers are kept (default: with the key the ``privacy.pseudonym_key_file``
        setting names, made on first use).
    """

    def __init__(self, url: str | None = None, pseudonyms: Pseudonyms | None = None, *,
                 upgrade: bool | None = None) -> None:
        from survey.schema import prepare_schema  # it reads this module's tables

        settings = load_settings() if url is None or pseudonyms is None or upgrade is None else None
        self.url = url or settings.database_url
        self.pseudonyms = pseudonyms or Pseudonyms(load_or_create_key(settings.path("privacy.pseudonym_key_file")))
        self.engine = store_engine(self.url)
        self.commits = 0  # transactions committed through this object: what a kept ``revision`` must be checked against
        sa.event.listen(self.engine, "commit", self._count_commit)
        prepare_schema(self.engine, upgrade=settings["storage.auto_upgrade"] if upgrade is None else upgrade,
                       pseudonyms=self.pseudonyms)

    def _count_commit(self, _connection: sa.Connection) -> None:
        self.commits += 1

    # --- writing -------------------------------------------------------------------------

    def save_round(
        self,
        parsed: ParsedRound,
        *,
        framework: Framework,
        source_name: str = "",
        source_bytes: bytes = b"",
        uploader: str,
        synthetic: bool = False,
        publish: bool = False,
        keep_original_until: datetime | None = None,
        replace: bool = False,
        expected_version: int | None = None,
        on_progress: Callable[[str], None] | None = None,
        also: Callable[[sa.Connection, int], None] | None = None,
    ) -> SavedRound:
        """Store a validated round as its next version, in one transaction.

        Parameters
        ----------
        framework : Framework
            The framework the round was read and validated with: its text is kept with the version.
        source_name, source_bytes : str, bytes
            The file as it arrived: its name, size and SHA-256 are kept; its bytes only when
            ``keep_original_until`` asks, until then. What is kept of it is the file as mapped.
        uploader : str
            Who saves it (the signed-in email, or the command line's user): kept with the version
            and in the audit.
        publish : bool
            Publish at once (audited as a publish); by default a new version is provisional until
            someone who has seen its coverage publishes it.
        keep_original_until : datetime, optional
            Keep the file as it arrived until then, for troubleshooting (``survey.privacy.original_expiry``);
            by default none of it is kept.
        replace : bool
            Needed when the round exists; the earlier versions are kept.
        expected_version : int, optional
            The current version the user saw before choosing to replace; if another save
            has happened since, the save is refused rather than silently stacked on top.
        on_progress : callable, optional
            Called with a stage name inside the transaction (used to test crash safety).
        also : callable, optional
            Called with the connection and the new version number inside the same transaction, for
            a change that must stand or fall with the save (closing an online collection).

        Raises
        ------
        ValueError
            If the round has validation errors.
        RoundExistsError
            If the round exists and ``replace`` is false.
        ConcurrentSaveError
            If another save of the same round got in first.
        """
        if not parsed.ok or not parsed.round_label:
            raise ValueError("only a round with no validation errors can be saved")
        _check_length("uploader", uploader, ACTOR_LENGTH)
        _check_length("file name", source_name, FILE_NAME_LENGTH)
        label = parsed.round_label
        status = PUBLISHED if publish else PROVISIONAL
        now = datetime.now(UTC)
        parsed = self._pseudonymised(parsed)
        kept = self.kept_copy(parsed)
        try:
            with self.engine.begin() as conn:
                row = conn.execute(
                    sa.select(rounds_table.c.current_version, rounds_table.c.deleted).where(rounds_table.c.label == label)
                ).first()
                if row is not None and not row.deleted and not replace:
                    raise RoundExistsError(f"Round '{label}' is already stored (version {row.current_version}); "
                                           "replace it explicitly to save a new version.")
                if expected_version is not None and row is not None and row.current_version != expected_version:
                    raise ConcurrentSaveError(f"Round '{label}' changed while you were checking it (now version "
                                              f"{row.current_version}, you saw {expected_version}); review it and save again.")
                latest = conn.execute(
                    sa.select(sa.func.max(versions_table.c.version)).where(versions_table.c.round_label == label)
                ).scalar()
                version = (latest or 0) + 1
                if row is None:
                    conn.execute(rounds_table.insert().values(label=label, current_version=version, created_at=now, deleted=False))
                else:
                    conn.execute(rounds_table.update().where(rounds_table.c.label == label)
                                 .values(current_version=version, deleted=False, deleted_at=None))
                version_id = conn.execute(
                    versions_table.insert().values(
                        round_label=label, version=version, status=status, framework_version=framework.version,
                        synthetic=synthetic, saved_at=now, uploader=uploader, source_name=source_name,
                        source_size=len(source_bytes), source_sha256=hashlib.sha256(source_bytes).hexdigest(),
                        kept_file=kept, kept_sha256=hashlib.sha256(kept).hexdigest(),
                    )
                ).inserted_primary_key[0]
                if keep_original_until is not None and source_bytes:
                    conn.execute(original_files_table.insert().values(
                        version_id=version_id, content=source_bytes, expires_at=keep_original_until))
                conn.execute(version_frameworks_table.insert().values(
                    version_id=version_id, framework_sha256=self.keep_framework(conn, framework, now)))
                self._write_answers(conn, version_id, parsed)
                if on_progress:
                    on_progress("answers written")
                replaced = row is not None and not row.deleted
                self.write_audit(conn, uploader, REPLACE if replaced else SAVE, label,
                            row.current_version if replaced else None, version,
                            f"{status}; {len(parsed.responses)} responses; file {source_name or '(none)'}")
                if publish:
                    self.write_audit(conn, uploader, PUBLISH, label, version, version, "published on saving")
                if also:
                    also(conn, version)
        except IntegrityError as exc:
            raise ConcurrentSaveError(f"Round '{label}' was saved by someone else at the same moment; "
                                      "check its history and save again if needed.") from exc
        except OperationalError as exc:
            if "locked" in str(exc).lower():
                raise ConcurrentSaveError(f"The store was busy saving another round; try saving '{label}' again.") from exc
            raise
        return SavedRound(label, version, status, parsed.responses["ons_code"].nunique(), len(parsed.responses))

    def _pseudonymised(self, parsed: ParsedRound) -> ParsedRound:
        """``parsed`` with each respondent as the store keeps them (``Pseudonyms.stored_as``)."""
        responses = parsed.responses.assign(respondent=self.pseudonyms.stored_column(parsed.responses["respondent"]))
        mapped = parsed.mapped
        if mapped is not None and "respondent" in mapped.columns:
            mapped = mapped.assign(respondent=self.pseudonyms.stored_column(mapped["respondent"].astype(str)))
        return replace_fields(parsed, responses=responses, mapped=mapped)

    @staticmethod
    def kept_copy(parsed: ParsedRound) -> bytes:
        """The file as mapped, with the round's label in its ``round`` column (empty if nothing was mapped)."""
        if parsed.mapped is None:
            return b""
        mapped = parsed.mapped.drop(columns="round", errors="ignore")
        return mapped_file(mapped.assign(round=parsed.round_label)[["round", *mapped.columns]])

    @staticmethod
    def _write_answers(conn: sa.Connection, version_id: int, parsed: ParsedRound) -> None:
        """The responses in bulk (one statement, whatever the size), then their answers as one set."""
        responses = parsed.responses
        if responses.empty:
            return
        people = list(zip([version_id] * len(responses), *(responses[column].tolist() for column in ("ons_code", "respondent", "role")),
                          responses["source_row"].astype(int).tolist()))
        if conn.dialect.name == "postgresql":
            with conn.connection.driver_connection.cursor() as cursor:
                with cursor.copy("COPY responses (version_id, ons_code, respondent, role, source_row) FROM STDIN") as copy:
                    for person in people:
                        copy.write_row(person)
        else:
            conn.exec_driver_sql("INSERT INTO responses (version_id, ons_code, respondent, role, source_row) "
                                 "VALUES (?, ?, ?, ?, ?)", people)
        row_of_response = pd.Series(responses["source_row"].to_numpy(), index=responses["response_id"].to_numpy())
        answers = parsed.answers
        _write_answer_set(conn, version_id, responses["source_row"].to_numpy(),
                          row_of_response.reindex(answers["response_id"].to_numpy()).to_numpy(),
                          answers["question_id"], answers["value"].to_numpy(dtype=float))

    @staticmethod
    def keep_framework(conn, framework: Framework, now: datetime) -> str:
        """Keep the framework's text (once per fingerprint) inside the caller's transaction; its fingerprint."""
        sha = framework.sha256
        if conn.execute(sa.select(frameworks_table.c.sha256).where(frameworks_table.c.sha256 == sha)).first() is None:
            conn.execute(frameworks_table.insert().values(sha256=sha, version=framework.version,
                                                          content=framework.source, saved_at=now))
        return sha

    def rollback(self, label: str, version: int, *, actor: str) -> None:
        """Make an earlier (or any stored) version the current one; this also restores a deleted round."""
        with self.engine.begin() as conn:
            exists = conn.execute(sa.select(versions_table.c.id).where(
                (versions_table.c.round_label == label) & (versions_table.c.version == version))).first()
            if exists is None:
                raise StoreConflict(f"Round '{label}' has no version {version} (see its history).")
            before = conn.execute(sa.select(rounds_table.c.current_version, rounds_table.c.deleted)
                                  .where(rounds_table.c.label == label)).first()
            conn.execute(rounds_table.update().where(rounds_table.c.label == label)
                         .values(current_version=version, deleted=False, deleted_at=None))
            self.write_audit(conn, actor, ROLLBACK, label, None if before.deleted else before.current_version, version,
                        "restored a deleted round" if before.deleted else "")

    def publish(self, label: str, *, actor: str) -> int:
        """Mark the round's current version published; returns that version."""
        with self.engine.begin() as conn:
            current = self._require_round(conn, label)
            conn.execute(versions_table.update().where(
                (versions_table.c.round_label == label) & (versions_table.c.version == current)).values(status=PUBLISHED))
            self.write_audit(conn, actor, PUBLISH, label, current, current, "provisional → published")
        return current

    def delete(self, label: str, *, actor: str) -> datetime:
        """Hide a round from every view until it is purged (``survey.retention``); returns when it was deleted.
        Until then, making one of its versions current again restores it."""
        now = datetime.now(UTC)
        with self.engine.begin() as conn:
            current = self._require_round(conn, label)
            conn.execute(rounds_table.update().where(rounds_table.c.label == label).values(deleted=True, deleted_at=now))
            self.write_audit(conn, actor, DELETE, label, current, None, "")
        return now

    @staticmethod
    def write_audit(conn, actor: str, action: str, label: str, before: int | None, after: int | None, detail: str) -> None:
        """One audit row, inside the caller's transaction (so the change and its record stand or fall together)."""
        _check_length("actor", actor, ACTOR_LENGTH)
        detail = detail if len(detail) <= DETAIL_LENGTH else detail[:DETAIL_LENGTH - 1] + "…"
        conn.execute(audit_table.insert().values(at=datetime.now(UTC), actor=actor, action=action, round_label=label,
                                                 version_before=before, version_after=after, detail=detail))

    @staticmethod
    def _require_round(conn, label: str) -> int:
        current = conn.execute(sa.select(rounds_table.c.current_version).where(
            (rounds_table.c.label == label) & (rounds_table.c.deleted == sa.false()))).scalar()
        if current is None:
            raise StoreConflict(f"No round '{label}' is stored.")
        return current

    # --- reading -------------------------------------------------------------------------

    def rounds(self) -> pd.DataFrame:
        """One row per stored round (its current version), in round order (``round_order``).

        Columns: round, version, status, framework_version, framework_sha256 (None for versions saved before
        frameworks were kept), synthetic, saved_at, boroughs, respondents.
        """
        query = (
            sa.select(
                rounds_table.c.label.label("round"),
                versions_table.c.version,
                versions_table.c.status,
                versions_table.c.framework_version,
                version_frameworks_table.c.framework_sha256,
                versions_table.c.synthetic,
                versions_table.c.saved_at,
                sa.func.count(sa.distinct(responses_table.c.ons_code)).label("boroughs"),
                sa.func.count(responses_table.c.id).label("respondents"),
            )
            .select_from(rounds_table)
            .join(versions_table, _current_join())
            .outerjoin(version_frameworks_table, version_frameworks_table.c.version_id == versions_table.c.id)
            .outerjoin(responses_table, responses_table.c.version_id == versions_table.c.id)
            .where(rounds_table.c.deleted == sa.false())
            .group_by(rounds_table.c.label, versions_table.c.id, version_frameworks_table.c.framework_sha256)
            .order_by(rounds_table.c.label)
        )
        table = self._read(query).astype({"synthetic": bool})
        return table.iloc[sorted(range(len(table)), key=lambda i: round_order(table["round"].iloc[i]))].reset_index(drop=True)

    def framework(self, sha256: str) -> Framework:
        """A framework kept with the rounds saved under it (``rounds()``'s framework_sha256)."""
        with self.reading() as conn:
            content = conn.execute(sa.select(frameworks_table.c.content).where(frameworks_table.c.sha256 == sha256)).scalar()
        if content is None:
            raise StoreConflict(f"No framework {sha256[:12]}… is stored.")
        return parse_framework(content, f"the framework stored with fingerprint {sha256[:12]}")

    def reading(self) -> sa.Connection:
        """A connection for reads only: on SQLite it never takes the write lock, so it never waits behind a save."""
        return self.engine.connect().execution_options(**{READ_ONLY: True})

    def _read(self, query: sa.Select) -> pd.DataFrame:
        with self.reading() as conn:
            return pd.read_sql(query, conn)

    def history(self, label: str) -> pd.DataFrame:
        """Every version of a round, oldest first, with its audit details (not the file bytes).

        Columns: version, current, status, saved_at, uploader, source_name, source_size,
        source_sha256 (the file as it arrived), kept_sha256 (the file as mapped), framework_version,
        synthetic, respondents.
        """
        query = (
            sa.select(
                versions_table.c.version,
                (versions_table.c.version == rounds_table.c.current_version).label("current"),
                versions_table.c.status, versions_table.c.saved_at, versions_table.c.uploader,
                versions_table.c.source_name, versions_table.c.source_size, versions_table.c.source_sha256,
                versions_table.c.kept_sha256, versions_table.c.framework_version, versions_table.c.synthetic,
                sa.func.count(responses_table.c.id).label("respondents"),
            )
            .select_from(versions_table)
            .join(rounds_table, rounds_table.c.label == versions_table.c.round_label)
            .outerjoin(responses_table, responses_table.c.version_id == versions_table.c.id)
            .where(versions_table.c.round_label == label)
            .group_by(versions_table.c.id, rounds_table.c.current_version)
            .order_by(versions_table.c.version)
        )
        return self._read(query).astype({"current": bool})

    def kept_file(self, label: str, version: int) -> tuple[str, bytes]:
        """What is kept of a version's file: (the uploaded file's name, the file as mapped, CSV)."""
        with self.reading() as conn:
            row = conn.execute(sa.select(versions_table.c.source_name, versions_table.c.kept_file).where(
                (versions_table.c.round_label == label) & (versions_table.c.version == version))).first()
        if row is None:
            raise StoreConflict(f"Round '{label}' has no version {version}.")
        return row.source_name, bytes(row.kept_file or b"")

    def answers(self, label: str) -> pd.DataFrame:
        """The current version's answers for a round, long format, by borough, then file row, then question id.

        Columns: ons_code, respondent, question_id, value.
        """
        current = (sa.select(versions_table.c.id).select_from(rounds_table).join(versions_table, _current_join())
                   .where((rounds_table.c.label == label) & (rounds_table.c.deleted == sa.false())))
        with self.reading() as conn:
            version_id = conn.execute(current).scalar()
            # The driver's own rows (plain tuples): ten times faster into a table than SQLAlchemy's.
            people = conn.execute(sa.select(responses_table.c.ons_code, responses_table.c.respondent,
                                            responses_table.c.source_row)
                                  .where(responses_table.c.version_id == version_id)).cursor.fetchall()
            kept = conn.execute(sa.select(answer_sets_table.c.questions, answer_sets_table.c.matrix)
                                .where(answer_sets_table.c.version_id == version_id)).first()
        questions = json.loads(kept.questions) if kept else []
        matrix = np.frombuffer(kept.matrix if kept else b"", dtype=ANSWER_DTYPE).reshape(len(people), len(questions))
        # The set's rows are in file-row order; the table is by borough, then file row, then question id.
        people.sort(key=lambda person: person[2])
        by_borough = sorted(range(len(people)), key=lambda i: (people[i][0], people[i][2]))
        by_id = sorted(range(len(questions)), key=questions.__getitem__)
        matrix = matrix[np.ix_(by_borough, by_id)]
        rows, columns = np.nonzero(~np.isnan(matrix))
        return pd.DataFrame({
            "ons_code": strings_at([people[i][0] for i in by_borough], rows),
            "respondent": strings_at([people[i][1] for i in by_borough], rows),
            "question_id": strings_at([questions[j] for j in by_id], columns),
            "value": matrix[rows, columns],
        })

    def round_boroughs(self, label: str) -> set[str]:
        """The ONS codes with a response in the round's current version (none for a round not stored)."""
        query = (sa.select(responses_table.c.ons_code).distinct()
                 .select_from(rounds_table).join(versions_table, _current_join())
                 .join(responses_table, responses_table.c.version_id == versions_table.c.id)
                 .where((rounds_table.c.label == label) & (rounds_table.c.deleted == sa.false())))
        with self.reading() as conn:
            return set(conn.execute(query).scalars())

    def deleted_rounds(self) -> pd.DataFrame:
        """The rounds deleted and not yet purged, in round order. Columns: round, deleted_at."""
        table = self._read(sa.select(rounds_table.c.label.label("round"), rounds_table.c.deleted_at)
                           .where(rounds_table.c.deleted == sa.true()))
        return table.iloc[sorted(range(len(table)), key=lambda i: round_order(table["round"].iloc[i]))].reset_index(drop=True)

    def derived(self, label: str, version: int, kind: str, key: str) -> str | None:
        """What was kept for a version of a round under ``kind`` and ``key`` (``keep_derived``); None if nothing."""
        query = (sa.select(derived_table.c.content)
                 .select_from(derived_table.join(versions_table, versions_table.c.id == derived_table.c.version_id))
                 .where((versions_table.c.round_label == label) & (versions_table.c.version == version)
                        & (derived_table.c.kind == kind) & (derived_table.c.key == key)))
        with self.reading() as conn:
            return conn.execute(query).scalar()

    def keep_derived(self, label: str, version: int, kind: str, key: str, content: str) -> None:
        """Keep a result derived from a version's answers. Not audited: it changes no stored round, and
        whoever derives the same result first keeps it (a second keeper finds it there and stops)."""
        _check_length("derived key", key, DERIVED_KEY_LENGTH)
        with self.engine.begin() as conn:
            version_id = conn.execute(sa.select(versions_table.c.id).where(
                (versions_table.c.round_label == label) & (versions_table.c.version == version))).scalar()
            if version_id is None:
                raise StoreConflict(f"Round '{label}' has no version {version}.")
            kept = conn.execute(sa.select(derived_table.c.kind).where(
                (derived_table.c.version_id == version_id) & (derived_table.c.kind == kind) & (derived_table.c.key == key))).first()
            if kept is None:
                try:
                    with conn.begin_nested():
                        conn.execute(derived_table.insert().values(version_id=version_id, kind=kind, key=key,
                                                                   content=content, saved_at=datetime.now(UTC)))
                except IntegrityError:
                    pass  # kept by another process between the check and the insert: the same result

    def revision(self) -> str:
        """A short token that changes whenever stored data changes (a cache key)."""
        with self.reading() as conn:
            versions = conn.execute(sa.select(versions_table.c.id, versions_table.c.status).order_by(versions_table.c.id)).all()
            currents = conn.execute(sa.select(rounds_table.c.label, rounds_table.c.current_version, rounds_table.c.deleted)
                                    .order_by(rounds_table.c.label)).all()
            # Every change is audited: an erasure changes a version's answers without changing the above.
            changes = conn.execute(sa.select(sa.func.max(audit_table.c.id))).scalar()
        return hashlib.sha256(repr((versions, currents, changes)).encode()).hexdigest()[:16]

    def save_mapping(self, name: str, content: dict[str, str], *, actor: str) -> None:
        """Keep a confirmed column mapping under ``name`` (replacing one of the same name)."""
        name = name.strip()
        if not name or len(name) > 64:
            raise StoreConflict("A mapping's name is 1 to 64 characters.")
        with self.engine.begin() as conn:
            conn.execute(mappings_table.delete().where(mappings_table.c.name == name))
            conn.execute(mappings_table.insert().values(name=name, content=json.dumps(content, ensure_ascii=False),
                                                        saved_by=actor, saved_at=datetime.now(UTC)))

    def mapping(self, name: str) -> dict[str, str]:
        """A saved column mapping (file column header → target)."""
        with self.reading() as conn:
            content = conn.execute(sa.select(mappings_table.c.content).where(mappings_table.c.name == name)).scalar()
        if content is None:
            known = ", ".join(self.mapping_names()) or "none yet"
            raise StoreConflict(f"No column mapping is saved as '{name}' (saved: {known}).")
        return json.loads(content)

    def mapping_names(self) -> list[str]:
        with self.reading() as conn:
            return list(conn.execute(sa.select(mappings_table.c.name).order_by(mappings_table.c.name)).scalars())

    def audit(self, label: str | None = None) -> pd.DataFrame:
        """Every recorded change, oldest first (of one round, if given).

        Columns: at, actor, action, round, version_before, version_after, detail.
        """
        query = sa.select(audit_table.c.at, audit_table.c.actor, audit_table.c.action,
                          audit_table.c.round_label.label("round"), audit_table.c.version_before,
                          audit_table.c.version_after, audit_table.c.detail).order_by(audit_table.c.id)
        if label is not None:
            query = query.where(audit_table.c.round_label == label)
        table = self._read(query)
        return table.astype({"version_before": "Int64", "version_after": "Int64"})

    def is_empty(self) -> bool:
        """True when no round has ever been stored (deleted rounds count as stored)."""
        with self.reading() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(rounds_table)).scalar() == 0


def _write_answer_set(conn: sa.Connection, version_id: int, response_rows: np.ndarray, answer_rows: np.ndarray,
                      question_ids: pd.Series, values: np.ndarray) -> None:
    """Keep a version's answers as one matrix (``answer_sets``).

    Parameters
    ----------
    response_rows : array of shape (n_responses,)
        Each response's file row, unique within the version: the set's rows follow their order.
    answer_rows, question_ids, values : arrays of shape (n_answers,)
        Each answer's response (by file row), question id and value.
    """
    file_rows = np.sort(response_rows)
    if len(file_rows) and (np.diff(file_rows) == 0).any():
        raise ValueError("each response of a version needs a file row of its own: its answers are kept by it")
    columns, questions = pd.factorize(question_ids, sort=True)
    matrix = np.full((len(file_rows), len(questions)), np.nan, dtype=ANSWER_DTYPE)
    matrix[np.searchsorted(file_rows, answer_rows), columns] = values
    conn.execute(answer_sets_table.insert().values(version_id=version_id, questions=json.dumps([str(q) for q in questions]),
                                                   matrix=matrix.tobytes()))


def store_engine(url: str) -> sa.Engine:
    """The engine of the store at ``url``: on SQLite, with write-ahead logging and each write taking the lock at its start."""
    if not url.startswith("sqlite"):
        return sa.create_engine(url, pool_pre_ping=True)
    engine = sa.create_engine(url, connect_args={"timeout": 30})
    sa.event.listen(engine, "connect", _sqlite_connect)
    sa.event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection, _record) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin (see _sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA secure_delete=ON")  # what is deleted (an erasure, a purge) is overwritten, not left in free pages
    # Write-ahead logging: readers see the last commit and never wait for a writer, nor it for them.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable at each checkpoint; safe against corruption in WAL
    cursor.close()


def _sqlite_begin(conn) -> None:
    """A write takes SQLite's write lock at its start, so two concurrent saves queue up (busy timeout)
    instead of one failing half-way when it upgrades a read lock; a read (``SurveyStore.reading``)
    begins deferred and, with WAL, never waits behind a write."""
    conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE")
