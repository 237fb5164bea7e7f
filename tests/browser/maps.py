"""Reading a page's map in the browser as a reader sees it: look at its pixels, and find a borough on
screen from the view the server fitted to the width the shown map was drawn at."""

from __future__ import annotations

import io
import json
import math
import re
import time

import geopandas as gpd
import numpy as np
from PIL import Image
from pyproj import Transformer
from shapely.geometry import Point, shape

from figures.maps import SHOWN_WIDTHS_PX, map_frame
from survey.area_sets import active_area_set
from survey.boundaries import load_boundaries

# A clickable map as shown, inside its component's shadow root (Playwright's CSS reaches it): of the map drawn at each
# of SHOWN_WIDTHS_PX, the one the column's width shows (the others are display: none).
MAP = "svg.borough-map:visible"
LEGEND = ".map-legend"
BACKGROUND = (255, 255, 255)
WEB_MERCATOR_WORLD_METRES = 2 * math.pi * 6_378_137
SIZES = [(1400, 900), (1024, 768), (390, 844)]


def legend_colours(legend) -> list[tuple[int, int, int]]:
    """The fill colour of each category swatch in a legend (the outline and line swatches are white or clear)."""
    colours = []
    for style in legend.locator("li span[aria-hidden]").evaluate_all("spans => spans.map(s => s.getAttribute('style'))"):
        found = re.search(r"background:#([0-9a-f]{6})", style)
        if found and found.group(1) != "ffffff":
            colours.append(tuple(int(found.group(1)[i:i + 2], 16) for i in (0, 2, 4)))
    return colours


def legend_before(drawn):
    """The legend written just before a map, still or clickable (XPath cannot leave a component's shadow root)."""
    index = drawn.evaluate("""(svg) => {
      const map = svg.getRootNode().host || svg;
      const before = [...document.querySelectorAll('.map-legend')]
        .filter(legend => legend.compareDocumentPosition(map) & Node.DOCUMENT_POSITION_FOLLOWING);
      return before.length - 1;
    }""")
    return drawn.page.locator(LEGEND).nth(index)


def map_pixels(drawn) -> np.ndarray:
    """The map's pixels as drawn on the page, shape (height, width, 3)."""
    return np.asarray(Image.open(io.BytesIO(drawn.screenshot())).convert("RGB"))


def drawn_width(drawn) -> int:
    """The width the map shown was drawn at (its view box's)."""
    return int(drawn.get_attribute("viewBox").split()[2])


def fitted(drawn) -> bool:
    """Whether the map shown is the one drawn for its width (the widest drawn no wider, else the narrowest),
    scaled whole to it."""
    box = drawn.bounding_box()
    width = drawn_width(drawn)
    for_column = max((w for w in SHOWN_WIDTHS_PX if w <= round(box["width"])), default=SHOWN_WIDTHS_PX[0])
    return width == for_column and abs(box["height"] - box["width"] * map_frame(width).height / width) < 1


def wait_until_drawn(drawn, timeout: float = 60) -> np.ndarray:
    """Wait until the map is fitted to its width and every legend colour covers some of its pixels."""
    wanted = legend_colours(legend_before(drawn))
    deadline = time.monotonic() + timeout
    while True:
        drawn.scroll_into_view_if_needed()
        if fitted(drawn):
            pixels = map_pixels(drawn)
            counts = [int(np.all(pixels == colour, axis=2).sum()) for colour in wanted]
            if all(count >= 20 for count in counts):
                return pixels
        if time.monotonic() > deadline:
            raise AssertionError(f"the map did not draw every legend colour {wanted} within {timeout} s")
        time.sleep(0.5)


def interior_point(name: str) -> tuple[float, float]:
    """A point inside the named borough (its representative point)."""
    features = json.loads(active_area_set().boundaries.read_text(encoding="utf-8"))["features"]
    point = shape(next(f for f in features if f["properties"]["name"] == name)["geometry"]).representative_point()
    return point.x, point.y


def on_page(drawn, lon: float, lat: float) -> tuple[float, float]:
    """Where (lon, lat) is drawn on the page, from the frame of the width the map shown was drawn at, scaled to the
    width it is shown (pyproj's Web Mercator)."""
    box = drawn.bounding_box()
    frame = map_frame(drawn_width(drawn))
    shown = box["width"] / frame.width
    to_mercator = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
    x, y = to_mercator.transform(lon, lat)
    cx, cy = to_mercator.transform(frame.longitude, frame.latitude)
    scale = 512 * 2 ** frame.zoom / WEB_MERCATOR_WORLD_METRES
    return (box["x"] + shown * (frame.width / 2 + (x - cx) * scale),
            box["y"] + shown * (frame.height / 2 - (y - cy) * scale))


def overlaps(a: dict, b: dict) -> bool:
    return a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"] and a["y"] < b["y"] + b["height"] \
        and b["y"] < a["y"] + a["height"]


def click_map(page, x: float, y: float) -> None:
    """Point at (x, y), wait for the borough's tooltip, and click."""
    page.mouse.move(x - 2, y - 2)
    page.mouse.move(x, y)
    page.locator(".map-tip").wait_for(state="visible", timeout=10_000)
    page.mouse.click(x, y)


def fill_point(name: str) -> tuple[float, float]:
    """A point (lon, lat) well inside the named borough and as far as possible from its label, where the
    map shows the borough's fill colour alone."""
    areas = load_boundaries()
    area = areas[areas["name"] == name].iloc[0]
    anchor = area.geometry.representative_point()
    for inset in (400, 250, 120):  # metres inside the boundary
        inner = area.geometry.buffer(-inset)
        if not inner.is_empty:
            break
    rings = [inner] if inner.geom_type == "Polygon" else list(inner.geoms)
    corners = [Point(c) for ring in rings for c in ring.exterior.coords]
    far = max(corners, key=anchor.distance)
    lonlat = gpd.GeoSeries([far], crs=areas.crs).to_crs("EPSG:4326").iloc[0]
    return lonlat.x, lonlat.y


def colour_at(drawn, lon: float, lat: float) -> tuple[int, int, int]:
    """The colour the map draws at (lon, lat)."""
    x, y = on_page(drawn, lon, lat)
    box = drawn.bounding_box()
    return tuple(int(v) for v in map_pixels(drawn)[round(y - box["y"]), round(x - box["x"])])
