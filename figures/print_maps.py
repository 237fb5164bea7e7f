"""Print maps of the boroughs (PDF report, slide pack), drawn with geopandas and matplotlib from the
same ``MapSpec`` as the page's interactive map.

Each category is filled with its colour and a hatch pattern, so a greyscale print still reads; the
legend sits outside the map; boroughs where a pilot already runs are outlined heavily. Labels are
written at the size asked for and never over each other: a borough whose label and mark (the
category's short text) fit inside it carries them; any other carries a number, inside it where there
is room, else beside it with a line to it, and the number is explained in the key beside the map
(``PrintMap.keyed``). An arrow runs from each nearly-ready borough to the ready partner suggested for it
only when they are few (``MapSpec.drawn_links``) and no arrow crosses a label; otherwise none is drawn
and the document lists the pairs (``PrintMap.links_left_out``). A PDF keeps the map as vectors with real
text (every borough's name is in the key beside the map); a PNG is drawn at ``PNG_DPI``.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")  # no display: files only

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import shapely  # noqa: E402
from matplotlib import patheffects  # noqa: E402
from matplotlib.collections import PatchCollection  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import FancyArrowPatch, Patch, PathPatch  # noqa: E402
from matplotlib.path import Path  # noqa: E402

from figures.map_spec import MapSpec  # noqa: E402
from figures.palette import BOUNDARY_COLOUR, LABEL_COLOUR, LINK_COLOUR, PILOT_OUTLINE  # noqa: E402
from survey import boundaries  # noqa: E402

PNG_DPI = 220
LABEL_POINTS = 7  # the size of the labels written on the boroughs: the smallest a printed page may use
KEY_POINTS = 8
LEGEND_POINTS = KEY_POINTS + 1
NOTE_LINE_INCHES = (KEY_POINTS - 1) * 1.2 / 72  # a line of the small print under a map page
LABEL_GAP = 0.08  # of the type size: the clear space kept around every label
INSIDE_SHARE = 0.65  # of a label's box that must lie in its borough (its halo keeps a border it crosses legible)
# A key of more names than this is a table, not a key: where more boroughs than this are too small for their labels,
# none is numbered (their colour and hatch still show their category; the document names them in its tables).
MAX_NUMBERED = 40
KEY_LINE_SPACING = 1.2
matplotlib.rcParams.update({"pdf.fonttype": 42, "font.family": "DejaVu Sans", "hatch.linewidth": 0.6})


@dataclass(frozen=True)
class PrintMap:
    """A drawn print map and what a document must say beside it.

    ``keyed`` holds (number, ons_code) for each borough marked on the map by a number, in number order;
    ``links_left_out`` the partner pairs of the specification not drawn because a line would cross a label or they are too many;
    ``unmarked`` the boroughs with neither label nor number (too many too small: ``MAX_NUMBERED``), in name order;
    ``key_left_out`` whether a key of every borough was asked for and did not fit beside the map.
    """

    figure: plt.Figure
    keyed: tuple[tuple[int, str], ...]
    links_left_out: tuple[tuple[str, str], ...]
    unmarked: tuple[str, ...] = ()
    key_left_out: bool = False


def print_map(spec: MapSpec, *, width: float = 10.0, height: float = 6.0, with_key: bool = False, title: str = "",
              notes: tuple[str, ...] = (), footer: tuple[str, str] = ("", ""), label_points_size: float = LABEL_POINTS,
              legend_points: float = LEGEND_POINTS, map_share: float = 0.58, with_marks: bool = True) -> PrintMap:
    """The map (left) and its legend outside it (right).

    Parameters
    ----------
    width, height : float
        Inches.
    with_key : bool
        Add every borough's label or number, name and category beside the map, under the legend (a page's text then
        names them all), where they fit there.
    title, notes : str, tuple of str
        A heading above the map and lines of small print below it (for a page of its own).
    footer : (str, str)
        Small print at the page's foot, left and right (as a report's other pages have).
    label_points_size, legend_points : float
        The type size of the labels on the map and of the legend, in points at the figure's size.
    map_share : float
        The share of the width the map takes; the legend (and key) take the rest.
    with_marks : bool
        Write each category's mark under a borough's label (else its colour and hatch say it: for large type,
        where two lines fit in few boroughs).
    """
    areas = boundaries.load_boundaries().join(spec.table.set_index("ons_code")[[spec.category]])
    figure = plt.figure(figsize=(width, height))
    top = 0.88 if title else 1.0
    note_chars = int(0.94 * width * 72 / (0.6 * (KEY_POINTS - 1)))  # a line of small print across the page
    note_lines = [line for note in notes for line in textwrap.wrap(note, note_chars)]
    bottom = 0.04 + NOTE_LINE_INCHES * len(note_lines) / height + (0.015 if note_lines else 0)
    map_axes = figure.add_axes((0.03, bottom, map_share, top - bottom))
    if title:
        figure.text(0.03, 0.95, title, fontsize=16, fontweight="bold", va="top")
    if note_lines:
        figure.text(0.03, 0.04, "\n".join(note_lines), fontsize=KEY_POINTS - 1, va="bottom", linespacing=1.2)
    figure.text(0.03, 0.015, footer[0], fontsize=KEY_POINTS - 1, va="bottom")
    figure.text(0.97, 0.015, footer[1], fontsize=KEY_POINTS - 1, va="bottom", ha="right")
    map_axes.set_axis_off()
    hatches = spec.hatches
    for category in spec.order:
        members = areas[areas[spec.category] == category]
        if len(members):
            map_axes.add_collection(PatchCollection(
                [PathPatch(_outline(area)) for area in members.geometry], facecolor=spec.colours[category],
                edgecolor=BOUNDARY_COLOUR, linewidth=0.5, hatch=hatches[category]))
    outlined = areas.loc[list(spec.outlined)]
    if len(outlined):
        map_axes.add_collection(PatchCollection([PathPatch(_outline(area)) for area in outlined.geometry],
                                                facecolor="none", edgecolor=PILOT_OUTLINE, linewidth=2.4))
    map_axes.autoscale_view()
    map_axes.set_aspect("equal")
    map_axes.apply_aspect()  # the scale is fixed from here on: labels can be measured in metres
    marker, boxes, keyed, unmarked = _labels(map_axes, areas, spec.marked(), label_points_size, with_marks)
    drawn = _links(map_axes, spec.drawn_links, boxes) if spec.drawn_links else False
    fit = _legend_wrap(width * (1 - map_share - 0.05), legend_points)
    handles = [Patch(facecolor=e.colour, edgecolor=BOUNDARY_COLOUR, hatch=e.hatch, label=fit(e.text)) for e in spec.legend()]
    if len(outlined):
        handles.append(Patch(facecolor="white", edgecolor=PILOT_OUTLINE, linewidth=2.4, label=fit(spec.outline_label)))
    if drawn:
        handles.append(Line2D([], [], color=LINK_COLOUR, linewidth=1.4, label=fit(spec.link_label)))
    legend = figure.legend(handles=handles, title=fit(spec.title), loc="upper left",
                           bbox_to_anchor=(map_share + 0.05, top - 0.02), frameon=False, fontsize=legend_points,
                           title_fontsize=legend_points, alignment="left", handlelength=2.2, handleheight=1.4)
    room = legend.get_window_extent(figure.canvas.get_renderer()).y0 / figure.dpi - bottom * height  # inches under it
    key_fits = len(areas) * KEY_POINTS * KEY_LINE_SPACING / 72 <= room
    if with_key and key_fits:
        lines = [f"{marker.get(code, ''):>3}  {row['name']}: {row[spec.category]}"
                 for code, row in areas.sort_values("name").iterrows()]
        figure.text(map_share + 0.05, bottom, "\n".join(lines), fontsize=KEY_POINTS, va="bottom",
                    linespacing=KEY_LINE_SPACING, family="DejaVu Sans Mono")
    return PrintMap(figure, keyed, () if drawn else spec.links, unmarked, with_key and not key_fits)


def _outline(area: shapely.Geometry) -> Path:
    """An area's (multi)polygon as one matplotlib path of closed rings, each hole wound against its exterior so
    that it stays a hole (an area enclosing another, as one of England's does, leaves it uncovered).

    Drawn as collections rather than with ``GeoDataFrame.plot``, which renders the whole figure after
    each call: a map of six categories was drawn six times before it was saved.
    """
    area = shapely.orient_polygons(area)
    polygons = area.geoms if isinstance(area, shapely.MultiPolygon) else [area]
    return Path.make_compound_path(*(Path(np.asarray(ring.coords)[:, :2], closed=True)
                                     for polygon in polygons for ring in (polygon.exterior, *polygon.interiors)))


def _labels(axes, areas, marks, points: float, with_marks: bool):
    """Write each borough's label and mark where they fit inside it, else a number (unless more than
    ``MAX_NUMBERED`` would need one); return what marks each borough, the placed boxes (shapely, metres), the
    numbered boroughs and those left unmarked."""
    renderer = axes.figure.canvas.get_renderer()
    metres_per_pixel = (axes.get_xlim()[1] - axes.get_xlim()[0]) / axes.get_window_extent().width
    gap = LABEL_GAP * points * axes.figure.dpi / 72 * metres_per_pixel
    places = _anchors()
    halo = [patheffects.withStroke(linewidth=max(2.2, points * 0.3), foreground="white")]
    style = {"ha": "center", "va": "center", "fontsize": points, "fontweight": "bold", "linespacing": 0.95,
             "color": LABEL_COLOUR}

    def write(x: float, y: float, text: str, zorder: float = 3) -> None:
        """A white halo (drawn as a path), then the label over it as text a PDF keeps as text."""
        axes.text(x, y, text, zorder=zorder, **{**style, "color": "white"}, path_effects=halo)
        axes.text(x, y, text, zorder=zorder, **style)

    def size(text: str) -> tuple[float, float]:
        probe = axes.text(0, 0, text, **style)
        extent = probe.get_window_extent(renderer)
        probe.remove()
        return extent.width * metres_per_pixel + 2 * gap, extent.height * metres_per_pixel + 2 * gap

    placed: list = []
    marker: dict[str, str] = {}
    order = areas.geometry.area.sort_values(ascending=False).index  # the largest first: they surely fit
    for code in order:
        text = f"{areas.at[code, 'label']}\n{marks[code]}" if with_marks else areas.at[code, "label"]
        spot = _spot(areas.at[code, "geometry"], places[code], size(text), placed, inside=True)
        if spot is not None:
            write(*spot.centroid.coords[0], text)
            placed.append(spot)
            marker[code] = areas.at[code, "label"]
    numbered = sorted((c for c in areas.index if c not in marker), key=lambda c: areas.at[c, "name"])
    if len(numbered) > MAX_NUMBERED:
        return marker, placed, (), tuple(numbered)
    keyed = tuple((number, code) for number, code in enumerate(numbered, start=1))
    frame = shapely.box(axes.get_xlim()[0], axes.get_ylim()[0], axes.get_xlim()[1], axes.get_ylim()[1])
    for number, code in keyed:
        shape, anchor = areas.at[code, "geometry"], places[code]
        box = size(str(number))
        spot = _spot(shape, anchor, box, placed, inside=False) or _beside(anchor, box, placed, frame)
        x, y = spot.centroid.coords[0]
        if not shape.contains(shapely.Point(x, y)):  # beside the borough: a line to it
            axes.plot([anchor[0], x], [anchor[1], y], color=LABEL_COLOUR, linewidth=0.8, zorder=4)
            axes.plot(*anchor, marker="o", markersize=max(2.0, points / 6), color=LABEL_COLOUR, zorder=4)
        write(x, y, str(number), zorder=5)
        placed.append(spot)
        marker[code] = str(number)
    return marker, placed, keyed, ()


def _anchors() -> dict[str, tuple[float, float]]:
    """Each area's label point (``boundaries.label_points``, metres) by ONS code: looked up hundreds of times a map."""
    places = boundaries.label_points()
    return dict(zip(places.index, zip(places["x"].tolist(), places["y"].tolist())))


def _spot(shape, anchor: tuple[float, float], box: tuple[float, float], placed: list, *, inside: bool):
    """The free box nearest ``anchor`` lying (``inside``) or centred in ``shape``, or None."""
    width, height = box
    left, bottom, right, top = shape.bounds
    xs, ys = np.meshgrid(np.arange(left, right, height / 3), np.arange(bottom, top, height / 3))
    centres = np.column_stack([xs.ravel(), ys.ravel()])
    centres = centres[np.argsort(np.hypot(centres[:, 0] - anchor[0], centres[:, 1] - anchor[1]))]
    centres = np.vstack([np.array(anchor), centres])
    centres = centres[_clear(centres, box, placed)]
    for start in range(0, len(centres), 64):  # the nearest first: most labels fit in the first few
        chunk = centres[start:start + 64]
        candidates = shapely.box(chunk[:, 0] - width / 2, chunk[:, 1] - height / 2, chunk[:, 0] + width / 2,
                                 chunk[:, 1] + height / 2)
        if inside:
            fits = shapely.area(shapely.intersection(shape, candidates)) >= INSIDE_SHARE * width * height
        else:
            fits = shapely.contains(shape, shapely.points(chunk))
        if fits.any():
            return candidates[int(np.argmax(fits))]
    return None


def _beside(anchor: tuple[float, float], box: tuple[float, float], placed: list, frame):
    """A free box on rings ever further from ``anchor`` (within the map's frame), for a borough too small to
    hold its number."""
    width, height = box
    centres = np.array([(anchor[0] + ring * height * np.cos(angle), anchor[1] + ring * height * np.sin(angle))
                        for ring in range(1, 40) for angle in np.linspace(0, 2 * np.pi, 8 + 4 * ring, endpoint=False)])
    left, bottom, right, top = frame.bounds
    framed = ((centres[:, 0] - width / 2 >= left) & (centres[:, 0] + width / 2 <= right)
              & (centres[:, 1] - height / 2 >= bottom) & (centres[:, 1] + height / 2 <= top))
    free = np.flatnonzero(framed & _clear(centres, box, placed))
    if not len(free):
        raise ValueError("no room beside the map's boroughs for a numbered label")
    x, y = centres[free[0]]
    return shapely.box(x - width / 2, y - height / 2, x + width / 2, y + height / 2)


def _clear(centres: np.ndarray, box: tuple[float, float], placed: list) -> np.ndarray:
    """Which boxes ``box`` wide and high centred on ``centres`` touch none of the ``placed`` boxes (as shapely's
    ``intersects`` has it, edges included): compared by their bounds, all boxes being upright rectangles."""
    if not placed:
        return np.ones(len(centres), dtype=bool)
    taken = shapely.bounds(np.array(placed))
    low, high = centres - np.array(box) / 2, centres + np.array(box) / 2
    touching = ((low[:, None, 0] <= taken[None, :, 2]) & (high[:, None, 0] >= taken[None, :, 0])
                & (low[:, None, 1] <= taken[None, :, 3]) & (high[:, None, 1] >= taken[None, :, 1]))
    return ~touching.any(axis=1)


def _links(axes, links: tuple[tuple[str, str], ...], boxes: list) -> bool:
    """Draw every partner line if none crosses a label other than its own two ends; else draw none."""
    places = _anchors()
    lines = []
    for start, end in links:
        a, b = places[start], places[end]
        path = shapely.LineString([a, b])
        others = [box for box in boxes if not box.contains(shapely.Point(a)) and not box.contains(shapely.Point(b))]
        if any(path.intersects(box) for box in others):
            return False
        lines.append((a, b))
    for a, b in lines:
        axes.add_patch(FancyArrowPatch(a, b, arrowstyle="-|>", mutation_scale=9, color=LINK_COLOUR, linewidth=1.4,
                                       zorder=3))
    return True


def _legend_wrap(room_inches: float, points: float):
    """A legend entry's text wrapped to the room beside the map (less its swatch and a margin), so a long
    one ("Nearly ready → ready partner") is not cut off at the picture's edge. Letters are taken as
    0.58 of the type size wide, generously for DejaVu Sans."""
    swatch_inches = 3.2 * points / 72  # the handle (2.2 type sizes) and the gap after it
    chars = max(8, int((room_inches - swatch_inches - 0.15) / (0.58 * points / 72)))
    return lambda text: textwrap.fill(text, chars)


def map_png(spec: MapSpec, *, width: float = 10.0, height: float = 6.0, label_points_size: float = LABEL_POINTS,
            legend_points: float = LEGEND_POINTS, map_share: float = 0.58, with_marks: bool = True) -> tuple[bytes, PrintMap]:
    """The print map as a PNG at ``PNG_DPI`` (for a slide: draw it at the size it is shown), and what was drawn."""
    drawn = print_map(spec, width=width, height=height, label_points_size=label_points_size, legend_points=legend_points,
                      map_share=map_share, with_marks=with_marks)
    return _saved(drawn.figure, "png"), drawn


def map_page_pdf(spec: MapSpec, *, title: str, notes: tuple[str, ...], footer: tuple[str, str] = ("", ""),
                 width: float = 11.69, height: float = 8.27) -> bytes:
    """A page (A4 landscape by default) holding the map, its legend, every borough's name in a key, a title,
    small print and a footer, as vectors with extractable text."""
    return _saved(print_map(spec, width=width, height=height, with_key=True, title=title, notes=notes, footer=footer).figure,
                  "pdf")


def _saved(figure: plt.Figure, kind: str) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format=kind, dpi=PNG_DPI, facecolor="white")
    plt.close(figure)
    return buffer.getvalue()
