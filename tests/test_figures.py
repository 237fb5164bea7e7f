"""Figure builders: every map carries all 33 boroughs, named categories and a text alternative."""

import json

import pytest

from figures.london_maps import describe_categories, gap_map, level_map, readiness_map
from models.readiness import readiness
from models.scoring import score_round
from models.summary import level_order
from survey.areas import BOUNDARIES_GEOJSON
from survey.reading import read_survey
from tests.conftest import survey_csv
from tests.fixtures.hand_worked import hand_worked_rows


@pytest.fixture(scope="module")
def geojson():
    return json.loads(BOUNDARIES_GEOJSON.read_text(encoding="utf-8"))


@pytest.fixture
def scores(framework):
    parsed = read_survey(survey_csv(framework, hand_worked_rows(framework)), framework, round_label="2026")
    return score_round(parsed.answers.merge(parsed.responses, on="response_id"), framework)


def test_the_level_map_draws_every_borough_once_with_one_legend_entry_per_level(framework, scores, geojson):
    figure, table = level_map(scores, framework, "overall", geojson)
    drawn = [code for trace in figure.data for code in trace.locations]
    assert sorted(drawn) == sorted(table["ons_code"]) and len(drawn) == 33
    assert [trace.name for trace in figure.data] == ["Developing (1)", "Embedded (1)", "Not assessed (1)", "No response (30)"]
    camden = next(t for t in figure.data if "E09000007" in t.locations)
    assert list(camden.customdata[0]) == ["Camden", "2.61", "Developing"]


def test_the_text_alternative_counts_categories_in_order(framework, scores, geojson):
    _, table = level_map(scores, framework, "overall", geojson)
    assert describe_categories(table, "Level", level_order(framework), "overall level") == (
        "Map of the 33 boroughs by overall level: 1 Developing, 1 Embedded, 1 Not assessed, 30 No response.")


def test_the_gap_map_bands_each_borough(framework, scores, geojson):
    _, table = gap_map(scores, framework, "leadership", "Developing", geojson)
    bands = table.set_index("ons_code")["Gap to target"]
    # Camden leadership 3.25 (+0.65), Hackney 1.0 (-1.6), Barnet 4.0 (+1.4).
    assert bands[["E09000007", "E09000012", "E09000003", "E09000001"]].tolist() == [
        "0.5 or more above", "More than 0.5 below", "0.5 or more above", "No response"]


def test_the_readiness_map_names_status_margin_and_where_the_pilot_runs(framework, scores, geojson):
    table = readiness(scores[list(framework.dimension_ids)], {"leadership": 3.0}, 0.5)
    _, shown = readiness_map(scores, table, framework, geojson, running_in=("E09000007",))
    camden = shown.set_index("ons_code").loc["E09000007"]
    assert (camden["Status"], camden["Margin"], camden["Bottleneck"], camden["Pilot"]) == (
        "Ready", "+0.25", "Leadership & strategy", "runs here")
