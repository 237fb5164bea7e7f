"""The slide pack read at the back of the room for sets bigger and wordier than London (issue 37): England's 296
councils (37 ready for a pilot, clusters of 114 and 174, long names in the movers table) and Greater Manchester's
long weakest dimension keep every slide's text on the slide, whole words on their lines, and name the set's audience.
London's pack is as it was (tests/test_reports.py), but where its own table ran into its note (round 2024)."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation

from models.benchmark import london_briefing
from models.results import StoredResults
from reports.committee_pack import _cell_lines, _whole_words_size, committee_pack_pptx
from survey.pilots import load_pilots
from survey.settings import load_settings
from survey.store import SurveyStore
from tests.conftest import copy_demo_store
from tests.helpers import run_cli, use_area_set


def _title(slide) -> str:
    return slide.shapes.title.text_frame.text


def _texts(slide) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def _slide(deck, starting: str):
    return next(slide for slide in deck.slides if _title(slide).startswith(starting))


def _sizes(slide, text: str) -> set[float]:
    return {run.font.size.pt for shape in slide.shapes if shape.has_text_frame for p in shape.text_frame.paragraphs
            for run in p.runs if run.text == text}


@pytest.fixture(scope="module")
def england_pack(area_set_demo_store, tmp_path_factory):
    """England's slide pack for round 2025 (the library's first pilot, online housing repairs), made by the command line."""
    folder = tmp_path_factory.mktemp("england-pack")
    url = copy_demo_store(area_set_demo_store("england"), f"sqlite:///{folder / 'store.sqlite'}")
    with use_area_set("england"):
        made = run_cli(url, "export", "pack", "--round", "2025", "--out", str(folder / "pack.pptx"))
    assert made.returncode == 0, made.stderr
    return Presentation(str(folder / "pack.pptx"))


def test_a_word_is_never_broken_over_lines_in_a_big_figure():
    # A 3.9-inch box holds 3.7 inches of text: "Collaboration" (13 letters at 0.63 em) fits at 266.4 / 8.19 = 32 points;
    # "culture" (7) would fit at 60, so London's "Skills & culture" keeps the largest, 40.
    assert _whole_words_size("Collaboration & innovation", 3.9, 40) == 32
    assert _whole_words_size("Skills & culture", 3.9, 40) == 40
    # Five levels in 12.1 inches: 2.42-inch columns, 2.22 inches of text; "Developing" (10) fits at 159.84 / 6.3 = 25.
    assert _whole_words_size("Developing", 12.1 / 5, 32) == 25
    assert _whole_words_size("Developing", 12.1 / 4, 32) == 32  # London's four levels, as they were
    assert _whole_words_size("Incomprehensibilities", 2.0, 32) == 18  # never below body text


def test_a_table_cell_reckons_the_lines_impress_draws():
    # As Impress drew the movers table: a long name over two lines, a word wider than its column broken.
    assert _cell_lines("South Staffordshire†", (2.65 - 0.14) * 72) == 2
    assert _cell_lines("within the uncertainty", (1.4 - 0.14) * 72) == 3
    assert _cell_lines("moved down into Emerging", (3.5 - 0.14) * 72) == 2
    assert _cell_lines("moved up into Developing", (3.5 - 0.14) * 72) == 1
    assert _cell_lines("+0.42 to +0.49", (2.15 - 0.14) * 72) == 1


def test_englands_pack_briefs_its_council_leaders(england_pack):
    assert "Briefing for England's council leaders · " in _texts(england_pack.slides[0])
    assert "Councils' Leaders' Committee" not in _texts(england_pack.slides[0])


def test_englands_levels_and_weakest_dimension_keep_whole_words(england_pack):
    slide = _slide(england_pack, "Where England stands")
    assert _sizes(slide, "Data & insight") == {40.0}
    assert _sizes(slide, "Developing") == _sizes(slide, "Not assessed") == {25.0}  # five levels shown


def test_englands_groups_are_counted_on_their_slide_and_named_in_its_notes(england_pack):
    slide = _slide(england_pack, "What each group is like")
    lines = _texts(slide).split("\n")
    assert "114 councils, named in the speaker notes" in lines and "174 councils, named in the speaker notes" in lines
    notes = slide.notes_slide.notes_text_frame.text
    assert "Cluster 1's councils: Amber Valley, Barnsley, Basildon" in notes and "Adur" in notes


def test_englands_ready_councils_are_counted_under_the_map_and_named_in_the_notes(england_pack):
    slide = _slide(england_pack, "37 councils ready now for Online housing repairs service")
    assert "Ready now: 37 councils, named in the speaker notes." in _texts(slide).split("\n")
    assert "Ready now: Amber Valley, Bath and North East Somerset, Brentwood" in slide.notes_slide.notes_text_frame.text


def test_englands_partners_are_a_table_of_those_that_fit_not_73_lines_on_the_map(england_pack):
    slide = _slide(england_pack, "A ready partner for ")
    assert _title(slide) == "A ready partner for 12 of the 46 nearly ready councils that have one, closest to ready first"
    table = next(shape.table for shape in slide.shapes if shape.has_table)
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[1] == ["Blackburn with Darwen", "-0.05", "Technology & infrastructure", "West Lindsey"]
    assert rows[-1][:2] == ["Pendle", "-0.13"] and len(rows) == 13
    assert len(slide.notes_slide.notes_text_frame.text.split("\n")) == 46  # every pair in the notes


def test_englands_movers_table_ends_above_its_note(england_pack):
    # Ten movers, long names over two lines: four risers and four fallers fit above the few-respondents note.
    slide = _slide(england_pack, "Biggest movers since round 2024")
    table = next(shape.table for shape in slide.shapes if shape.has_table)
    names = [row.cells[0].text for row in table.rows]
    assert names == ["Council", "Luton†", "Cumberland†", "Uttlesford†", "Blaby†", "Exeter†", "South Staffordshire†",
                     "Hackney†", "Newark and Sherwood†"]
    assert len(slide.notes_slide.notes_text_frame.text.split("\n")) == 1 + 10 + 1  # the sentence, every mover, the note


def test_greater_manchesters_weakest_dimension_is_written_in_whole_words(area_set_demo_store, tmp_path):
    url = copy_demo_store(area_set_demo_store("greater-manchester"), f"sqlite:///{tmp_path / 'store.sqlite'}")
    with use_area_set("greater-manchester"):
        made = run_cli(url, "export", "pack", "--round", "2025", "--out", str(tmp_path / "pack.pptx"))
    assert made.returncode == 0, made.stderr
    deck = Presentation(str(tmp_path / "pack.pptx"))
    assert "Briefing for Greater Manchester's council leaders · " in _texts(deck.slides[0])
    slide = _slide(deck, "Where Greater Manchester stands")
    assert _sizes(slide, "Collaboration & innovation") == {32.0}
    assert _sizes(slide, "2.83") == {40.0}


def test_londons_round_2024_movers_table_no_longer_runs_into_its_note(demo_database_url, framework):
    # Round 2024 has five risers and five fallers; two names and a level over two lines made ten rows too tall for
    # the room above the note: four of each are shown.
    rounds = StoredResults(SurveyStore(demo_database_url), framework, load_settings()).at().scored_rounds(
        with_provisional=False)
    library = load_pilots(framework)
    briefing = london_briefing(framework, rounds, "2024", library, library.pilots[0], target_level="Developing")
    deck = Presentation(io.BytesIO(committee_pack_pptx(briefing, framework)))
    slide = _slide(deck, "Biggest movers since round 2023")
    table = next(shape for shape in slide.shapes if shape.has_table)
    note = next(shape for shape in slide.shapes if shape.name == "Few respondents")
    names = [row.cells[0].text for row in table.table.rows]
    assert names == ["Borough", "Waltham Forest†", "Bexley†", "Barnet†", "Hillingdon†", "Haringey†", "Hounslow†",
                     "Ealing†", "Barking and Dagenham"]
    assert note.top > table.top + table.height
