"""An area's benchmark as a PDF a CIO can forward: three A4 pages (docs/documents.md), charts as images, in the area
set's words ("the 5 London boroughs most like Camden")."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from xml.sax.saxutils import escape

import pandas as pd
from pypdf import PdfReader, PdfWriter
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (Flowable, Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table,
                                TableStyle)

from figures.charts import chart_png, profile_against_group, trend_lines
from figures.london_maps import level_map
from figures.print_maps import map_page_pdf
from models.benchmark import BoroughBenchmark
from models.disclosure import PROVISIONAL_MARK
from models.numbers import format_score, format_signed, join_names
from models.profile import marked_in_order
from models.summary import OVERALL
from reports.tables import profile_table
from survey.area_sets import active_area_set
from survey.areas import borough_names
from survey.framework import Framework
from survey.sources import attribution, load_sources

WIDTH = A4[0] - 36 * mm
CHART_TEXT = 8  # points: chart text, drawn at the size it is printed
CELL_PADDING = 6  # points: a table cell's padding on the left and on the right (reportlab's default)
TREND_HEIGHT_EM = 13  # the trend chart's plot, in type sizes: its axis is fitted to the scores, so it reads short
ABOUT = ("About these figures: scores are means of 1–5 answers; a dimension needs at least 65% of its questions "
         "answered; the overall index needs all seven dimensions. A rank's likely range comes from 1,000 re-scorings "
         "with dimension weights and respondents varied. The full method is on the dashboard's Method & data page. "
         "Boundaries and context statistics: {publishers} (Open Government Licence v3.0).")
Progress = Callable[[float, str], None]


def _chart_image(figure) -> Image:
    """A chart drawn at its printed size (one pixel a point), as a picture three times as fine."""
    width, height = figure.get_size_inches() * 72
    return Image(io.BytesIO(chart_png(figure, scale=3)), width=width, height=height)


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("title", parent=base["Title"], fontSize=20, leading=24, alignment=0, spaceAfter=4),
        "subtitle": ParagraphStyle("subtitle", parent=base["Normal"], fontSize=10, textColor=colors.HexColor("#505a5f")),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontSize=14, spaceBefore=10, spaceAfter=4),
        "body": ParagraphStyle("body", parent=base["Normal"], fontSize=10, leading=13.5),
        "notice": ParagraphStyle("notice", parent=base["Normal"], fontSize=10, leading=13, backColor=colors.HexColor("#fff7bf"),
                                 borderPadding=6, spaceBefore=6, spaceAfter=10),
        "headline": ParagraphStyle("headline", parent=base["Normal"], fontSize=13, leading=17, spaceAfter=4),
        "small": ParagraphStyle("small", parent=base["Normal"], fontSize=8, leading=10, textColor=colors.HexColor("#505a5f")),
    }


_CELL = ParagraphStyle("cell", fontName="Helvetica", fontSize=9, leading=11)
_HEADING = ParagraphStyle("heading", parent=_CELL, fontName="Helvetica-Bold")
_HEADING_RIGHT = ParagraphStyle("heading_right", parent=_HEADING, alignment=2)


def _table(rows: list[list[str | Flowable]], widths: list[float], text_columns: tuple[int, ...] = (0,),
           padding: float = 3) -> Table:
    """Headings wrap within their column, aligned as the column is: numbers to the right, ``text_columns`` to the
    left; so do first-column names. ``padding`` (points) above and below each cell's text."""
    wrapped: list[list[str | Flowable]] = [[Paragraph(escape(str(v)), _HEADING if j in text_columns else _HEADING_RIGHT)
                                            for j, v in enumerate(rows[0])]]
    wrapped += [[Paragraph(escape(row[0]), _CELL) if isinstance(row[0], str) else row[0], *row[1:]] for row in rows[1:]]
    table = Table(wrapped, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9), ("FONT", (0, 1), (-1, -1), "Helvetica", 9),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black), ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#b1b4b6")),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding), ("TOPPADDING", (0, 0), (-1, -1), padding),
        *(("ALIGN", (j, 1), (j, -1), "LEFT") for j in text_columns),
    ]))
    return table


def _fitting(width: float, heading: str) -> float:
    """A column ``width`` points wide, or wider where a word of its ``heading`` would not fit on a line (a long area
    set title's: "Manchester"), so that no heading breaks inside a word."""
    longest = max(stringWidth(word, _HEADING.fontName, _HEADING.fontSize) for word in heading.split())
    return max(width, longest + 2 * CELL_PADDING)


def borough_report_pdf(benchmark: BoroughBenchmark, framework: Framework, progress: Progress | None = None) -> bytes:
    """Build the PDF. ``progress(fraction, message)`` is called as each part is made."""
    report = progress or (lambda fraction, message: None)
    s = _styles()
    b = benchmark
    names = framework.dimension_names
    area_set = active_area_set()
    whole = area_set.title
    story: list[Flowable] = [
        Paragraph(f"{escape(b.name)}: digital maturity benchmark", s["title"]),
        Paragraph(f"Survey round {escape(b.round.label)} · framework version {escape(framework.version)} · "
                  f"made {date.today():%d %B %Y}", s["subtitle"]),
    ]
    story += [Paragraph(escape(note), s["notice"]) for note in b.round.notices]
    overall = ("not calculated (a dimension has no score)" if b.overall is None
               else f"{format_score(b.overall)}, <b>{escape(b.level)}</b>")
    story += [
        Paragraph(f"Overall index: {overall}. Rank {escape(b.rank_text)}.", s["headline"]),
        Paragraph(escape(b.change_text), s["body"]),
        Paragraph(f"{escape(b.respondents_text)} Peer group: the {len(b.peer_group)} {escape(whole)} "
                  f"{escape(area_set.plural)} most like {escape(b.name)} (ONS statistical nearest neighbours)."
                  + (f" Not assessed (too few answers): {escape(', '.join(b.missing_dimensions))}."
                     if b.missing_dimensions else ""),
                  s["body"]),
        Paragraph("Levels and ranks are not a performance judgement; a rank is read with its likely range.", s["small"]),
        Paragraph(f"Profile against {escape(whole)} and the peer group", s["h2"]),
    ]
    report(0.1, "Drawing the profile chart")
    profile = profile_against_group(b.comparison, b.name, "Peer group", framework.level_names,
                                    london=b.comparison["london_median"], width_px=int(WIDTH), text_px=CHART_TEXT)
    story.append(_chart_image(profile))
    shown = profile_table(b.profile, b.name)
    rows: list[list[str | Flowable]] = [["Dimension", "Score", "Level", "To next level", f"{whole} median", f"vs {whole}",
                                         "Neighbours' median", "vs neighbours"]]
    rows += [[row["Dimension"], format_score(row[b.name]), row["Level"], format_score(row["To next level"]),
              format_score(row[f"{whole} median"]), format_signed(row[f"vs {whole}"]), format_score(row["Neighbours' median"]),
              format_signed(row["vs neighbours"])] for _, row in shown.iterrows()]
    median_width, versus_width = _fitting(17 * mm, f"{whole} median"), _fitting(16 * mm, f"vs {whole}")
    story.append(_table(rows, [(40 + 33) * mm - median_width - versus_width, 14 * mm, 21 * mm, 16 * mm, median_width,
                               versus_width, 24 * mm, 22 * mm]))
    # From here each section is kept whole and they run on, one after another, so that no page is left half empty.
    display = borough_names()
    story.append(KeepTogether([
        Paragraph("Peers", s["h2"]),
        Paragraph("<b>Most like " + escape(b.name) + " (ONS 2025):</b> " +
                  escape(", ".join(display[c] for c in b.context_peers["neighbour_code"])), s["body"]),
        Paragraph("<b>At a similar stage (closest profiles):</b> " +
                  escape(", ".join(display[c] for c in b.maturity_peers["neighbour_code"])), s["body"])]))

    strengths: list[Flowable] = [Paragraph("Strengths and gaps", s["h2"])]
    marked = marked_in_order(b.profile)
    if marked.empty:
        strengths.append(Paragraph(f"Every dimension is close to {escape(area_set.possessive)} median.", s["body"]))
    for row in marked.itertuples():
        text = (f"<b>{row.kind.capitalize()}: {escape(row.name)}</b> — {format_score(row.score)} ({escape(row.level)}), "
                f"{format_signed(row.vs_london)} against {escape(area_set.possessive)} median")
        text += "" if pd.isna(row.vs_peers) else f", {format_signed(row.vs_peers)} against the peer group"
        strengths += [Paragraph(text + ".", s["body"]), *([Paragraph(escape(row.next_step), s["body"])] if row.next_step
                                                          else []), Spacer(1, 4)]
    story.append(KeepTogether(strengths))

    report(0.45, "Drawing the trend chart")
    trend = b.trend.dropna(how="all")
    chart = trend_lines(trend, names | {"overall": "Overall index"}, framework.level_names,
                        band_lowers=tuple(level.lower for level in framework.levels), width_px=int(WIDTH),
                        text_px=CHART_TEXT, height_em=TREND_HEIGHT_EM)
    rows = [["Round", *[str(r) for r in trend.index]]]
    rows += [[names.get(c, "Overall index"), *[format_score(v) for v in trend[c]]] for c in trend.columns]
    story.append(KeepTogether([Paragraph("Trend across rounds", s["h2"]), _chart_image(chart),
                               _table(rows, [62 * mm] + [max(18, 110 / max(len(trend), 1)) * mm] * len(trend), padding=1.5)]))

    report(0.8, "Writing readiness")
    rows = [["Pilot", "Status", "Margin", "Bottleneck"]]
    rows += [[Paragraph(escape(r.name), _CELL), r.status, format_signed(r.margin), Paragraph(escape(r.bottleneck), _CELL)]
             for r in b.pilots.itertuples()]
    story.append(KeepTogether([Paragraph("Readiness for the pilots in the library", s["h2"]),
                               _table(rows, [70 * mm, 28 * mm, 20 * mm, 56 * mm], text_columns=(0, 1, 3))]))

    report(0.9, "Drawing the map")
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                                 bottomMargin=16 * mm, title=f"{b.name}: digital maturity benchmark, round {b.round.label}",
                                 author=f"{whole} digital maturity benchmark")
    document.build(story, onFirstPage=_footer(b), onLaterPages=_footer(b))
    pages = PdfWriter(clone_from=PdfReader(io.BytesIO(buffer.getvalue())))
    pages.add_page(PdfReader(io.BytesIO(_map_page(b, framework, len(pages.pages) + 1))).pages[0])
    merged = io.BytesIO()
    pages.write(merged)
    report(1.0, "Report ready")
    return merged.getvalue()


def _map_page(b: BoroughBenchmark, framework: Framework, number: int) -> bytes:
    """The last page: the set's areas by overall level, the area outlined (a vector page drawn by
    ``figures.print_maps``), with the same footer as the others and, in its small print, how the figures are made
    (there, not in the pages before, it never runs on to a page of its own)."""
    area_set = active_area_set()
    spec = replace(level_map(b.round.scores, framework, OVERALL), outlined=(b.ons_code,), outline_label=b.name)
    return map_page_pdf(spec, title=f"{b.name} among {area_set.possessive} {area_set.plural}: overall level, round "
                                    f"{b.round.label}",
                        notes=(*b.round.notices, _about(), spec.description, attribution("boundaries")),
                        footer=(_footer_text(b), f"Page {number}"))


def _about() -> str:
    """``ABOUT`` naming the bodies whose boundaries and context statistics the set uses: ONS and MHCLG, and the GLA
    where its sources name it (London's)."""
    gla = any(re.search(r"\bGLA\b", source["publisher"]) for source in load_sources().values())
    return ABOUT.format(publishers=join_names(["ONS", "MHCLG", *(["GLA"] if gla else [])]))


def _footer_text(benchmark: BoroughBenchmark) -> str:
    """Every page's foot: the area and round, and what no page may lose when printed or passed on."""
    text = f"{benchmark.name} · round {benchmark.round.label}"
    text += " · SYNTHETIC DEMO DATA" if benchmark.round.synthetic else ""
    return text + (f" · {PROVISIONAL_MARK.upper()}" if benchmark.round.provisional else "")


def _footer(benchmark: BoroughBenchmark):
    def draw(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(18 * mm, 9 * mm, _footer_text(benchmark))
        canvas.drawRightString(A4[0] - 18 * mm, 9 * mm, f"Page {document.page}")
        canvas.restoreState()
    return draw
