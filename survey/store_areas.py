"""Which area set a store's rounds belong to: recorded when the store is made, checked whenever it is opened.

A round's ONS codes mean something only within its set (a Greater Manchester round read as London's would show
ten councils as London boroughs with no answers), so a store keeps one set's rounds and refuses to be opened with
another set active, naming both.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from survey.area_sets import AreaSet
from survey.conflicts import StoreAreaSetError
from survey.engine import reading_connection
from survey.tables import area_set_table


def recorded_area_set(engine: sa.Engine) -> tuple[str, str] | None:
    """The (key, title) of the set whose rounds the store keeps; None for a store that has not recorded one yet."""
    with reading_connection(engine) as conn:
        row = conn.execute(sa.select(area_set_table.c.key, area_set_table.c.title)).first()
    return None if row is None else (row.key, row.title)


def bind_area_set(engine: sa.Engine, area_set: AreaSet) -> None:
    """Record ``area_set`` in a store that has none (a new store); refuse a store that keeps another set's rounds.

    Raises
    ------
    StoreAreaSetError
    """
    recorded = recorded_area_set(engine)
    if recorded is None:
        try:
            with engine.begin() as conn:
                conn.execute(area_set_table.insert().values(key=area_set.key, title=area_set.title))
            return
        except IntegrityError:  # another process opening the new store recorded its set first
            recorded = recorded_area_set(engine)
    key, title = recorded or (area_set.key, area_set.title)
    if key != area_set.key:
        raise StoreAreaSetError(
            f"This store keeps the rounds of {title} (area set '{key}'); the settings name {area_set.title} (area set "
            f"'{area_set.key}'). Name {title}'s set in areas.set (SURVEY_AREA_SET) to open it, or use another store for "
            f"{area_set.title}'s rounds (storage.database_url, DATABASE_URL).")
