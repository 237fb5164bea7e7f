"""A store keeps the rounds of one area set (issue 37): the set's key and title, in a table of one row.

Every store made before area sets holds London's rounds, the only set there was, so it is recorded as London's.
Opening a store with another set active is refused (``survey.store_areas``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    area_set = op.create_table(
        "area_set",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False))
    op.bulk_insert(area_set, [{"key": "london", "title": "London"}])
