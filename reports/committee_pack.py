"""The Leaders' Committee slide pack (PPTX): one slide per view, live figures, speaker notes
holding the numbers behind each slide, and the caveats (synthetic data, method) at the end."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.util import Inches, Pt

from figures.charts import chart_png, describe_level_stack, level_stack
from figures.map_spec import MapSpec
from figures.london_maps import cluster_map, level_map, readiness_map
from figures.print_maps import map_png
from models.benchmark import LondonBriefing
from models.clustering import MaturityClusters
from models.disclosure import FEW_RESPONDENTS_LABEL, few_respondents
from models.numbers import format_score, format_signed
from models.readiness import STATUSES, status_counts
from models.trends import count_boroughs, describe_change, movers_sentence
from models.summary import OVERALL
from reports.tables import movers_table
from survey.areas import borough_names
from survey.framework import Framework
from survey.sources import attribution, load_sources

Progress = Callable[[float, str], None]
INK, MUTED, NOTICE = RGBColor(0x0B, 0x0C, 0x0C), RGBColor(0x50, 0x5A, 0x5F), RGBColor(0xFF, 0xF7, 0xBF)
SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.6)
MAP_INCHES = (8.2, 4.6)  # a map picture's size on its slide (the legend beside the map, inside the picture)
MAP_LABEL_POINTS = 8
CHART_INCHES_WIDE = 10.6  # a chart's width on its slide: drawn at that size, its text is MIN_TEXT points
NOTICE_TOP = Inches(6.95)  # the synthetic or provisional notice along every slide's foot
FEW_MARK = "†"  # after a borough's name in a slide's table: few respondents (explained under the table)
FEW_NOTE = ("Few respondents: fewer people answered for the borough than the minimum the office set, so its scores may "
            "rest on one or two people's views.")


MIN_TEXT = 14  # points: the smallest text on any slide
TITLE_ONLY = 5  # the default template's "Title Only" layout: a real title placeholder, nothing else


class _Deck:
    """A thin helper over python-pptx: slides with a real title, big text, described pictures and notes.

    Every slide carries ``notices`` (synthetic or provisional data) along its foot, so a slide
    copied into another deck keeps its caveat.
    """

    def __init__(self, notices: list[str]) -> None:
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = SLIDE_W, SLIDE_H
        self.layout = self.prs.slide_layouts[TITLE_ONLY]
        self.notices = notices

    def slide(self, title: str, notes: list[str]):
        slide = self.prs.slides.add_slide(self.layout)
        heading = slide.shapes.title  # the placeholder outline view and screen readers announce
        heading.left, heading.top, heading.width, heading.height = MARGIN, Inches(0.3), SLIDE_W - 2 * MARGIN, Inches(0.9)
        heading.text = title
        frame = heading.text_frame
        frame.word_wrap = True
        paragraph = frame.paragraphs[0]
        paragraph.alignment = PP_ALIGN.LEFT
        for run in paragraph.runs:
            run.font.size, run.font.bold, run.font.color.rgb = Pt(28), True, INK
        if self.notices:
            self.text(slide, " ".join(self.notices), MARGIN, NOTICE_TOP, SLIDE_W - 2 * MARGIN, SLIDE_H - NOTICE_TOP - Inches(0.1),
                      size=MIN_TEXT, fill=NOTICE, name="Notice")
        slide.notes_slide.notes_text_frame.text = "\n".join(notes)
        return slide

    @staticmethod
    def text(slide, text: str | list[str], left, top, width, height, size=20, bold=False, colour=INK, fill=None, name=None):
        box = slide.shapes.add_textbox(left, top, width, height)
        if name:
            box.name = name
        frame = box.text_frame
        frame.word_wrap = True
        if fill is not None:
            box.fill.solid()
            box.fill.fore_color.rgb = fill
        for i, line in enumerate([text] if isinstance(text, str) else text):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            paragraph.text = line
            paragraph.space_after = Pt(size * 0.6)
            for run in paragraph.runs:
                run.font.size, run.font.bold, run.font.color.rgb = Pt(max(size, MIN_TEXT)), bold, colour
        return box

    def map_image(self, slide, spec: MapSpec) -> None:
        """The print map of ``spec``, drawn at the size it is shown and described by its text alternative, with the
        boundary attribution the licence requires beneath it."""
        self.image(slide, map_png(spec, width=MAP_INCHES[0], height=MAP_INCHES[1], label_points_size=MAP_LABEL_POINTS,
                                  map_share=0.68),
                   MARGIN, Inches(1.3), Inches(MAP_INCHES[1]), spec.description)
        self.text(slide, attribution("boundaries"), MARGIN, Inches(5.95), SLIDE_W - 2 * MARGIN, Inches(0.9), size=MIN_TEXT,
                  colour=MUTED, name="Attribution")

    @staticmethod
    def image(slide, png: bytes, left, top, height, description: str) -> None:
        """A picture whose alternative text (what a screen reader says) is ``description``."""
        picture = slide.shapes.add_picture(io.BytesIO(png), left, top, height=height)
        picture._element.nvPicPr.cNvPr.set("descr", description)  # python-pptx has no setter for alt text

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.prs.save(buffer)
        return buffer.getvalue()


def committee_pack_pptx(briefing: LondonBriefing, framework: Framework, progress: Progress | None = None) -> bytes:
    """Build the deck. ``progress(fraction, message)`` is called as each slide is made."""
    report = progress or (lambda fraction, message: None)
    b, deck = briefing, _Deck(briefing.round.notices)
    label, scores = b.round.label, b.round.scores
    names = borough_names()
    dims = framework.dimension_names
    headline = b.headline

    report(0.05, "Title and key messages")
    slide = deck.slide(f"London's digital maturity: round {label}", [
        f"Round {label}: {headline.boroughs_responding} of {len(names)} boroughs responded; "
        f"{headline.boroughs_scored} have an overall index.",
        *b.round.notices])
    deck.text(slide, f"Briefing for London Councils' Leaders' Committee · {date.today():%d %B %Y}",
              MARGIN, Inches(1.4), Inches(12), Inches(0.6), size=20, colour=MUTED)
    if b.round.notices:
        deck.text(slide, b.round.notices, MARGIN, Inches(2.4), Inches(12), Inches(1.6), size=18, fill=NOTICE,
                  name="Notice in full")

    deck.text(deck.slide("Key messages", [f"Message {i + 1}: {m}" for i, m in enumerate(b.messages)]),
              [f"• {m}" for m in b.messages], MARGIN, Inches(1.4), Inches(12), Inches(5.4), size=24, name="Messages")

    counts = headline.level_counts
    slide = deck.slide("Where London stands", [
        f"London median overall index: {format_score(headline.london_median)} ({headline.london_median_level}).",
        f"Boroughs scored: {headline.boroughs_scored}; responded: {headline.boroughs_responding}.",
        "Boroughs per level: " + ", ".join(f"{k} {v}" for k, v in counts.items()) + ".",
        f"Weakest dimension by median: {headline.weakest_dimension_name(framework)} "
        f"({format_score(headline.weakest_dimension_median)})."])
    figures = [(format_score(headline.london_median), f"London median overall index ({headline.london_median_level})"),
               (f"{headline.boroughs_scored} of {len(names)}", "boroughs with an overall index"),
               (headline.weakest_dimension_name(framework), "London's weakest dimension")]
    for i, (big, small) in enumerate(figures):
        left = MARGIN + i * Inches(4.1)
        deck.text(slide, big, left, Inches(1.6), Inches(3.9), Inches(1.5), size=34, bold=True)
        deck.text(slide, small, left, Inches(3.2), Inches(3.9), Inches(0.8), size=18, colour=MUTED)
    deck.text(slide, "Boroughs per level: " + " · ".join(f"{k} {v}" for k, v in counts.items() if v),
              MARGIN, Inches(4.5), Inches(12), Inches(1.0), size=22)

    report(0.2, "Drawing the map")
    spec = level_map(scores, framework, OVERALL)
    description = spec.description
    slide = deck.slide(f"Maturity across London, round {label}", [description])
    deck.map_image(slide, spec)
    deck.text(slide, description, Inches(9.3), Inches(1.6), Inches(3.5), Inches(4), size=16, colour=MUTED)

    report(0.4, "Drawing the capability gaps")
    shares = b.shares
    slide = deck.slide(f"Capability gaps: boroughs below {b.target_level}", [
        f"{r.name}: median {format_score(r.median)}; {r.below_target} of {r.assessed} below {b.target_level}; levels "
        + ", ".join(f"{lv} {getattr(r, lv)}" for lv in framework.level_names) + "." for r in shares.itertuples()])
    chart = level_stack(shares, framework.level_names, b.target_level, width_px=round(CHART_INCHES_WIDE * 72),
                        text_px=MIN_TEXT)
    deck.image(slide, chart_png(chart, scale=3), MARGIN, Inches(1.3), Inches(chart.get_size_inches()[1]),
               describe_level_stack(shares, b.target_level))

    report(0.55, "Drawing the clusters")
    if b.clusters is None:
        assert b.cluster_problem is not None, "london_briefing says why whenever it gives no clusters"
        deck.text(deck.slide("Groups of boroughs with similar profiles", [b.cluster_problem]), b.cluster_problem,
                  MARGIN, Inches(1.6), Inches(12), Inches(1.5), size=24)
    else:
        _clusters_slide(deck, b, b.clusters, framework)


    if b.pilot is not None and b.readiness is not None:
        report(0.7, "Drawing readiness")
        counts = status_counts(b.readiness)
        spec = readiness_map(scores, b.readiness, framework, b.pilot.running_in)
        ready = [names[c] for c in b.readiness.index[b.readiness["status"] == "Ready"]]
        description = spec.description
        slide = deck.slide(f"Ready to adopt now: {b.pilot.name}", [
            "Requirements: " + ", ".join(f"{dims[d]} ≥ {v:g}" for d, v in b.pilot.requirements.items()) + ".",
            "Counts: " + ", ".join(f"{s} {counts[s]}" for s in STATUSES) + ".",
            "Ready now: " + (", ".join(sorted(ready)) or "none") + ".", description])
        deck.map_image(slide, spec)
        deck.text(slide, [f"{s}: {counts[s]}" for s in STATUSES], Inches(8.9), Inches(1.5), Inches(4), Inches(3), size=22)

    report(0.85, "Movers since the previous round")
    if b.previous is None or b.movers is None or b.changes is None:  # the first round: none of them
        deck.text(deck.slide("Change since the last round", [f"Round {label} is the first round stored."]),
                  f"Round {label} is the first round on record: there is no earlier round to compare with.",
                  MARGIN, Inches(1.6), Inches(12), Inches(1.5), size=24)
    elif b.movers.empty:
        sentence = movers_sentence(b.changes, b.movers, b.previous.label, label)
        deck.text(deck.slide("Change since the last round", [sentence]), sentence, MARGIN, Inches(1.6), Inches(12),
                  Inches(1.5), size=24)
    else:
        before, after = b.previous.label, label
        few = few_respondents(b.previous.scores, scores) & set(b.movers.index)
        slide = deck.slide(f"Biggest movers since round {before}, of {count_boroughs(len(b.changes))} in both rounds", [
            movers_sentence(b.changes, b.movers, before, after),
            *(f"{names[c]}{' (few respondents)' if c in few else ''}: {format_score(r.before)} → {format_score(r.after)}, "
              f"{describe_change(r)}; rank {r.rank_before} → {r.rank_after}." for c, r in b.movers.iterrows()),
            *([f"{FEW_MARK} {FEW_NOTE}"] if few else [])])
        shown = movers_table(b.movers, before, after, few).drop(columns=[f"Rank {before}", f"Rank {after}"])
        rows = [[c for c in shown.columns if c != FEW_RESPONDENTS_LABEL]] + [
            [row["Borough"] + (FEW_MARK if row[FEW_RESPONDENTS_LABEL] else ""), format_score(row[before]),
             format_score(row[after]), format_signed(row["Change"]), row["Likely change"], row["Verdict"], row["Level"]]
            for _, row in shown.iterrows()]
        shape = slide.shapes.add_table(len(rows), len(rows[0]), MARGIN, Inches(1.4), Inches(12.1), Inches(0.4) * len(rows))
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                cell = shape.table.cell(i, j)
                cell.text = str(value)
                for paragraph in cell.text_frame.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(MIN_TEXT)
        shape.name = "Movers"
        if few:
            deck.text(slide, f"{FEW_MARK} {FEW_NOTE}", MARGIN, Inches(1.5) + Inches(0.4) * len(rows), Inches(12.1),
                      Inches(0.8), size=MIN_TEXT, colour=MUTED, name="Few respondents")

    report(0.95, "Method, caveats and sources")
    deck.text(deck.slide("Method and caveats", ["Method summary as on the slide.", *b.round.notices, *b.notes]), [
        "Scores are means of 1–5 self-assessment answers; a dimension needs 65% of its questions answered; "
        "the overall index needs all seven dimensions.",
        "Ranks are shown with their likely range from 1,000 re-scorings (weights and respondents varied).",
        "Levels and groupings are not a performance judgement.",
        "A borough with fewer respondents than the minimum the office set is marked 'few respondents' (†); how far "
        "apart its respondents' answers were is not shown.",
        *b.notes,
    ], MARGIN, Inches(1.4), Inches(12), Inches(5.4), size=18, name="Caveats")
    sources = [f"{source['title']} — {source['publisher']}; {source['licence']}." for source in load_sources().values()]
    deck.text(deck.slide("Sources", ["Every source and its licence, as on the slide.", *sources]),
              [*sources, *(attribution(key) for key in ("boundaries", "context", "nearest_neighbours"))],
              MARGIN, Inches(1.4), Inches(12), Inches(5.4), size=MIN_TEXT, name="Sources")
    report(1.0, "Slides ready")
    return deck.save()


def _clusters_slide(deck: _Deck, b: LondonBriefing, clusters: MaturityClusters, framework: Framework) -> None:
    names = borough_names()
    spec = cluster_map(b.round.scores, clusters, framework)
    silhouette = format_score(clusters.silhouettes_[clusters.k_])
    slide = deck.slide("Groups of boroughs with similar profiles", [
        f"k = {clusters.k_} (silhouette {silhouette}), stability {format_score(clusters.stability_)}.",
        *(f"Cluster {c}: {clusters.descriptions_[c]} Members: "
          + ", ".join(sorted(names[x] for x in clusters.labels_.index[clusters.labels_ == c])) for c in clusters.descriptions_),
        spec.description])
    deck.map_image(slide, spec)
    deck.text(slide, [f"Cluster {c}: {d}" for c, d in clusters.descriptions_.items()]
              + ["Groupings describe similar profiles. They are not a performance judgement."],
              Inches(8.9), Inches(1.5), Inches(4), Inches(5.3), size=15)
