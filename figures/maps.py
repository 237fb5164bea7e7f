"""Interactive maps of the boroughs, drawn by deck.gl through pydeck with no tile server.

A page draws a ``figures.map_spec.MapSpec`` with ``deck_map``: each borough filled with its
category's colour and written on with its label and mark (so colour never carries the category
alone), the boroughs where a pilot runs outlined, a curved line from each nearly-ready borough to
the ready partner suggested for it, and a tooltip per borough. The legend is HTML outside the map
(``legend_html``, placed above it), never over a borough.

deck.gl cannot fit a view to its canvas by itself, so ``map_frame`` works out the view from the
width the map is drawn at: the zoom and centre that fit every area's bounds, a height that wastes
no space, and the largest label size (up to the one asked for) at which no two labels overlap and
each stays inside its own area. Labels are sized in pixels at that view, which is why the view is
fixed (no zooming out that would crowd them).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from html import escape

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from figures.map_spec import MapSpec
from figures.palette import BOUNDARY_COLOUR, LABEL_COLOUR, LINK_COLOUR, PILOT_OUTLINE
from survey.areas import BOUNDARIES_GEOJSON
from survey.boundaries import label_points, load_boundaries

TILE_PX = 512  # deck.gl's Web Mercator world is 512 px wide at zoom 0
EARTH_CIRCUMFERENCE_METRES = 40_075_016.686
DEFAULT_WIDTH_PX = 940  # the main column of a 1400-pixel-wide window, assumed until the browser says otherwise
MAP_PADDING_PX = 10
MAX_MAP_HEIGHT_PX = 640
LABEL_PX = 13  # the labels' size on the pages (at most)
MIN_LABEL_PX = 9
# A label is a three-letter abbreviation over a mark of one or two characters, bold, with a halo:
# its box is about this many ems wide and high.
LABEL_BOX_EMS = (2.3, 2.5)
BOROUGHS_LAYER = "boroughs"  # the layer a click selects a borough from


@dataclass(frozen=True)
class MapFrame:
    """Where a map of the areas is drawn: its size in pixels, its view and its label size.

    ``labels`` holds each area's label position (index ons_code; lon, lat) for ``label_px``.
    """

    width: int
    height: int
    longitude: float
    latitude: float
    zoom: float
    label_px: int
    labels: pd.DataFrame


def rgb(colour: str) -> list[int]:
    """'#2c7fb8' → [44, 127, 184]."""
    return [int(colour[i:i + 2], 16) for i in (1, 3, 5)]


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

    Raises ``ValueError`` when even ``MIN_LABEL_PX`` labels cannot all be placed.
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
            return MapFrame(width, height, longitude, latitude, zoom, size, places[["lon", "lat"]])
    raise ValueError(f"a map {width} px wide has no room for labels of {MIN_LABEL_PX} px")


class CompactDeck(pdk.Deck):
    """A deck whose JSON has no indentation: a third of the size pydeck writes, for the same map.
    Written once (a deck is not changed once built, and one map may be sent to many visitors)."""

    def to_json(self) -> str:
        written = vars(self).get("_written")
        if written is None:
            written = self._written = json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))
        return written


def _literal(text: str) -> str:
    """A string pydeck passes to deck.gl as text (pydeck reads a bare string as an expression)."""
    return f'"{text}"'


@lru_cache(maxsize=1)
def area_geometries() -> dict[str, dict]:
    """Each area's GeoJSON geometry (WGS84, simplified for the screen) by ons_code."""
    features = json.loads(BOUNDARIES_GEOJSON.read_text(encoding="utf-8"))["features"]
    return {f["properties"]["ons_code"]: f["geometry"] for f in features}


def deck_map(spec: MapSpec, frame: MapFrame) -> pdk.Deck:
    """The page's map of ``spec`` in ``frame``; a click selects a feature of ``BOROUGHS_LAYER``
    (its properties hold the area's ``ons_code``)."""
    table = spec.table.set_index("ons_code")
    marks = spec.marked()
    features = []
    for code, geometry in area_geometries().items():
        row = table.loc[code]
        properties = {"ons_code": code, "name": row["name"], "fill": rgb(spec.colours[row[spec.category]]),
                      **{column: str(row[column]) for column in spec.hover_lines}}
        features.append({"type": "Feature", "geometry": geometry, "properties": properties})
    outlines = [{"type": "Feature", "geometry": geometry, "properties": {}} for geometry in area_geometries().values()]
    labels = load_boundaries()["label"]
    texts = [{"position": [frame.labels.at[code, "lon"], frame.labels.at[code, "lat"]],
              "text": f"{labels[code]}\n{marks[code]}"} for code in table.index]
    layers = [
        pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": features}, id=BOROUGHS_LAYER,
                  pickable=True, auto_highlight=True, highlight_color=[255, 221, 0, 160], get_fill_color="properties.fill",
                  stroked=False),
        # Boundaries in a layer of their own that is not picked: picking lines takes about fifteen times as
        # long as picking the fills, long enough in a browser without a GPU for a click not to count.
        pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": outlines}, id="boundaries", filled=False,
                  stroked=True, get_line_color=rgb(BOUNDARY_COLOUR), line_width_min_pixels=1, get_line_width=0),
    ]
    outlined = [f for f in features if f["properties"]["ons_code"] in spec.outlined]
    if outlined:
        layers.append(pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": outlined}, id="outlined",
                                filled=False, stroked=True, get_line_color=rgb(PILOT_OUTLINE), line_width_min_pixels=4,
                                get_line_width=0))
    if spec.links:
        arcs = [{"from": [frame.labels.at[a, "lon"], frame.labels.at[a, "lat"]],
                 "to": [frame.labels.at[b, "lon"], frame.labels.at[b, "lat"]]} for a, b in spec.links]
        layers.append(pdk.Layer("ArcLayer", arcs, id="links", get_source_position="from", get_target_position="to",
                                get_source_color=rgb(LINK_COLOUR), get_target_color=rgb(LINK_COLOUR), get_width=3,
                                get_tilt=90, get_height=0.2))
    layers.append(pdk.Layer("TextLayer", texts, id="labels", get_position="position", get_text="text",
                            get_size=frame.label_px, size_units=_literal("pixels"), get_color=rgb(LABEL_COLOUR),
                            font_family=_literal("Arial, Helvetica, sans-serif"), font_weight=_literal("bold"),
                            line_height=1.05, font_settings={"sdf": True}, outline_width=3,
                            outline_color=[255, 255, 255, 255], get_text_anchor=_literal("middle"),
                            get_alignment_baseline=_literal("center")))
    tooltip = "<b>{name}</b>" + "".join(f"<br/>{column}: {{{column}}}" for column in spec.hover_lines)
    return CompactDeck(layers=layers, initial_view_state=pdk.ViewState(longitude=frame.longitude, latitude=frame.latitude,
                                                                    zoom=frame.zoom, pitch=0, bearing=0),
                       views=[pdk.View("MapView", controller=False)], map_provider=None,
                          tooltip={"html": tooltip, "style": {"fontSize": "15px", "backgroundColor": "white",
                                                           "color": LABEL_COLOUR, "border": f"1px solid {BOUNDARY_COLOUR}"}})


def clicked_area(selection: dict) -> str | None:
    """The ons_code of the area a click selected on a ``deck_map`` (Streamlit's selection state), if any."""
    picked = selection.get("objects", {}).get(BOROUGHS_LAYER) or []
    return picked[0]["properties"]["ons_code"] if picked else None


def legend_html(spec: MapSpec, text_px: int = 16) -> str:
    """The map's legend as HTML, for beside the map: each category's swatch, mark, name and count, then
    the outline and the link lines where the map has them."""
    swatch = ("display:inline-block;width:1.4em;height:1em;vertical-align:middle;margin-right:0.4em;"
              "border:1px solid {border};background:{fill}")
    items = [f'<li><span aria-hidden="true" style="{swatch.format(border=BOUNDARY_COLOUR, fill=e.colour)}"></span>'
             f"<b>{escape(e.mark)}</b> {escape(e.category)} ({e.count})</li>" for e in spec.legend()]
    if spec.outlined:
        items.append(f'<li><span aria-hidden="true" style="{swatch.format(border=PILOT_OUTLINE, fill="white")};'
                     f'border-width:3px"></span>{escape(spec.outline_label)}</li>')
    if spec.links:
        items.append(f'<li><span aria-hidden="true" style="{swatch.format(border="transparent", fill="transparent")};'
                     f'border-bottom:3px solid {LINK_COLOUR}"></span>{escape(spec.link_label)}</li>')
    return (f'<div class="map-legend" style="font-size:{text_px}px"><p style="margin:0 0 0.2em 0;font-weight:600">'
            f'{escape(spec.title)}</p><ul style="list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;'
            f'column-gap:1.4em">{"".join(items)}</ul></div>')
