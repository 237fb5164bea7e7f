"""Read a survey round in the upload format and validate it against the framework.

The reader never raises on bad content: it collects every problem it finds, each with the
row as a spreadsheet numbers it (header = row 1), the column, the value and a message that
says how to fix it.  Only a round with no errors may be stored.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

import numpy as np
import pandas as pd

from survey.areas import BoroughMatcher, load_boroughs
from survey.columns import strings_at
from survey.framework import Framework
from survey.mapping import BOROUGH, IGNORED, UNPLACED, ColumnMapping, compact, propose_mapping, questions_down_the_rows
from survey.settings import UploadLimits, load_settings
from survey.sheets import Unreadable, read_sheet

META_COLUMNS = ("borough", "round", "respondent", "role")
# What ``parse_answer`` says of a cell.
ANSWER_NOTES = ("number", "level_name", "no_answer", "error")
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
_BLANK = re.compile(rb"[ \t\r\n\x00\xef\xbb\xbf\xff\xfe]*")  # what an empty file holds (spaces, line breaks, byte-order marks)


class SurveyFileError(ValueError):
    """Raised by callers that need an exception for an invalid file; carries the problems."""

    def __init__(self, problems: list["Problem"]) -> None:
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


def _empty_round(label: str | None, errors: list[Problem]) -> ParsedRound:
    responses = pd.DataFrame(columns=["response_id", "ons_code", "respondent", "role", "source_row"])
    answers = pd.DataFrame(columns=["response_id", "question_id", "value"])
    return ParsedRound(label, responses, answers, errors=errors)


def normalise_header(name: str) -> str:
    """'Leadership 1 ' -> 'leadership_1'; header case and spacing do not matter."""
    return re.sub(r"[\s\-]+", "_", str(name).strip().casefold())


def _size(n_bytes: int) -> str:
    return f"{n_bytes / 1e6:.1f} MB" if n_bytes >= 1e6 else f"{n_bytes / 1e3:.1f} kB"


def _file_problem(message: str, kind: str) -> list[Problem]:
    return [Problem(None, None, None, message, kind)]


@dataclass(frozen=True)
class SurveyFile:
    """A survey file read once: its rows (the costly part: decoding, unzipping, parsing), or why it could not
    be read. ``parse_survey`` then places and validates its columns, under any round label and mapping, as
    often as a person changes them, without reading the file again."""

    rows: list[list[str]] | None
    problems: tuple[Problem, ...] = ()
    sheet: str | None = None  # the sheet read, for workbooks
    sheet_names: tuple[str, ...] = ()
    sheet_chosen: bool = False  # picked as the sheet holding the responses, not named by the caller


def read_survey(
    source: bytes | str | Path,
    framework: Framework,
    round_label: str | None = None,
    matcher: BoroughMatcher | None = None,
    *,
    sheet: str | None = None,
    limits: UploadLimits | None = None,
    mapping: ColumnMapping | dict[str, str] | None = None,
) -> ParsedRound:
    """Read and validate one survey file: CSV (any common encoding and separator), .xlsx or .ods.

    Never raises on bad content: every problem comes back in ``errors``.

    Parameters
    ----------
    source : bytes, str or Path
        The file's bytes, or a path to it.
    framework : Framework
        The framework whose question ids and levels the answers must follow.
    round_label : str, optional
        The round the file belongs to; required unless the file has a ``round`` column.
    sheet : str, optional
        For workbooks, the sheet to read (default: the one holding the responses).
    limits : UploadLimits, optional
        Largest file and most rows accepted (default: the configured limits).
    mapping : ColumnMapping or dict, optional
        How to read the columns: a mapping a person confirmed, a saved one (file header →
        question id, borough, respondent, role, round or ignored; other columns are placed
        automatically), or None to place every column automatically (``survey.mapping``).
    """
    matcher = matcher or BoroughMatcher()
    limits = limits or load_settings().upload_limits
    file = read_rows(source, framework, matcher, sheet=sheet, limits=limits)
    return parse_survey(file, framework, round_label, matcher, limits=limits, mapping=mapping)


def read_rows(source: bytes | str | Path, framework: Framework, matcher: BoroughMatcher | None = None, *,
              sheet: str | None = None, limits: UploadLimits | None = None) -> SurveyFile:
    """The rows of a survey file (of ``sheet``, else of the workbook's sheet holding the responses), within
    ``limits``; never raises on bad content (see ``read_survey``)."""
    data = Path(source).read_bytes() if isinstance(source, (str, Path)) else bytes(source)
    matcher = matcher or BoroughMatcher()
    limits = limits or load_settings().upload_limits
    if len(data) > limits.max_bytes:
        return SurveyFile(None, tuple(_file_problem(
            f"The file is {_size(len(data))}; the largest accepted is {_size(limits.max_bytes)}. "
            "Split it, or remove columns that are not in the template.", "too_large")))
    if _BLANK.fullmatch(data):  # not data.strip(): that would copy a large file
        return SurveyFile(None, tuple(_file_problem("The file is empty.", "empty_file")))
    try:
        read = read_sheet(data, limits, sheet, choose=lambda heads: _responses_sheet(heads, framework, matcher))
    except Unreadable as exc:
        return SurveyFile(None, tuple(_file_problem(str(exc), exc.kind)))
    if read.problems:  # damaged bytes: the rows are readable, but what they say is not certain
        return SurveyFile(None, tuple(Problem(p.row, None, p.value, p.message, p.kind) for p in read.problems),
                          read.name, tuple(read.sheet_names))
    return SurveyFile(read.rows, (), read.name, tuple(read.sheet_names), sheet_chosen=sheet is None)


def parse_survey(file: SurveyFile, framework: Framework, round_label: str | None = None,
                 matcher: BoroughMatcher | None = None, *, limits: UploadLimits | None = None,
                 mapping: ColumnMapping | dict[str, str] | None = None) -> ParsedRound:
    """Place ``file``'s columns (by ``mapping``, else automatically) and validate its rows (see ``read_survey``)."""
    if file.rows is None:
        return _empty_round(round_label, list(file.problems))
    matcher = matcher or BoroughMatcher()
    limits = limits or load_settings().upload_limits
    parsed = _validate_rows(file.rows, framework, round_label, matcher, limits, mapping)
    parsed.sheet = file.sheet
    names = file.sheet_names
    if file.sheet_chosen and file.sheet and names and file.sheet != names[0]:
        parsed.warnings.insert(0, Problem(None, None, file.sheet, f"Read sheet '{file.sheet}', which holds the responses "
                                          f"(the first sheet, '{names[0]}', does not).", "sheet_chosen"))
    if file.sheet_chosen and len(names) > 1 and not any(t in framework.question_ids for t in
                                                        (parsed.mapping.targets if parsed.mapping else ())):
        parsed.errors.append(Problem(None, None, None, "No sheet of this workbook has survey columns; its sheets are: "
                                     + ", ".join(names) + ". Choose the sheet with the responses.", "no_sheet"))
    return parsed


def _responses_sheet(heads: dict[str, list[list[str]]], framework: Framework, matcher: BoroughMatcher) -> str:
    """The sheet whose first rows place most question columns (ties: the earlier sheet)."""
    def placed(rows: list[list[str]]) -> int:
        return sum(t in framework.question_ids for t in propose_mapping(rows, framework, matcher).targets)
    names = list(heads)
    return max(names, key=lambda name: (placed(heads[name]), -names.index(name)))


def _validate_rows(
    rows: list[list[str]], framework: Framework, round_label: str | None, matcher: BoroughMatcher, limits: UploadLimits,
    mapping: ColumnMapping | dict[str, str] | None = None,
) -> ParsedRound:
    """Place the columns (find the header and any extra header rows), number rows as a
    spreadsheet does, validate."""
    if not any(any(str(cell).strip() for cell in row) for row in rows):
        return _empty_round(round_label, _file_problem("The file is empty.", "empty_file"))
    if not isinstance(mapping, ColumnMapping):
        mapping = propose_mapping(rows, framework, matcher, saved=mapping)
    width = len(mapping.columns)
    body = [(i, row) for i, row in enumerate(rows) if i > mapping.header_row and i not in mapping.skipped_rows]
    body, footers = _without_footers(body, mapping, framework, matcher)
    data_rows = sum(1 for _, row in body if any(map(str.strip, row)))
    if data_rows > limits.max_rows:
        return _empty_round(round_label, _file_problem(
            f"The file has {data_rows:,} responses; the most accepted is {limits.max_rows:,} (setting upload.max_rows). "
            "Check for stray rows, or split the file.", "too_many_rows"))
    across = sum(t in framework.question_ids for t in mapping.targets)
    if across < 3 and questions_down_the_rows(rows, framework):
        return _empty_round(round_label, _file_problem(
            "The questions are laid out down the rows (one question per row). Lay the table out with one row per "
            "response and one column per question (in a spreadsheet: copy, then Paste Special → Transpose), or start "
            "from the template.", "questions_in_rows"))
    errors = []
    for i, row in body:
        extra = [cell for cell in row[width:] if cell.strip()] if len(row) > width else []
        if extra:
            errors.append(Problem(i + 1, None, extra[0],
                                  "This row has more values than the header has columns: check for a stray separator.",
                                  "extra_values"))
    shared = _shared_targets(mapping)
    if shared:  # which of two columns holds the answers is for a person to say
        parsed = _empty_round(round_label, errors + shared)
        parsed.mapping = mapping
        return parsed
    kept = [k for k, target in enumerate(mapping.targets) if target != IGNORED]
    names = [normalise_header(mapping.columns[k]) if mapping.targets[k] == UNPLACED else mapping.targets[k] for k in kept]
    need = max(kept, default=-1) + 1
    pick = itemgetter(*kept) if len(kept) > 1 else (lambda row: tuple(row[k] for k in kept))
    padded = [pick(row if len(row) >= need else [*row, *[""] * (need - len(row))]) for _, row in body]
    table = pd.DataFrame(padded, columns=names, dtype=object)
    table.index = [i + 1 for i, _ in body]
    parsed = validate_table(table, framework, round_label, matcher, header_row=mapping.header_row + 1)
    parsed.errors[:0] = errors
    parsed.warnings += [Problem(i + 1, BOROUGH, row[k], "This row looks like a totals or summary row, not a response, "
                                "and was left out.", "footer_row") for i, row, k in footers]
    parsed.mapping = mapping
    return parsed


FOOTER_WORDS = frozenset(("total", "totals", "grandtotal", "sum", "average", "mean", "median", "count", "overall"))


def _without_footers(body: list[tuple[int, list[str]]], mapping: ColumnMapping, framework: Framework,
                     matcher: BoroughMatcher):
    """The rows without totals or summary rows, and those rows: a borough cell saying "Total", "Average", …
    anywhere; and, at the foot of the table, rows with text that names no borough in the borough cell and no
    answer (a hand-filled workbook's "Total respondents: 3")."""
    if BOROUGH not in mapping.targets:
        return body, []
    k = mapping.targets.index(BOROUGH)
    is_footer = {text: compact(text) in FOOTER_WORDS for text in {row[k] for _, row in body if k < len(row)}}
    footers = [(i, row, k) for i, row in body if k < len(row) and is_footer[row[k]]]
    questions = [c for c, target in enumerate(mapping.targets) if target in framework.question_ids]
    for i, row in reversed(body):
        if not any(map(str.strip, row)) or (k < len(row) and is_footer[row[k]]):
            continue
        unanswered = not any(c < len(row) and row[c].strip() for c in questions)
        if not (k < len(row) and row[k].strip() and unanswered and matcher.match(row[k]).error):
            break
        footers.append((i, row, k))
    dropped = {i for i, _, _ in footers}
    return [(i, row) for i, row in body if i not in dropped], sorted(footers, key=lambda footer: footer[0])


def _shared_targets(mapping: ColumnMapping) -> list[Problem]:
    """Two file columns placed on the same question or field: a person must choose one."""
    problems = []
    for target in dict.fromkeys(t for t in mapping.targets if t not in (IGNORED, UNPLACED)):
        columns = [c for c, t in zip(mapping.columns, mapping.targets) if t == target]
        if len(columns) > 1:
            problems.append(Problem(mapping.header_row + 1, target, " | ".join(columns),
                                    f"{len(columns)} columns hold '{target}': map all but one to 'ignored'.",
                                    "duplicate_column"))
    return problems


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
    if "borough" not in columns:
        errors.append(Problem(header_row, "borough", None, "There is no 'borough' column: add one naming each row's borough.", "missing_borough_column"))
    questions = [q for q in framework.question_ids if q in columns]
    if not questions and "borough" in columns:
        errors.append(Problem(header_row, None, None, "No question columns found: the header must use the framework's question ids (see the template).", "no_questions"))
    if table.empty:
        errors.append(Problem(None, None, None, "The file has a header but no responses.", "header_only"))
    if errors:
        return _empty_round(round_label, errors)

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
    unknown = {text for text, match in matches.items() if match.error}
    found += [(p, 0, Problem(row_numbers[p], "borough", text, matches[text].error, "unknown_borough"))
              for p, text in enumerate(boroughs) if text in unknown]
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
                                                f"Duplicate respondent for this borough (also on row {first_row[key]}); "
                                                "each (borough, respondent) pair must be unique.", "duplicate_respondent")))
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
    missing = [b for b in load_boroughs() if b.ons_code not in present]
    if missing:
        warnings.append(Problem(None, "borough", None,
                                f"{len(missing)} borough(s) have no response in this round: " + ", ".join(b.name for b in missing) + ".",
                                "missing_boroughs"))
    if no_answers:
        warnings.append(Problem(None, None, None, f"{no_answers} answer(s) were blank or 'Don't know' and count as not answered.", "no_answer"))
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
    return float(value), "number"


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
            errors.append(Problem(None, "round", ", ".join(distinct), "The file mixes several rounds; upload one round per file.", "mixed_rounds"))
        elif distinct:
            if label and distinct[0] != label:
                errors.append(Problem(None, "round", distinct[0], f"The file says round '{distinct[0]}' but the upload is for round '{label}'.", "round_mismatch"))
            label = label or distinct[0]
    if not label and not any(p.kind == "mixed_rounds" for p in errors):
        errors.append(Problem(None, "round", None, "No round given: add a 'round' column or give the round when uploading.", "missing_round"))
    elif label and not ROUND_LABEL.match(label):
        errors.append(Problem(None, "round", label, f"Malformed round label: {ROUND_LABEL_HELP}.", "bad_round"))
    return label
