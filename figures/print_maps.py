"""Print maps of the boroughs (PDF report, slide pack), drawn with geopandas and matplotlib from the
same ``MapSpec`` as the page's interactive map.

Each category is filled with its colour and a hatch pattern, so a greyscale print still reads;
each borough carries its label and its mark (the category's short text); the legend sits
outside the map; boroughs where a pilot already runs are outlined heavily, and an arrow runs from
each nearly-ready borough to the ready partner suggested for it. A PDF keeps the map
as vectors with real text (every borough's name is in the key beside the map); a PNG is drawn at
``PNG_DPI``.
"""

from __future__ import annotations

import io
import textwrap

import matplotlib

matplotlib.use("Agg")  # no display: files only

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import patheffects  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import FancyArrowPatch, Patch  # noqa: E402

from figures.map_spec import MapSpec  # noqa: E402
from figures.palette import BOUNDARY_COLOUR, LABEL_COLOUR, LINK_COLOUR, PILOT_OUTLINE  # noqa: E402
from survey.boundaries import label_points, load_boundaries  # noqa: E402

PNG_DPI = 220
LABEL_POINTS = 7  # the size of the labels written on the boroughs
KEY_POINTS = 8
LEGEND_POINTS = KEY_POINTS + 1
matplotlib.rcParams.update({"pdf.fonttype": 42, "font.family": "DejaVu Sans", "hatch.linewidth": 0.6})


def print_map(spec: MapSpec, *, width: float = 10.0, height: float = 6.0, with_key: bool = False, title: str = "",
              notes: tuple[str, ...] = (), footer: tuple[str, str] = ("", ""), label_points_size: float = LABEL_POINTS,
              map_share: float = 0.58) -> plt.Figure:
    """The map (left) and its legend outside it (right).

    Parameters
    ----------
    width, height : float
        Inches.
    with_key : bool
        Add every borough's label, name and category beside the map (a page's text then names them all).
    title, notes : str, tuple of str
        A heading above the map and lines of small print below it (for a page of its own).
    footer : (str, str)
        Small print at the page's foot, left and right (as a report's other pages have).
    map_share : float
        The share of the width the map takes; the legend (and key) take the rest.
    """
    areas = load_boundaries().join(spec.table.set_index("ons_code")[[spec.category]])
    figure = plt.figure(figsize=(width, height))
    top = 0.88 if title else 1.0
    bottom = 0.04 + 0.035 * len(notes)
    map_axes = figure.add_axes((0.03, bottom, map_share, top - bottom))
    if title:
        figure.text(0.03, 0.95, title, fontsize=16, fontweight="bold", va="top")
    if notes:
        figure.text(0.03, 0.04, "\n".join(notes), fontsize=KEY_POINTS - 1, va="bottom", wrap=True)
    figure.text(0.03, 0.015, footer[0], fontsize=KEY_POINTS - 1, va="bottom")
    figure.text(0.97, 0.015, footer[1], fontsize=KEY_POINTS - 1, va="bottom", ha="right")
    map_axes.set_axis_off()
    hatches = spec.hatches
    for category in spec.order:
        members = areas[areas[spec.category] == category]
        if len(members):
            members.plot(ax=map_axes, facecolor=spec.colours[category], edgecolor=BOUNDARY_COLOUR, linewidth=0.5,
                         hatch=hatches[category])
    outlined = areas.loc[list(spec.outlined)]
    if len(outlined):
        outlined.boundary.plot(ax=map_axes, color=PILOT_OUTLINE, linewidth=2.4)
    marks = spec.marked()
    places = label_points()
    for start, end in spec.links:  # a nearly-ready borough to its suggested partner, curved as on the page
        map_axes.add_patch(FancyArrowPatch(tuple(places.loc[start, ["x", "y"]]), tuple(places.loc[end, ["x", "y"]]),
                                           connectionstyle="arc3,rad=0.25", arrowstyle="-|>", mutation_scale=9,
                                           color=LINK_COLOUR, linewidth=1.4, zorder=3))
    halo = [patheffects.withStroke(linewidth=2.2, foreground="white")]
    for code, row in areas.iterrows():
        point = places.loc[code]
        map_axes.text(point.x, point.y, f"{row['label']}\n{marks[code]}", ha="center", va="center", fontsize=label_points_size,
                      fontweight="bold", linespacing=0.95, path_effects=halo, color=LABEL_COLOUR)
    map_axes.set_aspect("equal")
    fit = _legend_wrap(width * (1 - map_share - 0.05))
    handles = [Patch(facecolor=e.colour, edgecolor=BOUNDARY_COLOUR, hatch=e.hatch, label=fit(e.text)) for e in spec.legend()]
    if len(outlined):
        handles.append(Patch(facecolor="white", edgecolor=PILOT_OUTLINE, linewidth=2.4, label=fit(spec.outline_label)))
    if spec.links:
        handles.append(Line2D([], [], color=LINK_COLOUR, linewidth=1.4, label=fit(spec.link_label)))
    figure.legend(handles=handles, title=spec.title, loc="upper left", bbox_to_anchor=(map_share + 0.05, top - 0.02),
                  frameon=False, fontsize=LEGEND_POINTS, title_fontsize=LEGEND_POINTS + 1, alignment="left", handlelength=2.2,
                  handleheight=1.4)
    if with_key:
        lines = [f"{row['label']}  {row['name']}: {row[spec.category]}" for _, row in areas.sort_values("label").iterrows()]
        figure.text(map_share + 0.05, bottom, "\n".join(lines), fontsize=KEY_POINTS - 1.5, va="bottom", linespacing=1.25)
    return figure


def _legend_wrap(room_inches: float):
    """A legend entry's text wrapped to the room beside the map (less its swatch and a margin), so a long
    one ("Nearly ready → ready partner") is not cut off at the picture's edge. Letters are taken as
    0.6 of the type size wide, generously for DejaVu Sans."""
    swatch_inches = 3.2 * LEGEND_POINTS / 72  # the handle (2.2 type sizes) and the gap after it
    chars = max(8, int((room_inches - swatch_inches - 0.15) / (0.6 * LEGEND_POINTS / 72)))
    return lambda text: textwrap.fill(text, chars)


def map_png(spec: MapSpec, *, width: float = 10.0, height: float = 6.0, label_points_size: float = LABEL_POINTS,
            map_share: float = 0.58) -> bytes:
    """The print map as a PNG at ``PNG_DPI`` (for a slide: draw it at the size it is shown)."""
    return _saved(print_map(spec, width=width, height=height, label_points_size=label_points_size, map_share=map_share),
                  "png")


def map_page_pdf(spec: MapSpec, *, title: str, notes: tuple[str, ...], footer: tuple[str, str] = ("", ""),
                 width: float = 11.69, height: float = 8.27) -> bytes:
    """A page (A4 landscape by default) holding the map, its legend, every borough's name in a key, a title,
    small print and a footer, as vectors with extractable text."""
    return _saved(print_map(spec, width=width, height=height, with_key=True, title=title, notes=notes, footer=footer),
                  "pdf")


def _saved(figure: plt.Figure, kind: str) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format=kind, dpi=PNG_DPI, facecolor="white")
    plt.close(figure)
    return buffer.getvalue()
