"""The same number is the same string on the page, in the PDF and in the slides' speaker notes.

Every score, change and margin (a number with two decimals) written in Camden's PDF report must be
written identically on its My borough page; every one in the slide pack's speaker notes must be on
one of the pages the briefing draws on. Both documents are written by the command line's ``export``, as
office staff write them, and clusters are fitted with five bootstrap draws (``SURVEY_CLUSTER_BOOTSTRAP=5``)
on the pages and in the pack alike: a document that worked its clusters out by another path would say
another stability. Tables are read as the browser shows them: they are HTML
in the page's Markdown, every number already written in its column's format.
"""

from __future__ import annotations

import io
import re
from io import StringIO

import pandas as pd
import pytest
from pptx import Presentation
from pypdf import PdfReader

from tests.helpers import as_on_a_wide_screen, run_cli

DECIMAL = re.compile(r"(?<![\w.])[+-]?\d+\.\d+(?![\d%])")  # any decimal: 2.6845 must not slip past
SIGNED = re.compile(r"(?<![\w.])[+-]\d+\.\d+(?![\d%])")  # a difference, gap or change, written with its sign
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


@pytest.fixture(autouse=True)
def five_draws(demo_store, monkeypatch):
    import streamlit as st

    monkeypatch.setenv("DATABASE_URL", demo_store)
    monkeypatch.setenv("SURVEY_CLUSTER_BOOTSTRAP", "5")
    st.cache_resource.clear()  # results kept under other settings by earlier tests are not what these pages work out


def _exported(table: str, out, *args: str) -> bytes:
    """The document ``python -m survey export TABLE --round 2025 --out OUT ARGS`` writes."""
    run = run_cli(None, "export", table, "--round", "2025", "--out", str(out), *args)
    assert run.returncode == 0, run.stderr
    return out.read_bytes()


def _page(url: str, page: str, monkeypatch, **query: str):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in {"round": "2025", "borough": CAMDEN, **query}.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def test_every_number_in_the_borough_pdf_is_written_the_same_on_its_page(framework, demo_store, monkeypatch, tmp_path):
    shown = _shown_numbers(_page(demo_store, "views/borough.py", monkeypatch))  # the first visit loads the demo rounds
    pdf = _exported("report", tmp_path / "camden.pdf", "--borough", CAMDEN)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    written = DECIMAL.findall(text.replace(f"framework version {framework.version}", ""))  # a version, not a number
    assert len(written) > 60  # scores, gaps, changes, margins and the trend table
    assert sorted(set(written) - shown) == []


def test_peer_comparison_writes_each_difference_as_my_borough_and_the_pdf_do(demo_store, monkeypatch, tmp_path):
    """Against its ONS neighbours (the page's first choice, and My borough's peer group) Camden's differences from
    the peers' median, and every other signed figure on Peer comparison, are the same strings on My borough and in
    the PDF, sign included; ONS distances have two decimals."""
    borough = _shown_numbers(_page(demo_store, "views/borough.py", monkeypatch))
    peers = _page(demo_store, "views/peers.py", monkeypatch)
    assert peers.radio(key="peer_group").value == "context"
    tables = {h.value.split("<thead>")[1]: as_on_a_wide_screen(h.value) for h in peers.get("html")
              if 'class="data-table' in h.value}
    profile = next(html for head, html in tables.items() if "Difference from median" in head)
    differences = pd.read_html(StringIO(profile), flavor="lxml", converters={"Difference from median": str})[0]
    assert len(differences) == 7 and differences["Difference from median"].str.match(r"^[+-]\d\.\d\d$").all()
    page_text = "\n".join([m.value for m in peers.markdown] + [profile])
    signed = set(SIGNED.findall(page_text))
    assert set(differences["Difference from median"]) <= signed
    pdf = _exported("report", tmp_path / "camden.pdf", "--borough", CAMDEN)
    written = set(DECIMAL.findall(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)))
    assert sorted(signed - borough) == []
    assert sorted(signed - written) == []
    distances = pd.read_html(StringIO(next(html for head, html in tables.items() if "ONS distance" in head)),
                             flavor="lxml", converters={"ONS distance": str})[0]["ONS distance"]
    assert len(distances) == 5 and distances.str.match(r"^\d+\.\d\d$").all(), distances.tolist()


def test_every_number_in_the_speaker_notes_is_written_the_same_on_the_dashboard(framework, demo_store, monkeypatch, tmp_path):
    pages = ["views/briefing.py", "views/gaps.py", "views/clusters.py", "views/readiness.py", "views/trends.py"]
    shown = set().union(*(_shown_numbers(_page(demo_store, page, monkeypatch)) for page in pages))
    deck = Presentation(io.BytesIO(_exported("pack", tmp_path / "pack.pptx", "--pilot", "damp_sensors")))
    notes = "\n".join(slide.notes_slide.notes_text_frame.text for slide in deck.slides)
    written = DECIMAL.findall(notes)
    assert len(written) > 20
    assert sorted(set(written) - shown) == []
