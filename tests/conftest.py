"""Shared fixtures: the real framework, a throw-away store, hand-written survey files."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from survey.framework import Framework, load_framework  # noqa: E402
from survey.store import SurveyStore  # noqa: E402

FIXTURES = Path(__file__).with_name("fixtures")


@pytest.fixture(scope="session")
def framework() -> Framework:
    return load_framework()


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.sqlite'}"


@pytest.fixture
def store(database_url: str) -> SurveyStore:
    return SurveyStore(database_url)


def survey_csv(framework: Framework, rows: list[dict[str, object]], extra_columns: tuple[str, ...] = ()) -> bytes:
    """A CSV in the upload format: every question column present, unspecified answers blank."""
    header = ["borough", "respondent", *extra_columns, *framework.question_ids]
    lines = [",".join(header)]
    for row in rows:
        lines.append(",".join(str(row.get(column, "")) for column in header))
    return ("\n".join(lines) + "\n").encode()
