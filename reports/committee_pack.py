"""The Leaders' Committee slide pack (PPTX): one slide per view, live figures, speaker notes
holding the numbers behind each slide, and the caveats (synthetic data, method) at the end; in the area set's words
("London's digital maturity", "the median borough")."""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from datetime import date

import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.util import Inches, Pt

from figures.charts import chart_png, describe_level_stack, level_stack, text_width, wrapped_to
from figures.map_spec import MapSpec
from figures.london_maps import cluster_map, level_map, readiness_map
from figures.print_maps import PrintMap, map_png
from models.benchmark import LondonBriefing
from models.clustering import MaturityClusters
from models.disclosure import FEW_RESPONDENTS_LABEL, few_respondents
from models.numbers import counted, format_score, format_signed
from models.readiness import READY, STATUSES, status_counts
from models.trends import describe_change, movers_sentence
from models.summary import OVERALL
from reports.tables import movers_table
from survey.area_sets import AreaSet, active_area_set
from survey.areas import borough_names
from survey.framework import Framework
from survey.sources import attribution, load_sources

Progress = Callable[[float, str], None]
INK, MUTED, NOTICE = RGBColor(0x0B, 0x0C, 0x0C), RGBColor(0x50, 0x5A, 0x5F), RGBColor(0xFF, 0xF7, 0xBF)
SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.6)
CONTENT_TOP = Inches(1.35)  # under a title of up to two lines
MAP_INCHES = (8.8, 4.85)  # a map picture's size on its slide (the legend beside the map, inside the picture)
MAP_SHARE = 0.6  # of the picture's width, the map's; the legend takes the rest
KEY_LEFT = Inches(9.4)  # the column beside the map: what the slide names, and the numbered key
ATTRIBUTION_TOP = Inches(6.2)  # the boundary attribution under a map
NOTICE_TOP = Inches(6.85)  # the synthetic or provisional notice along every slide's foot
TABLE_ROW = Inches(0.42)  # a table's row of one line
FEW_MARK = "†"  # after an area's name in a slide's table: few respondents (explained under the table)
FEW_NOTE = ("Few respondents: fewer people answered for the {noun} than the minimum the office set, so its scores may "
            "rest on one or two people's views.")
# Whom the pack briefs: London Councils' committee is London's alone; another set's pack briefs its council leaders.
AUDIENCE = "<!-- london only -->London Councils' Leaders' Committee<!-- end london only -->"
OTHER_AUDIENCE = "{possessive} council leaders"


BODY = 18  # points: the smallest body text, map label or legend on a slide, as projected
SMALL_PRINT = 12  # points: footers and attributions, the only text smaller than BODY
TITLE_ROOM = 100  # characters: a title on two lines at 28 points
READY_ROOM = 170  # characters: the ready areas named under the readiness map (three lines), else counted
MEMBERS_ROOM = 700  # characters: the groups' members named on their slide (nine lines), else in its notes
LETTER_EM = 0.63  # a letter's width on a slide, in type sizes: Impress's DejaVu Sans, generously
LEVEL_ROW_EM = 2.1  # the gaps chart's rows on a slide, in type sizes: seven fit between the title and the notice
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
                      size=SMALL_PRINT, fill=NOTICE, name="Notice", spacing=0)
        slide.notes_slide.notes_text_frame.text = "\n".join(notes)
        return slide

    @staticmethod
    def text(slide, text: str | list[str], left, top, width, height, size=BODY, bold=False, colour=INK, fill=None, name=None,
             spacing=0.6):
        """A text box; ``size`` in points (below BODY only for small print), ``spacing`` after each line in type sizes."""
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
            paragraph.space_after = Pt(size * spacing)
            for run in paragraph.runs:
                run.font.size, run.font.bold, run.font.color.rgb = Pt(max(size, SMALL_PRINT)), bold, colour
        return box

    def map_image(self, slide, spec: MapSpec, under: str = "") -> PrintMap:
        """The print map of ``spec``, drawn at the size it is shown (labels and legend at BODY points) and described by
        its text alternative, with the boundary attribution the licence requires beneath it; beside it, the key to the
        areas numbered on the map; under it, the text ``under`` (the picture made shorter to give it room)."""
        under_lines = -(-len(under) * BODY * 0.6 / 72 // (KEY_LEFT / 914400 - 0.9))  # 0.6 em a letter, words wrapped
        height = max(MAP_INCHES[1] - 0.3 * under_lines - (0.1 if under else 0), 2.8)
        png, drawn = map_png(spec, width=MAP_INCHES[0], height=height, label_points_size=BODY, legend_points=BODY,
                             map_share=MAP_SHARE, with_marks=False)
        self.image(slide, png, Inches(0.4), CONTENT_TOP, Inches(height), spec.description)
        if under:
            self.text(slide, under, MARGIN, CONTENT_TOP + Inches(height + 0.05), KEY_LEFT - MARGIN,
                      Inches(MAP_INCHES[1] - height), spacing=0, name="Under the map")
        names = borough_names()
        key = [f"{number}  {names[code]}" for number, code in drawn.keyed]
        if key:
            box = self.text(slide, ["Numbered on the map:", *key], KEY_LEFT, CONTENT_TOP, SLIDE_W - KEY_LEFT - Inches(0.3),
                            Inches(MAP_INCHES[1]), spacing=0, name="Key")
            for paragraph in box.text_frame.paragraphs:
                paragraph.line_spacing = 0.9  # up to 16 lines beside the map
        self.text(slide, attribution("boundaries"), MARGIN, ATTRIBUTION_TOP, SLIDE_W - 2 * MARGIN, Inches(0.6),
                  size=SMALL_PRINT, colour=MUTED, name="Attribution", spacing=0)
        return drawn

    @staticmethod
    def image(slide, png: bytes, left, top, height, description: str) -> None:
        """A picture whose alternative text (what a screen reader says) is ``description``."""
        picture = slide.shapes.add_picture(io.BytesIO(png), left, top, height=height)
        picture._element.nvPicPr.cNvPr.set("descr", description)  # python-pptx has no setter for alt text

    @staticmethod
    def table(slide, rows: list[list[str]], widths: list[float], name: str):
        """A table at BODY points under the title, columns ``widths`` inches wide; returns where it ends, reckoning
        a row that wraps."""
        shape = slide.shapes.add_table(len(rows), len(rows[0]), MARGIN, CONTENT_TOP, Inches(sum(widths)),
                                       TABLE_ROW * len(rows))
        shape.name = name
        for j, width in enumerate(widths):
            shape.table.columns[j].width = Inches(width)
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                cell = shape.table.cell(i, j)
                cell.text = str(value)
                cell.margin_top = cell.margin_bottom = Pt(3)
                cell.margin_left = cell.margin_right = Pt(5)
                for paragraph in cell.text_frame.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(BODY)
        return _Deck.table_bottom(rows, widths)

    @staticmethod
    def table_bottom(rows: list[list[str]], widths: list[float]) -> int:
        """Where a table of ``rows`` (columns ``widths`` inches wide) under the title ends (EMU), reckoning a row that
        wraps: each cell's words laid out in DejaVu Sans, as Impress draws them, within its margins, a word wider than
        its column broken over as many lines as it needs ("uncertain / ty")."""
        bottom = int(CONTENT_TOP)
        for row in rows:
            lines = max(_cell_lines(str(v), (widths[j] - 0.14) * 72) for j, v in enumerate(row))
            bottom += max(int(TABLE_ROW), int(Pt(BODY * 1.2 * lines + 8)))
        return bottom

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
    headline = b.headline
    area_set = active_area_set()
    title, noun, plural, heading_plural = area_set.title, area_set.noun, area_set.plural, area_set.heading_plural

    report(0.05, "Title and key messages")
    title_slide = deck.slide(f"{area_set.possessive} digital maturity: round {label}", [
        f"Round {label}: {headline.boroughs_responding} of {len(names)} {plural} responded; "
        f"{headline.boroughs_scored} have an overall index.",
        *b.round.notices])
    audience = area_set.in_own_words(AUDIENCE) or OTHER_AUDIENCE.format(possessive=area_set.possessive)
    deck.text(title_slide, f"Briefing for {audience} · {date.today():%d %B %Y}",
              MARGIN, Inches(1.3), Inches(12), Inches(0.6), size=22, colour=MUTED)

    deck.text(deck.slide(f"Key messages from round {label}", [f"Message {i + 1}: {m}" for i, m in enumerate(b.messages)]),
              [f"• {m}" for m in b.messages], MARGIN, CONTENT_TOP, Inches(12), Inches(4.8), size=24, name="Messages")

    counts = headline.level_counts
    median_level = headline.london_median_level
    slide = deck.slide(f"Where {title} stands" + (f": the median {noun} is {median_level}" if headline.boroughs_scored else ""), [
        f"{title} median overall index: {format_score(headline.london_median)} ({median_level}).",
        f"{heading_plural} scored: {headline.boroughs_scored}; responded: {headline.boroughs_responding}.",
        f"{heading_plural} per level: " + ", ".join(f"{k} {v}" for k, v in counts.items()) + ".",
        f"Weakest dimension by median: {headline.weakest_dimension_name(framework)} "
        f"({format_score(headline.weakest_dimension_median)})."])
    figures = [(format_score(headline.london_median), f"{title} median overall index ({median_level})"),
               (f"{headline.boroughs_scored} of {len(names)}", f"{plural} with an overall index"),
               (headline.weakest_dimension_name(framework), f"{area_set.possessive} weakest dimension")]
    for i, (big, small) in enumerate(figures):
        left = MARGIN + i * Inches(4.1)
        deck.text(slide, big, left, CONTENT_TOP, Inches(3.9), Inches(1.4), size=_whole_words_size(big, 3.9, 40), bold=True)
        deck.text(slide, small, left, Inches(2.8), Inches(3.9), Inches(0.9), size=22, colour=MUTED)
    shown_levels = [(k, v) for k, v in counts.items() if v]
    deck.text(slide, f"{heading_plural} per level", MARGIN, Inches(4.0), Inches(12), Inches(0.5), size=22, bold=True)
    column_inches = 12.1 / max(len(shown_levels), 4)
    level_size = min(_whole_words_size(level, column_inches, 32) for level, _ in shown_levels) if shown_levels else 32
    for i, (level, count) in enumerate(shown_levels):
        deck.text(slide, [str(count), level], MARGIN + i * Inches(column_inches), Inches(4.6), Inches(column_inches),
                  Inches(1.6), size=level_size, spacing=0.1)

    report(0.2, "Drawing the map")
    spec = level_map(scores, framework, OVERALL)
    slide = deck.slide(f"Round {label} by level: " + ", ".join(f"{e.count} {e.category}" for e in spec.legend()),
                       [spec.description])
    deck.map_image(slide, spec)

    report(0.4, "Drawing the capability gaps")
    shares = b.shares
    widest = shares.loc[shares["below_target"].idxmax()] if len(shares) and shares["below_target"].max() > 0 else None
    slide = deck.slide(f"Capability gaps: {plural} below {b.target_level}" if widest is None else
                       f"Capability gaps: {widest['name']} has the most {plural} below {b.target_level} "
                       f"({widest['below_target']} of {widest['assessed']})", [
        f"{r.name}: median {format_score(r.median)}; {r.below_target} of {r.assessed} below {b.target_level}; levels "
        + ", ".join(f"{lv} {getattr(r, lv)}" for lv in framework.level_names) + "." for r in shares.itertuples()])
    _level_bars(slide, shares, framework.level_names, b.target_level)

    report(0.55, "Drawing the clusters")
    if b.clusters is None:
        assert b.cluster_problem is not None, "london_briefing says why whenever it gives no clusters"
        deck.text(deck.slide(f"Groups of {plural} with similar profiles", [b.cluster_problem]), b.cluster_problem,
                  MARGIN, CONTENT_TOP, Inches(12), Inches(1.5), size=24)
    else:
        _clusters_slide(deck, b, b.clusters, framework, area_set)

    if b.pilot is not None and b.readiness is not None:
        report(0.7, "Drawing readiness")
        _readiness_slides(deck, b, framework, area_set)

    report(0.85, "Movers since the previous round")
    if b.previous is None or b.movers is None or b.changes is None:  # the first round: none of them
        deck.text(deck.slide("Change since the last round", [f"Round {label} is the first round stored."]),
                  f"Round {label} is the first round on record: there is no earlier round to compare with.",
                  MARGIN, CONTENT_TOP, Inches(12), Inches(1.5), size=24)
    elif b.movers.empty:
        sentence = movers_sentence(b.changes, b.movers, b.previous.label, label)
        deck.text(deck.slide("Change since the last round", [sentence]), sentence, MARGIN, CONTENT_TOP, Inches(12),
                  Inches(1.5), size=24)
    else:
        before, after = b.previous.label, label
        few = few_respondents(b.previous.scores, scores) & set(b.movers.index)
        few_note = f"{FEW_MARK} {FEW_NOTE.format(noun=noun)}"
        slide = deck.slide(f"Biggest movers since round {before}, of {counted(len(b.changes), noun, plural)} in both rounds", [
            movers_sentence(b.changes, b.movers, before, after),
            *(f"{names[c]}{' (few respondents)' if c in few else ''}: {format_score(r.before)} → {format_score(r.after)}, "
              f"{describe_change(r)}; rank {r.rank_before} → {r.rank_after}." for c, r in b.movers.iterrows()),
            *([few_note] if few else [])])
        shown = movers_table(b.movers, before, after, few).drop(columns=[f"Rank {before}", f"Rank {after}"])
        rows = [[c for c in shown.columns if c != FEW_RESPONDENTS_LABEL]] + [
            [row[area_set.heading_noun] + (FEW_MARK if row[FEW_RESPONDENTS_LABEL] else ""), format_score(row[before]),
             format_score(row[after]), format_signed(row["Change"]), row["Likely change"], row["Verdict"], row["Level"]]
            for _, row in shown.iterrows()]
        widths = [2.65, 0.8, 0.8, 1.15, 2.15, 1.4, 3.5]
        room = NOTICE_TOP - (Inches(0.9) if few else 0)  # the few-respondents note under the table
        rows = _fitting_movers(rows, b.movers["direction"].tolist(), widths, room)
        rows_bottom = deck.table(slide, rows, widths, "Movers")
        if any(row[0].endswith(FEW_MARK) for row in rows[1:]):
            deck.text(slide, few_note, MARGIN, rows_bottom + Inches(0.1), Inches(12.1), Inches(0.8),
                      colour=MUTED, name="Few respondents", spacing=0)

    report(0.95, "Method, caveats and sources")
    deck.text(deck.slide("How to read these figures", ["Method summary as on the slide.", *b.round.notices, *b.notes]), [
        "Scores are means of 1–5 self-assessment answers; a dimension needs 65% of its questions answered; "
        "the overall index needs all seven dimensions.",
        "Ranks are shown with their likely range from 1,000 re-scorings (weights and respondents varied).",
        "Levels and groupings are not a performance judgement.",
        f"A {noun} with fewer respondents than the minimum the office set is marked 'few respondents' (†); how far "
        "apart its respondents' answers were is not shown.",
        *b.notes,
    ], MARGIN, CONTENT_TOP, Inches(12), Inches(4.9), size=22, name="Caveats")
    sources = load_sources()
    lines = [line for source in sources.values() for line in (source["title"].split(" (")[0], source["attribution"])]
    slide = deck.slide("Sources", ["Every source and its licence, as on the slide.",
                                   *(f"{s['title']} — {s['publisher']}; {s['licence']}." for s in sources.values())])
    box = deck.text(slide, lines, MARGIN, CONTENT_TOP, Inches(12.1), Inches(5.3), name="Sources", spacing=0.15)
    for i, paragraph in enumerate(box.text_frame.paragraphs):  # each source's name, then its attribution in small print
        for run in paragraph.runs:
            run.font.bold = i % 2 == 0
            run.font.size = Pt(BODY if i % 2 == 0 else 14)
            run.font.color.rgb = INK if i % 2 == 0 else MUTED
        paragraph.space_after = Pt(2 if i % 2 == 0 else 14)
    deck.text(title_slide, ["In this pack:", *(f"{i}. {s.shapes.title.text_frame.text}" for i, s in
                                               enumerate(list(deck.prs.slides)[1:], start=2))],
              MARGIN, Inches(2.1), Inches(12.1), Inches(4.6), size=BODY, spacing=0.2, name="Contents")
    report(1.0, "Slides ready")
    return deck.save()


def _whole_words_size(text: str, box_inches: float, largest: int) -> int:
    """The type size, at most ``largest`` points, at which ``text``'s longest word fits a text box ``box_inches`` wide (less
    its 0.1-inch insets), so that no word is broken across lines ("Collaborati / on"): letters taken as 0.63 of the
    type size wide, as Impress draws DejaVu Sans. Never below BODY."""
    longest = max((len(word) for word in text.split()), default=1)
    return max(BODY, min(largest, int((box_inches - 0.2) * 72 / (LETTER_EM * longest))))


def _cell_lines(text: str, width_points: float) -> int:
    """The lines ``text`` takes at BODY points in a table cell ``width_points`` wide."""
    lines = wrapped_to(text, width_points, BODY).split("\n")
    return sum(max(1, math.ceil(text_width(line, BODY) / width_points)) for line in lines)


def _fitting_movers(rows: list[list[str]], directions: list[str], widths: list[float], room: int) -> list[list[str]]:
    """The movers table's heading and as many of the biggest risers and fallers (the same number of each, biggest
    first) as end above ``room`` (EMU): long names wrap, and ten rows of them would run into the notice. The speaker
    notes keep every mover."""
    ranks = [directions[:i].count(direction) for i, direction in enumerate(directions)]  # each row's place on its side
    for most in range(max(ranks, default=0) + 1, 0, -1):
        kept = [rows[0], *(row for row, rank in zip(rows[1:], ranks) if rank < most)]
        if _Deck.table_bottom(kept, widths) <= room:
            return kept
    return kept


def _listed(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)


def _level_bars(slide, shares: pd.DataFrame, level_names: tuple[str, ...], target_level: str) -> None:
    """Boroughs at each level per dimension: the Capability gaps chart of the briefing page (the same order, every
    count written), drawn at the size it is shown, one pixel a point, so its text is BODY points on the slide; its rows
    closer than the page's, to fit between the title and the notice."""
    width_px = round(12.1 * 72)
    figure = level_stack(shares, level_names, target_level, width_px=width_px, text_px=BODY, row_em=LEVEL_ROW_EM)
    _Deck.image(slide, chart_png(figure, scale=3), MARGIN, CONTENT_TOP, Inches(figure.get_size_inches()[1]),
                describe_level_stack(shares, target_level))


def _clusters_slide(deck: _Deck, b: LondonBriefing, clusters: MaturityClusters, framework: Framework,
                    area_set: AreaSet) -> None:
    names, plural = borough_names(), area_set.plural
    spec = cluster_map(b.round.scores, clusters, framework)
    silhouette = format_score(clusters.silhouettes_[clusters.k_])
    slide = deck.slide(f"{clusters.k_} groups of {plural} with similar profiles: not a performance judgement", [
        f"k = {clusters.k_} (silhouette {silhouette}), stability {format_score(clusters.stability_)}.",
        *(f"Cluster {c}: {clusters.descriptions_[c]} Members: "
          + ", ".join(sorted(names[x] for x in clusters.labels_.index[clusters.labels_ == c])) for c in clusters.descriptions_),
        spec.description])
    deck.map_image(slide, spec)
    members = {c: sorted(names[x] for x in clusters.labels_.index[clusters.labels_ == c]) for c in clusters.descriptions_}
    named = sum(len(", ".join(m)) for m in members.values()) <= MEMBERS_ROOM
    slide = deck.slide("What each group is like", [f"Cluster {c}: {d}" for c, d in clusters.descriptions_.items()]
                       + ([] if named else [f"Cluster {c}'s {plural}: " + ", ".join(m) for c, m in members.items()]))
    lines = [line for c, d in clusters.descriptions_.items()
             for line in (f"Cluster {c}: {d}", f"{len(members[c])} {plural}"
                          + (": " + ", ".join(members[c]) if named else ", named in the speaker notes"))]
    box = deck.text(slide, [*lines, "Groupings describe similar profiles. They are not a performance judgement."],
                    MARGIN, CONTENT_TOP, Inches(12.1), Inches(4.9), name="Clusters", spacing=0.3)
    for i, paragraph in enumerate(box.text_frame.paragraphs[:-1]):  # each group's profile, then its members
        for run in paragraph.runs:
            run.font.bold, run.font.size = i % 2 == 0, Pt(22 if i % 2 == 0 else BODY)


def _readiness_slides(deck: _Deck, b: LondonBriefing, framework: Framework, area_set: AreaSet) -> None:
    """The readiness map naming the ready areas beside it; the suggested partners as lines on it where none
    crosses a label, else in a table on the next slide."""
    assert b.pilot is not None and b.readiness is not None
    names, dims = borough_names(), framework.dimension_names
    counts = status_counts(b.readiness)
    spec = readiness_map(b.round.scores, b.readiness, framework, b.pilot.running_in)
    ready = sorted(names[c] for c in b.readiness.index[b.readiness["status"] == READY])
    boroughs = counted(counts[READY], area_set.noun, area_set.plural)
    # The pilot by name and its ready areas; else their number; the pilot's name dropped only where it cannot fit.
    titles = [*([f"Ready now for {b.pilot.name}: {_listed(ready)}"] if ready else []),
              f"{boroughs} ready now for {b.pilot.name}", f"{boroughs} ready now for the pilot"]
    title = next((t for t in titles if len(t) <= TITLE_ROOM), titles[-1])
    slide = deck.slide(title, [
        "Requirements: " + ", ".join(f"{dims[d]} ≥ {v:g}" for d, v in b.pilot.requirements.items()) + ".",
        "Counts: " + ", ".join(f"{s} {counts[s]}" for s in STATUSES) + ".",
        "Ready now: " + (", ".join(ready) or "none") + ".", spec.description])
    # Under the map, the ready areas by name where three lines hold them (England may have dozens): else their number.
    listed = _listed(ready) if len(_listed(ready)) <= READY_ROOM else f"{boroughs}, named in the speaker notes"
    if ready and title.endswith(_listed(ready)):
        under = ""  # the title says it all
    elif b.pilot.name in title:
        under = f"Ready now: {listed or 'none'}."
    else:
        under = f"Ready now for {b.pilot.name}: {listed or 'none'}."
    drawn = deck.map_image(slide, spec, under=under)
    if not drawn.links_left_out:
        return
    partnered = b.readiness.loc[[start for start, _ in drawn.links_left_out]]
    widths = [3.2, 1.3, 4.2, 3.4]
    rows = [["Nearly ready", "Margin", "Bottleneck", "Suggested ready partner"]] + [
        [names[c], format_signed(r["margin"]), ", ".join(dims[d] for d in r["bottleneck"]), names[r["partners"][0]]]
        for c, r in partnered.sort_values("margin", ascending=False).iterrows()]
    shown = next(n for n in range(len(rows), 1, -1) if n == 2 or _Deck.table_bottom(rows[:n], widths) <= NOTICE_TOP)
    slide = deck.slide(f"A ready partner for each nearly ready {area_set.noun}" if shown == len(rows) else
                       f"A ready partner for {shown - 1} of the {len(rows) - 1} nearly ready {area_set.plural} that have one, "
                       "closest to ready first", [
        f"{names[c]}: margin {format_signed(r['margin'])}; bottleneck {', '.join(dims[d] for d in r['bottleneck'])}; "
        f"partner {names[r['partners'][0]]}." for c, r in partnered.iterrows()])
    deck.table(slide, rows[:shown], widths, "Partners")
