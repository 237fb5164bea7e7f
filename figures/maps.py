"""Where a page's map of the boroughs is drawn, and its legend.

A page draws a ``figures.map_spec.MapSpec`` as SVG (``figures.svg_maps``) in a ``MapFrame`` worked
out here from the width the map is shown at: the Web Mercator zoom and centre that fit every area's
bounds, a height that wastes no space, and the largest label size (up to the one asked for, never under
``MIN_LABEL_PX``) at which no two labels overlap and each stays inside its own area, or fewer labels where
even the smallest cannot all fit. Labels are sized in pixels at the whole map: zooming in (the page's map
component) only grows them. The legend is HTML outside the map (``legend_html``, placed above it), never
over a borough.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from html import escape

import pandas as pd

from figures.map_spec import MapSpec
from figures.palette import BOUNDARY_COLOUR, LABEL_COLOUR, LINK_COLOUR, PILOT_OUTLINE
from survey.areas import BOUNDARIES_GEOJSON
from survey.boundaries import label_points, load_boundaries

TILE_PX = 512  # the Web Mercator world is 512 px wide at zoom 0 (as deck.gl and MapLibre draw it)
EARTH_CIRCUMFERENCE_METRES = 40_075_016.686
# The widths a page's maps and charts are drawn at, each the main column's on a common screen: a phone (390 px),
# a 1024 px laptop with the sidebar open, a 1400 px desktop. The browser shows the widest that its column holds,
# grown to fill the column, or the narrowest, shrunk (``ui.components``): no width is measured, so no page reruns.
SHOWN_WIDTHS_PX = (358, 564, 940)
DEFAULT_WIDTH_PX = SHOWN_WIDTHS_PX[-1]  # what a document or script draws at when asked for no width
MAP_PADDING_PX = 10
MAX_MAP_HEIGHT_PX = 640
LABEL_PX = 13  # the labels' size on the pages (at most)
MIN_LABEL_PX = 11  # the smallest label a phone shows readably: where labels this size cannot all fit, fewer are shown
# A label is a three-letter abbreviation over a mark of one or two characters, bold, with a halo:
# its box is about this many ems wide and high.
LABEL_BOX_EMS = (2.3, 2.5)


@dataclass(frozen=True)
class MapFrame:
    """Where a map of the areas is drawn: its size in pixels, its view and its label size.

    ``labels`` holds each area's label position (index ons_code; lon, lat) for ``label_px``, and whether its
    label is shown (``shown``: where not every label fits, the larger areas keep theirs, the others are named
    by their tooltip).
    """

    width: int
    height: int
    longitude: float
    latitude: float
    zoom: float
    label_px: int
    labels: pd.DataFrame


def world_x(longitude: float) -> float:
    """Web Mercator x at zoom 0, in pixels (0 at 180° W, ``TILE_PX`` at 180° E)."""
    return TILE_PX * (longitude + 180) / 360


def world_y(latitude: float) -> float:
    """Web Mercator y at zoom 0, in pixels (0 at the top, growing southwards)."""
    return TILE_PX * (0.5 - math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2)) / (2 * math.pi))


def latitude_at(y: float) -> float:
    """The latitude of Web Mercator y at zoom 0 (``world_y``'s inverse)."""
    return math.degrees(2 * math.atan(math.exp(math.pi * (1 - 2 * y / TILE_PX))) - math.pi / 2)


def fitted_view(bounds: tuple[float, float, float, float], width: float, height: float,
                padding: float = MAP_PADDING_PX) -> tuple[float, float, float]:
    """The centre (longitude, latitude) and zoom at which ``bounds`` (west, south, east, north, in
    degrees) fill a ``width`` × ``height`` pixel canvas less ``padding`` on each side."""
    west, south, east, north = bounds
    scale = min((width - 2 * padding) / (world_x(east) - world_x(west)),
                (height - 2 * padding) / (world_y(south) - world_y(north)))
    return (west + east) / 2, latitude_at((world_y(south) + world_y(north)) / 2), math.log2(scale)


def pixels_per_metre(zoom: float, latitude: float) -> float:
    """How many screen pixels a metre on the ground takes at ``zoom`` and ``latitude``."""
    return 2 ** zoom * TILE_PX / (EARTH_CIRCUMFERENCE_METRES * math.cos(math.radians(latitude)))


@lru_cache(maxsize=1)
def area_bounds() -> tuple[float, float, float, float]:
    """West, south, east and north of all the areas, in degrees."""
    west, south, east, north = load_boundaries().to_crs("EPSG:4326").total_bounds
    return float(west), float(south), float(east), float(north)


@lru_cache(maxsize=64)
def map_frame(width: int, label_px: int = LABEL_PX) -> MapFrame:
    """The frame of a map drawn ``width`` pixels wide: every area fitted, no taller than it needs
    (nor than ``MAX_MAP_HEIGHT_PX``), labels as large as they can be up to ``label_px``.

    Where even ``MIN_LABEL_PX`` labels cannot all be placed, they are that size and fewer (``fewer_labels``).
    """
    west, south, east, north = bounds = area_bounds()
    scale = (width - 2 * MAP_PADDING_PX) / (world_x(east) - world_x(west))
    height = min(MAX_MAP_HEIGHT_PX, math.ceil(scale * (world_y(south) - world_y(north)) + 2 * MAP_PADDING_PX))
    longitude, latitude, zoom = fitted_view(bounds, width, height)
    metres = 1 / pixels_per_metre(zoom, latitude)
    for size in range(label_px, MIN_LABEL_PX - 1, -1):
        box = (round(size * LABEL_BOX_EMS[0] * metres, -1), round(size * LABEL_BOX_EMS[1] * metres, -1))
        try:
            places = label_points(box)
        except ValueError:  # too crowded to push apart: try a smaller size
            continue
        if places["inside"].all():
            return MapFrame(width, height, longitude, latitude, zoom, size, places[["lon", "lat"]].assign(shown=True))
    size = min(label_px, MIN_LABEL_PX)
    box = (size * LABEL_BOX_EMS[0] * metres, size * LABEL_BOX_EMS[1] * metres)
    return MapFrame(width, height, longitude, latitude, zoom, size, fewer_labels(box))


@lru_cache(maxsize=16)
def fewer_labels(box_metres: tuple[float, float]) -> pd.DataFrame:
    """Labels of ``box_metres`` on each area's representative point (inside it), the largest areas first, each
    shown only where it overlaps no label already shown (index ons_code; lon, lat, shown)."""
    areas = load_boundaries()
    anchors = areas.representative_point()
    half_width, half_height = box_metres[0] / 2, box_metres[1] / 2
    kept: list[tuple[float, float]] = []
    shown = pd.Series(False, index=areas.index)
    for code in areas.geometry.area.sort_values(ascending=False).index:
        x, y = anchors[code].x, anchors[code].y
        if all(abs(x - kx) >= 2 * half_width or abs(y - ky) >= 2 * half_height for kx, ky in kept):
            kept.append((x, y))
            shown[code] = True
    lonlat = anchors.to_crs("EPSG:4326")
    return pd.DataFrame({"lon": lonlat.x, "lat": lonlat.y, "shown": shown}, index=areas.index)


@lru_cache(maxsize=1)
def area_geometries() -> dict[str, dict]:
    """Each area's GeoJSON geometry (WGS84, simplified for the screen) by ons_code."""
    features = json.loads(BOUNDARIES_GEOJSON.read_text(encoding="utf-8"))["features"]
    return {f["properties"]["ons_code"]: f["geometry"] for f in features}


def legend_html(spec: MapSpec, text_px: int = 16, own_label: str = "") -> str:
    """The map's legend as HTML, for beside the map: each category's swatch, mark, name and count, then
    the outline and the link lines where the map has them, and the reader's own borough's dashed outline
    (``own_label`` names it) where it is drawn."""
    swatch = ("display:inline-block;width:1.4em;height:1em;vertical-align:middle;margin-right:0.4em;"
              "border:1px solid {border};background:{fill}")
    items = [f'<li><span aria-hidden="true" style="{swatch.format(border=BOUNDARY_COLOUR, fill=e.colour)}"></span>'
             f"<b>{escape(e.mark)}</b> {escape(e.category)} ({e.count})</li>" for e in spec.legend()]
    if spec.outlined:
        items.append(f'<li><span aria-hidden="true" style="{swatch.format(border=PILOT_OUTLINE, fill="white")};'
                     f'border-width:3px"></span>{escape(spec.outline_label)}</li>')
    if own_label:
        items.append(f'<li><span aria-hidden="true" style="{swatch.format(border=LABEL_COLOUR, fill="white")};'
                     f'border-width:3px;border-style:dashed"></span>{escape(own_label)}</li>')
    if spec.links:
        items.append(f'<li><span aria-hidden="true" style="{swatch.format(border="transparent", fill="transparent")};'
                     f'border-bottom:3px solid {LINK_COLOUR}"></span>{escape(spec.link_label)}</li>')
    return (f'<div class="map-legend" style="font-size:{text_px}px"><p style="margin:0 0 0.2em 0;font-weight:600">'
            f'{escape(spec.title)}</p><ul style="list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;'
            f'column-gap:1.4em">{"".join(items)}</ul></div>')
