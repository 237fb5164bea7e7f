"""Excel workbooks (.xlsx): every part read as a stream, its declared dimensions checked before its cells."""

from __future__ import annotations

import datetime
import re
import zipfile
import zlib
from xml.etree.ElementTree import Element
from dataclasses import dataclass

from openpyxl.styles.numbers import builtin_format_code, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel, from_ISO8601

from survey.settings import UploadLimits
from survey.sheet_limits import (
    FIRST_ROWS, SPARE_COLUMNS, SPARE_ROWS, Cells, Chooser, Sheet, Unreadable, check_text, past_the_rows, too_many_columns,
)
from survey.workbook_parts import DAMAGED, Part, cells_part, index_part, local_name, open_archive, parsed_part

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]*\d*:?([A-Z]+)(\d+)"')
_CELL_REFERENCE = re.compile(r"([A-Za-z]{1,3})(\d+)$")


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _check_dimension(head: bytes, limits: UploadLimits, sheet: str) -> None:
    match = _DIMENSION.search(head)
    if not match:
        return
    columns, rows = _column_number(match.group(1).decode()), int(match.group(2))
    if rows > limits.max_rows + SPARE_ROWS or columns > limits.max_columns + SPARE_COLUMNS:
        raise Unreadable(f"Sheet '{sheet}' says it holds {rows:,} rows × {columns:,} columns; the most accepted is "
                         f"{limits.max_rows:,} responses × {limits.max_columns:,} columns (settings upload.max_rows and "
                         "upload.max_columns). Delete the empty rows and columns around the responses (or copy the "
                         "responses to a new sheet), then save again.", "too_large")


@dataclass(frozen=True)
class _Workbook:
    """What reading any sheet of an .xlsx file needs: where each sheet is, the shared texts, the date styles."""

    archive: zipfile.ZipFile
    paths: dict[str, str]  # sheet name → its part
    texts: list[str]
    date_styles: frozenset[int]
    duration_styles: frozenset[int]
    epoch: datetime.datetime


def xlsx_sheet_names(data: bytes, limits: UploadLimits) -> list[str]:
    """The sheets of an .xlsx file, in the workbook's order."""
    with open_archive(data, limits, "xlsx") as archive:
        return list(_xlsx_index(archive).sheets)


def read_xlsx(data: bytes, limits: UploadLimits, sheet: str | None, choose: Chooser | None) -> Sheet:
    with open_archive(data, limits, "xlsx") as archive:
        book = _open_workbook(archive, limits)
        names = list(book.paths)
        if not names:
            raise Unreadable("The workbook has no sheets.", "bad_excel")
        if sheet is not None and sheet not in book.paths:
            raise Unreadable(f"There is no sheet '{sheet}'; the sheets are: {', '.join(names)}.", "bad_sheet")
        if sheet is None and choose is not None:
            sheet = choose({name: _xlsx_rows(book, name, limits, FIRST_ROWS) for name in names})
        name = sheet or names[0]
        return Sheet(_xlsx_rows(book, name, limits), name, names)


def _open_workbook(archive: zipfile.ZipFile, limits: UploadLimits) -> _Workbook:
    index = _xlsx_index(archive)
    texts = _shared_texts(archive, index.parts["sharedStrings"], limits) if "sharedStrings" in index.parts else []
    dates, durations = _date_styles(archive, index.parts["styles"]) if "styles" in index.parts else (frozenset(), frozenset())
    return _Workbook(archive, index.sheets, texts, dates, durations,
                     CALENDAR_MAC_1904 if index.date1904 else CALENDAR_WINDOWS_1900)


@dataclass(frozen=True)
class _Index:
    """An .xlsx file's table of contents: its sheets' parts by name (in the workbook's order), its other
    parts by the last word of their type (sharedStrings, styles), and whether its dates count from 1904."""

    sheets: dict[str, str]
    parts: dict[str, str]
    date1904: bool


WORKBOOK, RELATIONS = "xl/workbook.xml", "xl/_rels/workbook.xml.rels"


def _xlsx_index(archive: zipfile.ZipFile) -> _Index:
    relations: dict[str, str] = {}
    parts: dict[str, str] = {}
    sheets: dict[str, str] = {}
    date1904 = False
    for _, element in parsed_part(archive, RELATIONS, "xlsx", lambda part: index_part(part, RELATIONS)):
        if local_name(element.tag) == "Relationship":
            target = (element.get("Target") or "").lstrip("/")
            relations[element.get("Id") or ""] = target if target.startswith("xl/") else f"xl/{target}"
            parts.setdefault((element.get("Type") or "").rpartition("/")[2], relations[element.get("Id") or ""])
    for _, element in parsed_part(archive, WORKBOOK, "xlsx", lambda part: index_part(part, WORKBOOK)):
        tag = local_name(element.tag)
        if tag == "sheet":
            relation = next((v for k, v in element.attrib.items() if local_name(k) == "id"), "")
            if relation in relations:
                sheets[element.get("name") or ""] = relations[relation]
        elif tag == "workbookPr":
            date1904 = element.get("date1904") in ("1", "true")
    return _Index(sheets, parts, date1904)


def _shared_texts(archive: zipfile.ZipFile, path: str, limits: UploadLimits) -> list[str]:
    """The workbook's shared texts, refused past one per cell with content (``upload.max_cells``)."""
    def too_many() -> Unreadable:
        return Unreadable(f"This Excel file holds more than {limits.max_cells:,} different texts; the most accepted is "
                          f"{limits.max_cells:,}, one per cell with content (setting upload.max_cells). Save the sheet "
                          "with the responses on its own, or as CSV.", "too_large")

    def check(part: Part) -> None:
        if part.texts > limits.max_cells:
            raise too_many()
        cells_part(part, f"The part {path}", limits)

    texts: list[str] = []
    for _, element in parsed_part(archive, path, "xlsx", check):
        if local_name(element.tag) == "si":
            if len(texts) == limits.max_cells:  # texts written with a namespace prefix escape the count before parsing
                raise too_many()
            texts.append(check_text(_rich_text(element).replace("x005F_", "")))
            element.clear()
    return texts


def _rich_text(element: Element) -> str:
    """The text of a shared or inline string: its plain text, then its formatted runs' (not its phonetic guide)."""
    plain = [child.text or "" for child in element if local_name(child.tag) == "t"]
    runs = [t.text or "" for run in element if local_name(run.tag) == "r" for t in run if local_name(t.tag) == "t"]
    return "".join(plain + runs)


def _date_styles(archive: zipfile.ZipFile, path: str) -> tuple[frozenset[int], frozenset[int]]:
    """The cell formats (by position) whose numbers are dates, and those that are durations."""
    custom: dict[str, str] = {}
    formats: list[str | None] = []
    for _, element in parsed_part(archive, path, "xlsx", lambda part: index_part(part, path)):
        tag = local_name(element.tag)
        if tag == "numFmt":
            custom[element.get("numFmtId") or ""] = element.get("formatCode") or ""
        elif tag == "cellXfs":
            for xf in element:
                number_format = xf.get("numFmtId") or "0"
                formats.append(custom[number_format] if number_format in custom else builtin_format_code(
                    int(number_format)) if number_format.isdigit() and len(number_format) < 10 else None)
    return (frozenset(n for n, f in enumerate(formats) if is_date_format(f)),
            frozenset(n for n, f in enumerate(formats) if is_timedelta_format(f)))


def _xlsx_rows(book: _Workbook, name: str, limits: UploadLimits, first: int | None = None) -> list[list[str]]:
    """The sheet's rows as text, trailing empty cells dropped: its ``first`` rows, or all of them (content
    past the rows the limits allow is refused)."""
    most = limits.max_rows + SPARE_ROWS
    cells = Cells(limits)
    path = book.paths[name]
    try:
        with book.archive.open(path) as stream:
            _check_dimension(stream.read(4096), limits, name)
    except (KeyError, zipfile.BadZipFile, zlib.error, OSError, EOFError):
        raise Unreadable(DAMAGED["xlsx"], "bad_excel") from None
    rows: list[list[str]] = []
    row: dict[int, str] = {}
    column = 0  # the last cell's column in this row
    next_row = 1
    for _, element in parsed_part(book.archive, path, "xlsx", lambda part: cells_part(part, f"Sheet '{name}'", limits)):
        tag = local_name(element.tag)
        if tag == "c":
            column = _cell_column(element.get("r"), column)
            text = _xlsx_cell_text(element, book)
            element.clear()
            if text:
                if column > limits.max_columns:
                    raise Unreadable(too_many_columns(column, limits), "too_many_columns")
                cells.add(1)
                row[column] = check_text(text)
        elif tag == "row":
            number = _row_number(element.get("r"), next_row)
            element.clear()
            if number >= next_row:  # a row out of order is left out
                if number > most and row:
                    raise Unreadable(past_the_rows(number, limits, name), "too_many_rows")
                rows.extend([] for _ in range(min(number - next_row, most - len(rows))))
                if number <= most:
                    rows.append([row.get(n, "") for n in range(1, max(row, default=0) + 1)])
                next_row = number + 1
            row, column = {}, 0
            if first is not None and len(rows) >= first:
                return rows[:first]
    return rows


def _cell_column(reference: str | None, previous: int) -> int:
    """A cell's column from its reference ("B7" → 2), else the one after the previous cell's."""
    match = _CELL_REFERENCE.match(reference or "")
    if match:
        return _column_number(match.group(1).upper())
    if reference and reference[:1].isalpha():  # letters past XFD: further right than any limit allows
        return 1 << 30
    return previous + 1


def _row_number(reference: str | None, expected: int) -> int:
    return int(reference) if reference and reference.isdigit() else expected


def _xlsx_cell_text(cell: Element, book: _Workbook) -> str:
    """A cell's value as text, as Excel last saved it (formulas give their result)."""
    kind = cell.get("t", "n")
    children = {local_name(child.tag): child for child in cell}
    if kind == "inlineStr":
        return _rich_text(children["is"]) if "is" in children else ""
    value = children["v"].text if "v" in children else None
    if not value:
        return ""
    try:
        if kind == "n":
            number = float(value) if any(mark in value for mark in ".Ee") else int(value)
            style = int(cell.get("s") or 0)
            if style in book.date_styles:
                try:
                    return _cell_text(from_excel(number, book.epoch, timedelta=style in book.duration_styles))
                except (OverflowError, ValueError):
                    return "#VALUE!"
            return _cell_text(number)
        if kind == "s":
            return book.texts[int(value)]
        if kind == "b":
            return str(bool(int(value)))
        if kind == "d":
            return _cell_text(from_ISO8601(value))
    except (ValueError, IndexError, OverflowError):
        raise Unreadable(DAMAGED["xlsx"], "bad_excel") from None
    return value  # a formula's text, or an error such as #N/A


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)
