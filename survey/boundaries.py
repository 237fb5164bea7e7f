"""The active area set's boundaries as geometry: read, reprojected to the British National Grid (EPSG:27700) for
drawing and measuring, and where each area's label goes.

A label sits on the area's representative point (always inside it). Inner London is crowded, so labels that
would overlap at the printed scale are pushed apart, a little at a time, until none do; ``label_points`` is what
both map renderers write the labels at. Everything is worked out once per set and label size.
"""

from __future__ import annotations

from functools import lru_cache

import geopandas as gpd
import numpy as np
import pandas as pd

from survey.area_sets import AreaSet, active_area_set

DRAWING_CRS = "EPSG:27700"  # British National Grid: metres, true shapes for England
MAP_CRS = "EPSG:4326"  # longitude and latitude, as GeoJSON and the pages' maps take them
# A label's box, in metres on the ground, at the scale the maps are drawn (a three-letter label
# in 7 pt on a map of London 6 inches wide is about 1.1 km by 0.55 km).
LABEL_BOX_METRES = (1_250.0, 650.0)
_PUSH_STEPS = 200


def load_boundaries() -> gpd.GeoDataFrame:
    """The set's areas (index ons_code, in code order; columns name, label, geometry) in ``DRAWING_CRS``."""
    return _boundaries(active_area_set())


def area_geometries() -> dict[str, dict]:
    """Each area's GeoJSON geometry in longitude and latitude (as the set's file has them, where it has them so),
    by ONS code."""
    return _geometries(active_area_set())


def label_points(box_metres: tuple[float, float] = LABEL_BOX_METRES) -> pd.DataFrame:
    """Where each area's label is written so that no two labels of ``box_metres`` overlap.

    Returns index ons_code; columns x, y (metres, ``DRAWING_CRS``), lon, lat (WGS84), moved
    (True where the label was pushed off its representative point) and inside (True where it still
    sits inside its own area).

    Raises
    ------
    ValueError
        Where labels that large cannot be pushed apart (too many areas for the space).
    """
    return _label_points(active_area_set(), box_metres)


@lru_cache(maxsize=4)
def _read(area_set: AreaSet) -> gpd.GeoDataFrame:
    """The set's features of its boundaries file, in the file's own coordinates, index ons_code in code order."""
    features = gpd.read_file(area_set.boundaries)
    features.index = pd.Index(features[area_set.code_column].astype(str).str.strip().str.upper(), name="ons_code")
    return features.loc[list(area_set.codes), ["geometry"]]


@lru_cache(maxsize=4)
def _boundaries(area_set: AreaSet) -> gpd.GeoDataFrame:
    features = _read(area_set)
    areas = gpd.GeoDataFrame({"name": [area_set.names[code] for code in features.index],
                              "label": [area_set.labels[code] for code in features.index]},
                             index=features.index, geometry=features.geometry, crs=features.crs)
    return areas.to_crs(DRAWING_CRS)


@lru_cache(maxsize=4)
def _geometries(area_set: AreaSet) -> dict[str, dict]:
    features = _read(area_set)
    shown = features if features.crs.equals(MAP_CRS) else features.to_crs(MAP_CRS)
    return {code: geometry.__geo_interface__ for code, geometry in shown.geometry.items()}


@lru_cache(maxsize=16)
def _label_points(area_set: AreaSet, box_metres: tuple[float, float]) -> pd.DataFrame:
    areas = load_boundaries()  # the active set's, which is area_set (what this cache is kept by)
    anchors = areas.representative_point()
    points = np.column_stack([anchors.x, anchors.y])
    placed = _pushed_apart(points.copy(), np.array(box_metres))
    at = gpd.GeoSeries(gpd.points_from_xy(placed[:, 0], placed[:, 1]), crs=DRAWING_CRS, index=areas.index)
    lonlat = at.to_crs(MAP_CRS)
    return pd.DataFrame({"x": placed[:, 0], "y": placed[:, 1], "lon": lonlat.x.to_numpy(), "lat": lonlat.y.to_numpy(),
                         "moved": np.hypot(*(placed - points).T) > 1.0, "inside": at.within(areas.geometry)},
                        index=areas.index)


def overlapping_labels(points: np.ndarray, box: np.ndarray) -> list[tuple[int, int]]:
    """Pairs (i, j), i < j, of label boxes (centred on ``points``, each ``box`` wide and high) that overlap, in order.

    Only pairs within a box's width of each other from west to east are compared (found by sorting), so that a
    set of hundreds of areas costs about what London's 33 do.
    """
    order = np.argsort(points[:, 0], kind="stable")
    east = points[order, 0]
    reach = np.searchsorted(east, east + box[0] * (1 + 1e-9) + 1e-6, side="right")  # a margin: compared exactly below
    counts = reach - np.arange(len(east)) - 1
    first = np.repeat(np.arange(len(east)), counts)
    second = first + 1 + np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    a, b = order[first], order[second]
    gaps = np.abs(points[a] - points[b])
    close = (gaps[:, 0] < box[0]) & (gaps[:, 1] < box[1])
    i, j = np.minimum(a, b)[close], np.maximum(a, b)[close]
    ranked = np.lexsort((j, i))
    return [(int(p), int(q)) for p, q in zip(i[ranked], j[ranked])]


def _pushed_apart(points: np.ndarray, box: np.ndarray) -> np.ndarray:
    """Move each overlapping pair apart along the axis where they overlap least, in small steps, each pair in turn
    from where the pairs before it left its labels. The pairs are moved in plain Python floats (the same sums as
    NumPy's, without its cost per call): hundreds of pairs clash when many areas' labels are large."""
    width, height = float(box[0]), float(box[1])
    for _ in range(_PUSH_STEPS):
        clashes = overlapping_labels(points, box)
        if not clashes:
            return points
        xy = points.tolist()
        for i, j in clashes:
            dx, dy = xy[j][0] - xy[i][0], xy[j][1] - xy[i][1]
            overlap_x, overlap_y = width - abs(dx), height - abs(dy)
            axis, overlap, apart = (0, overlap_x, dx) if overlap_x / width <= overlap_y / height else (1, overlap_y, dy)
            step = (overlap / 2 + 10.0) * (1 if apart >= 0 else -1)
            xy[i][axis] -= step
            xy[j][axis] += step
        points = np.array(xy)
    raise ValueError("labels still overlap after pushing them apart")
