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

from survey.csv_sheets import read_csv
from survey.ods_sheets import ods_sheet_names, read_ods
from survey.settings import UploadLimits
from survey.sheet_limits import Chooser, Sheet, Unreadable
from survey.xlsx_sheets import read_xlsx, xlsx_sheet_names

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


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
            return xlsx_sheet_names(data, limits)
        if kind == "ods":
            return ods_sheet_names(data, limits)
    except Unreadable:
        return []
    return []


def read_sheet(data: bytes, limits: UploadLimits, sheet: str | None = None, *,
               choose: Chooser | None = None) -> Sheet:
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
        return read_csv(data, limits)
    if kind == "xlsx":
        return read_xlsx(data, limits, sheet, choose)
    return read_ods(data, limits, sheet, choose)
