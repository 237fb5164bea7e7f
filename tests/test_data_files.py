"""The bundled data: boundaries, context, neighbours and the synthetic demo rounds."""

import csv
import itertools
import json
import subprocess
import sys

import shapely
from pyproj import Transformer
from shapely.geometry import shape

from survey.areas import DATA_DIR
from survey.demo import demo_files
from survey.reading import read_survey
from tests.conftest import ROOT

LONDON_BOUNDARIES = DATA_DIR / "london_boroughs_simplified.geojson"
TO_BNG = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)


def _projected_boundaries():
    features = json.loads(LONDON_BOUNDARIES.read_text(encoding="utf-8"))["features"]
    return features, [shapely.transform(shape(f["geometry"]), lambda x, y: TO_BNG.transform(x, y), interleaved=False)
                      for f in features]


def test_boundaries_are_33_valid_areas_keyed_by_ons_code_under_200_kb():
    features, geometries = _projected_boundaries()
    assert [f["properties"]["ons_code"] for f in features] == [f"E09{n:06d}" for n in range(1, 34)]
    assert features[6]["properties"]["name"] == "Camden"
    assert all(g.is_valid and not g.is_empty for g in geometries)
    assert LONDON_BOUNDARIES.stat().st_size <= 200 * 1024


def test_simplified_boundaries_have_no_overlaps_or_gaps_between_neighbours():
    _, geometries = _projected_boundaries()
    overlap = sum(a.intersection(b).area for a, b in itertools.combinations(geometries, 2))
    union = shapely.union_all(geometries)
    assert overlap < 1.0  # square metres, over all 528 pairs
    holes = [len(p.interiors) for p in getattr(union, "geoms", [union])]
    assert sum(holes) == 0
    assert abs(union.area / 1e6 - 1573.4) < 2  # km², the full-resolution total is 1,573.40


def test_nearest_neighbours_hold_32_london_neighbours_per_borough_in_ons_order():
    with (DATA_DIR / "london_ons_nearest_neighbours_2025.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    by_borough = {code: [r for r in rows if r["ons_code"] == code] for code in {r["ons_code"] for r in rows}}
    assert len(by_borough) == 33
    for neighbours in by_borough.values():
        assert len(neighbours) == 32
        distances = [float(r["relative_distance"]) for r in neighbours]
        assert distances == sorted(distances)
    assert by_borough["E09000001"][0]["neighbour_name"] == "Westminster"


def test_demo_rounds_are_valid_and_realistic(framework):
    files = demo_files()
    assert [f.name for f in files] == ["survey_2023.csv", "survey_2024.csv", "survey_2025.csv"]
    for path in files:
        parsed = read_survey(path, framework)
        assert parsed.ok, parsed.errors[:3]
        assert parsed.level_name_answers > 0 and parsed.no_answers > 0
        assert (parsed.responses.groupby("ons_code").size() > 1).any()


def test_demo_rounds_are_reproducible_from_the_seeded_script(tmp_path):
    before = {p.name: p.read_bytes() for p in demo_files()}
    subprocess.run([sys.executable, "scripts/make_demo_rounds.py", "--out", str(tmp_path)], cwd=ROOT, check=True,
                   capture_output=True, timeout=120)
    assert {p.name: p.read_bytes() for p in sorted(tmp_path.glob("survey_*.csv"))} == before
