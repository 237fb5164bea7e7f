"""Data from elsewhere and the attribution line each needs (``data/sources.yaml``)."""

from __future__ import annotations

from functools import lru_cache

import yaml

from survey.areas import DATA_DIR


@lru_cache(maxsize=1)
def load_sources() -> dict[str, dict[str, str]]:
    """Source id -> title, publisher, licence, attribution."""
    return yaml.safe_load((DATA_DIR / "sources.yaml").read_text(encoding="utf-8"))


def attribution(source_id: str) -> str:
    """The line to show beside anything drawn from that source."""
    return load_sources()[source_id]["attribution"]
