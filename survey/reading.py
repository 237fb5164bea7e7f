"""Read a survey round in the upload format and validate it against the framework.

The reader never raises on bad content: it collects every problem it finds, each with the
row as a spreadsheet numbers it (header = row 1), the column, the value and a message that
says how to fix it.  Only a round with no errors may be stored. Reading is in three steps, each
a module: the file's bytes to rows of text (``survey.sheets``), the rows' columns placed on the
framework (``survey.mapping``, here), the table validated (``survey.validation``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

import pandas as pd

from survey.areas import BoroughMatcher
from survey.framework import Framework
from survey.mapping import BOROUGH, IGNORED, UNPLACED, ColumnMapping, compact, propose_mapping, questions_down_the_rows
from survey.parsed import ParsedRound, Problem, SurveyFileError, empty_round, file_problem
from survey.settings import UploadLimits, load_settings
from survey.sheets import Unreadable, read_sheet
from survey.validation import normalise_header, parse_answer, validate_table

# The names the rest of the code imports from here, wherever they are defined.
__all__ = ["ParsedRound", "Problem", "SurveyFile", "SurveyFileError", "parse_answer", "parse_survey", "read_rows",
           "read_survey"]

_BLANK = re.compile(rb"[ \t\r\n\x00\xef\xbb\xbf\xff\xfe]*")  # what an empty file holds (spaces, line breaks, byte-order marks)


def _size(n_bytes: int) -> str:
    return f"{n_bytes / 1e6:.1f} MB" if n_bytes >= 1e6 else f"{n_bytes / 1e3:.1f} kB"



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
        return SurveyFile(None, tuple(file_problem(
            f"The file is {_size(len(data))}; the largest accepted is {_size(limits.max_bytes)}. "
            "Split it, or remove columns that are not in the template.", "too_large")))
    if _BLANK.fullmatch(data):  # not data.strip(): that would copy a large file
        return SurveyFile(None, tuple(file_problem("The file is empty.", "empty_file")))
    try:
        read = read_sheet(data, limits, sheet, choose=lambda heads: _responses_sheet(heads, framework, matcher))
    except Unreadable as exc:
        return SurveyFile(None, tuple(file_problem(str(exc), exc.kind)))
    if read.problems:  # damaged bytes: the rows are readable, but what they say is not certain
        return SurveyFile(None, tuple(Problem(p.row, None, p.value, p.message, p.kind) for p in read.problems),
                          read.name, tuple(read.sheet_names))
    return SurveyFile(read.rows, (), read.name, tuple(read.sheet_names), sheet_chosen=sheet is None)


def parse_survey(file: SurveyFile, framework: Framework, round_label: str | None = None,
                 matcher: BoroughMatcher | None = None, *, limits: UploadLimits | None = None,
                 mapping: ColumnMapping | dict[str, str] | None = None) -> ParsedRound:
    """Place ``file``'s columns (by ``mapping``, else automatically) and validate its rows (see ``read_survey``)."""
    if file.rows is None:
        return empty_round(round_label, list(file.problems))
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
        return empty_round(round_label, file_problem("The file is empty.", "empty_file"))
    if not isinstance(mapping, ColumnMapping):
        mapping = propose_mapping(rows, framework, matcher, saved=mapping)
    width = len(mapping.columns)
    body = [(i, row) for i, row in enumerate(rows) if i > mapping.header_row and i not in mapping.skipped_rows]
    body, footers = _without_footers(body, mapping, framework, matcher)
    data_rows = sum(1 for _, row in body if any(map(str.strip, row)))
    if data_rows > limits.max_rows:
        return empty_round(round_label, file_problem(
            f"The file has {data_rows:,} responses; the most accepted is {limits.max_rows:,} (setting upload.max_rows). "
            "Check for stray rows, or split the file.", "too_many_rows"))
    across = sum(t in framework.question_ids for t in mapping.targets)
    if across < 3 and questions_down_the_rows(rows, framework):
        return empty_round(round_label, file_problem(
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
        parsed = empty_round(round_label, errors + shared)
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
                     matcher: BoroughMatcher) -> tuple[list[tuple[int, list[str]]], list[tuple[int, list[str], int]]]:
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
