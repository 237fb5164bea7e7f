"""What reading any spreadsheet gives (``Sheet``), what stops it (``Unreadable``), and the limits every format
counts against as it reads: rows, columns, cells with content and a cell's length (survey/sheets.py says why)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from survey.settings import UploadLimits

# Room for titles, notes and empty formatted rows around the responses in a workbook.
SPARE_ROWS = 1000
SPARE_COLUMNS = SPARE_ROWS // 10
# The most characters a spreadsheet cell holds (Excel's limit); longer text is not a survey answer.
MAX_CELL_CHARACTERS = 32_767
# Rows of each sheet a workbook's responses are looked for in.
FIRST_ROWS = 30
# Picks the sheet to read from the first rows of each: ``choose({sheet name: first rows})`` → a sheet name.
Chooser = Callable[[dict[str, list[list[str]]]], str]


class Unreadable(Exception):
    """The file cannot be read at all (or would cost too much to read); ``kind`` names the reason."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class RowProblem:
    """Something wrong in one row of an otherwise readable file (1-based, as a spreadsheet numbers it)."""

    row: int
    value: str
    message: str
    kind: str


@dataclass
class Sheet:
    """The rows of one sheet as text, and what the file holds besides."""

    rows: list[list[str]]
    name: str | None = None  # the sheet read, for workbooks
    sheet_names: list[str] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

class Cells:
    """Counts the cells with content read from one file, refusing the file past ``upload.max_cells``."""

    def __init__(self, limits: UploadLimits) -> None:
        self.limits = limits
        self.count = 0

    def add(self, cells: int) -> None:
        self.count += cells
        if self.count > self.limits.max_cells:
            raise Unreadable(f"The file has more than {self.limits.max_cells:,} cells with content; the most accepted "
                             f"is {self.limits.max_cells:,} (setting upload.max_cells). Remove the columns that are not "
                             "survey answers, or split the file.", "too_large")


def check_text(text: str) -> str:
    if len(text) > MAX_CELL_CHARACTERS:
        raise Unreadable(f"A cell holds {len(text):,} characters; the most accepted is {MAX_CELL_CHARACTERS:,} (the most "
                         "a spreadsheet cell holds). Shorten it, or remove the column if it is not a survey answer.",
                         "too_large")
    return text


def too_many_columns(count: int, limits: UploadLimits) -> str:
    return (f"The file has {count:,} columns; the most accepted is {limits.max_columns:,} (setting "
            "upload.max_columns). Remove the columns that are not survey answers, or check the separator.")


def past_the_rows(row: int, limits: UploadLimits, sheet: str | None = None) -> str:
    where = f" of sheet '{sheet}'" if sheet else ""
    return (f"Row {row:,}{where} has content, past the {limits.max_rows + SPARE_ROWS:,} rows read: at most "
            f"{limits.max_rows:,} responses (setting upload.max_rows) and {SPARE_ROWS:,} rows of titles and notes. "
            "Check for stray rows, or split the file.")
