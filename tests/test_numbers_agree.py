"""The same number is the same string on the page, in the PDF and in the slides' speaker notes.

Every score, change and margin (a number with two decimals) written in Camden's PDF report must be
written identically on its My borough page; every one in the slide pack's speaker notes must be on
one of the pages the briefing draws on. Tables are read as the browser shows them: they are HTML
in the page's Markdown, every number already written in its column's format.
"""

from __future__ import annotations

import io
import re

import pytest
from pptx import Presentation
from pypdf import PdfReader

from cli.rounds import scored_rounds
from models.benchmark import borough_benchmark, london_briefing
from reports.borough_report import borough_report_pdf
from reports.committee_pack import committee_pack_pptx
from survey.pilots import load_pilots
from survey.settings import load_settings
from survey.store import SurveyStore

DECIMAL = re.compile(r"(?<![\w.])[+-]?\d+\.\d+(?![\d%])")  # any decimal: 2.6845 must not slip past
CAMDEN = "E09000007"


def _shown_numbers(at) -> set[str]:
    """Every two-decimal number an AppTest page shows: in its text (tables included) and metrics."""
    texts = [e.value for kind in (at.title, at.header, at.subheader, at.markdown, at.caption, at.info, at.warning)
             for e in kind]
    texts += [m.value for m in at.metric] + [h.value for h in at.get("html")]
    return set(DECIMAL.findall("\n".join(texts)))


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    return f"sqlite:///{tmp_path_factory.mktemp('agree') / 'store.sqlite'}"


def _page(url: str, page: str, monkeypatch, **query: str):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in {"round": "2025", "borough": CAMDEN, **query}.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def test_every_number_in_the_borough_pdf_is_written_the_same_on_its_page(framework, demo_store, monkeypatch):
    shown = _shown_numbers(_page(demo_store, "views/borough.py", monkeypatch))  # the first visit loads the demo rounds
    rounds = scored_rounds(SurveyStore(demo_store), framework, load_settings())
    pdf = borough_report_pdf(borough_benchmark(framework, rounds, "2025", CAMDEN, load_pilots(framework)), framework)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    written = DECIMAL.findall(text.replace(f"framework version {framework.version}", ""))  # a version, not a number
    assert len(written) > 60  # scores, gaps, changes, margins and the trend table
    assert sorted(set(written) - shown) == []


def test_every_number_in_the_speaker_notes_is_written_the_same_on_the_dashboard(framework, demo_store, monkeypatch):
    pages = ["views/briefing.py", "views/gaps.py", "views/clusters.py", "views/readiness.py", "views/trends.py"]
    shown = set().union(*(_shown_numbers(_page(demo_store, page, monkeypatch)) for page in pages))
    rounds = scored_rounds(SurveyStore(demo_store), framework, load_settings())
    library = load_pilots(framework)
    briefing = london_briefing(framework, rounds, "2025", library, library.get("damp_sensors"),
                               target_level="Developing")
    deck = Presentation(io.BytesIO(committee_pack_pptx(briefing, framework)))
    notes = "\n".join(slide.notes_slide.notes_text_frame.text for slide in deck.slides)
    written = DECIMAL.findall(notes)
    assert len(written) > 20
    assert sorted(set(written) - shown) == []
