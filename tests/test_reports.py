"""The PDF report and the PPTX slide pack, opened and checked against the model functions.

Their charts and maps are drawn by matplotlib; no browser is needed. The page-margin check renders
the PDF with poppler's pdftoppm.
"""

from __future__ import annotations

import io
import json
import subprocess

import numpy as np
import pandas as pd
import PIL.Image
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Inches
from pypdf import PdfReader

from models.benchmark import borough_benchmark, london_briefing
from reports.borough_report import borough_report_pdf
from reports.committee_pack import committee_pack_pptx
from survey.area_sets import active_area_set
from survey.areas import borough_names, load_boroughs
from survey.pilots import load_pilots
from models.results import StoredResults
from survey.settings import load_settings
from survey.store import SurveyStore
from tests.conftest import copy_demo_store
from tests.helpers import DEMO_2025_MESSAGES, require_program, run_cli


@pytest.fixture(scope="module")
def demo(tmp_path_factory, demo_store_file, framework):
    url = copy_demo_store(demo_store_file, f"sqlite:///{tmp_path_factory.mktemp('reports') / 'demo.sqlite'}")
    return url, StoredResults(SurveyStore(url), framework, load_settings()).at().scored_rounds(with_provisional=False)


@pytest.fixture(scope="module")
def geojson():
    return json.loads(active_area_set().boundaries.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def pack(framework, demo, geojson):
    library = load_pilots(framework)
    briefing = london_briefing(framework, demo[1], "2025", library, library.get("damp_sensors"), target_level="Developing")
    return Presentation(io.BytesIO(committee_pack_pptx(briefing, framework))), briefing


def _title(slide) -> str:
    """The text of the slide's title placeholder (what outline view and screen readers read)."""
    return slide.shapes.title.text_frame.text


def _pictures(slide) -> list:
    return [shape for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]


def _texts(slide) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def test_the_pack_has_one_slide_per_view_with_titles(pack):
    deck, _ = pack
    # Each title says the slide's message: the demo round's figures (tests.helpers.DEMO_2025_MESSAGES).
    assert [_title(s) for s in deck.slides] == [
        "London's digital maturity: round 2025", "Key messages from round 2025",
        "Where London stands: the median borough is Developing",
        "Round 2025 by level: 13 Emerging, 16 Developing, 3 Embedded, 1 Not assessed",
        "Capability gaps: Skills & culture has the most boroughs below Developing (24 of 33)",
        "2 groups of boroughs with similar profiles: not a performance judgement", "What each group is like",
        "3 boroughs ready now for Sensors for damp and mould in social housing",
        "A ready partner for each nearly ready borough",
        "Biggest movers since round 2024, of 30 boroughs in both rounds", "How to read these figures", "Sources",
    ]


def test_map_and_chart_slides_carry_images(pack):
    deck, _ = pack
    assert [len(_pictures(slide)) for slide in deck.slides] == [0, 0, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0]
    assert not any(shape.has_chart for slide in deck.slides for shape in slide.shapes)  # the gaps: the page's chart


def test_every_slide_title_is_a_real_title_placeholder(pack):
    deck, _ = pack
    for slide in deck.slides:
        title = slide.shapes.title
        assert title is not None and title.is_placeholder and title.text_frame.text.strip()


def test_every_picture_is_described_by_its_text_alternative(pack):
    deck, _ = pack
    described = [shape for slide in deck.slides for shape in _pictures(slide)]
    descriptions = [shape._element.xpath("./*[1]/p:cNvPr")[0].get("descr") for shape in described]
    assert [d.split(":")[0] for d in descriptions] == [
        "Map of the 33 boroughs by overall index level", "Bars split at Developing",
        "Map of the 33 boroughs by cluster", "Map of the 33 boroughs by readiness"]
    # Skills & culture's 24 of 33 is the figure of the key message (tests.helpers.DEMO_2025_MESSAGES).
    assert descriptions[1].endswith("Cyber security & resilience: 11 of 33 below Developing; Skills & culture: 24 of 33 "
                                    "below Developing; Collaboration & innovation: 21 of 33 below Developing.")




def test_the_last_slide_names_every_source_and_its_licence(pack):
    deck, _ = pack
    sources = _texts(list(deck.slides)[-1])
    assert "Open Government Licence v3.0" in sources
    assert "Contains National Statistics data © Crown copyright and database right 2014" in sources
    assert "lower-tier local authority statistical nearest neighbours (2025)" in sources


def test_key_messages_on_the_slide_are_the_demo_rounds_figures(pack):
    deck, _ = pack
    shown = next(s for s in deck.slides if _title(s) == "Key messages from round 2025")
    messages = next(shape for shape in shown.shapes if shape.name == "Messages")
    assert messages.text_frame.text.split("\n") == [f"• {m}" for m in (
        *DEMO_2025_MESSAGES,
        "3 boroughs are ready to adopt Sensors for damp and mould in social housing now, and 10 more are nearly ready.",
    )]


def test_the_synthetic_notice_is_on_every_slide_of_a_synthetic_round(pack):
    deck, _ = pack
    for slide in deck.slides:
        notices = [shape for shape in slide.shapes if shape.has_text_frame and "Synthetic demo data" in shape.text_frame.text]
        assert [shape.name for shape in notices] == ["Notice"]  # once, in the footer
        assert notices[0].text_frame.text.startswith("Synthetic demo data: round 2025 was generated by a seeded script")


def test_speaker_notes_hold_the_numbers(pack, framework, demo):
    deck, _ = pack
    notes = [s.notes_slide.notes_text_frame.text for s in deck.slides]
    assert "London median overall index: 2.68 (Developing)." in notes[2]
    assert "Hackney: margin -0.25; bottleneck Data & insight; partner Lambeth." in notes[8]  # 2.6845… written as everywhere else
    assert all(notes)


def test_the_pack_counts_boroughs_out_of_the_areas_known_not_a_fixed_33(framework, demo, monkeypatch):
    # demo 2025: all 33 boroughs responded and Lewisham has no overall index (the coverage rule); one more
    # area, with no answers, makes the count out of 34.
    names = {**borough_names(), "E06000099": "Invented area"}
    monkeypatch.setattr("reports.committee_pack.borough_names", lambda: names)
    library = load_pilots(framework)
    briefing = london_briefing(framework, demo[1], "2025", library, library.get("damp_sensors"), target_level="Developing")
    deck = Presentation(io.BytesIO(committee_pack_pptx(briefing, framework)))
    notes = [s.notes_slide.notes_text_frame.text for s in deck.slides]
    assert notes[0].startswith("Round 2025: 33 of 34 boroughs responded; 32 have an overall index.")
    assert "32 of 34" in [shape.text_frame.text for shape in deck.slides[2].shapes if shape.has_text_frame]


def test_a_first_round_pack_says_there_is_no_change_yet(framework, demo, geojson):
    first = {"2023": demo[1]["2023"]}
    pilots = load_pilots(framework)
    briefing = london_briefing(framework, first, "2023", pilots, pilots.pilots[0], target_level="Developing")
    deck = Presentation(io.BytesIO(committee_pack_pptx(briefing, framework)))
    movers = next(s for s in deck.slides if _title(s) == "Change since the last round")
    assert "first round on record" in _texts(movers)


def test_the_borough_report_is_a_short_pdf_with_the_boroughs_numbers(framework, demo):
    benchmark = borough_benchmark(framework, demo[1], "2025", "E09000007", load_pilots(framework))
    reader = PdfReader(io.BytesIO(borough_report_pdf(benchmark, framework)))
    assert 2 <= len(reader.pages) <= 4
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())  # line breaks as spaces
    assert "Camden: digital maturity benchmark" in text
    assert "Overall index: 2.88, Developing" in text  # 2.875, half away from zero
    assert "Rank 11th= of 32 (tied with Bromley; likely 9th–13th)" in text
    assert ("Since round 2024: 2.77 → 2.88, +0.11 (likely +0.04 to +0.18), a clear rise; stayed Developing. "
            "Rank 11th of 31 (likely 11th–12th) → 11th= of 32 (tied with Bromley; likely 9th–13th).") in text
    assert "Synthetic demo data" in text
    assert sum(len(page.images) for page in reader.pages) == 2  # the profile and the trend charts
    assert reader.metadata.title == "Camden: digital maturity benchmark, round 2025"


@pytest.fixture(scope="module")
def camden_pdf(framework, demo) -> bytes:
    return borough_report_pdf(borough_benchmark(framework, demo[1], "2025", "E09000007", load_pilots(framework)), framework)


def test_the_reports_map_page_names_every_borough_in_its_text(camden_pdf):
    page = PdfReader(io.BytesIO(camden_pdf)).pages[-1]
    text = " ".join(page.extract_text().split())
    assert "Camden among London's boroughs: overall level, round 2025" in text
    missing = [b.name for b in load_boroughs() if b.name not in text]
    assert missing == []
    assert "Synthetic demo data" in text and "London Datastore (GLA)" in text
    assert "Camden · round 2025 · SYNTHETIC DEMO DATA" in text and "Page 3" in text


def test_the_reports_map_is_vector_with_no_picture(camden_pdf):
    page = PdfReader(io.BytesIO(camden_pdf)).pages[-1]
    assert len(page.images) == 0 and float(page.mediabox.width) > float(page.mediabox.height)  # A4 landscape


def test_no_page_of_the_report_has_ink_touching_its_edge(camden_pdf, tmp_path):
    pdftoppm = require_program("pdftoppm", "Debian's poppler-utils renders the PDF's pages to check their margins")
    (tmp_path / "r.pdf").write_bytes(camden_pdf)
    subprocess.run([pdftoppm, "-r", "40", "-gray", str(tmp_path / "r.pdf"), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.pgm"))
    assert len(pages) == 3
    for page in pages:
        pixels = np.asarray(PIL.Image.open(page))
        edges = np.concatenate([pixels[:2].ravel(), pixels[-2:].ravel(), pixels[:, :2].ravel(), pixels[:, -2:].ravel()])
        assert edges.min() > 245, f"{page.name} has ink within 2 pixels of its edge"


@pytest.mark.parametrize("ons_code", ["E09000007", "E09000001", "E09000033"])  # Camden, the City (one respondent), Westminster
def test_no_page_of_the_report_is_left_half_empty(framework, demo, ons_code, tmp_path):
    """Each page of text runs at least two thirds of the way down before its footer (the map page is the last)."""
    pdftoppm = require_program("pdftoppm", "Debian's poppler-utils renders the PDF's pages to see how full they are")
    benchmark = borough_benchmark(framework, demo[1], "2025", ons_code, load_pilots(framework))
    (tmp_path / "r.pdf").write_bytes(borough_report_pdf(benchmark, framework))
    subprocess.run([pdftoppm, "-r", "40", "-gray", str(tmp_path / "r.pdf"), str(tmp_path / "page")], check=True)
    for page in sorted(tmp_path.glob("page-*.pgm"))[:-1]:
        pixels = np.asarray(PIL.Image.open(page))
        body = pixels[: int(len(pixels) * 0.93)]  # above the footer's line
        inked = np.flatnonzero((body < 200).any(axis=1))
        assert inked[-1] / len(pixels) > 2 / 3, f"{page.name} ends {inked[-1] / len(pixels):.0%} of the way down"


def test_the_command_line_writes_both_documents(demo, tmp_path):
    url = demo[0]
    report = run_cli(url, "export", "report", "--round", "2025", "--borough", "LB Camden", "--out", str(tmp_path / "r.pdf"))
    assert report.returncode == 0, report.stderr
    assert len(PdfReader(tmp_path / "r.pdf").pages) == 3
    pack = run_cli(url, "export", "pack", "--round", "2025", "--out", str(tmp_path / "p.pptx"))
    assert pack.returncode == 0, pack.stderr
    assert len(Presentation(tmp_path / "p.pptx").slides) == 12
    assert run_cli(url, "export", "report", "--round", "2025", "--borough", "Nowhere", "--out", "x.pdf").returncode == 2


def test_every_map_slide_carries_the_boundary_attribution(pack):
    deck, _ = pack
    with_maps = [s for s in deck.slides if any(shape.name == "Attribution" for shape in s.shapes)]
    assert [_title(s) for s in with_maps] == [
        "Round 2025 by level: 13 Emerging, 16 Developing, 3 Embedded, 1 Not assessed",
        "2 groups of boroughs with similar profiles: not a performance judgement",
        "3 boroughs ready now for Sensors for damp and mould in social housing"]
    assert all("London Datastore (GLA)" in _texts(s) for s in with_maps)


# The room: every slide read from the back as LibreOffice Impress draws it (issue 35).
BODY_POINTS, SMALL_PRINT_POINTS = 18, 12
SMALL_PRINT_SHAPES = {"Notice", "Attribution", "Sources"}  # footers and attributions (the sources' licence lines)


@pytest.fixture(scope="module")
def drawn_pack(framework, demo, monkeypatch_module):
    """The demo pack, with every print-map figure the pack drew, caught as it was saved (its size and texts)."""
    import figures.print_maps as print_maps
    import reports.committee_pack as committee_pack

    figures: list = []
    saved = print_maps._saved

    def catch(figure, kind):
        written = [*figure.texts, *(t for axes in figure.axes for t in axes.texts),
                   *(t for legend in figure.legends for t in [legend.get_title(), *legend.get_texts()])]
        texts = [t for t in written if t.get_text().strip()]
        figures.append((figure.get_size_inches()[1], [(t.get_text(), t.get_fontsize()) for t in texts]))
        return saved(figure, kind)

    monkeypatch_module.setattr(print_maps, "_saved", catch)
    drawn_chart = committee_pack.chart_png

    def catch_chart(figure, scale=2.0):
        texts = [t for axes in figure.axes for t in axes.texts if t.get_text().strip()]
        figures.append((figure.get_size_inches()[1], [(t.get_text(), t.get_fontsize()) for t in texts]))
        return drawn_chart(figure, scale)

    monkeypatch_module.setattr(committee_pack, "chart_png", catch_chart)
    library = load_pilots(framework)
    briefing = london_briefing(framework, demo[1], "2025", library, library.get("damp_sensors"), target_level="Developing")
    return committee_pack_pptx(briefing, framework), figures


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.fixture(scope="module")
def slide_pictures(drawn_pack, tmp_path_factory):
    """Each slide as LibreOffice Impress draws it (one conversion a session), as 1920 × 1080 greyscale pixels."""
    soffice = require_program("soffice", "Debian's libreoffice-impress draws the slide pack as a committee room sees it")
    pdftoppm = require_program("pdftoppm", "Debian's poppler-utils turns the drawn slides into pictures")
    folder = tmp_path_factory.mktemp("slides")
    (folder / "pack.pptx").write_bytes(drawn_pack[0])
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{folder / 'profile'}", "--convert-to", "pdf",
                    "--outdir", str(folder), str(folder / "pack.pptx")], check=True, capture_output=True, timeout=180)
    subprocess.run([pdftoppm, "-gray", "-scale-to-x", "1920", "-scale-to-y", "1080", str(folder / "pack.pdf"),
                    str(folder / "slide")], check=True)
    return [np.asarray(PIL.Image.open(page)) for page in sorted(folder.glob("slide-*.pgm"))]


def test_impress_draws_every_slide_with_its_content_filling_the_slide(drawn_pack, slide_pictures):
    deck = Presentation(io.BytesIO(drawn_pack[0]))
    assert len(slide_pictures) == len(deck.slides) == 12
    for number, pixels in enumerate(slide_pictures, start=1):
        content = pixels[130:810]  # between the title and the footer's notice
        inked_rows = (content < 200).any(axis=1).mean()
        assert inked_rows > 0.3, f"slide {number} is mostly empty: ink on {inked_rows:.0%} of its rows"
        notice_band = pixels[1000:1075]
        assert (notice_band < 250).any(), f"slide {number} has no notice drawn along its foot"


def test_every_text_run_on_a_slide_is_body_size_but_footers_and_attributions(drawn_pack):
    deck = Presentation(io.BytesIO(drawn_pack[0]))
    small = []
    for number, slide in enumerate(deck.slides, start=1):
        for shape in slide.shapes:
            frames = [shape.text_frame] if shape.has_text_frame else []
            frames += [cell.text_frame for row in shape.table.rows for cell in row.cells] if shape.has_table else []
            for run in (r for frame in frames for p in frame.paragraphs for r in p.runs if r.text.strip()):
                assert run.font.size is not None, f"slide {number} {shape.name}: {run.text!r} has no size of its own"
                least = SMALL_PRINT_POINTS if shape.name in SMALL_PRINT_SHAPES else BODY_POINTS
                if run.font.size.pt < least:
                    small.append((number, shape.name, run.text[:40], run.font.size.pt))
            if shape.has_chart:
                chart = shape.chart
                sizes = [chart.font.size.pt, *(s.data_labels.font.size.pt for s in chart.plots[0].series)]
                assert min(sizes) >= BODY_POINTS, f"slide {number}'s chart has text of {min(sizes)} pt"
    assert small == []


def test_the_text_drawn_in_the_map_and_chart_pictures_is_body_size_on_the_slide(drawn_pack):
    deck = Presentation(io.BytesIO(drawn_pack[0]))
    pictures = [picture for slide in deck.slides for picture in _pictures(slide)]
    figures = drawn_pack[1]  # in the slides' order: the level map, the gaps chart, the cluster and readiness maps
    assert len(pictures) == len(figures) == 4
    for picture, (figure_inches, texts) in zip(pictures, figures):
        shown = picture.height / 914400 / figure_inches  # the picture's height on the slide over the figure's (EMU an inch)
        smallest = min(texts, key=lambda text: text[1])
        assert smallest[1] * shown >= BODY_POINTS, f"{smallest[0]!r} is {smallest[1] * shown:.1f} pt on the slide"
        assert picture.top + picture.height <= Inches(6.85)  # above the notice along the foot
    maps = [texts for n, (_, texts) in enumerate(figures) if n != 1]
    assert all(len(texts) >= 33 + 3 for texts in maps)  # a label or a number on every borough, and the legend
    assert len(figures[1][1]) == 32  # every count of the seven dimensions' five levels but three zeros, none left out


def test_the_readiness_slide_s_title_names_the_pilot_and_its_ready_boroughs_where_they_fit(framework, demo):
    library = load_pilots(framework)
    titles = {}
    for pilot in ("housing_repairs", "damp_sensors", "lowcode_casework"):
        briefing = london_briefing(framework, demo[1], "2025", library, library.get(pilot), target_level="Developing")
        deck = Presentation(io.BytesIO(committee_pack_pptx(briefing, framework)))
        titles[pilot] = next(_title(s) for s in deck.slides if "ready now" in _title(s).lower())
    # Nine ready for the housing repairs service (their names under the map), three for the damp sensors; the title
    # says which pilot, and names the boroughs where the whole fits in two lines (100 characters).
    assert titles["housing_repairs"] == "9 boroughs ready now for Online housing repairs service"
    assert titles["damp_sensors"] == "3 boroughs ready now for Sensors for damp and mould in social housing"
    assert all(library.get(p).name in title for p, title in titles.items())


def test_the_readiness_slide_names_every_ready_borough_of_the_readiness_export(drawn_pack, demo):
    exported = run_cli(demo[0], "export", "readiness", "--round", "2025", "--pilot", "damp_sensors")
    assert exported.returncode == 0, exported.stderr
    ready = pd.read_csv(io.StringIO(exported.stdout)).query("status == 'Ready'")["name"].tolist()
    assert ready  # the demo round has some
    deck = Presentation(io.BytesIO(drawn_pack[0]))
    slide = next(s for s in deck.slides if any(shape.name == "Attribution" for shape in s.shapes) and
                 "Readiness" in (_pictures(s)[0]._element.nvPicPr.cNvPr.get("descr") or "").title())
    shown = _texts(slide)  # the slide itself, not its speaker notes
    assert [name for name in ready if name not in shown] == []


def test_partners_are_lines_on_the_map_only_where_none_crosses_a_label_else_a_table(drawn_pack):
    # Demo 2025: the nearly-ready boroughs' partners (Lambeth, Richmond upon Thames) are across London from them, so
    # lines would cross labels: the map has none and the next slide tables every pair.
    deck = Presentation(io.BytesIO(drawn_pack[0]))
    readiness_legend = [text for _, texts in drawn_pack[1] for text, _ in texts if "partner" in text]
    assert readiness_legend == []
    table = next(shape.table for s in deck.slides for shape in s.shapes if shape.name == "Partners")
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Nearly ready", "Margin", "Bottleneck", "Suggested ready partner"]
    assert len(rows) - 1 == 7 and all(row[3] in ("Lambeth", "Richmond upon Thames") for row in rows[1:])


def test_the_reports_map_labels_are_at_least_7_points_and_its_key_8(camden_pdf):
    sizes: list[tuple[str, float]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            scale = float(np.hypot(tm[2], tm[3]) * np.hypot(cm[2], cm[3]))  # the text's height in the page's units
            sizes.append((text.strip(), size * scale))

    PdfReader(io.BytesIO(camden_pdf)).pages[-1].extract_text(visitor_text=visit)
    labels = [(t, s) for t, s in sizes if len(t) <= 3 and (t.isupper() or t.isdigit())]  # "CMD", "12"
    assert len(labels) >= 33
    assert min(s for _, s in labels) >= 7
    key = [(t, s) for t, s in sizes if "Camden:" in t or "Westminster:" in t]
    assert key and min(s for _, s in key) >= 8


def test_the_reports_map_page_keeps_its_key_under_its_legend_and_above_its_small_print(camden_pdf):
    """The key (every borough) starts below the legend's last entry and ends above the small print, which has grown
    by the method's note: nothing on the page is written over anything else."""
    placed: list[tuple[str, float]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            placed.append((text.strip(), float(tm[5] * cm[3] + cm[5])))  # the baseline's height on the page, points

    PdfReader(io.BytesIO(camden_pdf)).pages[-1].extract_text(visitor_text=visit)
    height = {text: y for text, y in placed}
    legend_last = min(y for text, y in placed if text == "Camden")
    key_first = max(y for text, y in placed if text.startswith("Barking and Dagenham:") or text.endswith("Dagenham: Emerging"))
    key_last = min(y for text, y in placed if "Westminster: Developing" in text)
    notes_top = max(y for text, y in placed if text.startswith("Synthetic demo data: round"))
    assert legend_last - key_first > 8 and key_last - notes_top > 8, height
