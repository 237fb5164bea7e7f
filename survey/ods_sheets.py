"""OpenDocument spreadsheets (.ods): content.xml read as a stream, repeated rows and cells counted, never expanded."""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree.ElementTree import Element

from survey.settings import UploadLimits
from survey.sheet_limits import (
    FIRST_ROWS, SPARE_ROWS, Cells, Chooser, Sheet, Unreadable, check_text, past_the_rows, too_many_columns,
)
from survey.workbook_parts import DAMAGED, cells_part, open_archive, parsed_part

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def ods_sheet_names(data: bytes, limits: UploadLimits) -> list[str]:
    """The tables of an .ods file, in its order."""
    return [name for name, _ in _ods_tables(data, limits, only=None, first=0)]


def read_ods(data: bytes, limits: UploadLimits, sheet: str | None, choose: Chooser | None) -> Sheet:
    names = None
    if sheet is None and choose is not None:
        firsts = dict(_ods_tables(data, limits, only=None, first=FIRST_ROWS))
        names = list(firsts)
        sheet = choose(firsts) if firsts else None
    found = []
    for name, rows in _ods_tables(data, limits, only=sheet):
        found.append(name)
        if sheet is None or name == sheet:
            if names is None:
                try:
                    names = ods_sheet_names(data, limits)
                except Unreadable:  # the sheet read is whole: a damaged table after it only leaves the list empty
                    names = []
            return Sheet(rows, name, names)
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
    with open_archive(data, limits, "ods") as archive:
        rows: list[list[str]] = []
        name, row, blank_rows, cells = "", _OdsRow(limits), 0, Cells(limits)
        for event, element in parsed_part(archive, "content.xml", "ods",
                                      lambda part: cells_part(part, "The OpenDocument file", limits),
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
                        raise Unreadable(past_the_rows(max(most + 1, len(rows) + blank_rows + 1), limits, name),
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


def _repeat(element: Element, attribute: str) -> int:
    text = element.get(f"{{{_TABLE}}}{attribute}", "1")
    if not text.isdigit():
        raise Unreadable(DAMAGED["ods"], "bad_excel")
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
            raise Unreadable(too_many_columns(width, self.limits), "too_many_columns")
        self.cells.extend([""] * self.blanks + [check_text(text)] * repeat)
        self.blanks = 0
        self.filled += repeat


def _ods_cell_text(element: Element) -> str:
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
