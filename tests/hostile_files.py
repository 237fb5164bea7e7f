"""Hostile survey files, made in the test that uses them (small on disk, huge or slow when read).

Each writer streams its file to ``path`` so that making it costs the test little memory; the
workbooks are built part by part, so a test says exactly which part is hostile.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SPREADSHEETML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
ODS_NAMESPACES = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
                  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')

Writer = Callable[[Callable[[bytes], object]], None]  # writes a part's XML through the function it is given


def _part(text: str) -> Writer:
    return lambda write: write(text.encode())


def write_xlsx(path: Path, *, sheet: Writer, shared_strings: Writer | None = None, styles: Writer | None = None) -> Path:
    """An .xlsx file with one sheet named 'Responses', each part written by its writer."""
    types = [f'<Override PartName="/xl/workbook.xml" ContentType="{SPREADSHEETML}.sheet.main+xml"/>',
             f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SPREADSHEETML}.worksheet+xml"/>']
    relations = [f'<Relationship Id="rId1" Type="{OFFICE_TYPE}/worksheet" Target="worksheets/sheet1.xml"/>']
    parts: dict[str, Writer] = {"xl/worksheets/sheet1.xml": sheet}
    if shared_strings is not None:
        types.append(f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SPREADSHEETML}.sharedStrings+xml"/>')
        relations.append(f'<Relationship Id="rId2" Type="{OFFICE_TYPE}/sharedStrings" Target="sharedStrings.xml"/>')
        parts["xl/sharedStrings.xml"] = shared_strings
    if styles is not None:
        types.append(f'<Override PartName="/xl/styles.xml" ContentType="{SPREADSHEETML}.styles+xml"/>')
        relations.append(f'<Relationship Id="rId3" Type="{OFFICE_TYPE}/styles" Target="styles.xml"/>')
        parts["xl/styles.xml"] = styles
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>' + "".join(types) + "</Types>"))
        archive.writestr("_rels/.rels", (
            f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS}"><Relationship Id="rId1" '
            f'Type="{OFFICE_TYPE}/officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        archive.writestr("xl/workbook.xml", (
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}"><sheets>'
            '<sheet name="Responses" sheetId="1" r:id="rId1"/></sheets></workbook>'))
        archive.writestr("xl/_rels/workbook.xml.rels",
                         f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">' + "".join(relations) + "</Relationships>")
        for name, writer in parts.items():
            with archive.open(name, "w", force_zip64=True) as stream:
                writer(stream.write)
    return path


def sheet_xml(rows: Iterable[list[str]], dimension: str | None = None) -> Writer:
    """A sheet of inline-string cells (``dimension``: the size the sheet claims, as "A1:B2")."""
    def write(out):
        out(f'<worksheet xmlns="{MAIN}">'.encode())
        if dimension:
            out(f'<dimension ref="{dimension}"/>'.encode())
        out(b"<sheetData>")
        for number, row in enumerate(rows, start=1):
            out(f'<row r="{number}">'.encode() + b"".join(
                f'<c t="inlineStr"><is><t>{value}</t></is></c>'.encode() for value in row) + b"</row>")
        out(b"</sheetData></worksheet>")
    return write


def shared_strings_xlsx(path: Path, count: int) -> Path:
    """A small sheet and a shared-string table of ``count`` distinct strings (a few bytes each, packed well)."""
    def strings(out):
        out(f'<sst xmlns="{MAIN}" count="{count}" uniqueCount="{count}">'.encode())
        block = 10_000
        for start in range(0, count, block):
            out(b"".join(b"<si><t>%d</t></si>" % n for n in range(start, min(start + block, count))))
        out(b"</sst>")
    return write_xlsx(path, sheet=sheet_xml([["borough", "leadership_1"], ["Camden", "3"]]), shared_strings=strings)


def styles_xlsx(path: Path, count: int) -> Path:
    """A small sheet and a style sheet of ``count`` cell formats."""
    def styles(out):
        out(f'<styleSheet xmlns="{MAIN}"><fonts count="1"><font/></fonts><fills count="1"><fill/></fills>'
            f'<borders count="1"><border/></borders><cellXfs count="{count}">'.encode())
        for start in range(0, count, 10_000):
            out(b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>' * min(10_000, count - start))
        out(b"</cellXfs></styleSheet>")
    return write_xlsx(path, sheet=sheet_xml([["borough", "leadership_1"], ["Camden", "3"]]), styles=styles)


def whole_grid_xlsx(path: Path) -> Path:
    """A two-row sheet that claims every row and column Excel has: 1,048,576 × 16,384."""
    return write_xlsx(path, sheet=sheet_xml([["borough", "leadership_1"], ["Camden", "3"]], dimension="A1:XFD1048576"))


def write_ods(path: Path, body: Writer) -> Path:
    """An .ods file whose one table's rows are written by ``body``."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", (
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            '<manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>"))
        with archive.open("content.xml", "w", force_zip64=True) as stream:
            stream.write(f'<office:document-content {ODS_NAMESPACES}><office:body><office:spreadsheet>'
                         '<table:table table:name="Responses">'.encode())
            body(stream.write)
            stream.write(b"</table:table></office:spreadsheet></office:body></office:document-content>")
    return path


def ods_cell(text: str) -> str:
    return f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>'


HEADER_ROW = f"<table:table-row>{ods_cell('borough')}{ods_cell('leadership_1')}</table:table-row>"


def repeated_columns_ods(path: Path, repeat: int) -> Path:
    """A row with ``repeat`` blank cells declared by one attribute, then a cell with text after them."""
    return write_ods(path, _part(
        HEADER_ROW + f'<table:table-row><table:table-cell table:number-columns-repeated="{repeat}"/>'
        f"{ods_cell('Camden')}</table:table-row>"))


def repeated_rows_ods(path: Path, repeat: int) -> Path:
    """A response row declared ``repeat`` times by one attribute."""
    return write_ods(path, _part(
        HEADER_ROW + f'<table:table-row table:number-rows-repeated="{repeat}">{ods_cell("Camden")}{ods_cell("3")}'
        "</table:table-row>"))


def blank_cells_ods(path: Path, count: int) -> Path:
    """A row of ``count`` blank cells, each its own element (no repeat attribute), then a cell with text."""
    def body(out):
        out(HEADER_ROW.encode() + b"<table:table-row>")
        for _ in range(0, count, 100_000):
            out(b"<table:table-cell/>" * min(100_000, count))
        out(ods_cell("Camden").encode() + b"</table:table-row>")
    return write_ods(path, body)


def single_line_csv(path: Path, megabytes: int) -> Path:
    """A CSV whose header is followed by one line of ``megabytes`` MB with no line break."""
    with open(path, "wb") as out:
        out.write(b"borough,leadership_1\n")
        block = b"x" * 1_000_000
        for _ in range(megabytes):
            out.write(block)
    return path


def short_lines_csv(path: Path, lines: int) -> Path:
    """A CSV of ``lines`` lines of one character each."""
    with open(path, "wb") as out:
        out.write(b"borough,leadership_1\n" + b"a\n" * lines)
    return path
