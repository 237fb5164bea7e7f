"""CSV files: the lines checked on the bytes before they are decoded, any common encoding and separator read."""

from __future__ import annotations

import csv
import io

from survey.settings import UploadLimits
from survey.sheet_limits import (
    MAX_CELL_CHARACTERS, SPARE_ROWS, Cells, RowProblem, Sheet, Unreadable, past_the_rows, too_many_columns,
)

# Lines a CSV response may take (answers with line breaks in quoted text).
LINES_PER_RESPONSE = 10

_BINARY_STARTS = (b"\x89PNG", b"%PDF", b"GIF8", b"\xff\xd8\xff", b"PK")


def read_csv(data: bytes, limits: UploadLimits) -> Sheet:
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
    cells = Cells(limits)
    try:
        reader = csv.reader(io.StringIO(text.replace("\x00", ""), newline=""), delimiter=_sniff_delimiter(text))
        for number, row in enumerate(reader, start=1):
            if len(row) > limits.max_columns:
                raise Unreadable(too_many_columns(len(row), limits), "too_many_columns")
            filled = sum(1 for value in row if value)
            cells.add(filled)
            if number <= limits.max_rows + SPARE_ROWS:
                rows.append(row)  # the row limit is reported by the validator, which counts the responses
            elif filled:
                raise Unreadable(past_the_rows(number, limits), "too_many_rows")
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
