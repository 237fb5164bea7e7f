"""Turn an uploaded file's bytes into rows of text: CSV, Excel (.xlsx) or OpenDocument (.ods).

No file can knock the server over: a spreadsheet is read as a stream, never a whole sheet in
memory; its declared size and the archive's uncompressed sizes are checked before any parsing;
row and column limits are enforced while reading. Whatever stops the reading comes back as an
``Unreadable`` with a message saying what to do; problems found in single rows (a NUL byte, a
byte that is not UTF-8) come back with their row numbers.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import xml.etree.ElementTree as ElementTree
import zipfile
from dataclasses import dataclass, field

import openpyxl

from survey.settings import UploadLimits

# Room for titles, notes and empty formatted rows around the responses in a workbook.
SPARE_ROWS = 1000
# Uncompressed spreadsheet XML allowed per cell within the limits: generous for long answers.
XML_BYTES_PER_CELL = 120
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
    """The sheets of a workbook (empty for CSV, or a workbook that cannot be opened or is too large)."""
    try:
        if kind_of(data) in ("xlsx", "ods"):
            _check_archive(data, limits, kind_of(data))
        if kind_of(data) == "xlsx":
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                return list(workbook.sheetnames)
            finally:
                workbook.close()
        if kind_of(data) == "ods":
            return [name for name, _ in _ods_tables(data, limits=None, only=None, head=0)]
    except (Unreadable, zipfile.BadZipFile, ElementTree.ParseError, KeyError, OSError, ValueError):
        return []
    return []


def read_sheet(data: bytes, limits: UploadLimits, sheet: str | None = None, *, choose=None) -> Sheet:
    """The rows of a CSV file or of one sheet of a workbook.

    Parameters
    ----------
    sheet : str, optional
        The workbook sheet to read; by default the one ``choose`` picks from the first 30 rows
        of each (the sheet holding the responses), else the first.
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
    _check_archive(data, limits, kind)
    reader = _read_xlsx if kind == "xlsx" else _read_ods
    names = None
    if sheet is None and choose is not None:
        firsts = dict(reader(data, limits, None, head=30, every_sheet=True))
        names = list(firsts)
        sheet = choose(firsts) if firsts else None
    sheets = list(reader(data, limits, sheet))
    if not sheets:
        raise Unreadable("The workbook has no sheets.", "bad_excel")
    name, rows = sheets[0]
    return Sheet(rows, name, names if names is not None else sheet_names(data, limits))


# --- CSV ---------------------------------------------------------------------------------------

_BINARY_STARTS = (b"\x89PNG", b"%PDF", b"GIF8", b"\xff\xd8\xff", b"PK")


def _read_csv(data: bytes, limits: UploadLimits) -> Sheet:
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if data.startswith(_BINARY_STARTS) or (not utf16 and data[:4096].count(b"\x00") > 64):
        raise Unreadable("This is not a CSV, Excel (.xlsx) or OpenDocument (.ods) file.", "not_csv")
    text, problems = _decode(data)
    if sum(not ch.isprintable() and ch not in "\r\n\t\x00" for ch in text[:4096]) > 20:
        raise Unreadable("This is not a CSV, Excel (.xlsx) or OpenDocument (.ods) file.", "not_csv")
    problems += [RowProblem(n, "", "This row holds a NUL character (an invisible byte that is not text): the file may "
                            "have been damaged, or saved in a format that is not CSV. Remove it, or save the file "
                            "again as CSV (UTF-8).", "nul_byte")
                 for n, line in enumerate(text.splitlines(), start=1) if "\x00" in line]
    rows = []
    try:
        for row in csv.reader(io.StringIO(text.replace("\x00", ""), newline=""), delimiter=_sniff_delimiter(text)):
            if len(row) > limits.max_columns:
                raise Unreadable(_too_many_columns(len(row), limits), "too_many_columns")
            rows.append(row)
            if len(rows) > limits.max_rows + SPARE_ROWS:
                break  # the row limit is reported by the validator, which counts the responses
    except csv.Error as exc:
        raise Unreadable(f"The file could not be read as CSV ({exc}); check its quotes.", "not_csv") from None
    return Sheet(rows, problems=problems)


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


def _too_many_columns(count: int, limits: UploadLimits) -> str:
    return (f"The file has {count:,} columns; the most accepted is {limits.max_columns:,} (setting "
            "upload.max_columns). Remove the columns that are not survey answers, or check the separator.")


# --- workbooks: limits checked before parsing ---------------------------------------------------

def _check_archive(data: bytes, limits: UploadLimits, kind: str) -> None:
    """Refuse an archive whose contents would expand past what a sheet within the limits needs."""
    budget = (limits.max_rows + SPARE_ROWS) * limits.max_columns * XML_BYTES_PER_CELL
    name = "Excel" if kind == "xlsx" else "OpenDocument"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Unreadable(f"This looks like an {name} file but it cannot be opened: save it again as "
                         f"{'.xlsx' if kind == 'xlsx' else '.ods'} or CSV.", "bad_excel") from None
    if expanded > budget:
        raise Unreadable(f"This {name} file unpacks to {expanded / 1e6:,.0f} MB, more than a sheet of "
                         f"{limits.max_rows:,} responses × {limits.max_columns:,} columns needs "
                         f"({budget / 1e6:,.0f} MB): it holds something else, or far more than one round. Save the "
                         "sheet with the responses on its own, or as CSV.", "too_large")


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]*\d*:?([A-Z]+)(\d+)"')


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
    if rows > limits.max_rows + SPARE_ROWS or columns > limits.max_columns + SPARE_ROWS // 10:
        raise Unreadable(f"Sheet '{sheet}' says it holds {rows:,} rows × {columns:,} columns; the most accepted is "
                         f"{limits.max_rows:,} responses × {limits.max_columns:,} columns. Delete the empty rows and "
                         "columns around the responses (or copy the responses to a new sheet), then save again.",
                         "too_large")


def _read_xlsx(data: bytes, limits: UploadLimits, sheet: str | None, *, head: int | None = None,
               every_sheet: bool = False):
    """(sheet name, rows) for the chosen sheet, or for every sheet (``every_sheet``)."""
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many types for damaged files
        raise Unreadable("This looks like an Excel file but it cannot be opened: save it again as .xlsx or CSV.",
                         "bad_excel") from None
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            raise Unreadable(f"There is no sheet '{sheet}'; the sheets are: {', '.join(workbook.sheetnames)}.", "bad_sheet")
        names = workbook.sheetnames if every_sheet else [sheet or workbook.sheetnames[0]]
        paths = _xlsx_sheet_paths(data)
        for name in names:
            with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(paths[name]) as stream:
                _check_dimension(stream.read(4096), limits, name)
            yield name, _xlsx_rows(workbook[name], limits, head)
    except Unreadable:
        raise
    except Exception:  # noqa: BLE001
        raise Unreadable("The Excel sheet could not be read: save it again as .xlsx or CSV.", "bad_excel") from None
    finally:
        workbook.close()


def _xlsx_sheet_paths(data: bytes) -> dict[str, str]:
    """Sheet name → its XML file inside the archive."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    paths = {}
    for element in book.iter():
        if element.tag.endswith("}sheet"):
            rel = next(v for k, v in element.attrib.items() if k.endswith("}id"))
            target = targets[rel].lstrip("/")
            paths[element.get("name")] = target if target.startswith("xl/") else f"xl/{target}"
    return paths


def _xlsx_rows(worksheet, limits: UploadLimits, head: int | None) -> list[list[str]]:
    rows = []
    for row in worksheet.iter_rows(values_only=True, max_col=limits.max_columns + 1):
        cells = [_cell_text(v) for v in row]
        while cells and not cells[-1]:
            cells.pop()
        if len(cells) > limits.max_columns:
            raise Unreadable(_too_many_columns(len(cells), limits), "too_many_columns")
        rows.append(cells)
        if len(rows) > (head if head is not None else limits.max_rows + SPARE_ROWS):
            break
    return rows


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


# --- OpenDocument spreadsheets: content.xml read as a stream ------------------------------------

def _read_ods(data: bytes, limits: UploadLimits, sheet: str | None, *, head: int | None = None,
              every_sheet: bool = False):
    found = False
    names = []
    for name, rows in _ods_tables(data, limits, only=None if every_sheet or sheet is None else sheet,
                                  head=head if head is not None else limits.max_rows + SPARE_ROWS):
        names.append(name)
        if every_sheet or sheet is None or name == sheet:
            found = True
            yield name, rows
            if not every_sheet:
                return
    if not found and sheet is not None:
        raise Unreadable(f"There is no sheet '{sheet}'; the sheets are: {', '.join(names)}.", "bad_sheet")


def _ods_tables(data: bytes, limits: UploadLimits | None, only: str | None, head: int):
    """(table name, rows) for each table of an .ods file, parsed incrementally: repeated rows and
    cells are expanded only up to the limits, and each row's XML is freed once read."""
    max_columns = limits.max_columns if limits else 0
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        stream = archive.open("content.xml")
    except (zipfile.BadZipFile, KeyError, OSError):
        raise Unreadable("This looks like an OpenDocument file but it cannot be opened: save it again as .ods or CSV.",
                         "bad_excel") from None
    name, rows, row, blank_rows = None, [], [], 0
    try:
        for event, element in ElementTree.iterparse(stream, events=("start", "end")):
            tag = element.tag
            if event == "start" and tag == f"{{{_TABLE}}}table":
                name, rows, blank_rows = element.get(f"{{{_TABLE}}}name"), [], 0
            elif event == "start" and tag == f"{{{_TABLE}}}table-row":
                row = []
            elif event == "end" and tag in (f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}covered-table-cell"):
                if limits is not None and (only is None or only == name):
                    repeat = int(element.get(f"{{{_TABLE}}}number-columns-repeated", "1"))
                    text = _ods_cell_text(element)
                    if text:
                        if repeat > max_columns:
                            raise Unreadable(_too_many_columns(repeat, limits), "too_many_columns")
                        row.extend([text] * repeat)
                    else:
                        row.append(("", repeat))  # empty cells: expanded only if text follows
                element.clear()
            elif event == "end" and tag == f"{{{_TABLE}}}table-row":
                if limits is not None and (only is None or only == name) and len(rows) < head:
                    cells = _expand_blanks(row, max_columns, limits)
                    repeat = int(element.get(f"{{{_TABLE}}}number-rows-repeated", "1"))
                    if cells:
                        for _ in range(min(blank_rows, head - len(rows))):
                            rows.append([])
                        blank_rows = 0
                        rows.extend([list(cells) for _ in range(min(repeat, head - len(rows)))])
                    else:
                        blank_rows += repeat  # empty rows count only when content follows them
                element.clear()
            elif event == "end" and tag == f"{{{_TABLE}}}table":
                yield name, rows
                element.clear()
                if only is not None and name == only:
                    return
    except ElementTree.ParseError:
        raise Unreadable("The OpenDocument sheet could not be read: save it again as .ods or CSV.", "bad_excel") from None
    finally:
        stream.close()
        archive.close()


def _expand_blanks(row: list, max_columns: int, limits: UploadLimits) -> list[str]:
    """A row's cells with runs of empty cells expanded, trailing ones dropped."""
    while row and isinstance(row[-1], tuple):
        row.pop()
    cells: list[str] = []
    for cell in row:
        if isinstance(cell, tuple):
            cells.extend([""] * cell[1])
        else:
            cells.append(cell)
        if len(cells) > max_columns:
            raise Unreadable(_too_many_columns(len(cells), limits), "too_many_columns")
    return cells


def _ods_cell_text(element) -> str:
    kind = element.get(f"{{{_OFFICE}}}value-type")
    if kind in ("float", "percentage", "currency"):
        value = element.get(f"{{{_OFFICE}}}value", "")
        try:
            number = float(value)
            return str(int(number)) if number.is_integer() else value
        except ValueError:
            return value
    if kind == "date":
        return element.get(f"{{{_OFFICE}}}date-value", "")
    if kind == "boolean":
        return element.get(f"{{{_OFFICE}}}boolean-value", "")
    return "\n".join("".join(p.itertext()) for p in element.iter(f"{{{_TEXT}}}p"))
