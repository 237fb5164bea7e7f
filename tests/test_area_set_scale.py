"""The dashboard's charts and maps at a big set's scale (issue 37): England's 296 points on Explore keep only the
reader's own labels; dozens of partner lines are not drawn over the readiness map, the caption saying where the
partners are; the briefing's scale-up plan shows the twelve most ready of England's 73 nearly ready. London's 33, its
few lines and its plan are drawn as before (tests/test_svg_maps.py, test_explore.py, test_viewmodels.py)."""

from __future__ import annotations

import re

import pandas as pd

from figures.explore import chart_labels, scatter_figure
from figures.map_spec import MapSpec
from figures.maps import legend_html, map_frame
from figures.palette import LINK_COLOUR
from figures.svg_maps import map_svg
from models.benchmark import london_briefing
from models.explore import Measure, Points
from models.results import StoredResults
from survey.boundaries import load_boundaries
from survey.pilots import load_pilots
from survey.settings import load_settings
from survey.store import SurveyStore
from tests.conftest import copy_demo_store
from tests.helpers import use_area_set
from viewmodels.briefing import briefing_view
from viewmodels.readiness import readiness_view


def _points(count: int) -> pd.DataFrame:
    """``count`` points labelled P0, P1 ...; the first the reader's own, the second a neighbour."""
    marks = ["Your council", "Statistical neighbour", *[""] * (count - 2)]
    return pd.DataFrame({"label": [f"P{n}" for n in range(count)], "name": [f"Place {n}" for n in range(count)],
                         "x": [float(n) for n in range(count)], "y": [1.0] * count, "group": [""] * count,
                         "size": [float("nan")] * count, "mark": marks}, index=[f"E0700{n:04d}" for n in range(count)])


def test_a_chart_of_up_to_60_points_labels_every_one():
    assert list(chart_labels(_points(60))) == [f"P{n}" for n in range(60)]


def test_a_chart_of_more_labels_only_the_readers_own_and_its_neighbours():
    labels = chart_labels(_points(61))
    assert list(labels[:3]) == ["P0", "P1", ""] and set(labels[2:]) == {""}
    measure = Measure("overall", "Overall index", "score")
    figure = scatter_figure(Points(_points(296), measure, measure, 2.5, 2.5, None, ""))
    assert [t for t in figure.data[0].text if t] == ["P0", "P1"]
    assert list(figure.data[0].customdata[200]) == ["E07000200", "Place 200"]  # still named on hover


def _spec(links: int) -> MapSpec:
    """London's areas in one category, with ``links`` partner lines from Camden to the City."""
    boroughs = load_boundaries().reset_index()[["ons_code", "name"]].assign(Area="borough")
    return MapSpec("Area", boroughs, "Area", ("borough",), {"borough": "#1d70b8"}, {"borough": "B"}, ("Area",),
                   "Map.", links=(("E09000007", "E09000001"),) * links, link_label="Partner")


def _lines(svg: str) -> int:
    return re.search(f'<g fill="none" stroke="{LINK_COLOUR}"[^>]*>(.*?)</g>', svg).group(1).count("<path")


def test_twelve_partner_lines_are_drawn_and_named_in_the_legend():
    spec = _spec(12)
    assert _lines(map_svg(spec, map_frame(940))) == 12
    assert "Partner" in legend_html(spec, 16)


def test_thirteen_are_too_many_lines_to_read_the_map_under_and_none_is_drawn():
    spec = _spec(13)
    assert _lines(map_svg(spec, map_frame(940))) == 0
    assert "Partner" not in legend_html(spec, 16)


def test_englands_readiness_caption_says_the_table_gives_the_partners(framework):
    # Fifteen nearly-ready councils (2.8 on every dimension, against 3.0 for the pilot), each with a ready partner
    # (3.5): fifteen lines would be drawn in London's way; here the caption points to the table.
    dimensions = list(framework.dimension_ids)
    with use_area_set("england"):
        codes = list(load_boundaries().index)
        nearly, ready = codes[:15], codes[15]
        scores = pd.DataFrame(2.8, index=[*nearly, ready], columns=dimensions)
        scores.loc[ready] = 3.5
        scores["overall"] = scores[dimensions].mean(axis=1)
        scores["level"] = "Developing"
        scores["respondents"], scores["few_respondents"] = 3, False
        view = readiness_view(framework, scores, {code: [ready] for code in nearly}, "2025", "custom",
                              {"data": 3.0}, 0.5)
        assert len(view.map.links) == 15 and view.map.drawn_links == ()
        assert ("1 ready, 15 nearly ready, 0 not yet, 0 not assessed, 280 no response. The table gives each "
                "nearly-ready council's suggested partners: 15 lines would hide the map. Point at a council") \
            in view.map_description


def test_englands_briefing_shows_the_twelve_most_ready_plan_cards_and_counts_the_rest(framework, area_set_demo_store,
                                                                                   tmp_path):
    # Round 2025 of England's demo: 73 councils nearly ready for the online housing repairs service (as the pack's
    # readiness slide counts them); the plan shows twelve, Blackburn with Darwen (margin -0.05) first.
    url = copy_demo_store(area_set_demo_store("england"), f"sqlite:///{tmp_path / 'store.sqlite'}")
    with use_area_set("england"):
        rounds = StoredResults(SurveyStore(url), framework, load_settings()).at().scored_rounds(with_provisional=False)
        library = load_pilots(framework)
        briefing = london_briefing(framework, rounds, "2025", library, library.get("housing_repairs"),
                                   target_level="Developing")
        view = briefing_view(framework, briefing)
    assert len(view.plan) == 12 and view.plan[0].borough == "Blackburn with Darwen"
    assert view.plan_more == ("61 more nearly-ready councils: the Pilot readiness page lists each, most ready first, "
                              "with its partners.")
