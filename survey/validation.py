"""Validate a table of survey answers against the framework: every problem collected, none raised.

Each problem carries the row as a spreadsheet numbers it (header = row 1), the column, the value and a
message that says how to fix it; only a round with no errors may be stored.
"""

from __future__ import annotations

import difflib
import re

import numpy as np
import pandas as pd

from survey.areas import BoroughMatcher
from survey.columns import strings_at
from survey.framework import Framework
from survey.parsed import (
    FIELD_LENGTHS, META_COLUMNS, ROUND_LABEL, ROUND_LABEL_HELP, UNNAMED, ParsedRound, Problem, empty_round,
)

# What ``parse_answer`` says of a cell.
ANSWER_NOTES = ("number", "level_name", "no_answer", "error")


def normalise_header(name: str) -> str:
    """'Leadership 1 ' -> 'leadership_1'; header case and spacing do not matter."""
    return re.sub(r"[\s\-]+", "_", str(name).strip().casefold())


def validate_table(
    table: pd.DataFrame,
    framework: Framework,
    round_label: str | None,
    matcher: BoroughMatcher,
    header_row: int = 1,
) -> ParsedRound:
    """Validate a table of strings (one row per response; index = spreadsheet row numbers)."""
    errors: list[Problem] = []
    warnings: list[Problem] = []

    table = table.copy()
    table.columns = [normalise_header(c) for c in table.columns]
    # Every distinct cell text is looked at once (a million cells hold a few thousand texts); the
    # table is then read off as arrays of their codes.
    text_codes, texts = pd.factorize(table.to_numpy(dtype=object).ravel(), use_na_sentinel=False)
    texts = [str(text).strip() for text in texts]
    text_codes = text_codes.reshape(table.shape)
    # Trailing empty columns and rows are what spreadsheets leave behind, not content.
    blank = np.array([text == "" for text in texts], dtype=bool)[text_codes]
    keep = [i for i, name in enumerate(table.columns) if name != "" or not blank[:, i].all()]
    rows = ~blank[:, keep].all(axis=1)  # no column kept: no row either
    table, text_codes = table.iloc[rows, keep], text_codes[np.ix_(rows, keep)]

    columns = list(table.columns)
    noun = matcher.area_set.noun  # the areas' column as the template heads it: a problem names it so
    if "borough" not in columns:
        errors.append(Problem(header_row, noun, None, f"There is no '{noun}' column: add one naming each row's {noun}.",
                              "missing_borough_column"))
    questions = [q for q in framework.question_ids if q in columns]
    if not questions and "borough" in columns:
        errors.append(Problem(header_row, None, None, "No question columns found: the header must use the framework's "
                              "question ids (see the template).", "no_questions"))
    if table.empty:
        errors.append(Problem(None, None, None, "The file has a header but no responses.", "header_only"))
    if errors:
        return empty_round(round_label, errors)

    # From here on problems are collected, not fatal, so the user sees them all at once.
    known = set(META_COLUMNS) | set(framework.question_ids)
    for name in columns:
        if name not in known:
            errors.append(Problem(header_row, name, name, _unknown_column_message(name, framework), "unknown_column"))
    label = _resolve_round(table, round_label, errors)

    # Every distinct answer text is parsed once; the answers are then read off as whole arrays.
    cells = text_codes[:, [columns.index(q) for q in questions]]
    codes, given = pd.factorize(cells.ravel())
    parsed_texts = [parse_answer(texts[code], framework) for code in given]
    value_of = np.array([float("nan") if value is None else value for value, _ in parsed_texts])
    note_of = np.array([ANSWER_NOTES.index(note) for _, note in parsed_texts], dtype=np.int8)
    values = value_of[codes].reshape(cells.shape)
    notes = note_of[codes].reshape(cells.shape)
    answered = ~np.isnan(values)
    any_answer = answered.any(axis=1)
    no_answers = int((notes == ANSWER_NOTES.index("no_answer")).sum())
    level_names = int((notes == ANSWER_NOTES.index("level_name")).sum())
    bad = notes == ANSWER_NOTES.index("error")

    has_respondent = "respondent" in columns
    boroughs = table["borough"].tolist()
    respondents = [r.strip() for r in table["respondent"].tolist()] if has_respondent else [""] * len(table)
    roles = [r.strip() for r in table["role"].tolist()] if "role" in columns else [""] * len(table)
    row_numbers = table.index.tolist()
    matches = {text: matcher.match(text) for text in set(boroughs)}
    ons_codes = [matches[text].ons_code for text in boroughs]
    # Each check looks at every row at once; the problems are then told row by row, each row's in
    # the order of its checks (the order of the tuples' second place).
    found: list[tuple[int, int, Problem]] = []
    found += [(p, 0, Problem(row_numbers[p], noun, text, error, "unknown_borough"))
              for p, text in enumerate(boroughs) if (error := matches[text].error)]
    for order, (field_name, given_texts) in enumerate((("respondent", respondents), ("role", roles)), start=1):
        limit = FIELD_LENGTHS[field_name]
        found += [(p, order, Problem(row_numbers[p], field_name, text[:40] + "…", f"This {field_name} is {len(text)} "
                                     f"characters long; the most kept is {limit}. Shorten it.", "too_long"))
                  for p, text in enumerate(given_texts) if len(text) > limit]
    found += [(p, 3, Problem(row_numbers[p], "respondent", respondent, f"A respondent's name cannot start with "
                             f"'{UNNAMED}': that is how unnamed responses are told apart. Rename it.", "bad_respondent"))
              for p, respondent in enumerate(respondents) if respondent.startswith(UNNAMED)]
    if has_respondent:
        first_row: dict[tuple[str, str], int] = {}
        for p, (code, respondent) in enumerate(zip(ons_codes, respondents)):
            if respondent and code:
                key = (code, respondent.casefold())
                if key in first_row:
                    found.append((p, 4, Problem(row_numbers[p], "respondent", respondent,
                                                f"Duplicate respondent for this {noun} (also on row {first_row[key]}); "
                                                f"each ({noun}, respondent) pair must be unique.", "duplicate_respondent")))
                else:
                    first_row[key] = row_numbers[p]
    found += [(int(p), 5, Problem(row_numbers[p], questions[q], texts[cells[p, q]], _answer_error(framework), "bad_answer"))
              for p, q in zip(*np.nonzero(bad))]
    found += [(int(p), 6, Problem(row_numbers[p], None, None, "This response has no answers at all: fill it in or delete "
                                  "the row.", "no_answers"))
              for p in np.nonzero(~any_answer & ~bad.any(axis=1))[0]]
    errors += [problem for _, _, problem in sorted(found, key=lambda f: f[:2])]

    response_ids, question_positions = np.nonzero(answered)  # row by row, questions in framework order
    answers = pd.DataFrame({"response_id": response_ids, "question_id": strings_at(questions, question_positions),
                            "value": values[response_ids, question_positions]})
    responses = pd.DataFrame({"response_id": np.arange(len(table)), "ons_code": ons_codes,
                              "respondent": [r or f"{UNNAMED}{n}" for r, n in zip(respondents, row_numbers)],
                              "role": roles, "source_row": row_numbers})
    present = set(responses["ons_code"].dropna())
    missing = [b for b in matcher.area_set.areas if b.ons_code not in present]
    if missing:
        warnings.append(Problem(None, noun, None,
                                f"{len(missing)} {noun}(s) have no response in this round: "
                                + ", ".join(b.name for b in missing) + ".",
                                "missing_boroughs"))
    if no_answers:
        warnings.append(Problem(None, None, None, f"{no_answers} answer(s) were blank or 'Don't know' and count as not "
                                "answered.", "no_answer"))
    mapped = table[[c for c in (*META_COLUMNS, *framework.question_ids) if c in columns]]
    return ParsedRound(label, responses, answers, errors, warnings, level_names, no_answers, mapped=mapped)


def parse_answer(raw: str, framework: Framework) -> tuple[float | None, str]:
    """Turn one cell into a 1-5 value.

    Returns (value, note) where note is one of ``ANSWER_NOTES``: 'number', 'level_name', 'no_answer' or 'error'.
    """
    text = str(raw).strip()
    if text == "" or text.casefold() in framework.no_answer:
        return None, "no_answer"
    level = framework.level_value(text)
    if level is not None:
        return float(level), "level_name"
    try:
        number = float(text)
    except ValueError:
        return _numbered_level(text, framework)
    if number.is_integer() and 1 <= number <= 5:
        return number, "number"
    return None, "error"


# "3 - Developing", "3 – Developing", "3: Developing", "3 (Developing)", "3 Developing", "Level 3":
# how survey tools write a choice that carries both the number and the level's name.
NUMBERED_LEVEL = re.compile(r"^(?:level\s*)?([1-5])(?:(?:\s*(?:[-–—:.]|\()\s*|\s+)([^()]*?)\s*\)?)?$", re.IGNORECASE)


def _numbered_level(text: str, framework: Framework) -> tuple[float | None, str]:
    match = NUMBERED_LEVEL.match(text)
    if match is None:
        return None, "error"
    value, name = int(match.group(1)), (match.group(2) or "").strip()
    if name and framework.level_value(name) != value:  # "3 - Leading" is a contradiction, not an answer
        return None, "error"
    return float(value), "level_name" if name else "number"  # "3 - Developing" names its level; "Level 3" does not


def _answer_error(framework: Framework) -> str:
    names = ", ".join(framework.level_names)
    return f"Answers must be a whole number 1-5, a level name ({names}), or blank / \"Don't know\" / \"N/A\"."


def _unknown_column_message(name: str, framework: Framework) -> str:
    close = difflib.get_close_matches(name, list(framework.question_ids) + list(META_COLUMNS), n=1, cutoff=0.6)
    hint = f" Did you mean '{close[0]}'?" if close else " Remove it, or rename it to a question id from the template."
    return f"Unknown column '{name}'." + hint


def _resolve_round(table: pd.DataFrame, given: str | None, errors: list[Problem]) -> str | None:
    """The round label from the argument or the file's ``round`` column; they must agree."""
    label = given.strip() if given else None
    if "round" in table.columns:
        values = table["round"].str.strip()
        distinct = sorted(set(values) - {""})
        if len(distinct) > 1:
            errors.append(Problem(None, "round", ", ".join(distinct), "The file mixes several rounds; upload one round per file.",
                                  "mixed_rounds"))
        elif distinct:
            if label and distinct[0] != label:
                errors.append(Problem(None, "round", distinct[0], f"The file says round '{distinct[0]}' but the upload is for "
                                      f"round '{label}'.", "round_mismatch"))
            label = label or distinct[0]
    if not label and not any(p.kind == "mixed_rounds" for p in errors):
        errors.append(Problem(None, "round", None, "No round given: add a 'round' column or give the round when uploading.",
                              "missing_round"))
    elif label and not ROUND_LABEL.match(label):
        errors.append(Problem(None, "round", label, f"Malformed round label: {ROUND_LABEL_HELP}.", "bad_round"))
    return label
