"""Charts drawn by matplotlib at the width they are shown: their ticks, labels, tooltips and SVG."""

import io
import re

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgb
from PIL import Image

from figures.charts import (Chart, chart_png, chart_svg, describe_level_stack, fitted_limits, level_stack, level_ticks,
                            profile_against_group, score_heatmap, trend_lines)
from figures.palette import LEVEL_COLOURS

LEVELS = ("Initial", "Emerging", "Developing", "Embedded", "Leading")


def profile_table() -> pd.DataFrame:
    return pd.DataFrame({"name": ["Data & insight", "Skills & culture"], "score": [2.875, 3.0],
                         "group_median": [2.5, 3.25], "group_min": [1.5, 2.0], "group_max": [3.5, 4.0]})


# Widths as matplotlib lays text out in DejaVu Sans, from its advance widths in 2048ths of an em: "3 Developing" is
# 1303 + 651 + 1577 + 1260 + 1212 + 1260 + 569 + 1253 + 1300 + 569 + 1298 + 1300 = 13552, at 13 px 86.0 px;
# "Developing" is 11598, 73.6 px. (Guessed at 0.58 em a character they were 90.5 and 75.4 px.)


def test_level_ticks_name_each_level_where_the_names_fit_side_by_side():
    # 86.0 px fits a 95 px spacing less 8 px.
    assert level_ticks(LEVELS, 95, 13) == ([1, 2, 3, 4, 5], ["1 Initial", "2 Emerging", "3 Developing", "4 Embedded",
                                                            "5 Leading"], "Score and level")


def test_level_ticks_put_the_name_under_the_number_where_only_the_name_fits():
    # 86.0 px does not fit 94 - 8 = 86 px (86.02 > 86); "Developing", 73.6 px, fits 82 - 8 = 74 px.
    for spacing in (94, 82):
        ticks, labels, title = level_ticks(LEVELS, spacing, 13)
        assert ticks == [1, 2, 3, 4, 5]
        assert labels == ["1\nInitial", "2\nEmerging", "3\nDeveloping", "4\nEmbedded", "5\nLeading"]
        assert title == "Score and level"


def test_level_ticks_fall_back_to_numbers_and_name_the_levels_in_the_title():
    # 73.6 px does not fit 81 - 8 = 73 px.
    ticks, labels, title = level_ticks(LEVELS, 81, 13)
    assert ticks == [1, 2, 3, 4, 5]
    assert labels == ["1", "2", "3", "4", "5"]
    assert title == "Score and level: 1 Initial, 2 Emerging, 3 Developing, 4 Embedded, 5 Leading"


def test_a_chart_is_drawn_at_the_width_it_is_shown_with_its_own_text_size():
    chart = Chart(trend_lines, (pd.DataFrame({"overall": [2.5, 2.7]}, index=["2024", "2025"]), {"overall": "Overall index"},
                                LEVELS), text_px=18)
    figure = chart.draw(358)
    assert figure.get_size_inches()[0] * 72 == 358
    assert figure.axes[0].get_ylabel() == "Score and level"
    assert figure.axes[0].yaxis.get_ticklabels()[0].get_fontsize() == 18


def test_profile_marks_carry_tooltips_as_tables_write_their_scores():
    svg = chart_svg(profile_against_group(profile_table(), "Camden", "Peer group", LEVELS), "Dot plot.", "p")
    titles = re.findall(r"<title>(.*?)</title>", svg)
    # 2.875 is written 2.88 (half up), as the table beside the chart writes it.
    assert titles == ["Data &amp; insight: Peer group: median 2.50", "Skills &amp; culture: Peer group: median 3.25",
                      "Data &amp; insight: Camden 2.88", "Skills &amp; culture: Camden 3.00"]


def test_the_svg_is_one_accessible_line_as_wide_as_its_container_in_the_page_font():
    svg = chart_svg(profile_against_group(profile_table(), "Camden", "Peer group", LEVELS, width_px=500),
                    'Camden "above" London.', "borough_profile")
    assert "\n" not in svg and svg.startswith("<svg ")
    opening = svg[:svg.index(">") + 1]
    assert 'viewBox="0 0 500 198"' in opening and 'width="100%"' in opening and 'role="img"' in opening
    assert "height=" not in opening and "max-width" not in opening  # the page decides how wide (ui.components)
    assert 'aria-label="Camden &quot;above&quot; London."' in opening
    assert "<style" not in svg and "<metadata" not in svg and "DejaVu" not in svg
    assert "font-family: 'Source Sans'" in svg


def test_every_id_in_the_svg_is_prefixed_by_its_key_and_every_reference_resolves():
    svg = chart_svg(profile_against_group(profile_table(), "Camden", "Peer group", LEVELS), "Dot plot.", "peer_profile")
    ids = re.findall(r' id="([^"]+)"', svg)
    references = re.findall(r'(?:href="#|url\(#)([^")]+)', svg)
    assert ids and all(i.startswith("peer_profile-") for i in ids)
    assert references and set(references) <= set(ids)


def test_the_level_stack_writes_a_count_too_wide_for_its_last_segment_beyond_the_bar():
    shares = pd.DataFrame({"name": ["Data"], "Initial": [1], "Emerging": [20], "Developing": [12], "Embedded": [0],
                           "Leading": [0]})
    wide = level_stack(shares, LEVELS, "Developing", width_px=940)
    narrow = level_stack(shares, LEVELS, "Developing", width_px=358, text_px=18)
    written = lambda figure: [t.get_text() for t in figure.axes[0].texts if t.get_text()]  # noqa: E731
    assert written(wide) == ["20", "1", "12"]  # drawn outwards from the split: Emerging, Initial, then Developing
    # At 358 px one borough is about 8 px wide: too narrow for an 18 px "1", which, the bar's last segment on the left,
    # is written beyond the bar's end (its tooltip tells too).
    assert written(narrow) == ["20", "12", "1"]
    beyond = narrow.axes[0].texts[-1]
    assert beyond.get_position()[0] < -21  # left of the bar's end at 21
    assert re.findall(r"<title>(.*?)</title>", chart_svg(narrow, "Split bars.", "gaps")) == [
        "Data: 20 at Emerging", "Data: 1 at Initial", "Data: 12 at Developing"]


def test_the_level_stack_puts_the_levels_below_the_target_left_of_the_line_and_the_rest_right():
    shares = pd.DataFrame({"name": ["Data", "Skills"], "Initial": [2, 6], "Emerging": [10, 18], "Developing": [13, 7],
                           "Embedded": [8, 2], "Leading": [0, 0]})
    axes = level_stack(shares, LEVELS, "Developing").axes[0]
    data = [(bar.get_x(), bar.get_x() + bar.get_width()) for bar in axes.patches if round(bar.get_y() + 0.35) == 0]
    assert data == [(-10, 0), (-12, -10), (0, 13), (13, 21), (21, 21)]  # Emerging, Initial; Developing, Embedded, Leading
    assert axes.get_xlim() == (-24.5, 21.5)  # Skills has 24 below; Data 21 at Developing or above
    assert axes.get_xlabel() == "← Boroughs below Developing  |  at Developing or above →"


def test_the_level_stack_needs_a_target_among_the_levels():
    shares = pd.DataFrame({"name": ["Data"], **{level: [1] for level in LEVELS}})
    with pytest.raises(ValueError, match="target level 'Expert' is not one of"):
        level_stack(shares, LEVELS, "Expert")


def test_the_heatmap_wraps_long_borough_names_on_a_phone_and_writes_every_score():
    matrix = pd.DataFrame({"Data & insight": [2.875, 1.5]}, index=["Kensington and Chelsea", "Camden"])
    figure = score_heatmap(matrix, width_px=358)
    axes = figure.axes[0]
    assert [t.get_text() for t in axes.get_yticklabels()] == ["Kensington\nand Chelsea", "Camden"]
    assert [t.get_text() for t in axes.texts] == ["2.88", "1.50"]
    assert [t.get_text() for t in score_heatmap(matrix, width_px=940).axes[0].get_yticklabels()][0] == "Kensington and Chelsea"


def test_a_png_is_scale_times_the_chart_in_pixels():
    # Two dimensions: (9 + 3.1 x 2) x 13 = 197.6, drawn 198 px high.
    figure = profile_against_group(profile_table(), "Camden", "Peer group", LEVELS, width_px=400)
    assert Image.open(io.BytesIO(chart_png(figure, scale=2))).size == (800, 396)


def test_a_trend_line_in_a_light_colour_is_edged_in_ink_and_the_overall_line_is_not():
    # The seventh line is yellow (#f0e442, 1.3:1 against white): drawn over a wider stroke in #0b0c0c.
    names = {f"d{i}": f"Line{i}" for i in range(1, 8)} | {"overall": "Overall index"}
    table = pd.DataFrame({column: [2.0, 2.5] for column in names}, index=["2024", "2025"])
    svg = chart_svg(trend_lines(table, names, LEVELS), "Lines.", "t")
    groups = dict(re.findall(r"<g><title>(\w+)[^<]*</title>(.*?)</g>", svg))
    assert "stroke: #0b0c0c; stroke-width: 3.5" in groups["Line7"] and "stroke: #f0e442" in groups["Line7"]
    assert "stroke-width: 3.5" not in groups["Overall"]


BAND_LOWERS = (1.0, 1.8, 2.6, 3.4, 4.2)


def test_a_fitted_axis_spans_the_data_with_a_margin_at_least_six_tenths_high_within_one_to_five():
    assert fitted_limits(np.array([2.2, 3.0])) == pytest.approx((2.05, 3.15))  # 0.8 apart: 0.15 either side
    assert fitted_limits(np.array([2.5, 2.7])) == pytest.approx((2.3, 2.9))  # 0.2 apart: widened to 0.6 round 2.6
    assert fitted_limits(np.array([1.05, 1.1])) == pytest.approx((1.0, 1.6))  # moved up, not below 1
    assert fitted_limits(np.array([4.9, np.nan, 5.0])) == pytest.approx((4.4, 5.0))  # moved down, not above 5
    assert fitted_limits(np.array([1.0, 5.0])) == pytest.approx((1.0, 5.0))


def test_london_medians_between_2_2_and_3_0_fill_the_chart_with_their_level_bands_named():
    # Medians from 2.2 to 3.0 cross Emerging [1.8, 2.6) and Developing [2.6, 3.4): the axis runs 2.05-3.15.
    table = pd.DataFrame({"data": [2.2, 2.4], "cyber": [2.9, 3.0]}, index=["2024", "2025"])
    figure = trend_lines(table, {"data": "Data", "cyber": "Cyber"}, LEVELS, band_lowers=BAND_LOWERS)
    axes, levels = figure.axes
    assert axes.get_ylim() == pytest.approx((2.05, 3.15))
    assert axes.get_ylabel() == "Score"
    assert [t.get_text() for t in levels.get_yticklabels()] == ["Emerging", "Developing"]
    assert levels.get_yticks() == pytest.approx([(2.05 + 2.6) / 2, (2.6 + 3.15) / 2])
    figure.canvas.draw()  # tick labels are written when drawn; 1.1 points high, ticked every 0.2
    assert [t.get_text() for t in axes.get_yticklabels() if 2.05 <= t.get_position()[1] <= 3.15] == [
        "2.2", "2.4", "2.6", "2.8", "3.0"]
    # The edge between the two bands is drawn at 2.6.
    assert [line.get_ydata()[0] for line in axes.get_lines() if line.get_linestyle() != "-"][-1:] == [2.6]


def test_without_band_edges_a_trend_runs_over_every_level():
    figure = trend_lines(pd.DataFrame({"overall": [2.5, 2.7]}, index=["2024", "2025"]), {"overall": "Overall"}, LEVELS)
    assert figure.axes[0].get_ylim() == pytest.approx((0.9, 5.1)) and len(figure.axes) == 1


def test_the_gaps_chart_says_which_counts_it_writes_in():
    shares = pd.DataFrame({"name": ["Data & insight"], "below_target": [3], "assessed": [5]})
    assert describe_level_stack(shares, "Developing") == (
        "Bars split at Developing: boroughs at each level on each dimension, those below Developing to the left of the "
        "line, the rest to the right, each count written in its segment or, where the segment is too narrow, just "
        "beyond the bar's end on the segment's colour, in the bar's order. Data & insight: 3 of 5 below Developing.")


def test_every_narrow_segment_has_its_count_beyond_the_bar_s_end_on_its_level_s_colour_in_the_bar_s_order():
    # Demo round 2025 on the briefing (940 px, 18 px text): Data & insight has 8 Initial, 9 Emerging, 14 Developing,
    # 1 Embedded and 1 Leading; Skills & culture's 24 below Developing, 22 at or above and the longest name set the
    # scale, about 13 px a borough, too narrow for an 18 px "1": the Embedded one, inside the bar, had no count at all.
    shares = pd.DataFrame({"name": ["Data & insight", "Skills & culture", "Technology & infrastructure"], "Initial": [8, 6, 1],
                           "Emerging": [9, 18, 10], "Developing": [14, 7, 13], "Embedded": [1, 2, 8], "Leading": [1, 0, 1]})
    axes = level_stack(shares, LEVELS, "Developing", width_px=940, text_px=18).axes[0]
    beyond = sorted((t for t in axes.texts if t.get_text() and t.get_position()[1] == 0 and t.get_position()[0] >= 16),
                    key=lambda t: t.get_position()[0])  # the counts written as text at a place, not a bar's label
    assert [t.get_text() for t in beyond] == ["1", "1"]
    assert [t.get_bbox_patch().get_facecolor()[:3] for t in beyond] == [to_rgb(LEVEL_COLOURS[3]), to_rgb(LEVEL_COLOURS[4])]
    assert beyond[1].get_position()[0] < axes.get_xlim()[1]  # inside the plot
    written = [t.get_text() for t in axes.texts if t.get_text()]
    assert sorted(written) == sorted(str(n) for n in shares.drop(columns="name").to_numpy().ravel() if n)  # each once


def test_a_narrow_last_segment_has_its_count_beyond_the_bar_s_end():
    # 20 boroughs below Developing and 12 at or above, one of them Leading: at 358 px a borough is a few pixels wide,
    # too narrow for "1" inside, so it is written just right of the bar's end (at 12 boroughs, beyond 12).
    shares = pd.DataFrame({"name": ["Data"], "Initial": [2], "Emerging": [18], "Developing": [11], "Embedded": [0],
                           "Leading": [1]})
    figure = level_stack(shares, LEVELS, "Developing", width_px=358)
    beyond = [t for t in figure.axes[0].texts if t.get_position()[0] > 12]
    assert [t.get_text() for t in beyond] == ["1"]
    assert figure.axes[0].get_xlim()[1] > beyond[0].get_position()[0]  # inside the plot
