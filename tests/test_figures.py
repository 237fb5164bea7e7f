"""Figure builders: every map carries all 33 boroughs, named categories and a text alternative."""

import pandas as pd
import pytest

from matplotlib.colors import to_hex

from figures.london_maps import gap_map, level_map, readiness_map
from figures.charts import trend_lines
from figures.print_maps import print_map
from models.readiness import readiness
from models.disclosure import disclosed
from models.scoring import score_round
from survey.reading import read_survey
from tests.helpers import survey_csv
from tests.fixtures.hand_worked import hand_worked_rows


@pytest.fixture
def scores(framework):
    parsed = read_survey(survey_csv(framework, hand_worked_rows(framework)), framework, round_label="2026")
    return disclosed(score_round(parsed.answers.merge(parsed.responses, on="response_id"), framework), 2,
                     respondent_detail=False)  # a minimum of 2 respondents: Hackney and Barnet have few


def test_the_text_alternative_counts_categories_in_order(framework, scores):
    assert level_map(scores, framework, "overall").description == (
        "Map of the 33 boroughs by overall index level: 1 Developing, 1 Embedded, 1 Not assessed, 30 No response.")


def test_the_legend_gives_each_present_category_its_mark_count_and_hatch(framework, scores):
    legend = level_map(scores, framework, "overall").legend()
    assert [(e.text, e.hatch) for e in legend] == [
        ("3  Developing (1)", "...."), ("4  Embedded (1)", "xxxx"), ("NA  Not assessed (1)", "----"),
        ("NR  No response (30)", "++++")]


def test_every_borough_carries_the_mark_of_its_category(framework, scores):
    marks = level_map(scores, framework, "overall").marked()
    # Camden 2.61 Developing, Barnet Embedded, Hackney has a dimension unscored, the City did not respond.
    assert marks[["E09000007", "E09000003", "E09000012", "E09000001"]].tolist() == ["3", "4", "NA", "NR"]


def test_the_print_map_fills_boroughs_with_the_specifications_colours_and_hatches(framework, scores):
    spec = level_map(scores, framework, "overall")
    figure = print_map(spec).figure
    fills = {(to_hex(c.get_facecolor()[0]), c.get_hatch() or "") for c in figure.axes[0].collections}
    # Developing, Embedded (YlGnBu 3rd and 4th), Not assessed and No response (greys), hatched by legend place.
    assert fills == {("#41b6c4", "...."), ("#2c7fb8", "xxxx"), ("#bdbdbd", "----"), ("#f0f0f0", "++++")}
    labels = [t.get_text() for t in figure.axes[0].texts if t.get_color() != "white"]  # not their halos
    assert len(labels) == 33 and "CMD\n3" in labels
    legend = [t.get_text() for t in figure.legends[0].get_texts()]
    assert legend == ["3  Developing (1)", "4  Embedded (1)", "NA  Not assessed (1)", "NR  No response (30)"]


def test_the_gap_map_bands_each_borough(framework, scores):
    table = gap_map(scores, framework, "leadership", "Developing").table
    bands = table.set_index("ons_code")["Gap to target"]
    # Camden leadership 3.25 (+0.65), Hackney 1.0 (-1.6), Barnet 4.0 (+1.4).
    assert bands[["E09000007", "E09000012", "E09000003", "E09000001"]].tolist() == [
        "0.5 or more above", "More than 0.5 below", "0.5 or more above", "No response"]


def test_the_readiness_map_names_status_margin_and_where_the_pilot_runs(framework, scores):
    table = readiness(scores[list(framework.dimension_ids)], {"leadership": 3.0}, 0.5)
    spec = readiness_map(scores, table, framework, running_in=("E09000007",))
    shown = spec.table
    assert spec.outlined == ("E09000007",) and spec.outline_label == "Pilot already runs here"
    camden = shown.set_index("ons_code").loc["E09000007"]
    assert (camden["Status"], camden["Margin"], camden["Bottleneck"], camden["Pilot"]) == (
        "Ready", "+0.25", "Leadership & strategy", "runs here")


def test_score_axes_are_ticked_at_the_whole_levels_with_their_names(framework):
    trend = trend_lines(pd.DataFrame({"overall": [2.5, 2.7]}, index=["2024", "2025"]), {"overall": "Overall index"},
                        framework.level_names)
    axes = trend.axes[0]
    assert list(axes.get_yticks()) == [1, 2, 3, 4, 5]
    assert [t.get_text() for t in axes.get_yticklabels()] == ["1 Initial", "2 Emerging", "3 Developing", "4 Embedded",
                                                              "5 Leading"]
    assert axes.get_ylabel() == "Score and level"


def test_the_print_map_draws_the_partner_arrows_of_the_specification(framework, scores):
    # Leadership at least 3.5: Camden 3.25 is nearly ready and Barnet 4.0 is its ready partner.
    table = readiness(scores[list(framework.dimension_ids)], {"leadership": 3.5}, 0.5,
                      peers={"E09000007": ["E09000012", "E09000003"]})
    figure = print_map(readiness_map(scores, table, framework)).figure
    assert len(figure.axes[0].patches) == 1
    assert "Nearly ready → ready partner" in [t.get_text() for t in figure.legends[0].get_texts()]


def test_a_long_legend_entry_of_a_slide_map_wraps_inside_the_picture(framework, scores):
    # The slide's map picture (8.2 x 4.6 in, map 68% wide) cut "Nearly ready → ready partner" at "partr".
    table = readiness(scores[list(framework.dimension_ids)], {"leadership": 3.5}, 0.5,
                      peers={"E09000007": ["E09000012", "E09000003"]})
    figure = print_map(readiness_map(scores, table, framework), width=8.2, height=4.6, map_share=0.68).figure
    figure.canvas.draw()  # lays the legend out
    texts = figure.legends[0].get_texts()
    assert texts[-1].get_text() == "Nearly ready → ready\npartner"
    assert max(t.get_window_extent().x1 for t in texts) <= figure.bbox.x1


def test_large_print_labels_never_overlap_and_a_borough_too_small_for_its_label_is_numbered_in_the_key(framework, scores):
    # A slide's map: 8.8 x 4.85 inches, labels at 18 pt. The City of London (about 3 km²) cannot hold "CTY".
    drawn = print_map(level_map(scores, framework, "overall"), width=8.8, height=4.85, label_points_size=18,
                      legend_points=18, map_share=0.6, with_marks=False)
    drawn.figure.canvas.draw()
    labels = [t for t in drawn.figure.axes[0].texts if t.get_color() != "white"]
    assert len(labels) == 33 and {t.get_fontsize() for t in labels} == {18}
    keyed = dict(drawn.keyed)
    assert "E09000001" in keyed.values() and sorted(keyed) == list(range(1, len(keyed) + 1))
    assert {t.get_text() for t in labels if t.get_text().isdigit()} == {str(n) for n in keyed}
    boxes = [t.get_window_extent() for t in labels]
    overlapping = [(a.get_text(), b.get_text()) for i, a in enumerate(labels) for j, b in enumerate(labels)
                   if i < j and boxes[i].overlaps(boxes[j])]
    assert overlapping == []


def test_an_area_around_another_leaves_a_hole_for_it_however_its_rings_are_wound():
    """South Cambridgeshire surrounds Cambridge: its hole must stay unpainted, or whichever category is drawn later
    covers the other. A 4 x 4 square with a 2 x 2 hole, both rings wound the same way (as a file may give them),
    filled black on a 40 x 40 pixel canvas: the hole's centre stays white, the ring's corner is black."""
    import numpy as np
    import shapely
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import PatchCollection
    from matplotlib.figure import Figure
    from matplotlib.patches import PathPatch

    from figures.print_maps import _outline

    area = shapely.Polygon([(0, 0), (4, 0), (4, 4), (0, 4)], [[(1, 1), (3, 1), (3, 3), (1, 3)]])  # both anticlockwise
    figure = Figure(figsize=(1, 1), dpi=40)
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, 4)
    axes.set_ylim(0, 4)
    axes.add_collection(PatchCollection([PathPatch(_outline(area))], facecolor="black", edgecolor="none"))
    figure.canvas.draw()
    pixels = np.asarray(figure.canvas.buffer_rgba())[:, :, :3]
    assert pixels[20, 20].tolist() == [255, 255, 255]  # the hole's centre (2, 2)
    assert pixels[3, 3].tolist() == [0, 0, 0]  # near the corner (0.3, 3.7), in the ring
