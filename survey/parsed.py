"""What reading a survey file gives: the round's responses and answers, or every problem found, each with its
row, column and value; and the limits on what the store keeps, checked as the file is read, so that a file
that passes the checks always saves, on any database."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from survey.mapping import ColumnMapping

META_COLUMNS = ("borough", "round", "respondent", "role")
# The longest text the store keeps in each field (its column sizes are these numbers), checked
# when a file is read so that a file that passes the check always saves, on any database.
FIELD_LENGTHS = {"respondent": 200, "role": 200}
ROUND_LABEL_LENGTH = 32
ROUND_LABEL = re.compile(rf"^[A-Za-z0-9][A-Za-z0-9 ._/-]{{0,{ROUND_LABEL_LENGTH - 1}}}$")
ROUND_LABEL_HELP = (f"a round label is 1-{ROUND_LABEL_LENGTH} letters, digits, spaces or . _ / - "
                    "(for example 2025 or 2025-26)")
# How a response without a respondent's name is identified: "(no name) row 7". Named respondents
# may not start with it, so an unnamed response is never merged with a named one.
UNNAMED = "(no name) row "



class SurveyFileError(ValueError):
    """Raised by callers that need an exception for an invalid file; carries the problems."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the survey file")
        self.problems = problems


@dataclass(frozen=True)
class Problem:
    """One thing wrong (an error) or worth knowing (a warning) about an uploaded file."""

    row: int | None
    column: str | None
    value: str | None
    message: str
    kind: str

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "column": self.column, "value": self.value, "message": self.message, "kind": self.kind}

    def __str__(self) -> str:
        where = ", ".join(
            part for part in (f"row {self.row}" if self.row else "", f"column '{self.column}'" if self.column else "") if part
        )
        value = f" value {self.value!r}:" if self.value not in (None, "") else ""
        return f"{where or 'file'}:{value} {self.message}"


@dataclass
class ParsedRound:
    """A validated (or rejected) survey file.

    ``responses`` has one row per respondent: response_id, ons_code, respondent, role, source_row.
    ``answers`` is long: response_id, question_id, value (1-5), answered items only.
    """

    round_label: str | None
    responses: pd.DataFrame
    answers: pd.DataFrame
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    level_name_answers: int = 0
    no_answers: int = 0
    mapping: ColumnMapping | None = None  # how the file's columns were read
    sheet: str | None = None  # the workbook sheet read
    # The mapped columns as read (template headers, a row per response, cells as text): what is kept
    # of the file, never its other columns (``survey.privacy.mapped_file``).
    mapped: pd.DataFrame | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def borough_codes(self) -> list[str]:
        return sorted(self.responses["ons_code"].unique()) if len(self.responses) else []


def empty_round(label: str | None, errors: list[Problem]) -> ParsedRound:
    responses = pd.DataFrame(columns=["response_id", "ons_code", "respondent", "role", "source_row"])
    answers = pd.DataFrame(columns=["response_id", "question_id", "value"])
    return ParsedRound(label, responses, answers, errors=errors)


def file_problem(message: str, kind: str) -> list[Problem]:
    return [Problem(None, None, None, message, kind)]
