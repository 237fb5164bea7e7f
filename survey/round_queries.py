"""Reading rounds: which are stored, each one's versions and audit, and the current version's answers.

Every read goes through a connection that only reads (``survey.engine.reading_connection``), so on SQLite it never
waits behind a save; a deleted round is left out of everything but ``deleted_rounds`` and the audit.
"""

from __future__ import annotations

import re

import pandas as pd
import sqlalchemy as sa

from survey.answer_sets import long_answers
from survey.conflicts import StoreConflict
from survey.engine import reading_connection
from survey.framework import Framework, parse_framework
from survey.tables import audit_table, frameworks_table, responses_table, rounds_table, version_frameworks_table, versions_table


def round_order(label: str) -> tuple[tuple[int, int, str], ...]:
    """The sort key of a round label: its numbers compared as numbers, so "2025" < "2025-26" <
    "2026 Q1" < "2026 Q2" and "Round 9" < "Round 10" (alphabetical order would put "Round 10" first).
    Start labels with the year for rounds to follow the calendar."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
                 for part in re.findall(r"\d+|\D+", label.strip()) if part.strip(" -_/"))


def _in_round_order(table: pd.DataFrame) -> pd.DataFrame:
    """``table``'s rows in the order of their ``round`` column (``round_order``)."""
    order = sorted(range(len(table)), key=lambda i: round_order(table["round"].iloc[i]))
    return table.iloc[order].reset_index(drop=True)


def _current_join() -> sa.ColumnElement[bool]:
    return sa.and_(versions_table.c.round_label == rounds_table.c.label,
                   versions_table.c.version == rounds_table.c.current_version)


class RoundQueries:
    """The reads of ``survey.store.SurveyStore``: rounds, versions, answers, audit."""

    engine: sa.Engine

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
        return _in_round_order(table)

    def framework(self, sha256: str) -> Framework:
        """A framework kept with the rounds saved under it (``rounds()``'s framework_sha256)."""
        with self.reading() as conn:
            content = conn.execute(sa.select(frameworks_table.c.content).where(frameworks_table.c.sha256 == sha256)).scalar()
        if content is None:
            raise StoreConflict(f"No framework {sha256[:12]}… is stored.")
        return parse_framework(content, f"the framework stored with fingerprint {sha256[:12]}")

    def reading(self) -> sa.Connection:
        """A connection for reads only (``survey.engine.reading_connection``): it never waits behind a save."""
        return reading_connection(self.engine)

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
            return long_answers(conn, conn.execute(current).scalar())

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
        return _in_round_order(table)

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
