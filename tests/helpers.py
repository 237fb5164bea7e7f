"""Helpers the tests share: hand-made answer tables, reading AppTest metrics, finding Chromium."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from survey.framework import Framework

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))


def require_chromium(purpose: str) -> Path:
    """Chromium's path; skip where it is missing, or fail when REQUIRE_BROWSER=1 (as in CI)."""
    if not CHROMIUM.exists():
        reason = f"Chromium not found at {CHROMIUM} (install Debian's 'chromium' package): {purpose}"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(reason + "; REQUIRE_BROWSER=1 makes these tests required")
        pytest.skip(reason)
    return CHROMIUM


def metrics(at) -> dict[str, str]:
    """Every ``st.metric`` on an AppTest page, label → value."""
    return {m.label: m.value for m in at.metric}


def uniform_answers(framework: Framework, respondents: dict[str, list[dict[str, float] | float]]) -> pd.DataFrame:
    """Long answers from {ons_code: [respondent, ...]}; a respondent is a value for every
    question, or a dict {"*": default, question_id: value or None (not answered)}."""
    rows = []
    for code, people in respondents.items():
        for r, person in enumerate(people, start=1):
            spec = person if isinstance(person, dict) else {"*": person}
            for question in framework.question_ids:
                value = spec.get(question, spec.get("*"))
                if value is not None:
                    rows.append((code, f"r{r}", question, float(value)))
    return pd.DataFrame(rows, columns=["ons_code", "respondent", "question_id", "value"])


def dimension_answers(framework: Framework, code: str, levels: dict[str, float], default: float) -> dict[str, float]:
    """One respondent answering every question of a dimension with that dimension's value."""
    spec: dict[str, float] = {"*": default}
    for dimension_id, value in levels.items():
        for question in framework.dimension(dimension_id).questions:
            spec[question.id] = value
    return spec
