"""Data from elsewhere and the attribution line each needs (``data/sources.yaml``, with the active area set's own)."""

from __future__ import annotations

from functools import lru_cache

from survey.area_sets import AreaSet, active_area_set
from survey.areas import DATA_DIR
from survey.yaml_text import load_yaml


def load_sources() -> dict[str, dict[str, str]]:
    """Source id -> title, publisher, licence, attribution: the bundled sources in the active area set's words, where
    the set names its own boundaries, context or neighbours, theirs instead."""
    return _sources(active_area_set())


@lru_cache(maxsize=4)
def _sources(area_set: AreaSet) -> dict[str, dict[str, str]]:
    bundled = load_yaml(area_set.in_own_words((DATA_DIR / "sources.yaml").read_text(encoding="utf-8")))
    return bundled | {source_id: dict(source) for source_id, source in area_set.sources.items()}


def attribution(source_id: str) -> str:
    """The line to show beside anything drawn from that source."""
    return load_sources()[source_id]["attribution"]
