"""Documents, key messages, the Method page, the framework's texts and the command line's help in another area set's
words (issue 37); London's are as they always were (tests/test_reports.py, test_messages.py, test_cli.py ...)."""

from __future__ import annotations

import argparse

import pandas as pd
import pytest
from pptx import Presentation
from pypdf import PdfReader

from cli.main import build_parser
from models.messages import key_messages
from models.scoring import assign_levels
from models.summary import what_is_missing
from reports.tables import movers_table
from survey.framework import load_framework
from survey.settings import load_settings
from survey.sources import load_sources
from tests.conftest import copy_demo_store
from tests.helpers import run_cli, use_area_set
from tests.test_area_set_pages import LONDONS_WORDS
from ui.docs import methodology_sections
from viewmodels.briefing import pack_file_name
from viewmodels.method import imd_note, method_words, privacy_notice, sensitivity_view

DIMS = ["leadership", "services", "data", "technology", "cyber", "people", "collaboration"]
BOLTON, BURY, MANCHESTER = "E08000001", "E08000002", "E08000003"


def _londons_words(text: str) -> list[str]:
    """London's words in ``text`` (Greater Manchester's area names hold none), each with what is around it."""
    return [text[max(m.start() - 50, 0):m.end() + 30] for m in LONDONS_WORDS.finditer(text)]


def _scores(framework, rows: dict[str, list[float]]) -> pd.DataFrame:
    table = pd.DataFrame.from_dict(rows, orient="index", columns=DIMS)
    table["overall"] = table.mean(axis=1)
    table["level"] = assign_levels(table["overall"], framework.levels)
    return table


# Key messages and notes -------------------------------------------------------------------------------------------

def test_key_messages_speak_of_the_sets_median_and_its_councils(framework):
    scores = _scores(framework, {BOLTON: [3.0, 3.0, 2.0, 3.0, 3.5, 3.0, 3.0], BURY: [2.0, 2.5, 1.5, 2.0, 3.0, 2.0, 2.0],
                                 MANCHESTER: [4.0, 3.5, 2.8, 3.5, 4.0, 3.5, 3.5]})
    with use_area_set("greater-manchester"):
        messages = key_messages(scores, framework, round_label="2026", target_level="Developing")
    # Overall (20.5/7, 15/7, 24.8/7) = 2.93, 2.14, 3.54: median 2.93; data's median 2.0, below 2.6 for 2 of 3.
    assert messages[:3] == [
        "Greater Manchester's median overall index in round 2026 is 2.93 (Developing): 2 of 3 councils scored are "
        "Developing or above.",
        "Data & insight is Greater Manchester's weakest dimension: 2 of 3 councils are below Developing.",
        "Cyber security & resilience is Greater Manchester's strongest dimension (median 3.50)."]


def test_no_overall_index_is_said_in_the_sets_words(framework):
    scores = _scores(framework, {BOLTON: [3.0] * 7, BURY: [2.0] * 7})
    scores["data"] = float("nan")
    scores["overall"] = float("nan")
    with use_area_set("greater-manchester"):
        message = key_messages(scores, framework, round_label="2026", target_level="Developing")[0]
        notes = what_is_missing(scores, framework, "2026")
    assert message == ("No council has an overall index in round 2026: Data & insight could not be scored for any "
                       "council, so Greater Manchester's median overall index and ranks cannot be given.")
    assert notes == ["Data & insight could not be scored for any council in round 2026 (too few of its questions were "
                     "answered), so no council has an overall index: ranks and the overall index cannot be shown."]


def test_too_few_scored_is_said_in_the_sets_words(framework):
    scores = _scores(framework, {BOLTON: [3.0] * 7})
    with use_area_set("greater-manchester"):
        assert what_is_missing(scores, framework, "2026") == [
            "Only 1 council in round 2026 has an overall index: Greater Manchester's medians and ranks describe it "
            "alone, and clusters need at least 3."]


# The Method page ----------------------------------------------------------------------------------------------

def test_the_methodology_reads_in_the_sets_words_without_londons_examples():
    with use_area_set("greater-manchester"):
        text = "".join(methodology_sections("worked example", "sensitivity"))
    assert _londons_words(text) == []
    assert "Councils with equal overall indexes (to nine decimal places) share a rank and say so.\n" in text
    assert "The dashboard uses each council's Greater Manchester\n  neighbours in the ONS order.\n" in text
    assert "to look like real self-assessments. They are not any council's answers." in text
    assert "<!--" not in text.replace("<!-- worked example -->", "")


def test_londons_methodology_keeps_its_examples_without_the_marks():
    text = "".join(methodology_sections("worked example", "sensitivity"))
    assert 'share a rank and say so: "11th= of 32\n(tied with Bromley; likely 9th–14th)".' in text
    assert "neighbours in the ONS order, and Inner/Outer London." in text
    assert "london only" not in text


def test_the_method_page_names_the_councils_without_imd_2019():
    with use_area_set("england"):
        assert imd_note() == ("IMD 2019 is not available for 7 councils created since 2019 (Buckinghamshire, North "
                              "Northamptonshire, West Northamptonshire, Cumberland, Westmorland and Furness, North "
                              "Yorkshire and Somerset): the IMD 2019 context variables are blank for them.")
    with use_area_set("greater-manchester"):
        assert imd_note() == ""  # every one of the ten has its IMD 2019 figures
    assert imd_note() == ""  # London


def test_the_method_pages_sentences_and_tables_take_the_sets_words():
    summary = pd.DataFrame({"variant": ["equal"], "description": ["Equal weights"], "boroughs_compared": [2],
                            "mean_abs_rank_change": [0.5], "max_abs_rank_change": [1]})
    movers = pd.DataFrame({"variant": ["equal"], "ons_code": [BURY], "rank_method": [1], "rank_variant": [2],
                           "change": [1]})
    with use_area_set("greater-manchester"):
        words = method_words()
        view = sensitivity_view(summary, movers, "2025")
        notice = " ".join(privacy_notice(load_settings(), "the office"))
    assert (words.example_choice, words.movers_heading) == (
        "Council for the worked example", "Councils that move most under each variant (negative = moves up):")
    assert "Every council's scores are made by the method above" in words.example_withheld
    assert list(view.summary.data.columns) == ["Variant", "Councils compared", "Mean rank change", "Largest change"]
    assert view.movers.data["Council"].tolist() == ["Bury"]
    assert "For each survey response: the council, the answers" in notice
    assert "Council staff who sign in see published rounds' council-level figures; where a council has few" in notice
    assert _londons_words(notice) == []


def test_sources_leave_out_what_only_londons_demo_rounds_are():
    assert load_sources()["demo_rounds"]["publisher"] == ("This project (generated by a seeded script, survey/demo.py; "
                                                          "London's kept by scripts/make_demo_rounds.py)")
    with use_area_set("greater-manchester"):
        assert load_sources()["demo_rounds"]["publisher"] == "This project (generated by a seeded script, survey/demo.py)"


# The framework and the command line --------------------------------------------------------------------------

def test_the_framework_is_shown_in_the_sets_words_and_keeps_its_fingerprint(framework):
    with use_area_set("greater-manchester"):
        shown = load_framework()
    collaboration = shown.dimension("collaboration")
    assert shown.title == "Greater Manchester Council Digital Maturity Framework"
    assert collaboration.questions[1].text == ("We work with other councils on shared projects and buy things together "
                                               "where it helps.")
    assert collaboration.descriptors[5] == ("The council leads collaborative work across Greater Manchester and helps "
                                            "others adopt what works.")
    assert (shown.sha256, shown.version, shown.question_ids) == (framework.sha256, framework.version,
                                                                 framework.question_ids)
    assert framework.title == "London Borough Digital Maturity Framework"


def test_the_command_lines_help_names_the_sets_councils():
    with use_area_set("greater-manchester"):
        parser = build_parser()
    export = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices["export"]
    assert "--council CODE        report: the council's ONS code or name" in export.format_help()
    assert "borough" not in export.format_help().casefold()
    assert export.parse_args(["scores", "--round", "1", "--council", "Bury"]).borough == "Bury"
    assert export.parse_args(["scores", "--round", "1", "--borough", "Bury"]).borough == "Bury"  # London's, unlisted


def test_file_names_and_table_headings_take_the_sets_words():
    moved = pd.DataFrame({"before": [2.0], "after": [2.5], "change": [0.5], "change_low": [0.4], "change_high": [0.6],
                          "verdict": ["clear rise"], "level_text": ["stayed Developing"], "rank_before": [2],
                          "rank_after": [1]}, index=[BURY])
    assert pack_file_name("2025", provisional=True) == "london_digital_maturity_2025_provisional.pptx"
    with use_area_set("greater-manchester"):
        assert pack_file_name("2025", provisional=False) == "greater_manchester_digital_maturity_2025.pptx"
        assert movers_table(moved, "2024", "2025", set()).columns[0] == "Council"


# The documents ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def documents(area_set_demo_store, tmp_path_factory):
    """Greater Manchester's PDF report for Manchester and its slide pack for round 2025, made by the command line."""
    folder = tmp_path_factory.mktemp("greater-manchester-documents")
    url = copy_demo_store(area_set_demo_store("greater-manchester"), f"sqlite:///{folder / 'store.sqlite'}")
    with use_area_set("greater-manchester"):
        report = run_cli(url, "export", "report", "--round", "2025", "--council", "Manchester", "--out",
                         str(folder / "manchester.pdf"))
        pack = run_cli(url, "export", "pack", "--round", "2025", "--out", str(folder / "pack.pptx"))
    assert report.returncode == 0 and pack.returncode == 0, report.stderr + pack.stderr
    return PdfReader(folder / "manchester.pdf"), Presentation(str(folder / "pack.pptx"))


def test_the_pdf_report_names_the_set_and_not_london(documents):
    pdf, _ = documents
    pages = [page.extract_text() for page in pdf.pages]
    assert pdf.metadata.author == "Greater Manchester digital maturity benchmark"
    first = " ".join(pages[0].split())
    assert "Peer group: the 5 Greater Manchester councils most like Manchester (ONS statistical nearest" in first
    assert "Profile against Greater Manchester and the peer group" in first
    # Each heading on lines of whole words: the columns widen for a long title.
    assert "Greater\nManchester\n median\n vs Greater\nManchester" in pages[0]
    assert "against Greater Manchester's median" in pages[1]
    assert "Manchester among Greater Manchester's councils: overall level, round 2025" in pages[-1]
    assert "Boundaries and context statistics: ONS and MHCLG (Open" in pages[-1]
    # The map's description (figures.london_maps) is another change's: the pages before the map's are this one's.
    assert _londons_words("\n".join(pages[:-1])) == []


def test_the_slide_pack_names_the_set_and_not_london(documents):
    _, deck = documents
    titles = [slide.shapes.title.text_frame.text for slide in deck.slides]
    assert titles[0] == "Greater Manchester's digital maturity: round 2025"
    assert titles[2] == "Where Greater Manchester stands: the median council is Developing"
    assert titles[4] == "Capability gaps: Collaboration & innovation has the most councils below Developing (6 of 10)"
    assert titles[-3] == "Biggest movers since round 2024, of 6 councils in both rounds"
    texts = {slide.shapes.title.text_frame.text: "\n".join(shape.text_frame.text for shape in slide.shapes
                                                           if shape.has_text_frame) for slide in deck.slides}
    assert "Briefing for Greater Manchester's council leaders" in texts[titles[0]]
    assert texts[titles[1]].split("\n")[2] == ("• Greater Manchester's median overall index in round 2025 is 2.83 "
                                               "(Developing): 7 of 8 councils scored are Developing or above.")
    assert "Greater Manchester's weakest dimension" in texts[titles[2]]
    assert "Greater Manchester council context" in texts["Sources"]
    movers = next(shape for shape in deck.slides[len(titles) - 3].shapes if shape.has_table)
    assert movers.table.cell(0, 0).text == "Council"
    # The change message (models.trends) is another change's: every other slide is this one's.
    assert _londons_words("\n".join(text for title, text in texts.items() if title != titles[1])) == []
