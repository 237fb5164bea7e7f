"""AppTest: what a member, a public visitor and office staff are shown of few respondents and of a
provisional round, on every page and in every document they can take away.

The store holds the demo rounds 2023-2025 (published) and a provisional round "2026 autumn" (the
2025 answers again). In the 2025 demo round Lambeth has one respondent, Camden two (their largest
disagreement 2, on leadership_2) and Sutton three (largest disagreement 2): with the default minimum of 3
respondents, Lambeth and Camden have few.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest
from pptx import Presentation
from pypdf import PdfReader

from survey.reading import read_survey
from survey.store import SurveyStore
from tests.conftest import ROOT
from tests.helpers import shown_tables

PROVISIONAL = "2026 autumn"  # named like no date, source or demo round, so that any mention of it is found
CAMDEN_MEMBER, OFFICE = "ann.lee@camden.gov.uk", "director@office.example"  # config/access.example.yaml
LAMBETH, CAMDEN, SUTTON = "E09000022", "E09000007", "E09000029"
MEMBER_PAGES = ["views/overview.py", "views/borough.py", "views/peers.py", "views/clusters.py", "views/gaps.py",
                "views/readiness.py", "views/trends.py", "views/briefing.py", "views/method.py"]
READERS = ["member", "public"]


@pytest.fixture
def stored(demo_database_url, framework) -> str:
    answers = pd.read_csv(ROOT / "data" / "demo" / "survey_2025.csv", dtype=str, keep_default_na=False)
    parsed = read_survey(answers.drop(columns=["round"]).to_csv(index=False).encode(), framework, round_label=PROVISIONAL)
    SurveyStore(demo_database_url).save_round(parsed, framework=framework, uploader=OFFICE)
    return demo_database_url


@pytest.fixture
def open_as(stored, open_dashboard, tmp_path):
    """Open the dashboard as a Camden member, a visitor where published rounds are public, or office staff."""
    public = tmp_path / "access.yaml"
    public.write_text(f"office: [{OFFICE}]\npublic: true\n", encoding="utf-8")

    def open_(who: str, page: str | None = None, query: dict[str, str] | None = None):
        if who == "public":
            at = open_dashboard(sign_in=True, access_file=public, query=query)
        else:
            at = open_dashboard(signed_in=CAMDEN_MEMBER if who == "member" else OFFICE, query=query)
        if page is not None:
            at.switch_page(page).run()
            assert not at.exception, at.exception
        return at

    return open_


@pytest.fixture
def written_csvs(monkeypatch) -> list[str]:
    """Every CSV a page offers for download, as written (``ui.components.csv_download``)."""
    import ui.components

    written: list[str] = []
    real = ui.components.to_safe_csv

    def keep(table: pd.DataFrame) -> str:
        written.append(real(table))
        return written[-1]

    monkeypatch.setattr(ui.components, "to_safe_csv", keep)
    return written


def everything_shown(at) -> str:
    """The content of every element on the page and in the sidebar, as text: labels, options, help, tables,
    charts' and maps' SVG."""
    def walk(node) -> list[str]:
        children = getattr(node, "children", None)
        if children:
            return [text for child in children.values() for text in walk(child)]
        return [str(node.proto)] if getattr(node, "proto", None) is not None else []
    return "\n".join(walk(at._tree))


def pdf_text(document: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(document)).pages]


def slide_texts(document: bytes) -> list[str]:
    """Each slide's text: its shapes, its tables' cells and its speaker notes."""
    texts = []
    for slide in Presentation(io.BytesIO(document)).slides:
        shown = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        shown += [cell.text for shape in slide.shapes if shape.has_table for row in shape.table.rows for cell in row.cells]
        texts.append("\n".join([*shown, slide.notes_slide.notes_text_frame.text]))
    return texts


def prepared(at, button: str, kept_as: str) -> bytes:
    at.button(key=button).click().run()
    assert not at.exception, at.exception
    return at.session_state[kept_as]


# Few respondents ------------------------------------------------------------------------------------

@pytest.mark.parametrize("who", [*READERS, "office"])
def test_the_overview_marks_few_respondents_and_their_spread_is_for_office_staff_only(open_as, written_csvs, who):
    at = open_as(who)
    table = shown_tables(at)[0].set_index("ONS code")
    assert table.loc[[LAMBETH, CAMDEN, SUTTON], "Respondents"].tolist() == [1, 2, 3]
    assert table.loc[[LAMBETH, CAMDEN], "Few respondents"].tolist() == ["Yes", "Yes"]
    assert pd.isna(table.loc[SUTTON, "Few respondents"])  # a blank cell reads back as missing
    spread = table.loc[[LAMBETH, CAMDEN, SUTTON], "Largest disagreement"].tolist()
    download = pd.read_csv(io.StringIO(written_csvs[0])).set_index("ONS code")
    downloaded = download.loc[[LAMBETH, CAMDEN, SUTTON], "Largest disagreement"].tolist()
    if who == "office":
        assert spread == downloaded == [0.0, 2.0, 2.0]
    else:
        assert spread == ["—", "—", "2"]  # a missing number is written "—" on the page (so the column reads as text)
        assert pd.isna(downloaded[:2]).all() and downloaded[2] == 2.0
        few = table[table["Few respondents"] == "Yes"]
        assert set(few["Largest disagreement"]) == {"—"} and len(few) == 28  # 21 boroughs with one respondent, 7 with two


@pytest.mark.parametrize("who", [*READERS, "office"])
def test_a_one_respondent_borough_s_page_and_pdf_say_it_has_few_respondents(open_as, who):
    at = open_as(who, "views/borough.py", query={"borough": LAMBETH})
    sentence = ("1 respondent. Few respondents: only 1 person answered for Lambeth, so its scores may say more about "
                "that person's view than about the council's.")
    assert any(c.value == sentence for c in at.caption)
    text = " ".join(pdf_text(prepared(at, "prepare_report", f"borough_pdf_2025_{LAMBETH}")))
    assert sentence in text


def test_the_method_page_states_the_small_number_rule(open_as):
    text = everything_shown(open_as("member", "views/method.py"))
    assert "Few respondents" in text and "privacy.min_respondents" in text


# Provisional rounds ---------------------------------------------------------------------------------

@pytest.mark.parametrize("who", READERS)
def test_a_provisional_round_is_on_no_page_a_member_or_the_public_can_open(open_as, written_csvs, who):
    at = open_as(who)
    for page in MEMBER_PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        assert PROVISIONAL not in everything_shown(at), page
    assert written_csvs and not [csv for csv in written_csvs if PROVISIONAL in csv]
    at.switch_page("views/trends.py").run()
    assert shown_tables(at)[0]["Round"].tolist() == [2023, 2024, 2025]  # London's medians: published rounds only
    assert at.selectbox(key="trend_after").options == ["2024", "2025"]


@pytest.mark.parametrize("who", READERS)
def test_a_provisional_round_is_in_no_document_a_member_or_the_public_can_take(open_as, who):
    at = open_as(who, "views/borough.py", query={"borough": CAMDEN})
    pages = pdf_text(prepared(at, "prepare_report", f"borough_pdf_2025_{CAMDEN}"))
    assert not [page for page in pages if PROVISIONAL in page or "provisional" in page.lower()]
    assert "Round 2023 2024 2025 Leadership" in " ".join(pages)  # the trend table's heading row, then its first row
    at.switch_page("views/briefing.py").run()
    slides = slide_texts(prepared(at, "prepare_pack", f"pack_2025_{at.selectbox(key='briefing_pilot').value}"))
    assert not [text for text in slides if PROVISIONAL in text or "provisional" in text.lower()]
    assert any("Biggest movers since round 2024" in text for text in slides)


def test_office_staff_documents_of_a_published_round_leave_the_provisional_round_out(open_as):
    at = open_as("office", "views/borough.py", query={"borough": CAMDEN, "round": "2025"})
    assert PROVISIONAL not in " ".join(pdf_text(prepared(at, "prepare_report", f"borough_pdf_2025_{CAMDEN}")))
    at.switch_page("views/briefing.py").run()
    slides = slide_texts(prepared(at, "prepare_pack", f"pack_2025_{at.selectbox(key='briefing_pilot').value}"))
    assert not [text for text in slides if PROVISIONAL in text]


def test_office_staff_see_a_provisional_round_marked_on_its_pages_and_on_every_page_of_its_documents(open_as):
    at = open_as("office", "views/borough.py", query={"borough": CAMDEN, "round": PROVISIONAL})
    assert any(w.value.startswith(f"**Provisional — not for circulation.** Round {PROVISIONAL}") for w in at.warning)
    assert shown_tables(at)[1]["Round"].tolist() == ["2023", "2024", "2025", f"{PROVISIONAL} (provisional)"]
    pages = pdf_text(prepared(at, "prepare_report", f"borough_pdf_{PROVISIONAL}_{CAMDEN}"))
    assert all("PROVISIONAL — NOT FOR CIRCULATION" in page for page in pages)
    at.switch_page("views/briefing.py").run()
    pilot = at.selectbox(key="briefing_pilot").value
    deck = Presentation(io.BytesIO(prepared(at, "prepare_pack", f"pack_{PROVISIONAL}_{pilot}")))
    for slide in deck.slides:
        notice = next(shape for shape in slide.shapes if shape.name == "Notice")
        assert f"Provisional — not for circulation: round {PROVISIONAL}" in notice.text_frame.text
    at.switch_page("views/trends.py").run()
    assert shown_tables(at)[0]["Round"].tolist()[-1] == f"{PROVISIONAL} (provisional)"
    assert any(w.value.startswith(f"Provisional round {PROVISIONAL}: not yet published") for w in at.warning)
    assert at.selectbox(key="trend_after").format_func(PROVISIONAL) == f"{PROVISIONAL} (provisional)"
