"""The pages' maps of the boroughs as SVG, drawn on the server in the frame fitted to the column.

A ``MapSpec`` drawn in a ``MapFrame`` (``figures.maps``): Web Mercator at the frame's view, each
borough filled with its category's colour, boundaries, heavy outlines, partner lines and each
borough's label over its mark, with the legend as HTML above it. The browser draws it with the
page's text: no map library to fetch and no WebGL canvas to start (docs/performance.md).

A *still* map is a picture (``role="img"``), each borough titled with its name and tooltip lines. A
*clickable* map is a group of links, one a borough: each focusable, named for screen readers by its
name and values, carrying its ONS code, its tooltip lines and where its label goes for the page's map
component (``ui/map_component.js``), which shows the tooltip, moves the focus to the nearest area in the
direction of an arrow key, zooms, writes the labels that fit only when zoomed in, and sends a clicked
borough back.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from html import escape

from figures.map_spec import MapSpec
from figures.maps import MapFrame, area_geometries, world_x, world_y
from figures.palette import BOUNDARY_COLOUR, FOCUS_COLOUR, LABEL_COLOUR, LINK_COLOUR, PILOT_OUTLINE
from survey import boundaries

LABEL_HALO_PX = 3  # the white outline that keeps a label readable on any fill
LINK_BEND = 0.25  # how far a partner line bows from the straight, as a share of its length
OWN_DASH = "7 4"  # the reader's own borough: a dashed outline on a white one, unlike the pilots' solid outline
TARGET_RADIUS_PX = 14  # an area smaller than a finger gets a round target of its own, at least 28 px across

Projector = Callable[[float, float], tuple[float, float]]


def projector(frame: MapFrame) -> Projector:
    """(longitude, latitude) → (x, y) in pixels from the top left of ``frame``: Web Mercator at
    the frame's view, ``TILE_PX * 2 ** zoom`` pixels to the world."""
    return _projector(frame.view)


def _projector(view: tuple[int, int, float, float, float]) -> Projector:
    width, height, longitude, latitude, zoom = view
    scale = 2 ** zoom
    centre_x, centre_y = world_x(longitude), world_y(latitude)

    def project(longitude: float, latitude: float) -> tuple[float, float]:
        return (width / 2 + (world_x(longitude) - centre_x) * scale, height / 2 + (world_y(latitude) - centre_y) * scale)

    return project


@lru_cache(maxsize=16)
def drawn_areas(view: tuple[int, int, float, float, float]) -> dict[str, tuple[str, float]]:
    """Each area's path (``path_data``) in a map of ``view`` (``MapFrame.view``), and how far it reaches on screen,
    across or down, whichever is more (pixels): the same in every map of that view, so worked out once (England's 296
    areas' paths at three widths take about 0.1 s)."""
    project = _projector(view)
    return {code: (path_data(geometry, project), _across(geometry, project)) for code, geometry in area_geometries().items()}


def path_data(geometry: dict, project: Projector) -> str:
    """An SVG path's ``d`` for a GeoJSON Polygon or MultiPolygon, to a tenth of a pixel; every ring closed, a point
    that rounds to where the one before it is left out (a small area drawn narrow holds many)."""
    return "".join("M" + "L".join(_distinct(f"{x:.1f} {y:.1f}" for x, y in ring)) + "Z" for ring in _rings(geometry, project))


def _rings(geometry: dict, project: Projector) -> list[list[tuple[float, float]]]:
    """Every ring of a GeoJSON Polygon or MultiPolygon, projected to pixels."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [[project(longitude, latitude) for longitude, latitude in ring] for polygon in polygons for ring in polygon]


def _distinct(points) -> list[str]:
    """``points`` without a repeat of the one just before it."""
    kept: list[str] = []
    for point in points:
        if not kept or point != kept[-1]:
            kept.append(point)
    return kept


def link_path(start: tuple[float, float], end: tuple[float, float]) -> str:
    """A partner line's ``d``: a quadratic curve bowing to the right of the way from ``start`` to ``end``,
    as the print map's arrows do (matplotlib's ``arc3``)."""
    (x1, y1), (x2, y2) = start, end
    bend_x, bend_y = (x1 + x2) / 2 - (y2 - y1) * LINK_BEND, (y1 + y2) / 2 + (x2 - x1) * LINK_BEND
    return f"M{x1:.1f} {y1:.1f}Q{bend_x:.1f} {bend_y:.1f} {x2:.1f} {y2:.1f}"


def map_svg(spec: MapSpec, frame: MapFrame, *, clickable: bool = False, own: str | None = None) -> str:
    """``spec`` drawn in ``frame`` as one line of SVG (no indentation to send to the browser):
    as wide as its container (the page chooses among the widths it drew, ``ui.components``), named for
    screen readers by the spec's description, the reader's ``own`` borough (an ONS code) outlined with a dash.

    Returns
    -------
    str
        ``<svg class="still-map" role="img" ...>``: a filled path per area (its title its name and
        tooltip lines), heavy outlines, partner lines, and each area's label over its mark where it fits the
        whole map. When ``clickable``, ``<svg class="borough-map" role="group" ...>`` whose areas are links
        (``data-code`` their ONS code, ``data-tip`` their tooltip lines, ``aria-label`` both, ``data-at`` where
        their label goes; the first in the Tab order, the others reached by the arrow keys), with an empty
        highlight drawn over them for the component to trace the area pointed at, over an area too small to touch
        (the City of London on a phone) a round target (``data-target`` its code) that stands for it, the labels
        that fit only when zoomed in listed on their group (``data-more``: x, y, the zoom from which each fits,
        label, mark) and the most the map zooms in (``data-max-zoom``).
    """
    project = projector(frame)
    rows = spec.table.set_index("ons_code").to_dict("index")  # plain dictionaries: 296 areas' look-ups in pandas take 0.3 s
    marks = spec.marked().to_dict()
    shapes = drawn_areas(frame.view)
    label_at = frame.labels.to_dict("index")
    places = {code: project(label_at[code]["lon"], label_at[code]["lat"]) for code in rows}
    areas = []
    for code, (outline, _) in shapes.items():
        row = rows[code]
        lines = [str(row["name"]), *(f"{column}: {row[column]}" for column in spec.hover_lines)]
        drawn = f'd="{outline}" fill="{spec.colours[row[spec.category]]}"'
        if clickable:  # one stop for the Tab key, the first borough; the arrow keys move on (ui/map_component.js)
            x, y = places[code]
            areas.append(f'<path {drawn} data-code="{code}" role="link" tabindex="{-1 if areas else 0}" '
                         f'aria-label="{escape(". ".join(lines))}" data-tip="{"&#10;".join(map(escape, lines))}" '
                         f'data-at="{x:.1f} {y:.1f}"/>')
        else:  # a line each, kept on the SVG's one line
            areas.append(f'<path {drawn}><title>{"&#10;".join(map(escape, lines))}</title></path>')
    outlines = "".join(f'<path d="{shapes[code][0]}"/>' for code in spec.outlined)
    own_outline = (f'<g fill="none" pointer-events="none" stroke-linejoin="round">'
                   f'<path d="{shapes[own][0]}" stroke="white" stroke-width="6"/>'
                   f'<path d="{shapes[own][0]}" stroke="{LABEL_COLOUR}" stroke-width="3" '
                   f'stroke-dasharray="{OWN_DASH}"/></g>') if own in shapes else ""
    links = "".join(f'<path d="{link_path(places[start], places[end])}"/>' for start, end in spec.drawn_links)
    labels = boundaries.load_boundaries()["label"].to_dict()
    texts = "".join(f'<text x="{x:.1f}" y="{y:.1f}"><tspan x="{x:.1f}" dy="-0.525em">{escape(labels[code])}</tspan>'
                    f'<tspan x="{x:.1f}" dy="1.05em">{escape(str(marks[code]))}</tspan></text>'
                    for code, (x, y) in places.items() if label_at[code]["shown"])
    later = [[round(x, 1), round(y, 1), round(float(label_at[code]["zoom"]), 4), labels[code], str(marks[code])]
             for code, (x, y) in places.items() if 1 < label_at[code]["zoom"] <= frame.max_zoom] if clickable else []
    more = f' data-more="{escape(json.dumps(later, separators=(",", ":")))}"' if later else ""
    kind, role = ("borough-map", "group") if clickable else ("still-map", "img")
    targets = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{TARGET_RADIUS_PX}" data-target="{code}"/>'
                      for code, (x, y) in _targets(places, shapes)) if clickable else ""
    highlight = (f'<g class="highlight" fill="none" pointer-events="none"><path stroke="{LABEL_COLOUR}" stroke-width="6"/>'
                 f'<path stroke="{FOCUS_COLOUR}" stroke-width="3"/></g>') if clickable else ""
    zooms = f' data-max-zoom="{frame.max_zoom:g}"' if clickable else ""
    return (f'<svg class="{kind}" viewBox="0 0 {frame.width} {frame.height}" width="100%" role="{role}" '
            f'aria-label="{escape(spec.description)}" style="height:auto;display:block"{zooms}>'
            f'<g stroke="{BOUNDARY_COLOUR}" stroke-width="1">{"".join(areas)}</g>'
            f'<g fill="none" stroke="{PILOT_OUTLINE}" stroke-width="4" pointer-events="none">{outlines}</g>{own_outline}'
            f'{highlight}'
            f'<g fill="none" stroke="{LINK_COLOUR}" stroke-width="3" pointer-events="none">{links}</g>'
            f'<g font-family="Arial, Helvetica, sans-serif" font-weight="bold" font-size="{frame.label_px}" '
            f'fill="{LABEL_COLOUR}" stroke="white" stroke-width="{LABEL_HALO_PX}" stroke-linejoin="round" '
            f'paint-order="stroke" text-anchor="middle" dominant-baseline="central" pointer-events="none" '
            f'class="labels"{more}>{texts}</g>'
            + (f'<g fill="transparent" aria-hidden="true">{targets}</g>' if targets else "") + "</svg>")


def _targets(places: dict[str, tuple[float, float]],
             shapes: dict[str, tuple[str, float]]) -> list[tuple[str, tuple[float, float]]]:
    """The areas given a round target over their label point: each too small to touch on screen (``TARGET_RADIUS_PX``
    * 2 across), the smallest first, where its target would cover no other's (where many small areas crowd, as
    London's do on England's map, zooming in makes them large enough to touch)."""
    sizes = {code: shapes[code][1] for code in places}
    given: list[tuple[str, tuple[float, float]]] = []
    for code in sorted((code for code, size in sizes.items() if size < 2 * TARGET_RADIUS_PX), key=sizes.__getitem__):
        x, y = places[code]
        if all((x - gx) ** 2 + (y - gy) ** 2 >= (2 * TARGET_RADIUS_PX) ** 2 for _, (gx, gy) in given):
            given.append((code, (x, y)))
    return sorted(given)


def _across(geometry: dict, project: Projector) -> float:
    """How far an area reaches on screen, across or down, whichever is more (pixels): its bounds' corners projected
    (Web Mercator's x follows the longitude alone, its y the latitude alone)."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    longitudes, latitudes = zip(*(point for polygon in polygons for ring in polygon for point in ring))
    left, top = project(min(longitudes), max(latitudes))
    right, bottom = project(max(longitudes), min(latitudes))
    return max(right - left, bottom - top)
