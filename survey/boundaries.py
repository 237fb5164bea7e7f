"""The borough boundaries as geometry: read, reprojected to the British National Grid (EPSG:27700)
for drawing and measuring, and where each borough's label goes.

A label sits on the borough's representative point (always inside it). Inner London is crowded,
so labels that would overlap at the printed scale are pushed apart, a little at a time, until
none do; ``label_points`` is what both map renderers write the labels at.
"""

from __future__ import annotations

from functools import lru_cache

import geopandas as gpd
import numpy as np
import pandas as pd

from survey.areas import BOUNDARIES_GEOJSON, LABELS_CSV, borough_labels

DRAWING_CRS = "EPSG:27700"  # British National Grid: metres, true shapes for London
# A label's box, in metres on the ground, at the scale the maps are drawn (a three-letter label
# in 7 pt on a map of London 6 inches wide is about 1.1 km by 0.55 km).
LABEL_BOX_METRES = (1_250.0, 650.0)
_PUSH_STEPS = 200


@lru_cache(maxsize=1)
def load_boundaries() -> gpd.GeoDataFrame:
    """The 33 boroughs (index ons_code; columns name, label, geometry) in ``DRAWING_CRS``."""
    areas = gpd.read_file(BOUNDARIES_GEOJSON).set_index("ons_code").sort_index()[["name", "geometry"]]
    labels = borough_labels()
    missing = sorted(set(areas.index) - set(labels))
    if missing:
        raise ValueError(f"{LABELS_CSV.name} has no label for {', '.join(missing)}")
    areas.insert(1, "label", [labels[code] for code in areas.index])
    return areas.to_crs(DRAWING_CRS)


@lru_cache(maxsize=4)
def label_points(box_metres: tuple[float, float] = LABEL_BOX_METRES) -> pd.DataFrame:
    """Where each borough's label is written so that no two labels of ``box_metres`` overlap.

    Returns index ons_code; columns x, y (metres, ``DRAWING_CRS``), lon, lat (WGS84), moved
    (True where the label was pushed off its representative point) and inside (True where it still
    sits inside its own borough).
    """
    areas = load_boundaries()
    anchors = areas.representative_point()
    points = np.column_stack([anchors.x, anchors.y])
    placed = _pushed_apart(points.copy(), np.array(box_metres))
    at = gpd.GeoSeries(gpd.points_from_xy(placed[:, 0], placed[:, 1]), crs=DRAWING_CRS, index=areas.index)
    lonlat = at.to_crs("EPSG:4326")
    return pd.DataFrame({"x": placed[:, 0], "y": placed[:, 1], "lon": lonlat.x.to_numpy(), "lat": lonlat.y.to_numpy(),
                         "moved": np.hypot(*(placed - points).T) > 1.0, "inside": at.within(areas.geometry)},
                        index=areas.index)


def overlapping_labels(points: np.ndarray, box: np.ndarray) -> list[tuple[int, int]]:
    """Pairs of label boxes (centred on ``points``, each ``box`` wide and high) that overlap."""
    gaps = np.abs(points[:, None, :] - points[None, :, :])
    clash = (gaps[:, :, 0] < box[0]) & (gaps[:, :, 1] < box[1])
    return [(i, j) for i, j in zip(*np.nonzero(np.triu(clash, k=1)))]


def _pushed_apart(points: np.ndarray, box: np.ndarray) -> np.ndarray:
    """Move each overlapping pair apart along the axis where they overlap least, in small steps."""
    for _ in range(_PUSH_STEPS):
        clashes = overlapping_labels(points, box)
        if not clashes:
            return points
        for i, j in clashes:
            apart = points[j] - points[i]
            overlap = box - np.abs(apart)
            axis = int(np.argmin(overlap / box))
            step = np.zeros(2)
            step[axis] = (overlap[axis] / 2 + 10.0) * (1 if apart[axis] >= 0 else -1)
            points[i] -= step
            points[j] += step
    raise ValueError("borough labels still overlap after pushing them apart")
