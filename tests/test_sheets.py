"""Reading workbooks and CSV files as rows of text, within the limits on rows, columns and cells."""

from __future__ import annotations

import pytest

from survey.settings import UploadLimits
from survey.sheets import Unreadable, read_sheet
from tests.hostile_files import MAIN, HEADER_ROW, ods_cell, sheet_xml, write_ods, write_xlsx

LIMITS = UploadLimits(max_bytes=10_000_000, max_rows=3, max_columns=6, max_cells=40)


def _styles(out):
    """Cell formats: 0 general, 1 a date (built-in format 14), 2 a custom date-time, 3 a duration."""
    out(f'<styleSheet xmlns="{MAIN}"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/>'
        '<numFmt numFmtId="165" formatCode="[h]:mm"/></numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/>'
        '<xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>'.encode())


def _strings(out):
    out(f'<sst xmlns="{MAIN}"><si><t>Camden</t></si><si><r><t>Dev</t></r><r><rPr><b/></rPr><t>eloping</t></r>'
        '<rPh><t>phonetic</t></rPh></si></sst>'.encode())


def _cells(out):
    out(f'<worksheet xmlns="{MAIN}"><sheetData>'
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="D1"><v>3</v></c></row>'
        '<row r="3"><c t="b"><v>1</v></c><c><v>2.5</v></c><c s="1"><v>46092</v></c><c s="2"><v>46092.75</v></c>'
        '<c s="3"><v>1.5</v></c><c t="str"><v>text of a formula</v></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>out of order</t></is></c></row>'
        "</sheetData></worksheet>".encode())


def test_an_excel_sheet_is_read_as_excel_last_saved_it(tmp_path):
    path = write_xlsx(tmp_path / "book.xlsx", sheet=_cells, shared_strings=_strings, styles=_styles)
    sheet = read_sheet(path.read_bytes(), LIMITS)
    assert (sheet.name, sheet.sheet_names) == ("Responses", ["Responses"])
    assert sheet.rows == [
        ["Camden", "Developing", "", "3"],  # shared texts, rich text without its phonetic guide, a gap
        [],  # row 2 is missing (the row written after row 3 is out of order and left out)
        ["True", "2.5", "2026-03-11T00:00:00", "2026-03-11T18:00:00", "1 day, 12:00:00", "text of a formula"],
    ]


def test_content_past_the_rows_the_limits_allow_is_refused(tmp_path):
    # 3 responses (upload.max_rows) and 1,000 spare rows: row 1,004 is past them.
    path = write_xlsx(tmp_path / "book.xlsx", sheet=lambda out: out(
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c t="inlineStr"><is><t>borough</t></is></c></row>'
        '<row r="1003"/><row r="1004"><c t="inlineStr"><is><t>Camden</t></is></c></row></sheetData></worksheet>'.encode()))
    with pytest.raises(Unreadable, match=r"^Row 1,004 of sheet 'Responses' has content, past the 1,003 rows read: at "
                                         r"most 3 responses \(setting upload.max_rows\) and 1,000 rows of titles"):
        read_sheet(path.read_bytes(), LIMITS)


def test_a_cell_further_right_than_the_columns_allow_is_refused(tmp_path):
    path = write_xlsx(tmp_path / "book.xlsx", sheet=lambda out: out(
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="IV1" t="inlineStr"><is><t>x</t></is></c></row>'
        "</sheetData></worksheet>".encode()))
    with pytest.raises(Unreadable, match=r"^The file has 256 columns; the most accepted is 6 \(setting upload.max_columns\)"):
        read_sheet(path.read_bytes(), LIMITS)


def test_shared_texts_written_with_a_prefix_are_counted_as_they_are_read(tmp_path):
    def prefixed(out):
        out(f'<x:sst xmlns:x="{MAIN}">'.encode() + b"<x:si><x:t>t</x:t></x:si>" * 41 + b"</x:sst>")
    path = write_xlsx(tmp_path / "book.xlsx", sheet=sheet_xml([["borough"]]), shared_strings=prefixed)
    with pytest.raises(Unreadable, match=r"^This Excel file holds more than 40 different texts; the most accepted is 40"):
        read_sheet(path.read_bytes(), LIMITS)


def test_a_cell_longer_than_a_spreadsheet_holds_is_refused(tmp_path):
    path = write_xlsx(tmp_path / "book.xlsx", sheet=sheet_xml([["borough", "x" * 32_768]]))
    with pytest.raises(Unreadable, match=r"^A cell holds 32,768 characters; the most accepted is 32,767 \(the most a "
                                         r"spreadsheet cell holds\)"):
        read_sheet(path.read_bytes(), LIMITS._replace(max_cells=1000))  # 200 kB of workbook XML allowed


def test_cells_with_content_are_counted_in_every_format(tmp_path):
    rows = [["borough", "leadership_1"]] + [["Camden", "3"]] * 20  # 42 cells with content; 40 allowed
    message = r"^The file has more than 40 cells with content; the most accepted is 40 \(setting upload.max_cells\)"
    csv = "\n".join(",".join(row) for row in rows).encode()
    xlsx = write_xlsx(tmp_path / "book.xlsx", sheet=sheet_xml(rows)).read_bytes()
    ods = write_ods(tmp_path / "book.ods", lambda out: out(
        "".join(f"<table:table-row>{''.join(ods_cell(v) for v in row)}</table:table-row>" for row in rows).encode())
    ).read_bytes()
    for data in (csv, xlsx, ods):
        with pytest.raises(Unreadable, match=message):
            read_sheet(data, UploadLimits(10_000_000, 30, 6, 40))


def test_an_ods_row_keeps_the_empty_cells_between_its_texts_and_drops_those_after(tmp_path):
    path = write_ods(tmp_path / "book.ods", lambda out: out((
        HEADER_ROW + f'<table:table-row>{ods_cell("Camden")}<table:table-cell table:number-columns-repeated="3"/>'
        f'{ods_cell("3")}<table:table-cell table:number-columns-repeated="16000"/></table:table-row>'
        '<table:table-row table:number-rows-repeated="1048570"><table:table-cell/></table:table-row>').encode()))
    assert read_sheet(path.read_bytes(), LIMITS).rows == [["borough", "leadership_1"], ["Camden", "", "", "", "3"]]


def test_csv_lines_are_checked_before_the_file_is_decoded():
    # upload.max_columns (6) × the most a spreadsheet cell holds (32,767) = 196,602 bytes a line.
    widest = ",".join(["x" * 32_766] * 6)  # 196,601 bytes
    assert read_sheet(f"{widest}\nb\n".encode(), LIMITS).rows == [["x" * 32_766] * 6, ["b"]]
    with pytest.raises(Unreadable, match=r"^Line 2 is longer than 196,602 bytes"):
        read_sheet(b"a\n" + b"x" * 196_603 + b"\nb\n", LIMITS)
    with pytest.raises(Unreadable, match=r"^The file has 10,031 lines; a file of at most 3 responses \(setting "
                                         r"upload.max_rows\) has at most 10,030"):
        read_sheet(b"a\n" * 10_030, LIMITS)
