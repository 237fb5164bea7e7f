"""The first released schema (commit 405a5fa, docs/architecture.md): rounds and their versions, responses,
answers a row each, the audit, column mappings, frameworks, online collections and derived results.

On a store made before migrations this adopts what is there: development versions before the release
made their tables as they were first needed, so the tables a store lacks are made; a table lacking one
of this schema's columns (made before rounds could be deleted and versions published) cannot be.
The tables are written out as released, not taken from survey.tables, whose tables are today's.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from survey.conflicts import StoreSchemaError

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _released_tables() -> list[tuple[str, list[sa.schema.SchemaItem]]]:
    """Each table of the first release with its columns and constraints, parents before children."""
    when = sa.DateTime(timezone=True)
    return [
        ("rounds", [
            sa.Column("label", sa.String(32), primary_key=True),
            sa.Column("current_version", sa.Integer, nullable=False),
            sa.Column("created_at", when, nullable=False),
            sa.Column("deleted", sa.Boolean, nullable=False)]),
        ("round_versions", [
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("round_label", sa.String(32), sa.ForeignKey("rounds.label", ondelete="CASCADE"), nullable=False),
            sa.Column("version", sa.Integer, nullable=False),
            sa.Column("status", sa.String(16), nullable=False),
            sa.Column("framework_version", sa.String(32), nullable=False),
            sa.Column("synthetic", sa.Boolean, nullable=False),
            sa.Column("saved_at", when, nullable=False),
            sa.Column("uploader", sa.String(200), nullable=False),
            sa.Column("source_name", sa.String(500), nullable=False),
            sa.Column("source_size", sa.Integer, nullable=False),
            sa.Column("source_sha256", sa.String(64), nullable=False),
            sa.Column("source_bytes", sa.LargeBinary, nullable=True),
            sa.UniqueConstraint("round_label", "version", name="uq_round_version")]),
        ("responses", [
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("version_id", sa.Integer, sa.ForeignKey("round_versions.id", ondelete="CASCADE"), nullable=False,
                      index=True),
            sa.Column("ons_code", sa.String(9), nullable=False),
            sa.Column("respondent", sa.String(200), nullable=False),
            sa.Column("role", sa.String(200), nullable=False),
            sa.Column("source_row", sa.Integer, nullable=False)]),
        ("answers", [
            sa.Column("response_id", sa.Integer, sa.ForeignKey("responses.id", ondelete="CASCADE"), primary_key=True),
            sa.Column("question_id", sa.String(64), primary_key=True),
            sa.Column("value", sa.Float, nullable=False)]),
        ("audit", [
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("at", when, nullable=False),
            sa.Column("actor", sa.String(200), nullable=False),
            sa.Column("action", sa.String(16), nullable=False),
            sa.Column("round_label", sa.String(32), nullable=False, index=True),
            sa.Column("version_before", sa.Integer, nullable=True),
            sa.Column("version_after", sa.Integer, nullable=True),
            sa.Column("detail", sa.String(500), nullable=False)]),
        ("column_mappings", [
            sa.Column("name", sa.String(64), primary_key=True),
            sa.Column("content", sa.Text, nullable=False),
            sa.Column("saved_by", sa.String(200), nullable=False),
            sa.Column("saved_at", when, nullable=False)]),
        ("frameworks", [
            sa.Column("sha256", sa.String(64), primary_key=True),
            sa.Column("version", sa.String(32), nullable=False),
            sa.Column("content", sa.Text, nullable=False),
            sa.Column("saved_at", when, nullable=False)]),
        ("round_version_frameworks", [
            sa.Column("version_id", sa.Integer, sa.ForeignKey("round_versions.id", ondelete="CASCADE"), primary_key=True),
            sa.Column("framework_sha256", sa.String(64), sa.ForeignKey("frameworks.sha256"), nullable=False)]),
        ("collections", [
            sa.Column("label", sa.String(32), primary_key=True),
            sa.Column("framework_sha256", sa.String(64), sa.ForeignKey("frameworks.sha256"), nullable=False),
            sa.Column("opens", sa.Date, nullable=False),
            sa.Column("closes", sa.Date, nullable=False),
            sa.Column("opened_by", sa.String(200), nullable=False),
            sa.Column("opened_at", when, nullable=False),
            sa.Column("closed_by", sa.String(200), nullable=True),
            sa.Column("closed_at", when, nullable=True)]),
        ("assessment_responses", [
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("collection", sa.String(32), sa.ForeignKey("collections.label", ondelete="CASCADE"), nullable=False),
            sa.Column("email", sa.String(200), nullable=False),
            sa.Column("ons_code", sa.String(9), nullable=False),
            sa.Column("submitted", sa.Boolean, nullable=False),
            sa.Column("started_at", when, nullable=False),
            sa.Column("updated_at", when, nullable=False),
            sa.Column("submitted_at", when, nullable=True),
            sa.UniqueConstraint("collection", "email", name="uq_collection_email")]),
        ("assessment_answers", [
            sa.Column("response_id", sa.Integer, sa.ForeignKey("assessment_responses.id", ondelete="CASCADE"),
                      primary_key=True),
            sa.Column("question_id", sa.String(64), primary_key=True),
            sa.Column("value", sa.Integer, nullable=True),
            sa.Column("comment", sa.String(1000), nullable=False)]),
        ("derived_results", [
            sa.Column("version_id", sa.Integer, sa.ForeignKey("round_versions.id", ondelete="CASCADE"), primary_key=True),
            sa.Column("kind", sa.String(32), primary_key=True),
            sa.Column("key", sa.String(160), primary_key=True),
            sa.Column("content", sa.Text, nullable=False),
            sa.Column("saved_at", when, nullable=False)]),
    ]


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    present = set(inspector.get_table_names())
    tables = _released_tables()
    lacking = [f"{name}.{item.name}" for name, items in tables if name in present
               for item in items if isinstance(item, sa.Column)
               and item.name not in {column["name"] for column in inspector.get_columns(name)}]
    if lacking:
        raise StoreSchemaError(f"This store was made by a development version from before the first release (it has no "
                               f"{', '.join(lacking)}), which cannot be upgraded. Load its rounds again, from their "
                               "files, into a new store.")
    for name, items in tables:
        if name not in present:
            op.create_table(name, *items)
