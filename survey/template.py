"""The upload template and an example file, generated from the framework and the area set (never by hand)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence

from survey.area_sets import AreaSet, active_area_set
from survey.framework import Framework

META = ["round", "respondent", "role"]  # after the area's column, named by the set's noun ("borough")


def template_csv(framework: Framework, area_set: AreaSet | None = None) -> str:
    """The header row of a survey file: the area column (the set's noun: "borough", "council"), the other
    metadata columns, then every question id in order (default set: the active one)."""
    area_set = area_set or active_area_set()
    return _write([[area_set.noun, *META, *framework.question_ids]])


def example_csv(framework: Framework, round_label: str = "2026", area_set: AreaSet | None = None) -> str:
    """A small filled-in example showing the accepted forms of answer (illustrative, not real): two respondents of
    the set's example area by name, one of its last area by ONS code."""
    area_set = area_set or active_area_set()
    questions = framework.question_ids
    levels = framework.level_names
    example, last = area_set.example, area_set.areas[-1]

    def answers(start: int) -> list[str]:
        cycle = [str((start + i) % 5 + 1) for i in range(len(questions))]
        cycle[1] = levels[(start + 2) % 5]  # a level name instead of a number
        cycle[2] = "Don't know"  # no answer
        return cycle

    rows = [
        [area_set.noun, *META, *questions],
        [example.name, round_label, f"{_slug(example.name)}-cdo", "Chief Digital Officer", *answers(1)],
        [example.name, round_label, f"{_slug(example.name)}-data", "Head of Data", *answers(2)],
        [last.ons_code, round_label, f"{_slug(last.name)}-1", "Head of IT", *answers(3)],
    ]
    return _write(rows)


def upload_csv(rows: list[dict[str, object]], framework: Framework) -> str:
    """Rows (column name -> value) as an upload file: the template's columns but the round, which is given
    with the upload; unanswered questions blank. Answers collected online are stored through it."""
    header = ["borough", "respondent", "role", *framework.question_ids]
    return _write([header, *([row.get(column, "") for column in header] for row in rows)])


def _slug(name: str) -> str:
    """"Barking and Dagenham" -> "barking-and-dagenham": a respondent's made-up name."""
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")


def _write(rows: Sequence[Sequence[object]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()
