"""Erasure and retention: one person's answers removed on request; deleted rounds removed for good.

Both work inside one transaction each and write an audit row per round they touch, saying who,
when and what was removed, never the data (no identifier, pseudonym, answer or comment). On SQLite
the store overwrites what it deletes (``secure_delete``) and the write-ahead log is emptied after,
so nothing removed can be read back from the database file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
import sqlalchemy as sa

from survey.answer_sets import keep_answer_rows
from survey.conflicts import StoreConflict
from survey.privacy import without_respondents
from survey.store import SurveyStore
from survey.tables import (
    ERASE, PURGE, assessment_responses_table, collections_table, derived_table, original_files_table, responses_table,
    rounds_table, versions_table,
)


@dataclass(frozen=True)
class Erasure:
    """What an erasure removed: the rounds touched, versions changed, responses and online drafts removed."""

    rounds: tuple[str, ...]
    versions: int
    responses: int
    online_responses: int


@dataclass(frozen=True)
class Purge:
    """What a purge removed: deleted rounds, expired original files, closed collections' individual answers."""

    rounds: tuple[str, ...]
    original_files: int
    collections: tuple[str, ...]

    @property
    def anything(self) -> bool:
        return bool(self.rounds or self.original_files or self.collections)


def erase_respondent(store: SurveyStore, identifier: str, *, actor: str, round_label: str | None = None) -> Erasure:
    """Remove one person's answers from every version of every round (or of ``round_label``), deleted
    rounds included: their responses, their rows of each kept file, the version's original file if one
    is kept, its derived results (scores are worked out again on the next read), and their online
    answers and comments.

    Parameters
    ----------
    identifier : str
        As the person was named in the file or signed in: an email address, a name or a code.

    Raises
    ------
    StoreConflict
        When nothing of that person is stored (nothing is changed or audited).
    """
    stored = store.pseudonyms.stored_as(identifier)
    if not stored:
        raise StoreConflict("Give the respondent's identifier (the email, name or code their answers were given under).")
    emails = {identifier.strip().casefold(), stored}
    by_round: dict[str, list[int]] = {}
    removed = online = 0
    with store.engine.begin() as conn:
        query = (sa.select(versions_table.c.id, versions_table.c.round_label, versions_table.c.version)
                 .join(responses_table, responses_table.c.version_id == versions_table.c.id)
                 .where(responses_table.c.respondent == stored).distinct())
        if round_label is not None:
            query = query.where(versions_table.c.round_label == round_label)
        for version_id, label, version in conn.execute(query).all():
            removed += _erase_from_version(conn, version_id, stored)
            by_round.setdefault(label, []).append(version)
        drafts = sa.select(assessment_responses_table.c.id, assessment_responses_table.c.collection).where(
            assessment_responses_table.c.email.in_(emails))
        if round_label is not None:
            drafts = drafts.where(assessment_responses_table.c.collection == round_label)
        online_by_round: dict[str, int] = {}
        for draft_id, collection in conn.execute(drafts).all():
            conn.execute(assessment_responses_table.delete().where(assessment_responses_table.c.id == draft_id))
            online_by_round[collection] = online_by_round.get(collection, 0) + 1
            online += 1
        if not by_round and not online_by_round:
            where = f" in round '{round_label}'" if round_label else ""
            raise StoreConflict(f"No answers under that identifier are stored{where}: nothing was erased.")
        for label in sorted({*by_round, *online_by_round}):
            parts = []
            if label in by_round:
                versions = sorted(by_round[label])
                parts.append(f"one respondent's answers removed from version{'s' if len(versions) > 1 else ''} "
                             + ", ".join(map(str, versions)))
            if label in online_by_round:
                parts.append("their online answers and comments removed")
            store.write_audit(conn, actor, ERASE, label, None, None, "; ".join(parts) + " (on request)")
    _flush_deleted_pages(store)
    return Erasure(tuple(sorted({*by_round, *online_by_round})), sum(map(len, by_round.values())), removed, online)


def _erase_from_version(conn: sa.Connection, version_id: int, stored: str) -> int:
    """Remove ``stored``'s responses from one version: its rows of the answer set and of the kept file too."""
    people = conn.execute(sa.select(responses_table.c.id, responses_table.c.respondent)
                          .where(responses_table.c.version_id == version_id)
                          .order_by(responses_table.c.source_row)).all()
    keep = np.array([respondent != stored for _, respondent in people], dtype=bool)
    keep_answer_rows(conn, version_id, keep)
    conn.execute(responses_table.delete().where((responses_table.c.version_id == version_id)
                                                & (responses_table.c.respondent == stored)))
    kept_file = conn.execute(sa.select(versions_table.c.kept_file).where(versions_table.c.id == version_id)).scalar()
    if kept_file:
        smaller = without_respondents(bytes(kept_file), {stored})
        conn.execute(versions_table.update().where(versions_table.c.id == version_id)
                     .values(kept_file=smaller, kept_sha256=hashlib.sha256(smaller).hexdigest()))
    # The file as it arrived cannot be edited: it goes. Results derived from the old answers go too.
    conn.execute(original_files_table.delete().where(original_files_table.c.version_id == version_id))
    conn.execute(derived_table.delete().where(derived_table.c.version_id == version_id))
    return int((~keep).sum())


def purge(store: SurveyStore, *, actor: str, retention_days: int, everything: bool = False,
          now: datetime | None = None) -> Purge:
    """Remove for good what is past its retention period.

    - rounds deleted more than ``retention_days`` ago (every deleted round with ``everything``): every
      version, answer, kept file and derived result (the audit keeps who did what, when);
    - original files kept for troubleshooting (``privacy.keep_originals_days``) past their expiry;
    - the individual answers and comments of online collections closed more than ``retention_days``
      ago (the round stored from them stays).
    """
    now = now or datetime.now(UTC)
    cutoff = now - timedelta(days=retention_days)
    with store.engine.begin() as conn:
        due = sa.select(rounds_table.c.label, rounds_table.c.deleted_at).where(rounds_table.c.deleted == sa.true())
        if not everything:
            due = due.where(sa.or_(rounds_table.c.deleted_at.is_(None), rounds_table.c.deleted_at <= cutoff))
        rounds = conn.execute(due.order_by(rounds_table.c.label)).all()
        for label, deleted_at in rounds:
            versions = conn.execute(sa.select(sa.func.count()).where(versions_table.c.round_label == label)).scalar()
            # Versions first (their answers, files and results go with them), then the round.
            conn.execute(versions_table.delete().where(versions_table.c.round_label == label))
            conn.execute(rounds_table.delete().where(rounds_table.c.label == label))
            when = f"deleted {deleted_at:%Y-%m-%d}" if deleted_at else "deleted before deletion times were kept"
            store.write_audit(conn, actor, PURGE, label, None, None,
                              f"round removed for good ({when}; {versions} version{'s' if versions != 1 else ''})")
        expired = conn.execute(sa.select(original_files_table.c.version_id, versions_table.c.round_label,
                                         versions_table.c.version)
                               .join(versions_table, versions_table.c.id == original_files_table.c.version_id)
                               .where(original_files_table.c.expires_at <= now)).all()
        for version_id, label, version in expired:
            conn.execute(original_files_table.delete().where(original_files_table.c.version_id == version_id))
            store.write_audit(conn, actor, PURGE, label, version, version,
                              "the file as it arrived removed at the end of its keeping period")
        closed = conn.execute(sa.select(collections_table.c.label).where(
            collections_table.c.closed_at.is_not(None) & (collections_table.c.closed_at <= cutoff)
            & sa.exists().where(assessment_responses_table.c.collection == collections_table.c.label))).scalars().all()
        for label in closed:
            count = conn.execute(assessment_responses_table.delete()
                                 .where(assessment_responses_table.c.collection == label)).rowcount
            store.write_audit(conn, actor, PURGE, label, None, None,
                              f"online answers and comments of {count} respondent{'s' if count != 1 else ''} removed "
                              f"{retention_days} days after the round closed (the stored round stays)")
    result = Purge(tuple(label for label, _ in rounds), len(expired), tuple(closed))
    if result.anything:
        _flush_deleted_pages(store)
    return result


def purge_date(deleted_at: datetime, retention_days: int) -> datetime:
    """When a round deleted at ``deleted_at`` becomes due for purging."""
    return deleted_at + timedelta(days=retention_days)


def _flush_deleted_pages(store: SurveyStore) -> None:
    """On SQLite, move the write-ahead log's pages into the database file and empty the log, so deleted
    (and, with ``secure_delete``, overwritten) content is not left readable in the log."""
    if store.engine.dialect.name == "sqlite":
        connection = store.engine.raw_connection()  # outside any transaction: a checkpoint cannot run inside one
        try:
            connection.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            connection.close()
