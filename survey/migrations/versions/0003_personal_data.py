"""Personal data kept to what the benchmark needs (issue 31): respondents as pseudonyms, each upload kept as
mapped (not as it arrived), deletion times for the retention period, and a table for originals kept a while.

What a store made before held is brought to the same standard as what is saved from now on:
- every respondent identifier that could name a person becomes its pseudonym (``survey.privacy``, under the
  key of the ``privacy.pseudonym_key_file`` setting, or the store's own), in the responses and in the drafts
  of closed online collections;
- each version's uploaded file (``source_bytes``, which held every column of the file: emails, names, IP
  addresses) is replaced by the file as mapped, written here from the version's stored answers as this
  revision defines it (CSV: round, borough as its ONS code, respondent as stored, role, then one column per
  question id in the answer set's order; answers as numbers, blank where not answered), with its SHA-256;
  the original's name, size and SHA-256 stay;
- a round deleted before deletion times were kept counts as deleted at the upgrade, so it is kept a whole
  retention period before it is purged.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import numpy as np
import sqlalchemy as sa
from alembic import op

if TYPE_CHECKING:
    from survey.privacy import Pseudonyms

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _pseudonyms() -> Pseudonyms:
    from survey.privacy import Pseudonyms, load_or_create_key
    from survey.settings import load_settings

    config = op.get_context().config
    given = config.attributes.get("pseudonyms") if config is not None else None
    return given or Pseudonyms(load_or_create_key(load_settings().path("privacy.pseudonym_key_file")))


def _kept_file(label: str, people: list[tuple], questions: list[str], matrix: np.ndarray) -> bytes:
    """``people``: (ons_code, respondent, role) in file-row order, the rows of ``matrix``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["round", "borough", "respondent", "role", *questions])
    for (code, respondent, role), values in zip(people, matrix):
        writer.writerow([label, code, "" if respondent.startswith("(no name) row ") else respondent, role,
                         *("" if np.isnan(v) else f"{v:g}" for v in values)])
    return out.getvalue().encode("utf-8")


def upgrade() -> None:
    bind = op.get_bind()
    now = datetime.now(UTC)
    pseudonyms = _pseudonyms()

    with op.batch_alter_table("rounds") as rounds:
        rounds.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
    bind.execute(sa.text("UPDATE rounds SET deleted_at = :now WHERE deleted"), {"now": now})

    op.create_table(
        "original_files",
        sa.Column("version_id", sa.Integer, sa.ForeignKey("round_versions.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False))

    for (respondent,) in bind.execute(sa.text("SELECT DISTINCT respondent FROM responses")).all():
        stored = pseudonyms.stored_as(respondent)  # "(no name) row 7" and codes stay as they are
        if stored != respondent:
            bind.execute(sa.text("UPDATE responses SET respondent = :new WHERE respondent = :old"),
                         {"new": stored, "old": respondent})
    closed_drafts = bind.execute(sa.text(
        "SELECT r.id, r.email FROM assessment_responses r JOIN collections c ON c.label = r.collection "
        "WHERE c.closed_at IS NOT NULL")).all()
    for draft_id, email in closed_drafts:
        bind.execute(sa.text("UPDATE assessment_responses SET email = :new WHERE id = :id"),
                     {"new": pseudonyms.stored_as(email), "id": draft_id})

    with op.batch_alter_table("round_versions") as versions:
        versions.add_column(sa.Column("kept_file", sa.LargeBinary, nullable=True))
        versions.add_column(sa.Column("kept_sha256", sa.String(64), nullable=False, server_default=""))
    for version_id, label in bind.execute(sa.text("SELECT id, round_label FROM round_versions")).all():
        people = bind.execute(sa.text("SELECT ons_code, respondent, role FROM responses WHERE version_id = :v "
                                      "ORDER BY source_row"), {"v": version_id}).all()
        kept_set = bind.execute(sa.text("SELECT questions, matrix FROM answer_sets WHERE version_id = :v"),
                                {"v": version_id}).first()
        questions = json.loads(kept_set.questions) if kept_set else []
        matrix = np.frombuffer(kept_set.matrix if kept_set else b"", dtype="<f8").reshape(len(people), len(questions))
        kept = _kept_file(label, [tuple(p) for p in people], questions, matrix)
        bind.execute(sa.text("UPDATE round_versions SET kept_file = :kept, kept_sha256 = :sha WHERE id = :v"),
                     {"kept": kept, "sha": hashlib.sha256(kept).hexdigest(), "v": version_id})
    with op.batch_alter_table("round_versions") as versions:
        versions.drop_column("source_bytes")
