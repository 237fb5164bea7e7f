"""Builders for hand-made answer tables."""

from __future__ import annotations

import pandas as pd

from survey.framework import Framework


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
