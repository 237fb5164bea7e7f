"""What an upload contains, before it is saved: the preview and the summary of its problems."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from survey.area_sets import active_area_set
from survey.framework import Framework
from survey.reading import ParsedRound, Problem


def problem_kinds() -> dict[str, str]:
    """Each kind of problem, as the list of problems heads it (in the active area set's words)."""
    noun = active_area_set().noun
    return {
        "empty_file": "Empty file",
        "not_csv": "Not a CSV or Excel file",
        "bad_excel": "Excel file cannot be read",
        "bad_sheet": "Sheet not found",
        "too_large": "File too large",
        "too_many_rows": "Too many rows",
        "header_only": "Header but no responses",
        "missing_borough_column": f"No {noun} column",
        "no_questions": "No question columns",
        "duplicate_column": "Repeated column",
        "unknown_column": "Unknown column",
        "extra_values": "More values than columns",
        "unknown_borough": f"Unknown or ambiguous {noun}",
        "duplicate_respondent": "Duplicate respondent",
        "bad_answer": "Answer out of range or unreadable",
        "no_answers": "Response with no answers",
        "missing_round": "No round given",
        "bad_round": "Malformed round label",
        "mixed_rounds": "Several rounds in one file",
        "round_mismatch": "Round differs from the upload",
        "round_exists": "Round already stored",
    }


@dataclass(frozen=True)
class UploadPreview:
    round_label: str
    boroughs: list[str]  # ONS codes covered
    missing_boroughs: list[str]  # ONS codes with no response
    respondents: int
    completeness: pd.DataFrame  # dimension, name, answered (share of cells answered)
    level_name_answers: int
    no_answers: int


def preview(parsed: ParsedRound, framework: Framework) -> UploadPreview:
    """Summarise a valid upload: who is in it and how complete it is, per dimension."""
    covered = parsed.borough_codes
    cells = len(parsed.responses)
    per_question = parsed.answers.groupby("question_id").size()
    rows = []
    for dimension in framework.dimensions:
        answered = sum(int(per_question.get(q.id, 0)) for q in dimension.questions)
        rows.append((dimension.id, dimension.name, answered / (cells * len(dimension.questions)) if cells else 0.0))
    return UploadPreview(
        round_label=parsed.round_label or "",
        boroughs=covered,
        missing_boroughs=[b.ons_code for b in active_area_set().areas if b.ons_code not in covered],
        respondents=cells,
        completeness=pd.DataFrame(rows, columns=["dimension", "name", "answered"]),
        level_name_answers=parsed.level_name_answers,
        no_answers=parsed.no_answers,
    )


def problems_table(problems: list[Problem]) -> pd.DataFrame:
    """Every problem as a row: row, column, value, problem (kind), message."""
    kinds = problem_kinds()
    return pd.DataFrame(
        [(p.row, p.column, p.value, kinds.get(p.kind, p.kind), p.message) for p in problems],
        columns=["row", "column", "value", "problem", "message"],
    )


def problem_summary(problems: list[Problem]) -> pd.DataFrame:
    """How many problems of each kind, most frequent first."""
    table = problems_table(problems)
    return (table.groupby("problem").size().rename("count").sort_values(ascending=False, kind="stable")
            .reset_index())
