"""The command line's exports follow the pages' rules: a provisional round only when asked for, and then
marked on every row, page and slide; few respondents marked, their spread only with --respondent-detail.

The store holds the demo rounds 2023-2025 (published; in 2025 Lambeth has one respondent, Camden two and
Sutton three) and the hand-worked round as provisional round "2026 autumn".
"""

from __future__ import annotations

import csv
import io

import pytest
from pptx import Presentation
from pypdf import PdfReader

from survey.reading import read_survey
from survey.store import SurveyStore
from tests.conftest import copy_demo_store
from tests.helpers import run_cli, survey_csv
from tests.fixtures.hand_worked import hand_worked_rows

PROVISIONAL = "2026 autumn"
LAMBETH, CAMDEN, SUTTON = "E09000022", "E09000007", "E09000029"


@pytest.fixture(scope="module")
def store_url(tmp_path_factory, demo_store_file, framework) -> str:
    url = copy_demo_store(demo_store_file, f"sqlite:///{tmp_path_factory.mktemp('exports') / 'store.sqlite'}")
    store = SurveyStore(url)
    parsed = read_survey(survey_csv(framework, hand_worked_rows(framework)), framework, round_label=PROVISIONAL)
    store.save_round(parsed, framework=framework, uploader="analyst@office.example")
    store.engine.dispose()
    return url


def _rows(text: str) -> dict[str, dict[str, str]]:
    return {row["ons_code"]: row for row in csv.DictReader(io.StringIO(text))}


def test_a_provisional_round_is_refused_without_the_flag(store_url):
    for table in ("scores", "gaps"):
        result = run_cli(store_url, "export", table, "--round", PROVISIONAL)
        assert result.returncode == 2 and result.stdout == ""
        assert result.stderr == (f"error: round {PROVISIONAL} is provisional: publish it first, or add --include-provisional "
                                 "for office use (everything exported is then marked 'Provisional — not for circulation')\n")


def test_with_the_flag_every_row_of_a_provisional_round_is_marked(store_url):
    result = run_cli(store_url, "export", "scores", "--round", PROVISIONAL, "--include-provisional")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("round_status,ons_code,name,")
    rows = _rows(result.stdout)
    assert sorted(rows) == ["E09000003", CAMDEN, "E09000012"]
    assert {row["round_status"] for row in rows.values()} == {"Provisional — not for circulation"}
    assert "warning: round 2026 autumn is provisional" in result.stderr


def test_scores_mark_few_respondents_and_leave_their_spread_blank_unless_asked(store_url):
    shown = _rows(run_cli(store_url, "export", "scores", "--round", "2025").stdout)
    assert [shown[c]["few_respondents"] for c in (LAMBETH, CAMDEN, SUTTON)] == ["True", "True", "False"]
    assert [shown[c]["spread_max"] for c in (LAMBETH, CAMDEN, SUTTON)] == ["", "", "2.0"]
    detail = _rows(run_cli(store_url, "export", "scores", "--round", "2025", "--respondent-detail").stdout)
    assert [detail[c]["spread_max"] for c in (LAMBETH, CAMDEN, SUTTON)] == ["0.0", "2.0", "2.0"]
    assert "round_status" not in detail[CAMDEN]  # a published round carries no mark


@pytest.mark.parametrize("flag", [(), ("--include-provisional",)], ids=["without the flag", "with it"])
def test_the_documents_of_a_published_round_leave_a_provisional_round_out(store_url, tmp_path, flag):
    report = run_cli(store_url, "export", "report", "--round", "2025", "--borough", "Camden", "--out",
                     str(tmp_path / "r.pdf"), *flag)
    assert report.returncode == 0, report.stderr
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(tmp_path / "r.pdf").pages)
    assert PROVISIONAL not in text and "provisional" not in text.lower()
    assert "Round 2023 2024 2025 Leadership" in text  # the trend table
    if flag:
        return  # one slide pack is enough: it is built from the same rounds
    pack = run_cli(store_url, "export", "pack", "--round", "2025", "--out", str(tmp_path / "p.pptx"))
    assert pack.returncode == 0, pack.stderr
    for slide in Presentation(tmp_path / "p.pptx").slides:
        texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        texts += [c.text for shape in slide.shapes if shape.has_table for row in shape.table.rows for c in row.cells]
        assert PROVISIONAL not in "\n".join([*texts, slide.notes_slide.notes_text_frame.text])


def test_a_provisional_round_s_report_is_marked_on_every_page(store_url, tmp_path):
    refused = run_cli(store_url, "export", "report", "--round", PROVISIONAL, "--borough", "Camden", "--out",
                      str(tmp_path / "r.pdf"))
    assert refused.returncode == 2 and not (tmp_path / "r.pdf").exists()
    report = run_cli(store_url, "export", "report", "--round", PROVISIONAL, "--borough", "Camden", "--out",
                     str(tmp_path / "r.pdf"), "--include-provisional")
    assert report.returncode == 0, report.stderr
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(tmp_path / "r.pdf").pages]
    assert all("PROVISIONAL — NOT FOR CIRCULATION" in page for page in pages)
    assert f"Round 2023 2024 2025 {PROVISIONAL} (provisional)" in " ".join(pages)
