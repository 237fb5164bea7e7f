"""The pages' maps as SVG (``figures.svg_maps``): the projection, paths worked by hand, and every part of
a still or a clickable map drawn from its specification."""

import re

import pandas as pd
import pytest

from figures.london_maps import level_map, readiness_map
from figures.map_spec import MapSpec
from figures.maps import MapFrame, map_frame
from figures.palette import FOCUS_COLOUR, LABEL_COLOUR, LINK_COLOUR, PILOT_OUTLINE
from figures.svg_maps import link_path, map_svg, path_data, projector
from models.readiness import readiness
from survey.boundaries import load_boundaries
# scores: the hand-worked round, a fixture (pytest finds it by this import; the tests that use it take it by name: F811)
from tests.test_maps import _on_screen, scores  # noqa: F401

CAMDEN, CITY, BARNET, HACKNEY = "E09000007", "E09000001", "E09000003", "E09000012"
NO_LABELS = pd.DataFrame(columns=["lon", "lat"])


def _frame(zoom: float) -> MapFrame:
    """200 × 100 px centred on (0°, 0°)."""
    return MapFrame(200, 100, 0.0, 0.0, zoom, 13, NO_LABELS)


def test_the_frame_centre_is_the_middle_of_the_picture():
    assert projector(_frame(0))(0.0, 0.0) == (100.0, 50.0)


def test_a_quarter_turn_east_is_a_quarter_of_the_world_right_at_zoom_0():
    # 90° is 512 × 90/360 = 128 px at zoom 0.
    assert projector(_frame(0))(90.0, 0.0) == (228.0, 50.0)


def test_each_zoom_level_doubles_the_distance_from_the_centre():
    # 45° west is 64 px at zoom 0, 128 px at zoom 1.
    assert projector(_frame(1))(-45.0, 0.0) == (-28.0, 50.0)


def test_a_label_point_is_where_pyproj_puts_it():
    frame = map_frame(940)
    longitude, latitude = frame.labels.loc[CAMDEN, ["lon", "lat"]]
    assert projector(frame)(longitude, latitude) == pytest.approx(_on_screen(frame, longitude, latitude), abs=1e-6)


def test_a_polygon_ring_is_one_closed_path():
    square = {"type": "Polygon", "coordinates": [[[0, 0], [90, 0], [0, 0]]]}
    assert path_data(square, projector(_frame(0))) == "M100.0 50.0L228.0 50.0L100.0 50.0Z"


def test_every_ring_of_a_multipolygon_is_a_path_of_its_own():
    two = {"type": "MultiPolygon", "coordinates": [[[[0, 0], [90, 0], [0, 0]]], [[[0, 0], [-45, 0], [0, 0]]]]}
    assert path_data(two, projector(_frame(0))) == "M100.0 50.0L228.0 50.0L100.0 50.0ZM100.0 50.0L36.0 50.0L100.0 50.0Z"


def test_a_partner_line_eastwards_bows_south_as_the_print_arrows_do():
    # Half way along is (5, 0); a quarter of the 10 px length to the right of the way east is 2.5 px down.
    assert link_path((0.0, 0.0), (10.0, 0.0)) == "M0.0 0.0Q5.0 2.5 10.0 0.0"


@pytest.fixture(scope="module")
def svg() -> str:
    """Every borough in one category, Camden outlined and a partner line from Camden to the City."""
    boroughs = load_boundaries().reset_index()[["ons_code", "name"]].assign(Area="borough")
    spec = MapSpec("Area", boroughs, "Area", ("borough",), {"borough": "#1d70b8"}, {"borough": "B"}, ("Area",),
                   "Map of the 33 boroughs: 33 borough.", outlined=(CAMDEN,), outline_label="Outlined",
                   links=((CAMDEN, CITY),), link_label="Partner")
    return map_svg(spec, map_frame(940))


def test_the_still_map_is_one_line_named_for_screen_readers(svg):
    assert "\n" not in svg
    assert svg.startswith('<svg class="still-map" viewBox="0 0 940 ')
    assert 'role="img" aria-label="Map of the 33 boroughs: 33 borough."' in svg


def test_every_borough_is_a_filled_area_with_its_name_and_tooltip_lines_as_its_title(svg):
    assert svg.count('fill="#1d70b8"') == 33
    assert "<title>Camden&#10;Area: borough</title>" in svg


def test_the_outlined_borough_and_the_partner_line_are_drawn_over_the_areas(svg):
    outlines = re.search(f'<g fill="none" stroke="{PILOT_OUTLINE}"[^>]*>(.*?)</g>', svg).group(1)
    links = re.search(f'<g fill="none" stroke="{LINK_COLOUR}"[^>]*>(.*?)</g>', svg).group(1)
    assert outlines.count("<path") == 1 and links.count("<path") == 1 and links.startswith('<path d="M')


def test_every_borough_is_labelled_with_its_abbreviation_over_its_mark(svg):
    texts = re.findall(r"<text [^>]*><tspan [^>]*>([^<]*)</tspan><tspan [^>]*>([^<]*)</tspan></text>", svg)
    assert len(texts) == 33 and ("CMD", "B") in texts and ("CTY", "B") in texts


@pytest.fixture
def clickable(framework, scores) -> str:  # noqa: F811
    """The hand-worked round's levels, clickable."""
    return map_svg(level_map(scores, framework, "overall"), map_frame(940), clickable=True)


def test_the_clickable_map_is_a_group_named_by_its_description_with_a_link_per_borough_the_first_tabbed_to(clickable):
    assert clickable.startswith('<svg class="borough-map" viewBox="0 0 940 ')
    assert ('role="group" aria-label="Map of the 33 boroughs by overall index level: 1 Developing, 1 Embedded, 1 Not assessed, '
            '30 No response."') in clickable
    assert clickable.count('role="link" tabindex=') == 33 and "<title>" not in clickable
    assert clickable.count('tabindex="0"') == 1 and f'data-code="{CITY}" role="link" tabindex="0"' in clickable


def test_a_clickable_borough_carries_its_code_colour_and_tooltip_lines(clickable):
    # Camden 2.61, Developing: YlGnBu's third colour #41b6c4.
    camden = re.search(f'<path [^>]*data-code="{CAMDEN}"[^>]*/>', clickable).group(0)
    assert 'fill="#41b6c4"' in camden
    assert 'aria-label="Camden. Score: 2.61. Level: Developing"' in camden
    assert 'data-tip="Camden&#10;Score: 2.61&#10;Level: Developing"' in camden
    assert 'aria-label="Barnet. Score: 3.86 (few respondents). Level: Embedded"' in clickable  # one respondent


def test_every_clickable_borough_is_labelled_with_its_abbreviation_over_its_mark(clickable):
    texts = re.findall(r"<text [^>]*><tspan [^>]*>([^<]*)</tspan><tspan [^>]*>([^<]*)</tspan></text>", clickable)
    assert len(texts) == 33 and {("CMD", "3"), ("BRN", "4"), ("HCK", "NA"), ("CTY", "NR")} <= set(texts)


def test_the_clickable_map_has_an_empty_highlight_in_focus_yellow_over_black(clickable):
    highlight = re.search(r'<g class="highlight"[^>]*>(.*?)</g>', clickable).group(1)
    assert highlight == f'<path stroke="{LABEL_COLOUR}" stroke-width="6"/><path stroke="{FOCUS_COLOUR}" stroke-width="3"/>'


def test_a_map_without_pilot_or_partners_draws_no_outline_or_line(clickable):
    assert re.search(f'<g fill="none" stroke="{PILOT_OUTLINE}"[^>]*></g>', clickable)
    assert re.search(f'<g fill="none" stroke="{LINK_COLOUR}"[^>]*></g>', clickable)


def test_the_readiness_map_outlines_the_pilot_and_joins_nearly_ready_to_partner_at_their_labels(framework, scores):  # noqa: F811
    # Leadership at least 3.5: Camden 3.25 is nearly ready, Barnet 4.0 ready, Hackney 1.0 not yet.
    table = readiness(scores[list(framework.dimension_ids)], {"leadership": 3.5}, 0.5, peers={CAMDEN: [HACKNEY, BARNET]})
    frame = map_frame(940)
    drawn = map_svg(readiness_map(scores, table, framework, running_in=(BARNET,)), frame, clickable=True)
    outlines = re.search(f'<g fill="none" stroke="{PILOT_OUTLINE}"[^>]*>(.*?)</g>', drawn).group(1)
    barnet = re.search(f'<path d="([^"]*)"[^>]*data-code="{BARNET}"', drawn).group(1)
    assert outlines == f'<path d="{barnet}"/>'
    line = re.search(f'<g fill="none" stroke="{LINK_COLOUR}"[^>]*><path d="M([-0-9. ]+)Q[-0-9. ]+ ([-0-9.]+) ([-0-9.]+)"/></g>',
                     drawn)
    start, end = [float(v) for v in line.group(1).split()], (float(line.group(2)), float(line.group(3)))
    x, y = _on_screen(frame, frame.labels.loc[[CAMDEN, BARNET], "lon"], frame.labels.loc[[CAMDEN, BARNET], "lat"])
    assert start == pytest.approx([x[0], y[0]], abs=0.06) and end == pytest.approx((x[1], y[1]), abs=0.06)


def test_the_readers_own_borough_is_outlined_with_a_dash_over_a_white_line(framework, scores):  # noqa: F811
    svg = map_svg(level_map(scores, framework, "overall"), map_frame(940), clickable=True, own=CAMDEN)
    camden = re.search(f'<path d="([^"]*)"[^>]*data-code="{CAMDEN}"', svg).group(1)
    assert (f'<path d="{camden}" stroke="white" stroke-width="6"/><path d="{camden}" stroke="{LABEL_COLOUR}" '
            'stroke-width="3" stroke-dasharray="7 4"/>') in svg
    assert "stroke-dasharray" not in map_svg(level_map(scores, framework, "overall"), map_frame(940), clickable=True)


def test_on_a_phone_the_city_has_a_round_target_28_px_across_and_no_borough_has_one_on_a_desktop(framework, scores):  # noqa: F811
    spec = level_map(scores, framework, "overall")
    phone, desktop = (map_svg(spec, map_frame(width), clickable=True) for width in (358, 940))
    assert re.findall(r'<circle cx="[\d.]+" cy="[\d.]+" r="(\d+)" data-target="(\w+)"/>', phone) == [("14", CITY)]
    assert "data-target" not in desktop
    # 24 labels of 11 px on a phone (the largest areas'), every one on a desktop
    assert phone.count("<text ") == 24 and 'font-size="11"' in phone and desktop.count("<text ") == 33
