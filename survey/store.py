"""Where survey rounds live: any SQLAlchemy database, by default an embedded SQLite file.

``SurveyStore`` is the one object the rest of the code holds. It puts together the store's parts, each a
module of its own: the tables (``survey.tables``), the engine and its SQLite settings (``survey.engine``),
writing versions (``survey.versions``), reading rounds (``survey.round_queries``) and the answers' binary
format (``survey.answer_sets``); the schema's migrations are ``survey.schema``. What it holds itself is
what belongs to no round: results derived from a version, saved column mappings and the store's revision.

``DATABASE_URL`` chooses the database; without it the store is ``var/benchmark.sqlite``.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from survey.area_sets import AreaSet, active_area_set
from survey.conflicts import (
    ConcurrentSaveError, RoundExistsError, StoreAreaSetError, StoreConflict, StoreSchemaError, check_length,
)
from survey.engine import store_engine
from survey.privacy import Pseudonyms, load_or_create_key
from survey.round_queries import RoundQueries, round_order
from survey.schema import prepare_schema
from survey.settings import load_settings
from survey.store_areas import bind_area_set
from survey.tables import (
    DERIVED_KEY_LENGTH, PROVISIONAL, PUBLISHED, RESTORE, audit_table, derived_table, mappings_table, metadata,
    rounds_table, versions_table,
)
from survey.versions import RoundVersions

# The names the rest of the code imports from here, wherever they are defined.
__all__ = [
    "PROVISIONAL", "PUBLISHED", "RESTORE", "ConcurrentSaveError", "RoundExistsError", "StoreAreaSetError", "StoreConflict",
    "StoreSchemaError", "SurveyStore", "metadata", "round_order", "store_engine",
]


class SurveyStore(RoundVersions, RoundQueries):
    """Survey rounds in a SQL database (SQLite or PostgreSQL).

    Parameters
    ----------
    url : str, optional
        The database (default: the ``storage.database_url`` setting). An empty database gets its tables; a
        store made by an earlier version is brought up to date when ``upgrade`` (default: the
        ``storage.auto_upgrade`` setting), else refused (``StoreSchemaError``), as is one made by a newer
        version (survey/schema.py).
    pseudonyms : Pseudonyms, optional
        How respondent identifiers are kept (default: with the key the ``privacy.pseudonym_key_file``
        setting names, made on first use).
    area_set : AreaSet, optional
        The area set whose rounds the store keeps (default: the active one): recorded in a new store; a store
        that keeps another set's rounds is refused (``StoreAreaSetError``, survey/store_areas.py).
    """

    def __init__(self, url: str | None = None, pseudonyms: Pseudonyms | None = None, *,
                 upgrade: bool | None = None, area_set: AreaSet | None = None) -> None:
        if url is None or pseudonyms is None or upgrade is None:
            settings = load_settings()
            url = url or settings.database_url
            pseudonyms = pseudonyms or Pseudonyms(load_or_create_key(settings.path("privacy.pseudonym_key_file")))
            upgrade = bool(settings["storage.auto_upgrade"]) if upgrade is None else upgrade
        self.url = url
        self.pseudonyms = pseudonyms
        self.engine = store_engine(self.url)
        self.commits = 0  # transactions committed through this object: what a kept ``revision`` must be checked against
        sa.event.listen(self.engine, "commit", self._count_commit)
        prepare_schema(self.engine, upgrade=upgrade, pseudonyms=self.pseudonyms)
        self.area_set = area_set or active_area_set()
        bind_area_set(self.engine, self.area_set)

    def _count_commit(self, _connection: sa.Connection) -> None:
        self.commits += 1

    def derived(self, label: str, version: int, kind: str, key: str) -> str | None:
        """What was kept for a version of a round under ``kind`` and ``key`` (``keep_derived``); None if nothing."""
        query = (sa.select(derived_table.c.content)
                 .select_from(derived_table.join(versions_table, versions_table.c.id == derived_table.c.version_id))
                 .where((versions_table.c.round_label == label) & (versions_table.c.version == version)
                        & (derived_table.c.kind == kind) & (derived_table.c.key == key)))
        with self.reading() as conn:
            return conn.execute(query).scalar()

    def keep_derived(self, label: str, version: int, kind: str, key: str, content: str) -> None:
        """Keep a result derived from a version's answers. Not audited: it changes no stored round, and
        whoever derives the same result first keeps it (a second keeper finds it there and stops)."""
        check_length("derived key", key, DERIVED_KEY_LENGTH)
        with self.engine.begin() as conn:
            version_id = conn.execute(sa.select(versions_table.c.id).where(
                (versions_table.c.round_label == label) & (versions_table.c.version == version))).scalar()
            if version_id is None:
                raise StoreConflict(f"Round '{label}' has no version {version}.")
            kept = conn.execute(sa.select(derived_table.c.kind).where(
                (derived_table.c.version_id == version_id) & (derived_table.c.kind == kind)
                & (derived_table.c.key == key))).first()
            if kept is None:
                try:
                    with conn.begin_nested():
                        conn.execute(derived_table.insert().values(version_id=version_id, kind=kind, key=key,
                                                                   content=content, saved_at=datetime.now(UTC)))
                except IntegrityError:
                    pass  # kept by another process between the check and the insert: the same result

    def revision(self) -> str:
        """A short token that changes whenever stored data changes (a cache key)."""
        with self.reading() as conn:
            versions = conn.execute(sa.select(versions_table.c.id, versions_table.c.status).order_by(versions_table.c.id)).all()
            currents = conn.execute(sa.select(rounds_table.c.label, rounds_table.c.current_version, rounds_table.c.deleted)
                                    .order_by(rounds_table.c.label)).all()
            # Every change is audited: an erasure changes a version's answers without changing the above.
            changes = conn.execute(sa.select(sa.func.max(audit_table.c.id))).scalar()
        return hashlib.sha256(repr((versions, currents, changes)).encode()).hexdigest()[:16]

    def save_mapping(self, name: str, content: dict[str, str], *, actor: str) -> None:
        """Keep a confirmed column mapping under ``name`` (replacing one of the same name)."""
        name = name.strip()
        if not name or len(name) > 64:
            raise StoreConflict("A mapping's name is 1 to 64 characters.")
        with self.engine.begin() as conn:
            conn.execute(mappings_table.delete().where(mappings_table.c.name == name))
            conn.execute(mappings_table.insert().values(name=name, content=json.dumps(content, ensure_ascii=False),
                                                        saved_by=actor, saved_at=datetime.now(UTC)))

    def mapping(self, name: str) -> dict[str, str]:
        """A saved column mapping (file column header → target)."""
        with self.reading() as conn:
            content = conn.execute(sa.select(mappings_table.c.content).where(mappings_table.c.name == name)).scalar()
        if content is None:
            known = ", ".join(self.mapping_names()) or "none yet"
            raise StoreConflict(f"No column mapping is saved as '{name}' (saved: {known}).")
        return json.loads(content)

    def mapping_names(self) -> list[str]:
        with self.reading() as conn:
            return list(conn.execute(sa.select(mappings_table.c.name).order_by(mappings_table.c.name)).scalars())
