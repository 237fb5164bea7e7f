"""Maps of many areas (``figures.maps``, ``figures.svg_maps``, ``figures.print_maps``), drawn for England's 296
district and unitary councils (the ``england_boundaries`` fixture): labels only where they fit, at every width and
zoom never overlapping nor under 11 px; every area a link named by its name and values, one Tab stop for them all;
print maps that label what fits and leave the rest to their colour and hatch."""

import json
import re
from html import unescape

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import box

import survey.boundaries
from figures.map_spec import MapSpec
from figures.maps import LABEL_BOX_EMS, MIN_LABEL_PX, SHOWN_WIDTHS_PX, cornered_labels, map_frame, zoom_steps
from figures.print_maps import MAX_NUMBERED, map_png, print_map
from figures.svg_maps import TARGET_RADIUS_PX, map_svg
from survey.boundaries import DRAWING_CRS
from tests.helpers import forget_cached
from tests.test_maps import _on_screen

CITY = "E09000001"


def _spec(areas) -> MapSpec:
    """Every area in one of two categories, by the parity of its place in ONS order."""
    table = areas.reset_index()[["ons_code", "name"]]
    table["Kind"] = ["odd" if i % 2 else "even" for i in range(len(table))]
    table["Score"] = "2.50"
    return MapSpec("Kind", table, "Kind", ("even", "odd"), {"even": "#1d70b8", "odd": "#ffdd00"},
                   {"even": "E", "odd": "O"}, ("Score",), "Map of the areas by kind.")


def _clashes(x: np.ndarray, y: np.ndarray, box_px: tuple[float, float]) -> int:
    """How many pairs of label boxes (``box_px``, centred on x, y) overlap, allowing 2% for rounding."""
    clash = (np.abs(x[:, None] - x[None, :]) < box_px[0] * 0.98) & (np.abs(y[:, None] - y[None, :]) < box_px[1] * 0.98)
    return int(np.triu(clash, k=1).sum())


def test_the_england_fixture_gives_296_areas_with_a_label_each_in_the_drawing_crs(england_boundaries):
    areas = survey.boundaries.load_boundaries()
    assert len(areas) == 296 and str(areas.crs) == DRAWING_CRS and areas["label"].is_unique
    assert areas["label"].str.fullmatch(r"[A-Z]{3}").all() and areas.loc[CITY, "name"] == "City of London"


@pytest.mark.parametrize("width", SHOWN_WIDTHS_PX)
def test_labels_of_11_px_where_they_fit_apart_inside_the_map_and_more_at_each_zoom_until_all_fit(england_boundaries, width):
    frame = map_frame(width)
    labels = frame.labels
    assert frame.label_px == MIN_LABEL_PX and 0 < labels["shown"].sum() < 296
    assert np.isfinite(labels["zoom"]).all() and labels["zoom"].max() <= frame.max_zoom  # every area labelled at last
    x, y = _on_screen(frame, labels["lon"].to_numpy(), labels["lat"].to_numpy())
    box_px = (MIN_LABEL_PX * LABEL_BOX_EMS[0], MIN_LABEL_PX * LABEL_BOX_EMS[1])
    shown = labels["shown"].to_numpy()
    assert ((x[shown] - box_px[0] / 2 >= 0) & (x[shown] + box_px[0] / 2 <= width)
            & (y[shown] - box_px[1] / 2 >= 0) & (y[shown] + box_px[1] / 2 <= frame.height)).all()
    for step in zoom_steps():  # zoomed in `step` times, a label keeps its size on screen: its box is 1/step of the map's
        at = (labels["zoom"] <= step).to_numpy()
        assert _clashes(x[at], y[at], (box_px[0] / step, box_px[1] / step)) == 0


def test_the_map_zooms_in_as_far_as_its_last_label_needs_on_a_phone_and_never_less_than_8_times(england_boundaries):
    # The City of London, about 3 km across, is a pixel or two wide on England's map on a phone.
    phone, desktop = map_frame(358), map_frame(940)
    assert phone.labels.loc[CITY, "zoom"] > 8 and phone.max_zoom == phone.labels["zoom"].max()
    assert desktop.max_zoom >= 8


@pytest.fixture
def england_svgs(england_boundaries) -> list[str]:
    spec = _spec(england_boundaries)
    return [map_svg(spec, map_frame(width), clickable=True) for width in SHOWN_WIDTHS_PX]


def test_every_area_is_a_link_named_by_its_name_and_values_and_the_map_is_one_tab_stop(england_boundaries, england_svgs):
    for svg in england_svgs:
        links = re.findall(r'<path [^>]*data-code="(\w+)" role="link" tabindex="(-?\d)" aria-label="([^"]*)"[^>]*'
                           r'data-at="[-\d.]+ [-\d.]+"/>', svg)
        assert [code for code, _, _ in links] == list(england_boundaries.index)
        assert [tab for _, tab, _ in links].count("0") == 1
        assert all(unescape(label) == f"{england_boundaries.loc[code, 'name']}. Score: 2.50" for code, _, label in links)


def test_each_label_is_written_once_on_the_map_or_listed_for_a_zoom(england_boundaries, england_svgs):
    for width, svg in zip(SHOWN_WIDTHS_PX, england_svgs):
        written = re.findall(r"<text [^>]*><tspan [^>]*>([A-Z]{3})</tspan>", svg)
        listed = json.loads(unescape(re.search(r'data-more="([^"]*)"', svg).group(1)))
        assert sorted(written + [label for _, _, _, label, _ in listed]) == sorted(england_boundaries["label"])
        assert all(1 < zoom <= map_frame(width).max_zoom for _, _, zoom, _, _ in listed)
        assert f'data-max-zoom="{map_frame(width).max_zoom:g}"' in svg and 'font-size="11"' in svg


def test_round_targets_for_areas_too_small_to_touch_never_cover_one_another(england_svgs):
    for svg in england_svgs:
        centres = np.array([(float(x), float(y)) for x, y in re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', svg)])
        gaps = np.hypot(*(centres[:, None, :] - centres[None, :, :]).transpose(2, 0, 1))
        assert len(centres) and (gaps[np.triu_indices(len(centres), k=1)] >= 2 * TARGET_RADIUS_PX - 0.2).all()


@pytest.fixture
def three_squares(monkeypatch):
    """Three 100 m squares: two 300 m apart (west to east), the third 10 km away."""
    areas = gpd.GeoDataFrame({"name": ["A", "B", "C"], "label": ["AAA", "BBB", "CCC"]},
                             geometry=[box(0, 0, 100, 100), box(300, 0, 400, 100), box(10_000, 0, 10_100, 100)],
                             index=["E1", "E2", "E3"], crs=DRAWING_CRS)
    monkeypatch.setattr(survey.boundaries, "load_boundaries", lambda: areas)
    forget_cached()
    yield
    forget_cached()


def test_two_areas_within_one_labels_box_make_labelling_every_area_impossible(three_squares):
    # A and B together span 400 m by 100 m: a box 500 m by 200 m holds both, whatever the labels' places inside them.
    assert cornered_labels((500.0, 200.0))
    assert not cornered_labels((350.0, 200.0)) and not cornered_labels((500.0, 90.0))


def test_a_slide_of_england_labels_what_fits_and_numbers_none_when_too_many_would_need_it(england_boundaries):
    png, drawn = map_png(_spec(england_boundaries), width=8.8, height=4.85, label_points_size=18, legend_points=18,
                         map_share=0.6, with_marks=False)
    names = england_boundaries.loc[list(drawn.unmarked), "name"].tolist()
    assert png.startswith(b"\x89PNG") and drawn.keyed == ()
    assert len(drawn.unmarked) > MAX_NUMBERED and names == sorted(names)


def test_a_page_of_englands_map_leaves_out_a_key_of_296_names_it_has_no_room_for(england_boundaries):
    drawn = print_map(_spec(england_boundaries), width=11.69, height=8.27, with_key=True, title="England")
    texts = [text.get_text() for text in drawn.figure.texts]
    assert drawn.key_left_out and not any("City of London" in text for text in texts)
