"""Charts other than maps, drawn by matplotlib at the width they are shown. Each has a table of its
data next to it on the page.

One drawing serves every medium: the dashboard shows it as inline SVG (``chart_svg``: real text in the
page's font, a tooltip on each mark, no chart library for the browser to load) and the PDF report and
slide pack as PNG (``chart_png``). Sizes are in CSS pixels: figures are laid out at 72 dots per inch,
so one point is one pixel.
"""

from __future__ import annotations

import io
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import matplotlib
import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap, to_rgb
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.textpath import TextToPath
from matplotlib.ticker import MultipleLocator

from figures.maps import DEFAULT_WIDTH_PX
from figures.palette import CATEGORY_COLOURS, GROUP_COLOUR, HIGHLIGHT_COLOUR, LABEL_COLOUR, LEVEL_COLOURS
from models.numbers import format_score, round_half_up
from survey.area_sets import active_area_set

SCORE_RANGE = (1, 5)
TEXT_PX = 13  # chart text on the dashboard; the briefing asks for more
GRID_COLOUR = "#e5e5e5"
INK = LABEL_COLOUR
SCREEN_FONT = "'Source Sans', 'Source Sans Pro', sans-serif"  # the dashboard's own font, for text in its SVG
# Marker shapes (matplotlib notation) given to series in order, so no line or cluster is told apart by colour alone.
MARKERS: tuple[str, ...] = ("o", "s", "D", "^", "P", "X", "*")
_DASHES: tuple[str, ...] = ("solid", "dashed", "dotted", "dashdot")
# A thin dark edge under each coloured line and marker: the lighter category colours (yellow, sky blue,
# orange) are under 3:1 against white on their own, too faint to follow on a projector.
LINE_CASING = (patheffects.Stroke(linewidth=3.5, foreground=INK), patheffects.Normal())
_DPI = 72  # one point is one CSS pixel
NARROW_PX = 600  # below this width (a phone), long labels wrap onto two lines
# SVG text is written as text (selectable, read in the page's font), not as outlines. Only charts are
# saved as SVG, so the setting is made once, here, rather than around each save (rcParams are global).
matplotlib.rcParams["svg.fonttype"] = "none"
TIP_PREFIX = "tip:"  # a mark's gid that starts so carries its tooltip (``_tooltip``), shown as an SVG title
_SVG_NAMESPACE = "http://www.w3.org/2000/svg"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_TEXT_LAYOUT = TextToPath()  # matplotlib's own text layout, without a figure to draw on


@dataclass(frozen=True, eq=False)
class Chart:
    """A chart waiting for the width it will be shown at: its builder, the builder's data, its text size.

    View models hold these; a page draws them at its column's width (``draw``).
    """

    builder: Callable[..., Figure]
    args: tuple
    kwargs: dict = field(default_factory=dict)
    text_px: int = TEXT_PX

    def draw(self, width_px: int = DEFAULT_WIDTH_PX) -> Figure:
        return self.builder(*self.args, **self.kwargs, width_px=width_px, text_px=self.text_px)


def _figure(width_px: int, height_px: float) -> Figure:
    """A blank figure of whole pixels (a PNG at any whole scale then has exactly ``scale`` times its size)."""
    figure = Figure(figsize=(width_px / _DPI, round(height_px) / _DPI), dpi=_DPI, layout="constrained", facecolor="white")
    figure.get_layout_engine().set(w_pad=4 / _DPI, h_pad=4 / _DPI)
    return figure


def _tooltip(artist, text: str) -> None:
    """Give a mark the text ``chart_svg`` shows when the pointer rests on it."""
    artist.set_gid(TIP_PREFIX + text)


@lru_cache(maxsize=8192)
def text_width(text: str, text_px: float) -> float:
    """The width in pixels of the text's widest line, laid out by matplotlib in the font it draws charts in
    (DejaVu Sans): exact for a PNG. The page writes the SVG's text in its own font, Source Sans, which is
    narrower, so what fits as measured here fits on the page too. Kept per text and size: a slide's table
    measures the same words thousands of times while it finds each column's line breaks."""
    font = FontProperties(size=text_px)
    return max((_TEXT_LAYOUT.get_text_width_height_descent(line, font, ismath=False)[0] for line in str(text).split("\n")),
               default=0.0)


def wrapped_to(text: str, width_px: float, text_px: float) -> str:
    """``text`` broken between words into lines no wider than ``width_px`` where a word allows."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", text_px) <= width_px:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return "\n".join(lines)


def _legend_columns(labels: list[str], width_px: int, text_px: int) -> int:
    """How many legend entries fit side by side across the width."""
    item = max(text_width(label, text_px) for label in labels) + 3.2 * text_px
    return int(max(1, min(len(labels), (width_px - 20) // item)))


def _legend_below(figure: Figure, handles: list, labels: list[str], width_px: int, text_px: int,
                  title: str | None = None) -> None:
    """A legend under the plot with as many columns as fit the width."""
    columns = _legend_columns(labels, width_px, text_px)
    figure.legend(handles, labels, loc="outside lower center", ncols=columns, frameon=False, fontsize=text_px,
                  title=title, title_fontsize=text_px, handlelength=2.2, columnspacing=1.2)


def _style(axes: Axes, text_px: int) -> None:
    axes.set_facecolor("white")
    axes.tick_params(labelsize=text_px, colors=INK, length=0, pad=6)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    axes.spines["bottom"].set_color("#b1b4b6")
    axes.xaxis.label.set_size(text_px)
    axes.yaxis.label.set_size(text_px)
    axes.set_axisbelow(True)


def _wrapped(labels, width_px: int, chars: int = 16) -> list[str]:
    """Labels as written beside a chart: on a narrow chart, long ones wrapped onto lines of ``chars``."""
    return [textwrap.fill(str(label), chars) if width_px < NARROW_PX else str(label) for label in labels]


def level_ticks(level_names: tuple[str, ...], spacing_px: float, text_px: int) -> tuple[list[int], list[str], str]:
    """Ticks at the whole levels 1-5 side by side ``spacing_px`` apart, and the axis title.

    Each tick is named ("3 Developing") where the names fit; number over name where only the name
    fits; otherwise the tick is the number and the title lists the names.
    """
    numbers = list(range(1, len(level_names) + 1))
    named = [f"{i} {name}" for i, name in zip(numbers, level_names)]
    if max(text_width(label, text_px) for label in named) <= spacing_px - 8:
        return numbers, named, "Score and level"
    if max(text_width(name, text_px) for name in level_names) <= spacing_px - 8:
        return numbers, [label.replace(" ", "\n", 1) for label in named], "Score and level"
    return numbers, [str(i) for i in numbers], "Score and level: " + ", ".join(named)


def _level_axis(axes: Axes, which: str, level_names: tuple[str, ...], spacing_px: float, text_px: int, width_px: int) -> None:
    ticks, labels, title = level_ticks(level_names, spacing_px, text_px)
    title = wrapped_to(title, width_px - 2 * text_px, text_px)
    limits = (SCORE_RANGE[0] - 0.1, SCORE_RANGE[1] + 0.1)
    if which == "x":
        axes.set_xlim(*limits)
        axes.set_xticks(ticks, labels)
        axes.grid(axis="x", color=GRID_COLOUR)
        axes.set_xlabel(title, color=INK)
    else:
        axes.set_ylim(*limits)
        axes.set_yticks(ticks, labels)
        axes.grid(axis="y", color=GRID_COLOUR)
        axes.set_ylabel(title, color=INK)


FITTED_MARGIN = 0.15  # score points above and below the data on a fitted axis
FITTED_SPAN = 0.6  # the least height of a fitted axis, in score points, so that small moves do not look large
BAND_SHADE = "#f3f2f1"  # every other level band's background on a fitted axis


def fitted_limits(values: np.ndarray) -> tuple[float, float]:
    """A score axis fitted to ``values``: their range with a margin, at least ``FITTED_SPAN`` high, within 1-5."""
    low, high = float(np.nanmin(values)), float(np.nanmax(values))
    centre, half = (low + high) / 2, max((high - low) / 2 + FITTED_MARGIN, FITTED_SPAN / 2)
    bottom, top = centre - half, centre + half
    if bottom < SCORE_RANGE[0]:
        bottom, top = SCORE_RANGE[0], top + SCORE_RANGE[0] - bottom
    if top > SCORE_RANGE[1]:
        bottom, top = max(SCORE_RANGE[0], bottom - (top - SCORE_RANGE[1])), SCORE_RANGE[1]
    return bottom, top


def _fitted_level_axis(axes: Axes, values: np.ndarray, level_names: tuple[str, ...], lowers: tuple[float, ...],
                       text_px: int) -> None:
    """A score axis fitted to the data, with the level bands it crosses shaded in turn, their edges drawn and
    their names on the right: lines close together are told apart, and each still reads against its level."""
    bottom, top = fitted_limits(values)
    axes.set_ylim(bottom, top)
    step = 0.1 if top - bottom <= 0.8 else 0.2 if top - bottom <= 1.6 else 0.5
    axes.yaxis.set_major_locator(MultipleLocator(step))
    axes.yaxis.set_major_formatter(lambda value, _: f"{value:.1f}")
    axes.grid(axis="y", color=GRID_COLOUR)
    axes.set_ylabel("Score", color=INK)
    names = axes.twinx()
    names.set_ylim(bottom, top)
    names.tick_params(labelsize=text_px, colors=INK, length=0, pad=6)
    for side in ("top", "right", "left", "bottom"):
        names.spines[side].set_visible(False)
    edges = [*lowers, SCORE_RANGE[1]]
    centres, shown = [], []
    for i, (low, high) in enumerate(zip(edges, edges[1:])):
        if high <= bottom or low >= top:
            continue
        if i % 2:
            axes.axhspan(low, high, color=BAND_SHADE, zorder=0, linewidth=0)
        if bottom < low < top:
            axes.axhline(low, color="#b1b4b6", linewidth=1, linestyle=(0, (4, 3)), zorder=0.5)
        centres.append((max(low, bottom) + min(high, top)) / 2)
        shown.append(level_names[i])
    names.set_yticks(centres, shown)  # the level names say what they are: no axis title to take a phone's width


def _rounded(values) -> list[float]:
    """Values as ``models.numbers`` writes them, so a tooltip and a mark match the table beside the chart."""
    return [np.nan if pd.isna(v) else round_half_up(v) for v in values]


def profile_against_group(table: pd.DataFrame, borough: str, group: str, level_names: tuple[str, ...],
                          london: pd.Series | None = None, *, width_px: int = DEFAULT_WIDTH_PX, text_px: int = TEXT_PX) -> Figure:
    """A dot plot per dimension: the group's range (bar), its median (diamond), the borough (circle)
    and, if given, the active set's median (triangle: "London median").

    Parameters
    ----------
    table : DataFrame, shape (n_dimensions, 5)
        Columns name, score, group_median, group_min, group_max.
    london : Series, optional
        The set's median per dimension, in the same order as ``table``.
    """
    figure = _figure(width_px, (9 + 3.1 * len(table)) * text_px)  # sizes follow the text, on screen and in print
    axes = figure.add_subplot()
    _style(axes, text_px)
    rows = list(range(len(table)))
    for y, row in zip(rows, table.itertuples()):
        axes.plot([row.group_min, row.group_max], [y, y], color=GROUP_COLOUR, alpha=0.35, linewidth=8, solid_capstyle="butt")
    marks = [("group_median", f"{group}: median", "D", GROUP_COLOUR, 11)]
    if london is not None:
        marks.append((london, f"{active_area_set().title} median", "^", INK, 11))
    marks.append(("score", borough, "o", HIGHLIGHT_COLOUR, 12))
    handles = [Line2D([], [], color=GROUP_COLOUR, alpha=0.35, linewidth=8, label=f"{group}: range")]
    for values, label, marker, colour, size in marks:
        values = table[values] if isinstance(values, str) else values
        for y, name, value in zip(rows, table["name"], _rounded(values)):
            if not np.isnan(value):
                point, = axes.plot([value], [y], marker=marker, markersize=size, color=colour, linestyle="",
                                   markeredgecolor="white", markeredgewidth=1)
                _tooltip(point, f"{name}: {label} {format_score(value)}")
        handles.append(Line2D([], [], marker=marker, markersize=size, color=colour, linestyle="", markeredgecolor="white",
                              label=label))
    names = _wrapped(table["name"], width_px)
    axes.set_yticks(rows, names)
    axes.set_ylim(len(table) - 0.5, -0.5)
    plot_px = width_px - max(text_width(name, text_px) for name in names) - 3 * text_px
    _level_axis(axes, "x", level_names, plot_px / (SCORE_RANGE[1] - SCORE_RANGE[0] + 0.2), text_px, width_px)
    _legend_below(figure, handles, [h.get_label() for h in handles], width_px, text_px)
    return figure


def score_heatmap(matrix: pd.DataFrame, *, width_px: int = DEFAULT_WIDTH_PX, text_px: int = TEXT_PX) -> Figure:
    """Boroughs x dimensions, each cell coloured by score and with the score written in it; the key
    below names the level each colour stands for."""
    rows, columns = len(matrix), len(matrix.columns)
    names = _wrapped(matrix.index, width_px, chars=12)
    cell_px = (width_px - max(text_width(name, text_px) for name in names) - 2 * text_px) / max(columns, 1)
    cell_text = min(text_px, int(cell_px / 2.6))  # "2.88" fits its cell
    header_px = max(text_width(c, text_px) for c in matrix.columns)
    turn = 0 if header_px <= cell_px - 8 else (40 if cell_px >= 3 * text_px else 90)
    header = 2 * text_px if not turn else header_px * (0.7 if turn == 40 else 1.05)
    lines = max(name.count("\n") + 1 for name in names)
    figure = _figure(width_px, 90 + header + max(2.4, 1.3 * lines + 0.6) * text_px * rows)
    axes = figure.add_subplot()
    _style(axes, text_px)
    axes.spines["bottom"].set_visible(False)
    values = np.array([_rounded(row) for row in matrix.to_numpy(dtype=float)], dtype=float)
    colours = LinearSegmentedColormap.from_list("levels", LEVEL_COLOURS)
    axes.pcolormesh(np.ma.masked_invalid(values), cmap=colours, vmin=SCORE_RANGE[0], vmax=SCORE_RANGE[1],
                    edgecolors="white", linewidth=1)
    for (i, j), value in np.ndenumerate(values):
        if not np.isnan(value):
            dark = sum(to_rgb(colours((value - SCORE_RANGE[0]) / (SCORE_RANGE[1] - SCORE_RANGE[0])))) < 1.5
            axes.text(j + 0.5, i + 0.5, format_score(value), ha="center", va="center", fontsize=cell_text,
                      color="white" if dark else INK)
    axes.set_xticks(np.arange(columns) + 0.5, list(matrix.columns), rotation=turn,
                    ha="left" if turn else "center", rotation_mode="anchor")
    axes.xaxis.tick_top()
    axes.set_yticks(np.arange(rows) + 0.5, names)
    axes.set_ylim(rows, 0)
    scale = [Line2D([], [], marker="s", markersize=text_px, linestyle="", color=colour, markeredgecolor="#b1b4b6")
             for colour in LEVEL_COLOURS]
    _legend_below(figure, scale, [f"{i}" for i in range(1, len(LEVEL_COLOURS) + 1)], width_px, text_px,
                  title="Score (cell colour): 1 lightest to 5 darkest")
    return figure


def cluster_scatter(points: pd.DataFrame, explained: tuple[float, float], *, width_px: int = DEFAULT_WIDTH_PX,
                    text_px: int = TEXT_PX) -> Figure:
    """The boroughs on the first two principal components, one marker shape and colour per cluster.

    Parameters
    ----------
    points : DataFrame
        Columns name, cluster (int), cluster_label, pc1, pc2.
    explained : (float, float)
        Share of variance on each component, for the axis titles.
    """
    figure = _figure(width_px, min(480, max(300, width_px * 0.6)) + 3 * text_px)
    axes = figure.add_subplot()
    _style(axes, text_px)
    axes.spines["left"].set_visible(True)
    axes.spines["left"].set_color("#b1b4b6")
    axes.grid(color=GRID_COLOUR)
    handles = []
    for number, rows in points.groupby("cluster"):
        i = (int(number) - 1) % len(CATEGORY_COLOURS)
        label = rows["cluster_label"].iloc[0]
        style = {"marker": MARKERS[i], "color": CATEGORY_COLOURS[i], "markersize": 11, "linestyle": "",
                 "markeredgecolor": INK, "markeredgewidth": 0.8}
        for row in rows.itertuples():
            point, = axes.plot([row.pc1], [row.pc2], **style)
            _tooltip(point, f"{row.name} ({label})")
        handles.append(Line2D([], [], label=label, **style))
    axes.set_xlabel(f"First principal component ({explained[0]:.0%} of variance)", color=INK)
    axes.set_ylabel(f"Second principal component ({explained[1]:.0%} of variance)", color=INK)
    _legend_below(figure, handles, [h.get_label() for h in handles], width_px, text_px, title="Cluster")
    return figure


def trend_lines(table: pd.DataFrame, names: dict[str, str], level_names: tuple[str, ...], title: str = "", *,
                band_lowers: tuple[float, ...] = (), width_px: int = DEFAULT_WIDTH_PX, text_px: int = TEXT_PX,
                height_em: float = 24) -> Figure:
    """One line per column over rounds (rows), with a distinct marker and dash per line; the overall
    index thick and black.

    Parameters
    ----------
    table : DataFrame, shape (n_rounds, n_series)
        Index round labels; columns dimension ids or 'overall'.
    band_lowers : tuple of float
        Each level's lowest score: when given, the score axis is fitted to the data with the level bands
        marked (medians crowd into a few tenths); otherwise it runs over every level, 1-5.
    height_em : float
        The chart's height in type sizes, its legend's rows apart (a printed page, short of room, asks for less).
    """
    figure = _figure(width_px, (height_em + 2 * (1 + len(table.columns) // max(1, width_px // (17 * text_px)))) * text_px)
    axes = figure.add_subplot()
    _style(axes, text_px)
    rounds = [str(label) for label in table.index]
    x = np.arange(len(rounds))
    handles = []
    for i, column in enumerate(table.columns):
        overall, name = column == "overall", names.get(column, column)
        values = _rounded(table[column])
        line, = axes.plot(x, values, color=INK if overall else CATEGORY_COLOURS[i % len(CATEGORY_COLOURS)],
                          linewidth=4 if overall else 2, linestyle="solid" if overall else _DASHES[i % len(_DASHES)],
                          marker=MARKERS[i % len(MARKERS)], markersize=8, label=name,
                          path_effects=None if overall else LINE_CASING)
        _tooltip(line, f"{name}: " + ", ".join(f"{r} {format_score(v)}" for r, v in zip(rounds, values) if not np.isnan(v)))
        handles.append(line)
    axes.set_xticks(x, rounds)
    axes.set_xlim(-0.5, max(len(rounds), 1) - 0.5)  # a store with no scored round still gets an axis
    axes.set_xlabel("Survey round", color=INK)
    plotted = table.to_numpy(dtype=float)
    if band_lowers and np.isfinite(plotted).any():
        _fitted_level_axis(axes, plotted, level_names, band_lowers, text_px)
    else:
        _level_axis(axes, "y", level_names, width_px, text_px, width_px)  # names beside a vertical axis never collide
    if title:
        axes.set_title(title, fontsize=text_px + 2, color=INK, loc="left")
    _legend_below(figure, handles, [h.get_label() for h in handles], width_px, text_px)
    return figure


SEGMENT_EDGE = "#3b3b3b"  # the line round each segment of the split bars, and round a count written beyond one
CHIP_PAD = 0.15  # of the type size: the coloured box round a count written beyond its bar


def describe_level_stack(shares: pd.DataFrame, target_level: str) -> str:
    """Text alternative of ``level_stack``: how many of the set's areas fall below the target on each dimension."""
    return (f"Bars split at {target_level}: {active_area_set().plural} at each level on each dimension, those below "
            f"{target_level} to the left of the line, the rest to the right, each count written in its segment or, where the "
            "segment is too narrow, just beyond the bar's end on the segment's colour, in the bar's order. "
            + "; ".join(f"{r.name}: {r.below_target} of {r.assessed} below {target_level}" for r in shares.itertuples()) + ".")


def level_stack(shares: pd.DataFrame, level_names: tuple[str, ...], target_level: str, *,
                width_px: int = DEFAULT_WIDTH_PX, text_px: int = TEXT_PX, row_em: float = 2.6) -> Figure:
    """Boroughs at each level per dimension, as bars split at ``target_level``: the levels below it
    stacked leftwards from a line, the target and above rightwards, counts written in. How far a
    bar reaches left is how many boroughs are below the target: the gap reads at a glance.

    Parameters
    ----------
    shares : DataFrame
        From ``models.gaps.level_shares``: name and one count column per level.
    target_level : str
        One of ``level_names``: where the bars are split.
    row_em : float
        Each dimension's row, in type sizes (a name on two lines adds 0.8): a slide's rows are closer, to fit it.
    """
    if target_level not in level_names:
        raise ValueError(f"target level {target_level!r} is not one of {level_names}")
    split = level_names.index(target_level)
    names = _wrapped(shares["name"], width_px)
    row_px = (row_em + (0.8 if any("\n" in name for name in names) else 0)) * text_px  # two lines need the room
    legend_rows = -(-len(level_names) // _legend_columns(list(level_names), width_px, text_px))
    figure = _figure(width_px, (5 + 1.8 * legend_rows) * text_px + row_px * len(shares))
    axes = figure.add_subplot()
    _style(axes, text_px)
    axes.grid(axis="x", color=GRID_COLOUR)
    rows = np.arange(len(shares))
    below = shares[list(level_names[:split])].sum(axis=1).to_numpy(dtype=float)
    above = shares[list(level_names[split:])].sum(axis=1).to_numpy(dtype=float)
    reach = max(below.max(initial=0), 1), max(above.max(initial=0), 1)
    plot_px = width_px - max(text_width(name, text_px) for name in names) - 3 * text_px
    px_per_borough = plot_px / sum(reach)
    handles = {}
    ends = {False: np.zeros(len(shares)), True: np.zeros(len(shares))}  # how far each side's stack has reached
    narrow: dict[bool, dict[int, list[tuple[int, int]]]] = {False: {}, True: {}}  # per side and row: (count, level)
    for i in [*range(split - 1, -1, -1), *range(split, len(level_names))]:  # outwards from the line on each side
        level, leftwards = level_names[i], i < split
        counts = shares[level].to_numpy(dtype=float)
        start = -(ends[True] + counts) if leftwards else ends[False].copy()
        bars = axes.barh(rows, counts, left=start, color=LEVEL_COLOURS[i], edgecolor=SEGMENT_EDGE, linewidth=0.5,
                         height=0.7, label=level)
        for bar, name, count in zip(bars, shares["name"], counts):
            if count:
                _tooltip(bar, f"{name}: {int(count)} at {level}")
        fits = [c and text_width(str(int(c)), text_px) + 4 <= c * px_per_borough for c in counts]
        axes.bar_label(bars, labels=[str(int(c)) if fit else "" for c, fit in zip(counts, fits)], label_type="center",
                       fontsize=text_px, color=_ink_on(LEVEL_COLOURS[i]))
        ends[leftwards] += counts
        for row, (count, fit) in enumerate(zip(counts, fits)):
            if count and not fit:
                narrow[leftwards].setdefault(row, []).append((int(count), i))
        handles[level] = bars
    # A segment too narrow for its count (one borough at Embedded or Leading is common) has it just beyond the bar's
    # end, on the segment's colour, the narrow segments of a bar in its order outwards; room is made for them.
    room = {True: 0.0, False: 0.0}
    gap = 3 / px_per_borough
    for leftwards, side in narrow.items():
        for row, chips in side.items():
            far = ends[leftwards][row] + gap  # where the next count's box starts
            for count, i in chips:
                chip = (text_width(str(count), text_px) + 2 * CHIP_PAD * text_px) / px_per_borough
                axes.text(-(far + chip / 2) if leftwards else far + chip / 2, row, str(count), ha="center",
                          va="center", fontsize=text_px, color=_ink_on(LEVEL_COLOURS[i]),
                          bbox={"boxstyle": f"square,pad={CHIP_PAD}", "facecolor": LEVEL_COLOURS[i],
                                "edgecolor": SEGMENT_EDGE, "linewidth": 0.5})
                far += chip + gap
            room[leftwards] = max(room[leftwards], far - ends[leftwards][row])
    axes.axvline(0, color=INK, linewidth=1.5)
    axes.set_xlim(-reach[0] - 0.5 - room[True], reach[1] + 0.5 + room[False])
    axes.xaxis.set_major_formatter(lambda value, _: f"{abs(value):g}")
    axes.set_yticks(rows, names)
    axes.set_ylim(len(shares) - 0.5, -0.5)
    axes.set_xlabel(_split_label(target_level, plot_px, text_px), color=INK)
    _legend_below(figure, [handles[level] for level in level_names], list(level_names), width_px, text_px)
    return figure


def _ink_on(colour: str) -> str:
    """White text on a dark fill, the chart's ink on a light one."""
    return "white" if sum(to_rgb(colour)) < 1.5 else INK


def _split_label(target_level: str, plot_px: float, text_px: int) -> str:
    """The split bars' axis title, centred under the plot: the longest wording that fits its width on one
    line, else two lines."""
    wordings = (f"← {active_area_set().heading_plural} below {target_level}  |  at {target_level} or above →",
                f"← below {target_level}  |  {target_level} or above →")
    return next((w for w in wordings if text_width(w, text_px) <= plot_px),
                f"← below {target_level}\n{target_level} or above →")


def chart_svg(figure: Figure, description: str, key: str) -> str:
    """The figure as SVG for a page: as wide as its container (the page chooses among the widths it drew), named
    by ``description`` for screen readers, its text in the page's font, each mark's tooltip as an SVG title, and
    its ids prefixed with ``key`` so several charts can share a page. One line: matplotlib's indentation is dropped
    from what is sent to the browser.

    Read from the structure matplotlib writes (its SVG parsed as XML): the gids set on marks (``_tooltip``), the
    ids it gives clip paths and markers and the references to them."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = ET.fromstring(buffer.getvalue())
    for parent in [svg, *svg.iter(f"{{{_SVG_NAMESPACE}}}defs")]:  # its metadata; its page-wide stroke defaults
        for unwanted in [*parent.findall(f"{{{_SVG_NAMESPACE}}}metadata"), *parent.findall(f"{{{_SVG_NAMESPACE}}}style")]:
            parent.remove(unwanted)
    referenced = {target for element in svg.iter() for target in _references(element)}
    for element in svg.iter():
        _in_page_form(element, referenced, key)
    for element in reversed(list(svg.iter())):  # innermost first, so a group left empty by its children goes too
        for child in [child for child in element if child.tag in ("g", "defs") and not len(child) and not child.attrib]:
            element.remove(child)  # what matplotlib writes for an invisible artist, and the removed style's defs
    for attribute in ("width", "height"):
        del svg.attrib[attribute]
    svg.attrib |= {"xmlns": _SVG_NAMESPACE, "width": "100%", "role": "img", "aria-label": description,
                   "style": "height: auto; display: block"}
    return ET.tostring(svg, encoding="unicode")


def _references(element: ET.Element) -> list[str]:
    """The ids an element points at: its link (``href``) and any ``url(#...)`` in its attributes."""
    found = []
    link = element.get(_XLINK_HREF) or element.get("href")
    if link and link.startswith("#"):
        found.append(link[1:])
    for value in element.attrib.values():
        for part in value.split("url(#")[1:]:
            found.append(part.split(")", 1)[0])
    return found


def _in_page_form(element: ET.Element, referenced: set[str], key: str) -> None:
    """One element of a chart's SVG made ready for a page (``chart_svg``): a tooltip's gid becomes the group's
    title; an id something points at is prefixed with ``key`` (and so are the references to it), others go;
    the link is SVG 2's plain ``href``; text is in the page's font; matplotlib's line breaks and indentation go.
    Its tag loses the SVG namespace, declared once on the ``<svg>`` (ElementTree writes unprefixed SVG no other way)."""
    element.tag = element.tag.removeprefix(f"{{{_SVG_NAMESPACE}}}")
    own_id = element.attrib.pop("id", None)
    if own_id is not None and own_id.startswith(TIP_PREFIX):
        title = ET.Element("title")
        title.text = own_id.removeprefix(TIP_PREFIX)
        element.insert(0, title)
    elif own_id in referenced:
        element.set("id", f"{key}-{own_id}")
    if _XLINK_HREF in element.attrib:
        element.set("href", element.attrib.pop(_XLINK_HREF))
    for target in _references(element):
        if element.get("href") == f"#{target}":
            element.set("href", f"#{key}-{target}")
        for attribute, value in element.attrib.items():
            element.set(attribute, value.replace(f"url(#{target})", f"url(#{key}-{target})"))
    if "style" in element.attrib:
        declarations = [d.split(":", 1) for d in element.get("style").split(";") if d.strip()]
        element.set("style", "; ".join(f"{name.strip()}: {SCREEN_FONT if name.strip() == 'font-family' else value.strip()}"
                                       for name, value in declarations))
    for attribute, value in element.attrib.items():  # the parser has made each line break a space
        element.set(attribute, " ".join(value.split()))
    if element.text is not None and not element.text.strip():
        element.text = None
    element.tail = None


def chart_png(figure: Figure, scale: float = 2.0) -> bytes:
    """The figure as a PNG, ``scale`` pixels for each of its CSS pixels (crisp on slides and paper)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=_DPI * scale, facecolor="white")
    return buffer.getvalue()
