"""Self-assessment in the dashboard: the office opens a round, members answer it, closing it stores it.

A round collected online lives in three tables (``survey.tables``): the collection (label, dates,
the framework it asks), one response per signed-in person (a draft until submitted) and the
answers as they are given, so a closed tab, a dropped connection or a restart loses nothing.

Closing a collection writes the submitted responses as an upload-format CSV and sends it through
the same reader and the same ``SurveyStore.save_round`` as an uploaded file, as a provisional
version; publishing is as for any round. A person's email is kept with their draft only while the
round is open: closing replaces it with their pseudonym, the one their stored answers carry
(``survey.privacy``), and their answers and comments are purged a retention period later.
Answers collected online and an uploaded file for the same round are combined only when the
office asks (``combine``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd
import sqlalchemy as sa

from survey.areas import borough_names
from survey.conflicts import StoreConflict
from survey.framework import Framework
from survey.parsed import ROUND_LABEL, ROUND_LABEL_HELP
from survey.reading import read_survey
from survey.store import SurveyStore
from survey.tables import (
    CANCEL, CLOSE, COMMENT_LENGTH, OPEN, assessment_answers_table, assessment_responses_table, collections_table,
)
from survey.template import upload_csv
from survey.versions import SavedRound

NOT_STARTED, IN_PROGRESS, SUBMITTED = "Not started", "In progress", "Submitted"
STATUSES = (SUBMITTED, IN_PROGRESS, NOT_STARTED)
DONT_KNOW = "Don't know"
ONLINE_SOURCE = "answers collected online"


@dataclass(frozen=True)
class Collection:
    """A round collected in the dashboard."""

    label: str
    framework_sha256: str
    opens: date
    closes: date
    opened_by: str
    closed_by: str | None

    @property
    def is_open(self) -> bool:
        return self.closed_by is None


@dataclass(frozen=True)
class Draft:
    """One person's response: its answers so far (question id -> level 1-5, or None for "Don't know")."""

    id: int
    collection: str
    email: str
    ons_code: str
    submitted: bool
    answers: dict[str, int | None]
    comments: dict[str, str]


class Assessments:
    """Open, answer, follow and close rounds collected in the dashboard, in ``store``'s database."""

    def __init__(self, store: SurveyStore) -> None:
        self.store = store
        self.engine = store.engine

    # --- the office ------------------------------------------------------------------------

    def open_round(self, label: str, *, closes: date, framework: Framework, actor: str,
                   opens: date | None = None) -> Collection:
        """Open a round for answers until ``closes`` (inclusive), asking ``framework``'s questions."""
        label = label.strip()
        if not ROUND_LABEL.match(label):
            raise StoreConflict(f"'{label}' is not a round label: {ROUND_LABEL_HELP}.")
        opens = opens or datetime.now(UTC).date()
        if closes < opens:
            raise StoreConflict(f"The closing date {closes:%d %B %Y} is before the opening date {opens:%d %B %Y}.")
        now = datetime.now(UTC)
        with self.engine.begin() as conn:
            if conn.execute(sa.select(collections_table.c.label).where(collections_table.c.label == label)).first():
                raise StoreConflict(f"Round '{label}' has already been opened for answers.")
            sha = SurveyStore.keep_framework(conn, framework, now)
            conn.execute(collections_table.insert().values(label=label, framework_sha256=sha, opens=opens, closes=closes,
                                                           opened_by=actor, opened_at=now))
            SurveyStore.write_audit(conn, actor, OPEN, label, None, None,
                                    f"open for answers {opens:%Y-%m-%d} to {closes:%Y-%m-%d}; framework {framework.version}")
        return self.collection(label)

    def close_round(self, label: str, *, actor: str, combine: bool = False) -> SavedRound:
        """Stop answers and store the submitted responses as a provisional version of the round.

        Raises
        ------
        StoreConflict
            When the round is not open, nobody has submitted, or the round is already stored
            (from an upload) and ``combine`` is false.
        """
        collection = self.collection(label)
        if not collection.is_open:
            raise StoreConflict(f"Round '{label}' is already closed.")
        framework = self.store.framework(collection.framework_sha256)
        submitted = self._submitted_rows(label)
        if not submitted:
            raise StoreConflict(f"Nobody has submitted an answer to round '{label}' yet: there is nothing to store.")
        stored = label in set(self.store.rounds()["round"])
        if stored and not combine:
            raise StoreConflict(f"Round '{label}' is already stored (from an uploaded file). Close it with 'combine' to "
                                "add the answers collected online to that version, or open the collection under "
                                "another label.")
        rows = submitted + (self._stored_rows(label) if stored else [])
        data = upload_csv(rows, framework).encode("utf-8")
        parsed = read_survey(data, framework, round_label=label)
        if not parsed.ok:  # answers are checked as they are given, so this means a framework change: say so
            raise StoreConflict(f"The answers to round '{label}' do not pass the upload checks: "
                                f"{parsed.errors[0].message}")
        def close(conn: sa.Connection, version: int) -> None:  # in the save's transaction: stored and closed, or neither
            conn.execute(collections_table.update().where(collections_table.c.label == label)
                         .values(closed_by=actor, closed_at=datetime.now(UTC)))
            self._pseudonymise_drafts(conn, label)
            SurveyStore.write_audit(conn, actor, CLOSE, label, None, version,
                                    f"{len(submitted)} submitted responses" + ("; combined with the upload" if stored else ""))

        return self.store.save_round(parsed, framework=framework, source_name=f"{label}: {ONLINE_SOURCE}.csv",
                                     source_bytes=data, uploader=actor, replace=stored, also=close)

    def cancel_round(self, label: str, *, actor: str) -> int:
        """Withdraw a round opened by mistake: its drafts, answers and comments are discarded, nothing is stored,
        and the label may be opened again. Audited (how many responses were discarded, not what they said).
        Returns how many responses were discarded.

        Raises
        ------
        StoreConflict
            When the round was not opened, or is closed (its answers are a stored round: delete that instead).
        """
        if not self.collection(label).is_open:
            raise StoreConflict(f"Round '{label}' is closed: its answers are stored as a round, which can be deleted "
                                "on Upload data.")
        with self.engine.begin() as conn:
            self._require_open(conn, label)
            discarded = conn.execute(assessment_responses_table.delete()
                                     .where(assessment_responses_table.c.collection == label)).rowcount
            conn.execute(collections_table.delete().where(collections_table.c.label == label))
            SurveyStore.write_audit(conn, actor, CANCEL, label, None, None,
                                    f"collection cancelled; {discarded} response(s) discarded unstored")
        return discarded

    def collection(self, label: str) -> Collection:
        with self.store.reading() as conn:
            row = conn.execute(sa.select(collections_table).where(collections_table.c.label == label)).first()
        if row is None:
            raise StoreConflict(f"No round '{label}' has been opened for answers.")
        return Collection(row.label, row.framework_sha256, row.opens, row.closes, row.opened_by, row.closed_by)

    def collections(self) -> list[Collection]:
        """Every collection, most recently opened first."""
        with self.store.reading() as conn:
            rows = conn.execute(sa.select(collections_table).order_by(collections_table.c.opened_at.desc())).all()
        return [Collection(r.label, r.framework_sha256, r.opens, r.closes, r.opened_by, r.closed_by) for r in rows]

    def open_collections(self, today: date | None = None) -> list[Collection]:
        """The collections taking answers today: opened, not closed, between their dates."""
        today = today or datetime.now(UTC).date()
        return [c for c in self.collections() if c.is_open and c.opens <= today <= c.closes]

    def completion(self, label: str) -> pd.DataFrame:
        """Every borough's status in a collection.

        Returns
        -------
        DataFrame, one row per borough (33), in name order
            ons_code, name, status (Submitted, In progress or Not started), submitted (respondents
            who submitted), in_progress (drafts not yet submitted).
        """
        self.collection(label)
        with self.store.reading() as conn:
            rows = conn.execute(sa.select(assessment_responses_table.c.ons_code, assessment_responses_table.c.submitted)
                                .where(assessment_responses_table.c.collection == label)).all()
        names = borough_names()
        table = pd.DataFrame({"ons_code": list(names), "name": list(names.values())})
        counts = pd.DataFrame(rows, columns=["ons_code", "submitted"]).astype({"submitted": bool})
        for column, rows_of in (("submitted", counts["submitted"]), ("in_progress", ~counts["submitted"])):
            table[column] = table["ons_code"].map(counts.loc[rows_of, "ons_code"].value_counts()).fillna(0).astype(int)
        table["status"] = [SUBMITTED if s else IN_PROGRESS if p else NOT_STARTED
                           for s, p in zip(table["submitted"], table["in_progress"])]
        return table.sort_values("name", kind="stable").reset_index(drop=True)[
            ["ons_code", "name", "status", "submitted", "in_progress"]]

    # --- a member --------------------------------------------------------------------------

    def draft(self, label: str, email: str, ons_code: str) -> Draft:
        """This person's response to an open collection, started (empty) on first use."""
        collection = self.collection(label)
        with self.engine.begin() as conn:
            row = self._response_row(conn, label, email)
            if row is None:
                if not collection.is_open:
                    raise StoreConflict(f"Round '{label}' is closed: it no longer takes answers.")
                now = datetime.now(UTC)
                row = conn.execute(assessment_responses_table.insert().returning(assessment_responses_table).values(
                    collection=label, email=email, ons_code=ons_code, submitted=False, started_at=now, updated_at=now)).one()
            answers = conn.execute(sa.select(assessment_answers_table).where(
                assessment_answers_table.c.response_id == row.id)).all()
        return Draft(row.id, label, email, row.ons_code, bool(row.submitted),
                     {a.question_id: a.value for a in answers}, {a.question_id: a.comment for a in answers if a.comment})

    def answer(self, draft: Draft, question_id: str, value: int | None, comment: str = "") -> None:
        """Save one answer of a draft at once (a level 1-5, or None for "Don't know")."""
        if value is not None and not (isinstance(value, int) and 1 <= value <= 5):
            raise StoreConflict(f"An answer is a level from 1 to 5 or \"{DONT_KNOW}\", not {value!r}.")
        comment = comment.strip()
        if len(comment) > COMMENT_LENGTH:
            raise StoreConflict(f"A comment is at most {COMMENT_LENGTH} characters; this one is {len(comment)}.")
        with self.engine.begin() as conn:
            self._require_editable(conn, draft)
            conn.execute(assessment_answers_table.delete().where(
                (assessment_answers_table.c.response_id == draft.id) & (assessment_answers_table.c.question_id == question_id)))
            conn.execute(assessment_answers_table.insert().values(response_id=draft.id, question_id=question_id,
                                                                  value=value, comment=comment))
            conn.execute(assessment_responses_table.update().where(assessment_responses_table.c.id == draft.id)
                         .values(updated_at=datetime.now(UTC)))

    def submit(self, draft: Draft) -> None:
        with self.engine.begin() as conn:
            self._require_editable(conn, draft)
            now = datetime.now(UTC)
            conn.execute(assessment_responses_table.update().where(assessment_responses_table.c.id == draft.id)
                         .values(submitted=True, submitted_at=now, updated_at=now))

    def reopen(self, draft: Draft) -> None:
        """Make a submitted response a draft again (only while the round is open)."""
        with self.engine.begin() as conn:
            self._require_open(conn, draft.collection)
            conn.execute(assessment_responses_table.update().where(assessment_responses_table.c.id == draft.id)
                         .values(submitted=False, submitted_at=None, updated_at=datetime.now(UTC)))

    # --- inside ----------------------------------------------------------------------------

    def _response_row(self, conn: sa.Connection, label: str, email: str) -> sa.Row[Any] | None:
        """A person's response: by their email while the round is open, by their pseudonym once it is closed."""
        who = {email, self.store.pseudonyms.stored_as(email)}
        return conn.execute(sa.select(assessment_responses_table).where(
            (assessment_responses_table.c.collection == label) & assessment_responses_table.c.email.in_(who))).first()

    def _pseudonymise_drafts(self, conn: sa.Connection, label: str) -> None:
        """Replace each email of a collection by its pseudonym (on closing: the email is needed no more)."""
        emails = conn.execute(sa.select(assessment_responses_table.c.id, assessment_responses_table.c.email)
                              .where(assessment_responses_table.c.collection == label)).all()
        for response_id, email in emails:
            conn.execute(assessment_responses_table.update().where(assessment_responses_table.c.id == response_id)
                         .values(email=self.store.pseudonyms.stored_as(email)))

    @staticmethod
    def _require_open(conn: sa.Connection, label: str) -> None:
        closed = conn.execute(sa.select(collections_table.c.closed_by).where(collections_table.c.label == label)).scalar()
        if closed is not None:
            raise StoreConflict(f"Round '{label}' is closed: it no longer takes answers.")

    def _require_editable(self, conn: sa.Connection, draft: Draft) -> None:
        self._require_open(conn, draft.collection)
        submitted = conn.execute(sa.select(assessment_responses_table.c.submitted).where(
            assessment_responses_table.c.id == draft.id)).scalar()
        if submitted:
            raise StoreConflict("This response has been submitted: reopen it to change an answer.")

    def _submitted_rows(self, label: str) -> list[dict[str, object]]:
        """Upload-format rows (borough, respondent, one column per question) of the submitted responses."""
        with self.store.reading() as conn:
            responses = conn.execute(sa.select(assessment_responses_table).where(
                (assessment_responses_table.c.collection == label) & assessment_responses_table.c.submitted)
                .order_by(assessment_responses_table.c.ons_code, assessment_responses_table.c.email)).all()
            answers = conn.execute(sa.select(assessment_answers_table).where(
                assessment_answers_table.c.response_id.in_([r.id for r in responses]))).all()
        given: dict[int, dict[str, object]] = {}
        for a in answers:
            given.setdefault(a.response_id, {})[a.question_id] = DONT_KNOW if a.value is None else a.value
        return [{"borough": r.ons_code, "respondent": r.email, "role": "", **given.get(r.id, {})} for r in responses]

    def _stored_rows(self, label: str) -> list[dict[str, object]]:
        """The stored round's current answers as upload-format rows (for combining with online answers)."""
        answers = self.store.answers(label)
        rows = []
        for (code, respondent), group in answers.groupby(["ons_code", "respondent"], sort=True):
            rows.append({"borough": code, "respondent": respondent, "role": "",
                         **{q: int(v) if float(v).is_integer() else v for q, v in zip(group["question_id"], group["value"])}})
        return rows
