"""Workbooks (.xlsx and .ods) are zip archives of XML parts: each part is measured before any of it is parsed,
and refused if it holds more than a file within the limits needs (a zip bomb, a billion empty cells)."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ElementTree
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from survey.settings import UploadLimits
from survey.sheet_limits import Unreadable

# Unpacked spreadsheet XML allowed per cell within upload.max_cells: room for long answers and for
# the formatting spreadsheets write around each cell.
XML_BYTES_PER_CELL = 200
# XML elements allowed per cell within upload.max_cells (a cell, its value, its text; rows and blanks).
XML_ELEMENTS_PER_CELL = 4
# XML elements allowed in a workbook's other parts: its sheet list, relationships and styles.
MAX_INDEX_ELEMENTS = 100_000


def open_archive(data: bytes, limits: UploadLimits, kind: str) -> zipfile.ZipFile:
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


DAMAGED = {"xlsx": "The Excel sheet could not be read: save it again as .xlsx or CSV.",
            "ods": "The OpenDocument sheet could not be read: save it again as .ods or CSV."}


@dataclass(frozen=True)
class Part:
    """What one part of a workbook holds, counted in its unpacked bytes before any is parsed (a tag split
    between two chunks, or a "<" in a CDATA section, counts once too often: never too few)."""

    elements: int
    texts: int  # <si> elements: the texts of a shared-strings part


def parsed_part(archive: zipfile.ZipFile, path: str, kind: str, check: Callable[[Part], None],
            events: tuple[Literal["start", "end"], ...] = ("end",)) -> Iterator[tuple[str, ElementTree.Element]]:
    """``ElementTree.iterparse`` of one part of a workbook, once ``check`` has passed what the part holds."""
    try:
        elements = texts = 0
        with archive.open(path) as stream:
            while chunk := stream.read(1 << 20):
                elements += chunk.count(b"<") - chunk.count(b"</") - chunk.count(b"<?") - chunk.count(b"<!")
                texts += chunk.count(b"<si>") + chunk.count(b"<si ")
        check(Part(elements, texts))
        with archive.open(path) as stream:
            yield from ElementTree.iterparse(stream, events=events)
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, zlib.error, OSError, EOFError):
        raise Unreadable(DAMAGED[kind], "bad_excel") from None


def index_part(part: Part, path: str) -> None:
    """Refuse a sheet list, relationships or style sheet of more entries than any survey file needs."""
    if part.elements > MAX_INDEX_ELEMENTS:
        raise Unreadable(f"The part {path} of this workbook has more than {MAX_INDEX_ELEMENTS:,} entries; the most "
                         f"accepted is {MAX_INDEX_ELEMENTS:,} (its sheet list, links and styles need far fewer). Save the "
                         "workbook again, or the responses as CSV.", "too_large")


def cells_part(part: Part, what: str, limits: UploadLimits) -> None:
    """Refuse a sheet (or shared texts) of more XML elements than a sheet of ``upload.max_cells`` needs."""
    most = limits.max_cells * XML_ELEMENTS_PER_CELL
    if part.elements > most:
        raise Unreadable(f"{what} is made of more than {most:,} parts (cells, values, rows); a sheet of at most "
                         f"{limits.max_cells:,} cells (setting upload.max_cells) needs at most {most:,}. Delete the empty "
                         "formatted rows and columns around the responses, or save them as CSV.", "too_large")


def local_name(tag: str) -> str:
    """An element's name without its namespace."""
    return tag.rpartition("}")[2]
