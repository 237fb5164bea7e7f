"""No file can knock the upload over: each defence gives its message within its time and memory.

The costly cases run the reader in a fresh process (tests/read_worker.py) so its own peak memory
can be read (its kernel high-water mark; see the worker for why not ``ru_maxrss`` alone); the
bounds (2 s, 300 MB) are the issue's.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile

import openpyxl
import pytest

from reports.tables import neutralise_formula
from survey.framework import load_framework
from survey.reading import read_survey
from survey.store import StoreConflict, SurveyStore
from tests.conftest import ROOT, survey_csv
from tests.test_cli import run_cli

FRAMEWORK = load_framework()  # the framework kept with each saved round

SECONDS, MEGABYTES = 2.0, 300


def _read_in_a_fresh_process(path) -> dict:
    result = subprocess.run([sys.executable, "-m", "tests.read_worker", str(path)], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _small_workbook() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["borough", "leadership_1"])
    workbook.active.append(["Camden", 3])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _with_sheet(workbook: bytes, write_sheet) -> bytes:
    """The workbook with its sheet's XML replaced by what ``write_sheet(stream)`` writes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with target.open(info.filename, "w", force_zip64=True) as stream:
                    write_sheet(stream, source.read(info.filename))
            else:
                target.writestr(info, source.read(info.filename))
    return out.getvalue()


@pytest.fixture(scope="module")
def whole_grid_xlsx(tmp_path_factory):
    """1.7 kB-class file whose sheet claims every row and column Excel has: 1,048,576 × 16,384."""
    def claim_everything(stream, xml):
        stream.write(xml.replace(b'<dimension ref="A1:B2"/>', b'<dimension ref="A1:XFD1048576"/>'))

    path = tmp_path_factory.mktemp("bombs") / "whole_grid.xlsx"
    path.write_bytes(_with_sheet(_small_workbook(), claim_everything))
    return path


@pytest.fixture(scope="module")
def expanding_xlsx(tmp_path_factory):
    """A few MB on disk whose sheet XML expands to more than 1 GB."""
    def gigabyte(stream, xml):
        head, _, tail = xml.partition(b"<sheetData>")
        stream.write(head + b"<sheetData>")
        row = b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>' * 16_000
        for _ in range(1_100_000_000 // len(row)):
            stream.write(row)
        stream.write(b"</sheetData>" + tail.partition(b"</sheetData>")[2])

    path = tmp_path_factory.mktemp("bombs") / "expanding.xlsx"
    path.write_bytes(_with_sheet(_small_workbook(), gigabyte))
    return path


@pytest.fixture(scope="module")
def wide_csv(tmp_path_factory):
    """A CSV with 50,000 columns."""
    path = tmp_path_factory.mktemp("bombs") / "wide.csv"
    path.write_text("borough," + ",".join(f"extra_{n}" for n in range(50_000)) + "\nCamden" + ",3" * 50_000 + "\n")
    return path


@pytest.mark.parametrize(("fixture", "kind", "message"), [
    ("whole_grid_xlsx", "too_large", "Sheet 'Sheet' says it holds 1,048,576 rows × 16,384 columns; the most accepted "
                                     "is 5,000 responses × 200 columns."),
    # (5,000 + 1,000 spare rows) × 200 columns × 120 bytes a cell = 144 MB of sheet XML at most.
    ("expanding_xlsx", "too_large", "This Excel file unpacks to 1,099 MB, more than a sheet of 5,000 responses × 200 "
                                    "columns needs (144 MB)"),
    ("wide_csv", "too_many_columns", "The file has 50,001 columns; the most accepted is 200 (setting upload.max_columns)."),
], ids=["sheet claiming every Excel cell", "workbook expanding past 1 GB", "50,000 columns"])
def test_a_file_past_the_limits_is_refused_quickly_and_cheaply(request, fixture, kind, message):
    path = request.getfixturevalue(fixture)
    assert path.stat().st_size < 20_000_000  # within the upload limit: only its contents are too big
    outcome = _read_in_a_fresh_process(path)
    assert outcome["kinds"] == [kind]
    assert outcome["messages"][0].startswith(message)
    assert outcome["seconds"] < SECONDS and outcome["peak_mb"] < MEGABYTES, outcome


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
