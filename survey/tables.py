"""The store's tables, declared once: the schema every Alembic revision in survey/migrations leads to.

``tests/test_migrations.py`` runs the revisions from an empty database and fails until they make exactly
these tables, so a change here comes with a revision (docs/architecture.md, "Migrations"). Revisions never
import this module: they describe the tables as they were, this module as they are.
"""

from __future__ import annotations

import sqlalchemy as sa

from survey.parsed import FIELD_LENGTHS, ROUND_LABEL_LENGTH

PUBLISHED, PROVISIONAL = "published", "provisional"
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

# A version's answers as one matrix, written and read in one piece (the format, and why: survey/answer_sets.py).
answer_sets_table = sa.Table(
    "answer_sets",
    metadata,
    sa.Column("version_id", sa.Integer, sa.ForeignKey("round_versions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("questions", sa.Text, nullable=False),
    sa.Column("matrix", sa.LargeBinary, nullable=False),
)

# The area set whose rounds the store keeps (one row): opening it with another set active is refused
# (survey.store_areas), so one set's rounds are never read as another's.
area_set_table = sa.Table(
    "area_set",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("title", sa.String(200), nullable=False),
)
