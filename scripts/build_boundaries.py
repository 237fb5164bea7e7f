"""Build the simplified borough boundaries shipped in ``data/``.

The full-resolution London Datastore boundaries (2.1 MB) are too heavy to send to
every browser.  This script simplifies them as one *coverage* in British National
Grid metres, so that neighbouring boroughs keep sharing exactly the same edges (no
slivers, no gaps), then writes WGS84 coordinates rounded to 5 decimals (about 1 m).

Run from the repository root::

    .venv/bin/python scripts/build_boundaries.py [--source PATH] [--tolerance METRES]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import shapely
from pyproj import Transformer
from shapely.geometry import mapping, shape

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "london_boroughs.geojson"
OUTPUT = ROOT / "data" / "london_boroughs_simplified.geojson"
DECIMALS = 5

TO_BNG = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
TO_WGS84 = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)


def _round_coordinates(geometry: dict) -> dict:
    """Round every coordinate of a GeoJSON geometry mapping to ``DECIMALS`` places."""

    def walk(value):
        if isinstance(value[0], (int, float)):
            return [round(value[0], DECIMALS), round(value[1], DECIMALS)]
        return [walk(item) for item in value]

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def build(source: Path, tolerance_m: float, code: str = "GSS_CODE", name: str = "NAME") -> dict:
    """Return the simplified FeatureCollection, keyed by ONS code and sorted by it (``code`` and ``name`` are the
    source's properties holding them)."""
    features = json.loads(source.read_text(encoding="utf-8"))["features"]
    features.sort(key=lambda f: f["properties"][code])
    projected = _coverage([shapely.transform(shape(f["geometry"]), _project, interleaved=False) for f in features])
    simplified = shapely.coverage_simplify(projected, tolerance=tolerance_m, simplify_boundary=True)
    out = []
    for feature, geometry in zip(features, simplified):
        wgs84 = shapely.transform(geometry, _unproject, interleaved=False)
        out.append(
            {
                "type": "Feature",
                "id": feature["properties"][code],
                "properties": {
                    "ons_code": feature["properties"][code],
                    "name": feature["properties"][name],
                },
                "geometry": _round_coordinates(mapping(wgs84)),
            }
        )
    return {"type": "FeatureCollection", "features": out}


def _coverage(geometries: list) -> list:
    """The geometries as a coverage (no two overlap, neighbours share their edges' vertices), which coverage
    simplification needs: where two overlap (slivers of a few square metres, left by an upstream
    generalisation), the later in code order gives the overlap up. A valid coverage is returned as it is."""
    if shapely.coverage_is_valid(geometries):
        return geometries
    fixed = list(geometries)
    tree = shapely.STRtree(fixed)
    for i, j in zip(*tree.query(fixed, predicate="intersects")):
        if i < j and shapely.intersection(fixed[i], fixed[j]).area > 0:
            fixed[j] = shapely.difference(fixed[j], fixed[i])
    if not shapely.coverage_is_valid(fixed):
        raise ValueError("the boundaries still overlap after removing the overlaps: check the source")
    return fixed


def _project(x, y):
    return TO_BNG.transform(x, y)


def _unproject(x, y):
    return TO_WGS84.transform(x, y)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--tolerance", type=float, default=50.0, help="metres (default 50)")
    args = parser.parse_args()
    collection = build(args.source, args.tolerance)
    OUTPUT.write_text(json.dumps(collection, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(collection['features'])} areas, {OUTPUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
