"""What readers are shown: the small-number rule and provisional rounds, on hand-built rounds.

The round: Camden's two respondents answer 2 and 4 to everything (item scores 3.0, spread 2),
Hackney's one respondent 2 to everything (spread 0), Islington's three respondents 3, 4 and 5
(item scores 4.0, spread 2). With a minimum of 3 respondents, Camden and Hackney have few.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest
from pptx import Presentation
from pypdf import PdfReader

from models.benchmark import ScoredRound, borough_benchmark, comparable_rounds, london_briefing
from models.disclosure import disclosed, few_respondents, few_respondents_sentence, marks
from models.scoring import score_round
from models.uncertainty import RankUncertainty
from reports.borough_report import borough_report_pdf
from reports.committee_pack import committee_pack_pptx
from survey.pilots import load_pilots
from tests.helpers import uniform_answers

CAMDEN, HACKNEY, ISLINGTON = "E09000007", "E09000012", "E09000019"
MINIMUM = 3
PEOPLE = {CAMDEN: [2, 4], HACKNEY: [2], ISLINGTON: [3, 4, 5]}


@pytest.fixture(scope="module")
def raw(framework) -> pd.DataFrame:
    return score_round(uniform_answers(framework, PEOPLE), framework)


def test_a_member_is_shown_no_spread_between_few_respondents(raw):
    shown = disclosed(raw, MINIMUM, respondent_detail=False)
    assert shown["few_respondents"].to_dict() == {CAMDEN: True, HACKNEY: True, ISLINGTON: False}
    assert shown["spread_max"].isna().to_dict() == {CAMDEN: True, HACKNEY: True, ISLINGTON: False}
    assert shown["spread_mean"].isna().to_dict() == {CAMDEN: True, HACKNEY: True, ISLINGTON: False}
    assert shown.loc[ISLINGTON, ["spread_max", "spread_mean"]].tolist() == [2.0, 2.0]  # 5 - 3, three people
    assert shown["overall"].to_dict() == {CAMDEN: 3.0, HACKNEY: 2.0, ISLINGTON: 4.0}  # the scores are shown to everyone


def test_office_staff_are_shown_every_spread_with_the_same_marks(raw):
    shown = disclosed(raw, MINIMUM, respondent_detail=True)
    assert shown["spread_max"].to_dict() == {CAMDEN: 2.0, HACKNEY: 0.0, ISLINGTON: 2.0}
    assert shown["few_respondents"].to_dict() == {CAMDEN: True, HACKNEY: True, ISLINGTON: False}


def test_a_minimum_of_one_marks_no_borough(raw):
    shown = disclosed(raw, 1, respondent_detail=False)
    assert not shown["few_respondents"].any() and shown["spread_max"].notna().all()


def test_disclosing_leaves_the_scored_table_as_it_was(raw):
    before = raw.copy()
    disclosed(raw, MINIMUM, respondent_detail=False)
    pd.testing.assert_frame_equal(raw, before)


def test_a_change_rests_on_few_people_when_either_round_does(raw, framework):
    later = disclosed(score_round(uniform_answers(framework, {HACKNEY: [3, 3, 3], ISLINGTON: [4]}), framework),
                      MINIMUM, respondent_detail=False)
    earlier = disclosed(raw, MINIMUM, respondent_detail=False)
    assert few_respondents(later) == {ISLINGTON}
    assert few_respondents(earlier, later) == {CAMDEN, HACKNEY, ISLINGTON}
    assert marks([CAMDEN, ISLINGTON, "E09000001"], {CAMDEN}) == ["Yes", "", ""]


def test_the_sentence_says_how_many_people_answered():
    assert few_respondents_sentence("Hackney", 1) == ("Few respondents: only 1 person answered for Hackney, so its scores may "
                                                      "say more about that person's view than about the council's.")
    assert few_respondents_sentence("Camden", 2) == ("Few respondents: only 2 people answered for Camden, so its scores may "
                                                     "say more about their views than about the council's.")


# Provisional rounds --------------------------------------------------------------------------------

SPRING = "2025 spring"  # named like no date, source or demo round, so that any mention of it is found

def _round(framework, label: str, people: dict, *, provisional: bool = False) -> ScoredRound:
    answers = uniform_answers(framework, people)
    ranker = RankUncertainty(framework, n_draws=50).fit(answers)
    return ScoredRound(label, disclosed(score_round(answers, framework), MINIMUM, respondent_detail=False),
                       lambda: (ranker.ranks_, ranker.overall_draws_), provisional=provisional, framework_version="1.0")


@pytest.fixture(scope="module")
def rounds(framework) -> dict[str, ScoredRound]:
    """2024 and 2026 published; 2025 spring provisional in between, Camden answering 5 there."""
    return {"2024": _round(framework, "2024", PEOPLE),
            SPRING: _round(framework, SPRING, {CAMDEN: [5, 5], HACKNEY: [1], ISLINGTON: [5, 5, 5]}, provisional=True),
            "2026": _round(framework, "2026", {CAMDEN: [3, 5], HACKNEY: [4], ISLINGTON: [2, 3, 4]})}


def test_a_view_of_a_published_round_draws_on_published_rounds_only(rounds):
    assert list(comparable_rounds(rounds, "2026")) == ["2024", "2026"]
    assert list(comparable_rounds(rounds, SPRING)) == ["2024", SPRING, "2026"]  # the provisional round itself, asked for


def test_a_benchmark_s_trend_and_change_skip_a_provisional_round(framework, rounds):
    benchmark = borough_benchmark(framework, rounds, "2026", CAMDEN, load_pilots(framework))
    assert benchmark.trend.index.tolist() == ["2024", "2026"]
    assert benchmark.trend["overall"].tolist() == [3.0, 4.0]  # never the provisional round's 5.0
    assert benchmark.previous_label == "2024"
    assert benchmark.few_respondents and benchmark.respondents_text.startswith("2 respondents. Few respondents: only 2")


def test_a_provisional_round_s_own_benchmark_is_headed_provisional(framework, rounds):
    benchmark = borough_benchmark(framework, rounds, SPRING, CAMDEN, load_pilots(framework))
    assert benchmark.trend.index.tolist() == ["2024", "2025 spring (provisional)", "2026"]
    assert benchmark.round.notices == ["Provisional — not for circulation: round 2025 spring has not been published, and "
                                       "its figures may change."]


def test_a_briefing_compares_with_the_last_published_round(framework, rounds):
    library = load_pilots(framework)
    briefing = london_briefing(framework, rounds, "2026", library, library.pilots[0], target_level="Developing")
    assert briefing.previous.label == "2024"
    assert briefing.medians.index.tolist() == ["2024", "2026"]
    assert briefing.medians["overall"].tolist() == [3.0, 4.0]  # medians of (3, 2, 4) and (4, 4, 3)


def _pdf_pages(document: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(document)).pages]


def test_the_pdf_of_a_published_round_never_shows_a_provisional_one(framework, rounds):
    pages = _pdf_pages(borough_report_pdf(borough_benchmark(framework, rounds, "2026", CAMDEN, load_pilots(framework)),
                                          framework))
    text = " ".join(pages)
    assert SPRING not in text and "provisional" not in text.lower()
    assert "Round 2024 2026" in text  # the trend table's heading row
    assert "Few respondents: only 2 people answered for Camden" in text


def test_every_page_of_a_provisional_round_s_pdf_says_it_is_not_for_circulation(framework, rounds):
    pages = _pdf_pages(borough_report_pdf(borough_benchmark(framework, rounds, SPRING, CAMDEN, load_pilots(framework)),
                                          framework))
    assert len(pages) >= 3
    assert all("PROVISIONAL — NOT FOR CIRCULATION" in page for page in pages)
    assert "Round 2024 2025 spring (provisional) 2026" in " ".join(pages)


def _slide_texts(slide) -> str:
    """Every text on a slide, its tables' cells and its speaker notes included."""
    texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
    texts += [cell.text for shape in slide.shapes if shape.has_table for row in shape.table.rows for cell in row.cells]
    return "\n".join([*texts, slide.notes_slide.notes_text_frame.text])


def test_the_slides_of_a_published_round_never_show_a_provisional_one(framework, rounds):
    library = load_pilots(framework)
    briefing = london_briefing(framework, rounds, "2026", library, library.pilots[0], target_level="Developing")
    slides = [_slide_texts(s) for s in Presentation(io.BytesIO(committee_pack_pptx(briefing, framework))).slides]
    assert not [text for text in slides if SPRING in text or "provisional" in text.lower()]
    movers = next(text for text in slides if text.startswith("Biggest movers since round 2024"))
    assert "Camden†" in movers and "Hackney†" in movers  # two respondents and one: few
    assert "Islington†" not in movers and "Islington" in movers  # three respondents in both rounds
    assert "† Few respondents: fewer people answered" in movers
    assert "Camden (few respondents): 3.00 → 4.00" in movers  # the speaker notes


def test_every_slide_of_a_provisional_round_says_it_is_not_for_circulation(framework, rounds):
    library = load_pilots(framework)
    briefing = london_briefing(framework, rounds, SPRING, library, library.pilots[0], target_level="Developing")
    deck = Presentation(io.BytesIO(committee_pack_pptx(briefing, framework)))
    for slide in deck.slides:
        notice = next(shape for shape in slide.shapes if shape.name == "Notice")
        assert notice.text_frame.text.startswith("Provisional — not for circulation: round 2025 spring")
