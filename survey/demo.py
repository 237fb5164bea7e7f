"""The bundled SYNTHETIC demo rounds, loaded into an empty store so the dashboard has data."""

from __future__ import annotations

from pathlib import Path

from survey.framework import Framework
from survey.reading import SurveyFileError, read_survey
from survey.store import RoundExistsError, SurveyStore

DEMO_DIR = Path(__file__).resolve().parents[1] / "data" / "demo"


def demo_files() -> list[Path]:
    return sorted(DEMO_DIR.glob("survey_*.csv"))


def load_demo_rounds(store: SurveyStore, framework: Framework) -> list[str]:
    """Store each demo round marked synthetic, if the store has no rounds yet.

    Returns the labels stored (none when the store already had data).
    """
    if not store.is_empty():
        return []
    stored = []
    for path in demo_files():
        data = path.read_bytes()
        parsed = read_survey(data, framework)
        if not parsed.ok or parsed.round_label is None:
            raise SurveyFileError(parsed.errors)
        try:
            store.save_round(parsed, framework=framework, source_name=path.name,
                             source_bytes=data, uploader="demo loader", synthetic=True, publish=True)
        except RoundExistsError:
            continue  # another process loaded it at the same moment
        stored.append(parsed.round_label)
    return stored
