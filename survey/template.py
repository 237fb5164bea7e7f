"""The upload template and an example file, generated from the framework (never by hand)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from survey.framework import Framework

META = ["borough", "round", "respondent", "role"]


def template_csv(framework: Framework) -> str:
    """The header row of a survey file: metadata columns, then every question id in order."""
    return _write([[*META, *framework.question_ids]])


def example_csv(framework: Framework, round_label: str = "2026") -> str:
    """A small filled-in example showing the accepted forms of answer (illustrative, not real)."""
    questions = framework.question_ids
    levels = framework.level_names

    def answers(start: int) -> list[str]:
        cycle = [str((start + i) % 5 + 1) for i in range(len(questions))]
        cycle[1] = levels[(start + 2) % 5]  # a level name instead of a number
        cycle[2] = "Don't know"  # no answer
        return cycle

    rows = [
        [*META, *questions],
        ["Camden", round_label, "camden-cdo", "Chief Digital Officer", *answers(1)],
        ["Camden", round_label, "camden-data", "Head of Data", *answers(2)],
        ["E09000033", round_label, "westminster-1", "Head of IT", *answers(3)],
    ]
    return _write(rows)


def upload_csv(rows: list[dict[str, object]], framework: Framework) -> str:
    """Rows (column name -> value) as an upload file: the template's columns but the round, which is given
    with the upload; unanswered questions blank. Answers collected online are stored through it."""
    header = ["borough", "respondent", "role", *framework.question_ids]
    return _write([header, *([row.get(column, "") for column in header] for row in rows)])


def _write(rows: Sequence[Sequence[object]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()
