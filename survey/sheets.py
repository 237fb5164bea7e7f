"""Turn an uploaded file's bytes into rows of text: CSV, Excel (.xlsx) or OpenDocument (.ods).

No file can knock the server over: every limit is checked while the file is read, before memory
or time is given to what the file declares, and a file past one is refused naming the limit:

- the file's size (``upload.max_megabytes``); a workbook's unpacked size, the XML elements of each
  part, its shared texts, its styles and its sheets' declared dimensions (all from
  ``upload.max_cells``, ``upload.max_rows`` and ``upload.max_columns``);
- rows (``upload.max_rows``, with ``SPARE_ROWS`` for titles and notes), columns
  (``upload.max_columns``) and cells with content (``upload.max_cells``), counted as they are read:
  a workbook is read as a stream, .ods repeated rows and cells are counted, never expanded past the
  limits, and a cell's text is at most ``MAX_CELL_CHARACTERS``;
- a CSV file's lines, their number and their length, on the bytes before they are decoded.

Whatever stops the reading comes back as an ``Unreadable`` with a message saying what to do;
problems found in single rows (a NUL byte, a byte that is not UTF-8) come back with their row
numbers.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import xml.etree.ElementTree as ElementTree
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from openpyxl.styles.numbers import builtin_format_code, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel, from_ISO8601

from survey.settings import UploadLimits

# Room for titles, notes and empty formatted rows around the responses in a workbook.
SPARE_ROWS = 1000
SPARE_COLUMNS = SPARE_ROWS // 10
# Unpacked spreadsheet XML allowed per cell within upload.max_cells: room for long answers and for
# the formatting spreadsheets write around each cell.
XML_BYTES_PER_CELL = 200
# XML elements allowed per cell within upload.max_cells (a cell, its value, its text; rows and blanks).
XML_ELEMENTS_PER_CELL = 4
# XML elements allowed in a workbook's other parts: its sheet list, relationships and styles.
MAX_INDEX_ELEMENTS = 100_000
# The most characters a spreadsheet cell holds (Excel's limit); longer text is not a survey answer.
MAX_CELL_CHARACTERS = 32_767
# Lines a CSV response may take (answers with line breaks in quoted text).
LINES_PER_RESPONSE = 10
# Rows of each sheet a workbook's responses are looked for in.
FIRST_ROWS = 30
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


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


def kind_of(data: bytes) -> str:
    """'xlsx', 'ods', 'xls' or 'csv', from the file's first bytes (never from its name)."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if data.startswith(b"PK\x03\x04"):
        return "ods" if data[30:38] == b"mimetype" and ODS_MIMETYPE in data[38:120] else "xlsx"
    return "csv"


def sheet_names(data: bytes, limits: UploadLimits) -> list[str]:
    """The sheets of a workbook (empty for CSV, or a workbook that cannot be opened or is past a limit)."""
    kind = kind_of(data)
    try:
        if kind == "xlsx":
            with _open_archive(data, limits, kind) as archive:
                return list(_xlsx_index(archive).sheets)
        if kind == "ods":
            return [name for name, _ in _ods_tables(data, limits, only=None, first=0)]
    except Unreadable:
        return []
    return []


def read_sheet(data: bytes, limits: UploadLimits, sheet: str | None = None, *, choose=None) -> Sheet:
    """The rows of a CSV file or of one sheet of a workbook.

    Parameters
    ----------
    sheet : str, optional
        The workbook sheet to read; by default the one ``choose`` picks from the first rows
        (``FIRST_ROWS``) of each (the sheet holding the responses), else the first.
    choose : callable, optional
        ``choose({sheet name: first rows})`` → the name of the sheet to read.

    Raises
    ------
    Unreadable
    """
    kind = kind_of(data)
    if kind == "xls":
        raise Unreadable("This is an old Excel 97-2003 (.xls) file: save it as .xlsx or CSV and upload again.", "bad_excel")
    if kind == "csv":
        return _read_csv(data, limits)
    if kind == "xlsx":
        return _read_xlsx(data, limits, sheet, choose)
    return _read_ods(data, limits, sheet, choose)


class _Cells:
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


def _check_text(text: str) -> str:
    if len(text) > MAX_CELL_CHARACTERS:
        raise Unreadable(f"A cell holds {len(text):,} characters; the most accepted is {MAX_CELL_CHARACTERS:,} (the most "
                         "a spreadsheet cell holds). Shorten it, or remove the column if it is not a survey answer.",
                         "too_large")
    return text


def _too_many_columns(count: int, limits: UploadLimits) -> str:
    return (f"The file has {count:,} columns; the most accepted is {limits.max_columns:,} (setting "
            "upload.max_columns). Remove the columns that are not survey answers, or check the separator.")


# --- CSV ---------------------------------------------------------------------------------------

_BINARY_STARTS = (b"\x89PNG", b"%PDF", b"GIF8", b"\xff\xd8\xff", b"PK")


def _read_csv(data: bytes, limits: UploadLimits) -> Sheet:
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if data.startswith(_BINARY_STARTS) or (not utf16 and data[:4096].count(b"\x00") > 64):
        raise Unreadable("This is not a CSV, Excel (.xlsx) or OpenDocument (.ods) file.", "not_csv")
    _check_lines(data, limits)
    text, problems = _decode(data)
    if sum(not ch.isprintable() and ch not in "\r\n\t\x00" for ch in text[:4096]) > 20:
        raise Unreadable("This is not a CSV, Excel (.xlsx) or OpenDocument (.ods) file.", "not_csv")
    problems += [RowProblem(n, "", "This row holds a NUL character (an invisible byte that is not text): the file may "
                            "have been damaged, or saved in a format that is not CSV. Remove it, or save the file "
                            "again as CSV (UTF-8).", "nul_byte")
                 for n, line in enumerate(text.splitlines(), start=1) if "\x00" in line]
    rows = []
    cells = _Cells(limits)
    try:
        reader = csv.reader(io.StringIO(text.replace("\x00", ""), newline=""), delimiter=_sniff_delimiter(text))
        for number, row in enumerate(reader, start=1):
            if len(row) > limits.max_columns:
                raise Unreadable(_too_many_columns(len(row), limits), "too_many_columns")
            filled = sum(1 for value in row if value)
            cells.add(filled)
            if number <= limits.max_rows + SPARE_ROWS:
                rows.append(row)  # the row limit is reported by the validator, which counts the responses
            elif filled:
                raise Unreadable(_past_the_rows(number, limits), "too_many_rows")
    except csv.Error as exc:
        raise Unreadable(f"The file could not be read as CSV ({exc}); check its quotes.", "not_csv") from None
    return Sheet(rows, problems=problems)


def _check_lines(data: bytes, limits: UploadLimits) -> None:
    """Refuse, before decoding, a file with more lines, or a longer line, than the limits' responses take."""
    most_lines = (limits.max_rows + SPARE_ROWS) * LINES_PER_RESPONSE
    lines = data.count(b"\n") + 1
    if lines > most_lines:
        raise Unreadable(f"The file has {lines:,} lines; a file of at most {limits.max_rows:,} responses (setting "
                         f"upload.max_rows) has at most {most_lines:,} ({LINES_PER_RESPONSE} a response, for answers "
                         f"with line breaks, and {SPARE_ROWS:,} spare). Check for stray rows, or split the file.",
                         "too_many_rows")
    longest = limits.max_columns * MAX_CELL_CHARACTERS
    start = 0
    for number in range(1, lines + 1):
        end = data.find(b"\n", start, start + longest + 1)
        if end < 0:
            end = len(data)
        if end - start > longest:
            raise Unreadable(f"Line {number:,} is longer than {longest:,} bytes, the most a row of "
                             f"{limits.max_columns:,} columns (setting upload.max_columns) of {MAX_CELL_CHARACTERS:,} "
                             "characters each (the most a spreadsheet cell holds) takes. Check that each response is "
                             "on a line of its own.", "too_large")
        start = end + 1


def _decode(data: bytes) -> tuple[str, list[RowProblem]]:
    """UTF-8 (with or without BOM) or UTF-16 with a BOM; a legacy Windows-1252 file (no valid
    UTF-8 multi-byte character anywhere) is read as such. A mostly-UTF-8 file with a few bad
    bytes is read, and each bad byte reported with its row, rather than guessed at."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), []
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8-sig", errors="surrogateescape")
    if not any("\x80" <= ch <= "\U0010ffff" and not "\udc80" <= ch <= "\udcff" for ch in text):
        return data.decode("cp1252", errors="replace"), []
    problems = []
    for n, line in enumerate(text.splitlines(), start=1):
        bad = [ch for ch in line if "\udc80" <= ch <= "\udcff"]
        if bad:
            problems.append(RowProblem(n, f"0x{ord(bad[0]) - 0xDC00:02X}",
                                       "This row has a byte that is not valid UTF-8, in a file that is otherwise UTF-8: "
                                       "the character is damaged. Retype it, or save the file again as CSV (UTF-8).",
                                       "bad_encoding"))
    return text.encode("utf-8", errors="surrogateescape").decode("utf-8", errors="replace"), problems


def _sniff_delimiter(text: str) -> str:
    sample = "\n".join(text[:65536].splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        return ","


# --- workbooks: limits checked before parsing ---------------------------------------------------

def _open_archive(data: bytes, limits: UploadLimits, kind: str) -> zipfile.ZipFile:
    """The workbook's archive, refused if its parts would unpack past what a file within the limits needs."""
    budget = limits.max_cells * XML_BYTES_PER_CELL
    name = "Excel" if kind == "xlsx" else "OpenDocument"
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Unreadable(f"This looks like an {name} file but it cannot be opened: save it again as "
                         f"{'.xlsx' if kind == 'xlsx' else '.ods'} or CSV.", "bad_excel") from None
    if expanded > budget:
        archive.close()
        raise Unreadable(f"This {name} file unpacks to {expanded / 1e6:,.0f} MB, more than a file of "
                         f"{limits.max_cells:,} cells (setting upload.max_cells) needs ({budget / 1e6:,.0f} MB): it "
                         "holds something else, or far more than one round. Save the sheet with the responses on its "
                         "own, or as CSV.", "too_large")
    return archive


_DAMAGED = {"xlsx": "The Excel sheet could not be read: save it again as .xlsx or CSV.",
            "ods": "The OpenDocument sheet could not be read: save it again as .ods or CSV."}


@dataclass(frozen=True)
class _Part:
    """What one part of a workbook holds, counted in its unpacked bytes before any is parsed (a tag split
    between two chunks, or a "<" in a CDATA section, counts once too often: never too few)."""

    elements: int
    texts: int  # <si> elements: the texts of a shared-strings part


def _parsed(archive: zipfile.ZipFile, path: str, kind: str, check: Callable[[_Part], None],
            events: tuple[str, ...] = ("end",)) -> Iterator[tuple[str, ElementTree.Element]]:
    """``ElementTree.iterparse`` of one part of a workbook, once ``check`` has passed what the part holds."""
    try:
        elements = texts = 0
        with archive.open(path) as stream:
            while chunk := stream.read(1 << 20):
                elements += chunk.count(b"<") - chunk.count(b"</") - chunk.count(b"<?") - chunk.count(b"<!")
                texts += chunk.count(b"<si>") + chunk.count(b"<si ")
        check(_Part(elements, texts))
        with archive.open(path) as stream:
            yield from ElementTree.iterparse(stream, events=events)
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, zlib.error, OSError, EOFError):
        raise Unreadable(_DAMAGED[kind], "bad_excel") from None


def _index_part(part: _Part, path: str) -> None:
    """Refuse a sheet list, relationships or style sheet of more entries than any survey file needs."""
    if part.elements > MAX_INDEX_ELEMENTS:
        raise Unreadable(f"The part {path} of this workbook has more than {MAX_INDEX_ELEMENTS:,} entries; the most "
                         f"accepted is {MAX_INDEX_ELEMENTS:,} (its sheet list, links and styles need far fewer). Save the "
                         "workbook again, or the responses as CSV.", "too_large")


def _cells_part(part: _Part, what: str, limits: UploadLimits) -> None:
    """Refuse a sheet (or shared texts) of more XML elements than a sheet of ``upload.max_cells`` needs."""
    most = limits.max_cells * XML_ELEMENTS_PER_CELL
    if part.elements > most:
        raise Unreadable(f"{what} is made of more than {most:,} parts (cells, values, rows); a sheet of at most "
                         f"{limits.max_cells:,} cells (setting upload.max_cells) needs at most {most:,}. Delete the empty "
                         "formatted rows and columns around the responses, or save them as CSV.", "too_large")


def _local(tag: str) -> str:
    """An element's name without its namespace."""
    return tag.rpartition("}")[2]


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


# --- Excel workbooks (.xlsx): every part read as a stream ---------------------------------------

@dataclass(frozen=True)
class _Workbook:
    """What reading any sheet of an .xlsx file needs: where each sheet is, the shared texts, the date styles."""

    archive: zipfile.ZipFile
    paths: dict[str, str]  # sheet name → its part
    texts: list[str]
    date_styles: frozenset[int]
    duration_styles: frozenset[int]
    epoch: datetime.datetime


def _read_xlsx(data: bytes, limits: UploadLimits, sheet: str | None, choose) -> Sheet:
    with _open_archive(data, limits, "xlsx") as archive:
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
    for _, element in _parsed(archive, RELATIONS, "xlsx", lambda part: _index_part(part, RELATIONS)):
        if _local(element.tag) == "Relationship":
            target = (element.get("Target") or "").lstrip("/")
            relations[element.get("Id") or ""] = target if target.startswith("xl/") else f"xl/{target}"
            parts.setdefault((element.get("Type") or "").rpartition("/")[2], relations[element.get("Id") or ""])
    for _, element in _parsed(archive, WORKBOOK, "xlsx", lambda part: _index_part(part, WORKBOOK)):
        tag = _local(element.tag)
        if tag == "sheet":
            relation = next((v for k, v in element.attrib.items() if _local(k) == "id"), "")
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

    def check(part: _Part) -> None:
        if part.texts > limits.max_cells:
            raise too_many()
        _cells_part(part, f"The part {path}", limits)

    texts: list[str] = []
    for _, element in _parsed(archive, path, "xlsx", check):
        if _local(element.tag) == "si":
            if len(texts) == limits.max_cells:  # texts written with a namespace prefix escape the count before parsing
                raise too_many()
            texts.append(_check_text(_rich_text(element).replace("x005F_", "")))
            element.clear()
    return texts


def _rich_text(element) -> str:
    """The text of a shared or inline string: its plain text, then its formatted runs' (not its phonetic guide)."""
    plain = [child.text or "" for child in element if _local(child.tag) == "t"]
    runs = [t.text or "" for run in element if _local(run.tag) == "r" for t in run if _local(t.tag) == "t"]
    return "".join(plain + runs)


def _date_styles(archive: zipfile.ZipFile, path: str) -> tuple[frozenset[int], frozenset[int]]:
    """The cell formats (by position) whose numbers are dates, and those that are durations."""
    custom: dict[str, str] = {}
    formats: list[str | None] = []
    for _, element in _parsed(archive, path, "xlsx", lambda part: _index_part(part, path)):
        tag = _local(element.tag)
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
    cells = _Cells(limits)
    path = book.paths[name]
    try:
        with book.archive.open(path) as stream:
            _check_dimension(stream.read(4096), limits, name)
    except (KeyError, zipfile.BadZipFile, zlib.error, OSError, EOFError):
        raise Unreadable(_DAMAGED["xlsx"], "bad_excel") from None
    rows: list[list[str]] = []
    row: dict[int, str] = {}
    column = 0  # the last cell's column in this row
    next_row = 1
    for _, element in _parsed(book.archive, path, "xlsx", lambda part: _cells_part(part, f"Sheet '{name}'", limits)):
        tag = _local(element.tag)
        if tag == "c":
            column = _cell_column(element.get("r"), column)
            text = _xlsx_cell_text(element, book)
            element.clear()
            if text:
                if column > limits.max_columns:
                    raise Unreadable(_too_many_columns(column, limits), "too_many_columns")
                cells.add(1)
                row[column] = _check_text(text)
        elif tag == "row":
            number = _row_number(element.get("r"), next_row)
            element.clear()
            if number >= next_row:  # a row out of order is left out
                if number > most and row:
                    raise Unreadable(_past_the_rows(number, limits, name), "too_many_rows")
                rows.extend([] for _ in range(min(number - next_row, most - len(rows))))
                if number <= most:
                    rows.append([row.get(n, "") for n in range(1, max(row, default=0) + 1)])
                next_row = number + 1
            row, column = {}, 0
            if first is not None and len(rows) >= first:
                return rows[:first]
    return rows


def _past_the_rows(row: int, limits: UploadLimits, sheet: str | None = None) -> str:
    where = f" of sheet '{sheet}'" if sheet else ""
    return (f"Row {row:,}{where} has content, past the {limits.max_rows + SPARE_ROWS:,} rows read: at most "
            f"{limits.max_rows:,} responses (setting upload.max_rows) and {SPARE_ROWS:,} rows of titles and notes. "
            "Check for stray rows, or split the file.")


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


def _xlsx_cell_text(cell, book: _Workbook) -> str:
    """A cell's value as text, as Excel last saved it (formulas give their result)."""
    kind = cell.get("t", "n")
    children = {_local(child.tag): child for child in cell}
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
        raise Unreadable(_DAMAGED["xlsx"], "bad_excel") from None
    return value  # a formula's text, or an error such as #N/A


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


# --- OpenDocument spreadsheets: content.xml read as a stream ------------------------------------

def _read_ods(data: bytes, limits: UploadLimits, sheet: str | None, choose) -> Sheet:
    names = None
    if sheet is None and choose is not None:
        firsts = dict(_ods_tables(data, limits, only=None, first=FIRST_ROWS))
        names = list(firsts)
        sheet = choose(firsts) if firsts else None
    found = []
    for name, rows in _ods_tables(data, limits, only=sheet):
        found.append(name)
        if sheet is None or name == sheet:
            return Sheet(rows, name, names if names is not None else sheet_names(data, limits))
    if not found:
        raise Unreadable("The workbook has no sheets.", "bad_excel")
    raise Unreadable(f"There is no sheet '{sheet}'; the sheets are: {', '.join(found)}.", "bad_sheet")


def _ods_tables(data: bytes, limits: UploadLimits, only: str | None,
                first: int | None = None) -> Iterator[tuple[str, list[list[str]]]]:
    """(table name, rows) for each table of an .ods file (or only the one named ``only``), parsed as a
    stream: its ``first`` rows, or all of them (content past the rows the limits allow is refused).
    Repeated rows and cells are counted, never expanded past the limits; each row's XML is freed once read."""
    most = limits.max_rows + SPARE_ROWS
    keep = most if first is None else first
    with _open_archive(data, limits, "ods") as archive:
        name, rows, row, blank_rows, cells = "", [], _OdsRow(limits), 0, _Cells(limits)
        for event, element in _parsed(archive, "content.xml", "ods",
                                      lambda part: _cells_part(part, "The OpenDocument file", limits),
                                      events=("start", "end")):
            tag = element.tag
            if event == "start":
                if tag == f"{{{_TABLE}}}table":
                    name, rows, blank_rows = element.get(f"{{{_TABLE}}}name") or "", [], 0
                continue
            wanted = only is None or only == name
            if tag in (f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}covered-table-cell"):
                if wanted:
                    row.add(_ods_cell_text(element), _repeat(element, "number-columns-repeated"))
                element.clear()
            elif tag == f"{{{_TABLE}}}table-row":
                repeat = _repeat(element, "number-rows-repeated")
                element.clear()
                if wanted and row.cells:
                    if first is None and len(rows) + blank_rows + repeat > most:
                        raise Unreadable(_past_the_rows(max(most + 1, len(rows) + blank_rows + 1), limits, name),
                                         "too_many_rows")
                    rows.extend([] for _ in range(min(blank_rows, keep - len(rows))))
                    blank_rows = 0
                    kept = min(repeat, keep - len(rows))
                    cells.add(row.filled * kept)
                    rows.extend(list(row.cells) for _ in range(kept))
                elif wanted:
                    blank_rows += repeat  # empty rows count only when content follows them
                row = _OdsRow(limits)
            elif tag == f"{{{_TABLE}}}table":
                yield name, rows
                element.clear()
                if only is not None and name == only:
                    return


def _repeat(element, attribute: str) -> int:
    text = element.get(f"{{{_TABLE}}}{attribute}", "1")
    if not text.isdigit():
        raise Unreadable(_DAMAGED["ods"], "bad_excel")
    return int(text)


class _OdsRow:
    """One row's cells as they are read: a run of empty cells is kept as its width until text follows it,
    and a cell past ``upload.max_columns`` is refused before it is placed."""

    def __init__(self, limits: UploadLimits) -> None:
        self.limits = limits
        self.cells: list[str] = []
        self.blanks = 0  # empty cells since the last cell with text
        self.filled = 0  # cells with text

    def add(self, text: str, repeat: int) -> None:
        if not text:
            self.blanks += repeat
            return
        width = len(self.cells) + self.blanks + repeat
        if width > self.limits.max_columns:
            raise Unreadable(_too_many_columns(width, self.limits), "too_many_columns")
        self.cells.extend([""] * self.blanks + [_check_text(text)] * repeat)
        self.blanks = 0
        self.filled += repeat


def _ods_cell_text(element) -> str:
    kind = element.get(f"{{{_OFFICE}}}value-type")
    if kind in ("float", "percentage", "currency"):
        value = element.get(f"{{{_OFFICE}}}value", "")
        try:
            number = float(value)
            return str(int(number)) if number.is_integer() else value
        except (ValueError, OverflowError):
            return value
    if kind == "date":
        return element.get(f"{{{_OFFICE}}}date-value", "")
    if kind == "boolean":
        return element.get(f"{{{_OFFICE}}}boolean-value", "")
    return "\n".join("".join(p.itertext()) for p in element.iter(f"{{{_TEXT}}}p"))
