"""No file can knock the upload over: each defence gives its message within its time and memory.

The costly cases run the reader in a fresh process (tests/read_worker.py) so its own peak memory
can be read (its kernel high-water mark; see the worker for why not ``ru_maxrss`` alone). The bounds
are the issue's: 2 s, and 300 MB of which about 150 MB were the imports, so reading may add 150 MB to
what the process held before it (imports, framework and the file's bytes). The imports' resident size
is not the reader's to bound: it varies with the page cache (the same code on the same machine held
166 MB after its imports from a long-used environment, 219 MB from one just installed).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from reports.tables import neutralise_formula
from survey.framework import load_framework
from survey.reading import read_survey
from survey.store import StoreConflict, SurveyStore
from tests import hostile_files
from tests.conftest import ROOT
from tests.helpers import run_cli, survey_csv

FRAMEWORK = load_framework()  # the framework kept with each saved round

SECONDS, READING_MEGABYTES = 2.0, 150


def _read_in_a_fresh_process(path, env: dict[str, str] | None = None) -> dict:
    result = subprocess.run([sys.executable, "-m", "tests.read_worker", str(path)], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, env={**os.environ, **(env or {})})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _small_workbook() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["borough", "leadership_1"])
    workbook.active.append(["Camden", 3])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _expanding_xlsx(path: Path) -> Path:
    """A few MB on disk whose sheet XML expands to more than 1 GB."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_small_workbook())) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info, source.read(info.filename))
                continue
            head, _, tail = source.read(info.filename).partition(b"<sheetData>")
            with target.open(info.filename, "w", force_zip64=True) as stream:
                stream.write(head + b"<sheetData>")
                row = b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>' * 16_000
                for _ in range(1_100_000_000 // len(row)):
                    stream.write(row)
                stream.write(b"</sheetData>" + tail.partition(b"</sheetData>")[2])
    path.write_bytes(out.getvalue())
    return path


def _wide_csv(path: Path) -> Path:
    """A CSV with 50,000 columns."""
    path.write_text("borough," + ",".join(f"extra_{n}" for n in range(50_000)) + "\nCamden" + ",3" * 50_000 + "\n")
    return path


# Each file is made by the test, small on disk (the workbooks under 3 MB), and refused with the name
# and value of the limit it breaks. The default limits hold (upload.max_rows 5,000, upload.max_columns
# 200, upload.max_cells 250,000), but the 100 MB line is read with upload.max_megabytes at 150, so that
# the size limit does not stop it first.
HOSTILE = {
    "2,000,000,000 repeated blank cells in an .ods row": (
        lambda path: hostile_files.repeated_columns_ods(path, 2_000_000_000), {}, "too_many_columns",
        "The file has 2,000,000,001 columns; the most accepted is 200 (setting upload.max_columns)."),
    "an .ods response row repeated 2,000,000,000 times": (
        lambda path: hostile_files.repeated_rows_ods(path, 2_000_000_000), {}, "too_many_rows",
        "Row 6,001 of sheet 'Responses' has content, past the 6,000 rows read: at most 5,000 responses (setting "
        "upload.max_rows) and 1,000 rows of titles and notes."),
    "2,000,000 blank .ods cells, each its own element": (
        lambda path: hostile_files.blank_cells_ods(path, 2_000_000), {}, "too_large",
        "The OpenDocument file is made of more than 1,000,000 parts (cells, values, rows); a sheet of at most 250,000 "
        "cells (setting upload.max_cells) needs at most 1,000,000."),
    "a million shared strings": (
        lambda path: hostile_files.shared_strings_xlsx(path, 1_000_000), {}, "too_large",
        "This Excel file holds more than 250,000 different texts; the most accepted is 250,000, one per cell with "
        "content (setting upload.max_cells)."),
    "200,000 cell formats": (
        lambda path: hostile_files.styles_xlsx(path, 200_000), {}, "too_large",
        "The part xl/styles.xml of this workbook has more than 100,000 entries; the most accepted is 100,000"),
    "a sheet claiming 1,048,576 × 16,384 cells": (
        hostile_files.whole_grid_xlsx, {}, "too_large",
        "Sheet 'Responses' says it holds 1,048,576 rows × 16,384 columns; the most accepted is 5,000 responses × 200 "
        "columns (settings upload.max_rows and upload.max_columns)."),
    # 250,000 cells × 200 bytes a cell = 50 MB of workbook XML at most.
    "a workbook expanding past 1 GB": (
        _expanding_xlsx, {}, "too_large",
        "This Excel file unpacks to 1,099 MB, more than a file of 250,000 cells (setting upload.max_cells) needs (50 MB)"),
    "a 100 MB CSV line": (
        lambda path: hostile_files.single_line_csv(path, 100), {"SURVEY_MAX_UPLOAD_MB": "150"}, "too_large",
        "Line 2 is longer than 6,553,400 bytes, the most a row of 200 columns (setting upload.max_columns) of 32,767 "
        "characters each (the most a spreadsheet cell holds) takes."),
    "9,000,000 short CSV lines": (
        lambda path: hostile_files.short_lines_csv(path, 9_000_000), {}, "too_many_rows",
        "The file has 9,000,002 lines; a file of at most 5,000 responses (setting upload.max_rows) has at most 60,000"),
    "50,000 CSV columns": (
        _wide_csv, {}, "too_many_columns",
        "The file has 50,001 columns; the most accepted is 200 (setting upload.max_columns)."),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_file_past_the_limits_is_refused_quickly_and_cheaply(tmp_path, case):
    make, env, kind, message = HOSTILE[case]
    path = make(tmp_path / "hostile")
    assert path.stat().st_size < 150_000_000
    outcome = _read_in_a_fresh_process(path, env)
    assert outcome["kinds"] == [kind]
    assert outcome["messages"][0].startswith(message)
    assert outcome["seconds"] < SECONDS and outcome["peak_mb"] - outcome["before_mb"] < READING_MEGABYTES, outcome


def test_a_nul_byte_is_reported_with_its_row(framework):
    data = b"borough,leadership_1\nCamden,3\nHack\x00ney,2\n"
    parsed = read_survey(data, framework, round_label="2026")
    assert [(p.row, p.kind) for p in parsed.errors] == [(3, "nul_byte")]


def test_an_invalid_utf8_byte_in_a_utf8_file_is_reported_with_its_row(framework):
    data = "borough,respondent,leadership_1\nCamden,Zoë,3\n".encode() + b"Hackney,Ren\xe9,2\n"
    parsed = read_survey(data, framework, round_label="2026")
    assert [(p.row, p.value, p.kind) for p in parsed.errors] == [(3, "0xE9", "bad_encoding")]


def test_a_windows_1252_file_is_still_read_as_such(framework):
    data = "borough,respondent,leadership_1\nCamden,Zoë,3\n".encode("cp1252")
    parsed = read_survey(data, framework, round_label="2026")
    assert parsed.ok and parsed.responses["respondent"].tolist() == ["Zoë"]


def test_a_respondent_longer_than_the_store_keeps_is_refused_when_read(backend_url, framework):
    row = {"borough": "Camden", "respondent": "R" * 300, "leadership_1": 3}
    parsed = read_survey(survey_csv(framework, [row]), framework, round_label="2026")
    assert [(p.column, p.kind) for p in parsed.errors] == [("respondent", "too_long")]
    assert parsed.errors[0].message == "This respondent is 300 characters long; the most kept is 200. Shorten it."
    assert SurveyStore(backend_url).is_empty()


def test_a_respondent_and_role_at_the_length_limit_save_on_every_database(backend_url, framework):
    row = {"borough": "Camden", "respondent": "R" * 200, "role": "C" * 200, "leadership_1": 3}
    parsed = read_survey(survey_csv(framework, [row], extra_columns=("role",)), framework, round_label="2026")
    assert parsed.ok
    store = SurveyStore(backend_url)
    store.save_round(parsed, framework=FRAMEWORK, uploader="a@office.example", publish=True)
    # A respondent that is not a code is kept as its pseudonym (18 characters), whatever its length.
    assert store.answers("2026")["respondent"].tolist() == [store.pseudonyms.stored_as("R" * 200)]
    with store.reading() as conn:
        assert conn.exec_driver_sql("SELECT role FROM responses").scalar() == "C" * 200
    store.engine.dispose()


def test_an_uploader_longer_than_the_store_keeps_is_refused_before_writing(store, framework):
    parsed = read_survey(survey_csv(framework, [{"borough": "Camden", "leadership_1": 3}]), framework, round_label="2026")
    with pytest.raises(StoreConflict, match="The uploader is 201 characters long; the store keeps at most 200."):
        store.save_round(parsed, framework=FRAMEWORK, uploader="u" * 201, publish=True)
    assert store.is_empty()


def test_an_unnamed_response_is_never_merged_with_a_named_one(framework):
    rows = [{"borough": "Camden", "respondent": "", "leadership_1": 3},
            {"borough": "Camden", "respondent": "row 2", "leadership_1": 5}]
    parsed = read_survey(survey_csv(framework, rows), framework, round_label="2026")
    assert parsed.responses["respondent"].tolist() == ["(no name) row 2", "row 2"]


def test_a_named_respondent_may_not_look_like_an_unnamed_one(framework):
    rows = [{"borough": "Camden", "respondent": "(no name) row 9", "leadership_1": 3}]
    parsed = read_survey(survey_csv(framework, rows), framework, round_label="2026")
    assert [p.kind for p in parsed.errors] == ["bad_respondent"]


@pytest.mark.parametrize("text", ["=1+1", " =1+1", "\t=cmd", "  @SUM(A1)", " -2+3", "\rx", "\tx"])
def test_text_that_a_spreadsheet_would_run_is_neutralised(text):
    assert neutralise_formula(text) == "'" + text


@pytest.mark.parametrize("text", ["Camden", "3", " Camden", "e=mc2"])
def test_ordinary_text_is_left_alone(text):
    assert neutralise_formula(text) == text


def test_the_history_strips_control_characters_from_what_it_prints(database_url, tmp_path, framework):
    path = tmp_path / "round\x1b[31mred.csv"
    path.write_bytes(survey_csv(framework, [{"borough": "Camden", "respondent": "R1", "leadership_1": 3}]))
    assert run_cli(database_url, "--as", "a\x1b]0;x\x07@office.example", "ingest", str(path), "--round", "2026").returncode == 0
    printed = run_cli(database_url, "history", "2026").stdout + run_cli(database_url, "audit").stdout
    assert "\x1b" not in printed and "\x07" not in printed
    assert "round[31mred.csv" in printed
