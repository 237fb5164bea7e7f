"""Where a page's map of the areas is drawn, and its legend.

A page draws a ``figures.map_spec.MapSpec`` as SVG (``figures.svg_maps``) in a ``MapFrame`` worked
out here from the width the map is shown at: the Web Mercator zoom and centre that fit every area's
bounds, a height that wastes no space, and the largest label size (up to the one asked for, never under
``MIN_LABEL_PX``) at which no two labels overlap and each stays inside its own area, or fewer labels where
even the smallest cannot all fit. Labels keep their size on screen when the page's map component zooms in;
where not every label fits the whole map, each of the others has the zoom from which it fits (``fewer_labels``),
so more appear as the map is zoomed in, and a map of many small areas zooms in as far as its last label needs.
The legend is HTML outside the map (``legend_html``, placed above it), never over an area.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape

import numpy as np
import pandas as pd
from shapely.geometry import mapping

from figures.map_spec import MapSpec
from figures.palette import BOUNDARY_COLOUR, LABEL_COLOUR, LINK_COLOUR, PILOT_OUTLINE
from survey import boundaries

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
# How far the page's map component zooms in: by ZOOM_STEP a press of its button or key, to MAX_ZOOM times the whole
# map, or further, up to LARGEST_ZOOM, where the last of the labels left off the whole map needs more room.
ZOOM_STEP = 1.5
MAX_ZOOM = 8.0
LARGEST_ZOOM = 64.0


@dataclass(frozen=True)
class MapFrame:
    """Where a map of the areas is drawn: its size in pixels, its view and its label size.

    ``labels`` holds each area's label position (index ons_code; lon, lat) for ``label_px``, whether its
    label is shown on the whole map (``shown``: where not every label fits, the larger areas keep theirs, the
    others are named by their tooltip) and how many times the map must be zoomed in for it to fit (``zoom``:
    1 where shown, infinite where it fits at no zoom up to ``max_zoom``, the most the map zooms in).
    """

    width: int
    height: int
    longitude: float
    latitude: float
    zoom: float
    label_px: int
    labels: pd.DataFrame
    max_zoom: float = field(default=MAX_ZOOM)

    @property
    def view(self) -> tuple[int, int, float, float, float]:
        """Width, height, centre longitude and latitude, and zoom: where the map's points are drawn."""
        return self.width, self.height, self.longitude, self.latitude, self.zoom


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
    west, south, east, north = boundaries.load_boundaries().to_crs("EPSG:4326").total_bounds
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
        if cornered_labels(box):  # pushing them apart would fail, slowly: try a smaller size
            continue
        try:
            places = boundaries.label_points(box)
        except ValueError:  # too crowded to push apart: try a smaller size
            continue
        if places["inside"].all():
            return MapFrame(width, height, longitude, latitude, zoom, size,
                            places[["lon", "lat"]].assign(shown=True, zoom=1.0))
    size = min(label_px, MIN_LABEL_PX)
    labels = fewer_labels((width, height, longitude, latitude, zoom), (size * LABEL_BOX_EMS[0], size * LABEL_BOX_EMS[1]))
    fitting = labels["zoom"][np.isfinite(labels["zoom"])]
    return MapFrame(width, height, longitude, latitude, zoom, size, labels, max(MAX_ZOOM, float(fitting.max())))


@lru_cache(maxsize=16)
def cornered_labels(box_metres: tuple[float, float]) -> bool:
    """Whether two areas lie together within one label's box (``box_metres``), so that their labels, each inside its
    own area, must overlap however they are pushed: England's map cannot label the City of London and Westminster
    both at its whole size, and pushing 296 labels apart to find that out takes seconds."""
    west, south, east, north = boundaries.load_boundaries().bounds.to_numpy().T
    wide = np.maximum.outer(east, east) - np.minimum.outer(west, west) < box_metres[0]
    tall = np.maximum.outer(north, north) - np.minimum.outer(south, south) < box_metres[1]
    return bool(np.triu(wide & tall, k=1).any())


def zoom_steps() -> list[float]:
    """The zooms at which labels are placed: the whole map (1), then each ``ZOOM_STEP`` further, to ``LARGEST_ZOOM``."""
    return [ZOOM_STEP ** n for n in range(int(math.log(LARGEST_ZOOM, ZOOM_STEP)) + 1)]


@lru_cache(maxsize=16)
def fewer_labels(view: tuple[int, int, float, float, float], box_px: tuple[float, float]) -> pd.DataFrame:
    """Labels ``box_px`` wide and high on each area's representative point (inside it) in a map of ``view`` (width
    and height in pixels, centre longitude and latitude, zoom), the largest areas first, each shown only where it
    overlaps no label already shown and lies inside the map (index ons_code; lon, lat, shown, zoom).

    Zoomed in, a label takes less of the map: at each of ``zoom_steps`` the labels still left off are tried again,
    the largest areas first, and ``zoom`` is the first at which one fits (infinite where none does). A label that fits
    at one zoom fits at every greater one, so the labels of a zoomed map never overlap either.
    """
    width, height = view[:2]
    areas = boundaries.load_boundaries()
    anchors = areas.representative_point().to_crs("EPSG:4326")
    order = areas.geometry.area.sort_values(ascending=False).index
    points = np.column_stack(_pixels(anchors[order].x.to_numpy(), anchors[order].y.to_numpy(), view))
    half = np.array(box_px) / 2
    # The zoom from which a label near the map's edge has room inside it (its box shrinks, the edge stays put).
    room = np.maximum(half[0] / np.minimum(points[:, 0], width - points[:, 0]),
                      half[1] / np.minimum(points[:, 1], height - points[:, 1]))
    from_zoom = np.full(len(order), np.inf)
    for step in zoom_steps():
        box = np.array(box_px) / step
        for i in np.flatnonzero(np.isinf(from_zoom) & (room <= step)):
            gaps = np.abs(points[np.isfinite(from_zoom)] - points[i])
            if not ((gaps[:, 0] < box[0]) & (gaps[:, 1] < box[1])).any():
                from_zoom[i] = step
    zoom = pd.Series(from_zoom, index=order).reindex(areas.index)
    return pd.DataFrame({"lon": anchors.x, "lat": anchors.y, "shown": zoom == 1, "zoom": zoom}, index=areas.index)


def _pixels(longitudes: np.ndarray, latitudes: np.ndarray, view: tuple[int, int, float, float, float]):
    """Where points (degrees) are drawn in a map of ``view`` (width, height, centre longitude and latitude, zoom):
    x and y in pixels from its top left, as ``figures.svg_maps.projector`` puts them."""
    width, height, longitude, latitude, zoom = view
    scale = 2 ** zoom * TILE_PX
    mercator_y = np.log(np.tan(np.pi / 4 + np.radians(latitudes) / 2)) / (2 * np.pi)
    return (width / 2 + (longitudes - longitude) / 360 * scale,
            height / 2 + (0.5 - mercator_y - world_y(latitude) / TILE_PX) * scale)


@lru_cache(maxsize=1)
def area_geometries() -> dict[str, dict]:
    """Each area's GeoJSON geometry (WGS84, as the boundaries give it) by ons_code."""
    return {code: mapping(shape) for code, shape in boundaries.load_boundaries().to_crs("EPSG:4326").geometry.items()}


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
    if spec.drawn_links:
        items.append(f'<li><span aria-hidden="true" style="{swatch.format(border="transparent", fill="transparent")};'
                     f'border-bottom:3px solid {LINK_COLOUR}"></span>{escape(spec.link_label)}</li>')
    return (f'<div class="map-legend" style="font-size:{text_px}px"><p style="margin:0 0 0.2em 0;font-weight:600">'
            f'{escape(spec.title)}</p><ul style="list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;'
            f'column-gap:1.4em">{"".join(items)}</ul></div>')
