"""A version's answers kept as one matrix (answer_sets, commit 8c16ca0), not a row per answer: each version's
rows are moved into its set, then the answers table is dropped.

The set is written here as it was defined at this revision (a row per response in file-row order, a
column per question id in sorted order, float64 little-endian, NaN where not answered), not through
survey.answer_sets, so that a later change of the format comes with a migration of its own.
"""

from __future__ import annotations

import json
from collections import defaultdict

import numpy as np
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    answer_sets = op.create_table(
        "answer_sets",
        sa.Column("version_id", sa.Integer, sa.ForeignKey("round_versions.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("questions", sa.Text, nullable=False),
        sa.Column("matrix", sa.LargeBinary, nullable=False))
    bind = op.get_bind()
    file_rows: dict[int, list[int]] = defaultdict(list)
    for version_id, source_row in bind.execute(sa.text("SELECT version_id, source_row FROM responses")):
        file_rows[version_id].append(source_row)
    given: dict[int, list[tuple[int, str, float]]] = defaultdict(list)
    for version_id, source_row, question_id, value in bind.execute(sa.text(
            "SELECT r.version_id, r.source_row, a.question_id, a.value FROM answers a JOIN responses r ON r.id = a.response_id")):
        given[version_id].append((source_row, question_id, value))
    sets = []
    for version_id, rows in file_rows.items():
        position = {row: i for i, row in enumerate(sorted(rows))}
        questions = sorted({question_id for _, question_id, _ in given[version_id]})
        column = {question_id: j for j, question_id in enumerate(questions)}
        matrix = np.full((len(rows), len(questions)), np.nan, dtype="<f8")
        for source_row, question_id, value in given[version_id]:
            matrix[position[source_row], column[question_id]] = value
        sets.append({"version_id": version_id, "questions": json.dumps(questions), "matrix": matrix.tobytes()})
    if sets:
        op.bulk_insert(answer_sets, sets)
    op.drop_table("answers")
