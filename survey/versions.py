"""Writing a round: every save a new version, in one transaction; rollback, publish and delete move the round's
current version or status; every change is audited in the transaction that makes it.

A round is either stored whole or not at all, and every earlier version is kept for audit with the
uploaded file's name, size and SHA-256, the file as mapped (``survey.privacy``), time and uploader. A new
version is provisional until someone publishes it. The round's *current* version is the one the dashboard
shows: a save makes the new version current, a rollback points back to an earlier one, a delete hides the
round until ``survey.retention.purge`` removes it for good.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import replace as replace_fields
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, OperationalError

from survey.answer_sets import write_responses
from survey.conflicts import ConcurrentSaveError, RoundExistsError, StoreConflict, check_length
from survey.framework import Framework
from survey.parsed import ParsedRound
from survey.privacy import Pseudonyms, mapped_file
from survey.tables import (
    ACTOR_LENGTH, DELETE, DETAIL_LENGTH, FILE_NAME_LENGTH, PROVISIONAL, PUBLISH, PUBLISHED, REPLACE, ROLLBACK, SAVE,
    audit_table, frameworks_table, original_files_table, rounds_table, version_frameworks_table, versions_table,
)


@dataclass(frozen=True)
class SavedRound:
    label: str
    version: int
    status: str
    boroughs: int
    respondents: int


class RoundVersions:
    """The writes of ``survey.store.SurveyStore``: saving, rolling back, publishing and deleting rounds."""

    engine: sa.Engine
    pseudonyms: Pseudonyms

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
        check_length("uploader", uploader, ACTOR_LENGTH)
        check_length("file name", source_name, FILE_NAME_LENGTH)
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
                    conn.execute(rounds_table.insert().values(label=label, current_version=version, created_at=now,
                                                              deleted=False))
                else:
                    conn.execute(rounds_table.update().where(rounds_table.c.label == label)
                                 .values(current_version=version, deleted=False, deleted_at=None))
                version_id = conn.execute(
                    versions_table.insert().returning(versions_table.c.id).values(
                        round_label=label, version=version, status=status, framework_version=framework.version,
                        synthetic=synthetic, saved_at=now, uploader=uploader, source_name=source_name,
                        source_size=len(source_bytes), source_sha256=hashlib.sha256(source_bytes).hexdigest(),
                        kept_file=kept, kept_sha256=hashlib.sha256(kept).hexdigest(),
                    )
                ).scalar_one()
                if keep_original_until is not None and source_bytes:
                    conn.execute(original_files_table.insert().values(
                        version_id=version_id, content=source_bytes, expires_at=keep_original_until))
                conn.execute(version_frameworks_table.insert().values(
                    version_id=version_id, framework_sha256=self.keep_framework(conn, framework, now)))
                write_responses(conn, version_id, parsed)
                if on_progress:
                    on_progress("answers written")
                replaced = row.current_version if row is not None and not row.deleted else None
                self.write_audit(conn, uploader, SAVE if replaced is None else REPLACE, label, replaced, version,
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
    def keep_framework(conn: sa.Connection, framework: Framework, now: datetime) -> str:
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
                                  .where(rounds_table.c.label == label)).one()  # there: it has a version
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
    def write_audit(conn: sa.Connection, actor: str, action: str, label: str, before: int | None, after: int | None,
                    detail: str) -> None:
        """One audit row, inside the caller's transaction (so the change and its record stand or fall together)."""
        check_length("actor", actor, ACTOR_LENGTH)
        detail = detail if len(detail) <= DETAIL_LENGTH else detail[:DETAIL_LENGTH - 1] + "…"
        conn.execute(audit_table.insert().values(at=datetime.now(UTC), actor=actor, action=action, round_label=label,
                                                 version_before=before, version_after=after, detail=detail))

    @staticmethod
    def _require_round(conn: sa.Connection, label: str) -> int:
        current = conn.execute(sa.select(rounds_table.c.current_version).where(
            (rounds_table.c.label == label) & (rounds_table.c.deleted == sa.false()))).scalar()
        if current is None:
            raise StoreConflict(f"No round '{label}' is stored.")
        return current
