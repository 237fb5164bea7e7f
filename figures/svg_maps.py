"""The pages' maps of the boroughs as SVG, drawn on the server in the frame fitted to the column.

A ``MapSpec`` drawn in a ``MapFrame`` (``figures.maps``): Web Mercator at the frame's view, each
borough filled with its category's colour, boundaries, heavy outlines, partner lines and each
borough's label over its mark, with the legend as HTML above it. The browser draws it with the
page's text: no map library to fetch and no WebGL canvas to start (docs/performance.md).

A *still* map is a picture (``role="img"``), each borough titled with its name and tooltip lines. A
*clickable* map is a group of links, one a borough: each focusable, named for screen readers by its
name and values, carrying its ONS code and its tooltip lines for the page's map component
(``ui/map_component.js``), which shows the tooltip and sends a clicked borough back.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from figures.map_spec import MapSpec
from figures.maps import MapFrame, area_geometries, world_x, world_y
from figures.palette import BOUNDARY_COLOUR, FOCUS_COLOUR, LABEL_COLOUR, LINK_COLOUR, PILOT_OUTLINE
from survey.boundaries import load_boundaries

LABEL_HALO_PX = 3  # the white outline that keeps a label readable on any fill
LINK_BEND = 0.25  # how far a partner line bows from the straight, as a share of its length
OWN_DASH = "7 4"  # the reader's own borough: a dashed outline on a white one, unlike the pilots' solid outline
TARGET_RADIUS_PX = 14  # an area smaller than a finger gets a round target of its own, at least 28 px across

Projector = Callable[[float, float], tuple[float, float]]


def projector(frame: MapFrame) -> Projector:
    """(longitude, latitude) → (x, y) in pixels from the top left of ``frame``: Web Mercator at
    the frame's view, ``TILE_PX * 2 ** zoom`` pixels to the world."""
    scale = 2 ** frame.zoom
    centre_x, centre_y = world_x(frame.longitude), world_y(frame.latitude)

    def project(longitude: float, latitude: float) -> tuple[float, float]:
        return (frame.width / 2 + (world_x(longitude) - centre_x) * scale,
                frame.height / 2 + (world_y(latitude) - centre_y) * scale)

    return project


def path_data(geometry: dict, project: Projector) -> str:
    """An SVG path's ``d`` for a GeoJSON Polygon or MultiPolygon, to a tenth of a pixel; every ring closed."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return "".join("M" + "L".join("{:.1f} {:.1f}".format(*project(longitude, latitude)) for longitude, latitude in ring) + "Z"
                   for polygon in polygons for ring in polygon)


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
        tooltip lines), heavy outlines, partner lines, and each area's label over its mark. When
        ``clickable``, ``<svg class="borough-map" role="group" ...>`` whose areas are links
        (``data-code`` their ONS code, ``data-tip`` their tooltip lines, ``aria-label`` both; the first
        in the Tab order, the others reached by the arrow keys), with an empty highlight drawn over
        them for the component to trace the area pointed at, and over an area too small to touch (the City
        of London) a round target (``data-target`` its code) that stands for it.
    """
    project = projector(frame)
    table = spec.table.set_index("ons_code")
    marks = spec.marked()
    geometries = area_geometries()
    areas = []
    for code, geometry in geometries.items():
        row = table.loc[code]
        lines = [str(row["name"]), *(f"{column}: {row[column]}" for column in spec.hover_lines)]
        drawn = f'd="{path_data(geometry, project)}" fill="{spec.colours[row[spec.category]]}"'
        if clickable:  # one stop for the Tab key, the first borough; the arrow keys move on (ui/map_component.js)
            areas.append(f'<path {drawn} data-code="{code}" role="link" tabindex="{-1 if areas else 0}" '
                         f'aria-label="{escape(". ".join(lines))}" data-tip="{"&#10;".join(map(escape, lines))}"/>')
        else:  # a line each, kept on the SVG's one line
            areas.append(f'<path {drawn}><title>{"&#10;".join(map(escape, lines))}</title></path>')
    outlines = "".join(f'<path d="{path_data(geometries[code], project)}"/>' for code in spec.outlined)
    own_outline = (f'<g fill="none" pointer-events="none" stroke-linejoin="round">'
                   f'<path d="{path_data(geometries[own], project)}" stroke="white" stroke-width="6"/>'
                   f'<path d="{path_data(geometries[own], project)}" stroke="{LABEL_COLOUR}" stroke-width="3" '
                   f'stroke-dasharray="{OWN_DASH}"/></g>') if own in geometries else ""
    places = {code: project(*frame.labels.loc[code, ["lon", "lat"]]) for code in table.index}
    links = "".join(f'<path d="{link_path(places[start], places[end])}"/>' for start, end in spec.links)
    labels = load_boundaries()["label"]
    texts = "".join(f'<text x="{x:.1f}" y="{y:.1f}"><tspan x="{x:.1f}" dy="-0.525em">{escape(labels[code])}</tspan>'
                    f'<tspan x="{x:.1f}" dy="1.05em">{escape(str(marks[code]))}</tspan></text>'
                    for code, (x, y) in places.items() if frame.labels.loc[code, "shown"])
    kind, role = ("borough-map", "group") if clickable else ("still-map", "img")
    targets = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{TARGET_RADIUS_PX}" data-target="{code}"/>'
                      for code, (x, y) in places.items() if clickable and _too_small(geometries[code], project))
    highlight = (f'<g class="highlight" fill="none" pointer-events="none"><path stroke="{LABEL_COLOUR}" stroke-width="6"/>'
                 f'<path stroke="{FOCUS_COLOUR}" stroke-width="3"/></g>') if clickable else ""
    return (f'<svg class="{kind}" viewBox="0 0 {frame.width} {frame.height}" width="100%" role="{role}" '
            f'aria-label="{escape(spec.description)}" style="height:auto;display:block">'
            f'<g stroke="{BOUNDARY_COLOUR}" stroke-width="1">{"".join(areas)}</g>'
            f'<g fill="none" stroke="{PILOT_OUTLINE}" stroke-width="4" pointer-events="none">{outlines}</g>{own_outline}'
            f'{highlight}'
            f'<g fill="none" stroke="{LINK_COLOUR}" stroke-width="3" pointer-events="none">{links}</g>'
            f'<g font-family="Arial, Helvetica, sans-serif" font-weight="bold" font-size="{frame.label_px}" '
            f'fill="{LABEL_COLOUR}" stroke="white" stroke-width="{LABEL_HALO_PX}" stroke-linejoin="round" '
            f'paint-order="stroke" text-anchor="middle" dominant-baseline="central" pointer-events="none">{texts}</g>'
            + (f'<g fill="transparent" aria-hidden="true">{targets}</g>' if targets else "") + "</svg>")


def _too_small(geometry: dict, project: Projector) -> bool:
    """Whether an area fits inside a finger's target on screen (``TARGET_RADIUS_PX`` * 2 across)."""
    points = [project(longitude, latitude) for polygon in
              (geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]])
              for ring in polygon for longitude, latitude in ring]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return max(max(xs) - min(xs), max(ys) - min(ys)) < 2 * TARGET_RADIUS_PX
