"""Where the pages' maps are drawn (``figures.maps``): a view fitted to the width, labels that never
overlap, and the legend beside the map."""

import math

import numpy as np
import pytest
from pyproj import Transformer

from figures.london_maps import level_map, readiness_map
from figures.maps import LABEL_BOX_EMS, MAX_MAP_HEIGHT_PX, fitted_view, legend_html, map_frame, pixels_per_metre
from models.readiness import readiness
from models.disclosure import disclosed
from models.scoring import score_round
from survey.boundaries import load_boundaries
from survey.reading import read_survey
from tests.helpers import survey_csv
from tests.fixtures.hand_worked import hand_worked_rows

CAMDEN, BARNET, HACKNEY = "E09000007", "E09000003", "E09000012"
WEB_MERCATOR_WORLD_METRES = 2 * math.pi * 6_378_137  # EPSG:3857's x runs over this many metres


@pytest.fixture
def scores(framework):
    parsed = read_survey(survey_csv(framework, hand_worked_rows(framework)), framework, round_label="2026")
    return disclosed(score_round(parsed.answers.merge(parsed.responses, on="response_id"), framework), 2,
                     respondent_detail=False)  # a minimum of 2 respondents: Hackney and Barnet have few


def _on_screen(frame, lon, lat):
    """Pixel position of (lon, lat) in ``frame``, by pyproj's Web Mercator (not the module's own formulae)."""
    to_mercator = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
    x, y = to_mercator.transform(np.asarray(lon), np.asarray(lat))
    cx, cy = to_mercator.transform(frame.longitude, frame.latitude)
    pixels_per_mercator_metre = 512 * 2 ** frame.zoom / WEB_MERCATOR_WORLD_METRES
    return (frame.width / 2 + (x - cx) * pixels_per_mercator_metre,
            frame.height / 2 - (y - cy) * pixels_per_mercator_metre)


def test_a_view_is_fitted_by_the_width_when_the_width_is_what_limits_it():
    # 0° to 90° east is 128 px wide at zoom 0 (512 × 90/360): 256 px wide is zoom 1. -10° to 10° is
    # symmetric about the equator, so the centre is (45, 0); 512 px is tall enough not to limit it.
    assert fitted_view((0.0, -10.0, 90.0, 10.0), 256, 512, padding=0) == (45.0, 0.0, 1.0)


def test_a_view_is_fitted_by_the_height_when_the_height_is_what_limits_it():
    # -10° to 10° is 2 × 512/(2π) × ln(tan 50°) = 28.59 px tall at zoom 0: 57.18 px is zoom 1, whatever the width.
    longitude, latitude, zoom = fitted_view((0.0, -10.0, 90.0, 10.0), 4096, 57.18 + 20, padding=10)
    assert (longitude, latitude) == (45.0, 0.0) and zoom == pytest.approx(1.0, abs=1e-3)


def test_a_metre_at_the_equator_at_zoom_0_is_512_pixels_over_the_earths_circumference():
    assert pixels_per_metre(0, 0) == pytest.approx(512 / 40_075_016.686)
    assert pixels_per_metre(1, 60) == pytest.approx(2 * 512 / (40_075_016.686 * 0.5))


def test_a_phone_wide_map_is_no_taller_than_london_needs():
    # London spans 0.8443° of longitude (1.2008 px at zoom 0) and 0.9254 px of Web Mercator height:
    # 338 px across (358 less 10 px padding each side) gives a scale of 281.5 and 260.5 + 20 = 281 px.
    frame = map_frame(358)
    assert (frame.width, frame.height) == (358, 281)


def test_a_wide_map_stops_at_its_greatest_height_and_is_fitted_by_it():
    frame = map_frame(1400)
    assert frame.height == MAX_MAP_HEIGHT_PX
    _, y = _on_screen(frame, *load_boundaries().to_crs("EPSG:4326").total_bounds.reshape(2, 2).T)
    assert min(y) == pytest.approx(10, abs=0.5) and max(y) == pytest.approx(MAX_MAP_HEIGHT_PX - 10, abs=0.5)


@pytest.mark.parametrize("width", [358, 700, 940])
def test_every_borough_lies_inside_the_map_at_any_width(width):
    frame = map_frame(width)
    west, south, east, north = load_boundaries().to_crs("EPSG:4326").total_bounds
    (left, right), (bottom, top) = _on_screen(frame, [west, east], [south, north])
    assert 0 <= left < right <= width and 0 <= top < bottom <= frame.height


@pytest.mark.parametrize("width", [358, 700, 940])
def test_no_two_labels_overlap_on_screen_at_any_width(width):
    frame = map_frame(width)
    shown = frame.labels[frame.labels["shown"]]
    x, y = _on_screen(frame, shown["lon"], shown["lat"])
    gaps_x, gaps_y = np.abs(x[:, None] - x[None, :]), np.abs(y[:, None] - y[None, :])
    clash = (gaps_x < frame.label_px * LABEL_BOX_EMS[0] * 0.98) & (gaps_y < frame.label_px * LABEL_BOX_EMS[1] * 0.98)
    assert not np.triu(clash, k=1).any()


def test_labels_shrink_on_a_narrow_map_but_never_below_eleven_pixels_and_there_fewer_show():
    assert map_frame(940).label_px == 13 and map_frame(940).labels["shown"].all()
    assert map_frame(940, 18).label_px == 18
    phone = map_frame(358)
    assert phone.label_px == 11
    # 24 of 33 fit: the largest first (Bromley, Hillingdon, Havering), the City of London's named by its tooltip.
    assert phone.labels["shown"].sum() == 24
    assert phone.labels.loc[["E09000006", "E09000017", "E09000016"], "shown"].all()
    assert not phone.labels.loc["E09000001", "shown"]


def test_the_legend_names_each_category_with_its_mark_and_count(framework, scores):
    legend = legend_html(level_map(scores, framework, "overall"))
    assert "<b>3</b> Developing (1)</li>" in legend and "<b>NR</b> No response (30)</li>" in legend
    assert legend.count("<li>") == 4 and 'aria-hidden="true"' in legend and "Overall index level" in legend


def test_the_readiness_legend_explains_the_outline_and_the_lines(framework, scores):
    table = readiness(scores[list(framework.dimension_ids)], {"leadership": 3.5}, 0.5, peers={CAMDEN: [BARNET]})
    legend = legend_html(readiness_map(scores, table, framework, running_in=(BARNET,)))
    assert "Pilot already runs here</li>" in legend and "Nearly ready → ready partner</li>" in legend
