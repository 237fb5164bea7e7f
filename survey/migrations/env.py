"""Alembic's environment: the store's tables and connection.

The store runs the migrations itself (survey/schema.py), passing its connection, already inside the
locked transaction every step must share. Run by the ``alembic`` command (``revision --autogenerate``,
``check``: docs/architecture.md), it opens the store named by the settings.
"""

import sqlalchemy as sa
from alembic import context

from survey.engine import store_engine
from survey.settings import load_settings
from survey.tables import metadata


def run_migrations(connection: sa.Connection) -> None:
    # Batch mode: SQLite alters a table by making it anew and copying the rows (survey/schema.py makes that safe).
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


given = context.config.attributes.get("connection")
if given is not None:
    run_migrations(given)
else:
    with store_engine(load_settings().database_url).begin() as connection:
        run_migrations(connection)
