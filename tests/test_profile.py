"""Strengths and gaps against London and the peer group."""

import math

import pandas as pd
import pytest

from models.profile import next_level_step, strengths_and_gaps


@pytest.fixture
def scores(framework):
    dims = list(framework.dimension_ids)
    rows = {
        "E09000001": [3.0, 2.0, 1.5, 3.6, 2.6, 2.6, 2.6],
        "E09000002": [2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0],
        "E09000003": [2.5, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0],
        "E09000004": [1.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0],
    }
    return pd.DataFrame.from_dict(rows, orient="index", columns=dims)


def test_strengths_and_gaps_are_the_dimensions_furthest_from_the_london_median(framework, scores):
    table = strengths_and_gaps(scores, framework, "E09000001", ["E09000002", "E09000003"]).set_index("dimension")
    # London medians: leadership 2.25, services 2.5, data 2.5, technology 3.3, the other three 2.8.
    assert table.loc["leadership", "vs_london"] == pytest.approx(0.75)
    assert table.loc["data", "vs_london"] == pytest.approx(-1.0)
    assert table.loc["technology", "vs_london"] == pytest.approx(0.3)
    assert table["kind"].to_dict() == {
        "leadership": "strength", "services": "gap", "data": "gap", "technology": "strength",
        "cyber": "", "people": "", "collaboration": "",
    }
    # Peer median (boroughs 2 and 3, the borough itself excluded): data (2.0 + 3.0) / 2 = 2.5.
    assert table.loc["data", "peer_median"] == pytest.approx(2.5)
    assert table.loc["data", "vs_peers"] == pytest.approx(-1.0)


def test_a_gap_names_the_next_levels_descriptor(framework, scores):
    table = strengths_and_gaps(scores, framework, "E09000001", []).set_index("dimension")
    expected = "To reach Emerging in Data & insight: " + framework.dimension("data").descriptors[2]
    assert table.loc["data", "next_step"] == expected
    assert table.loc["leadership", "next_step"] == ""
    assert math.isnan(table.loc["data", "peer_median"])


def test_there_is_no_next_step_above_leading_or_for_a_missing_score(framework):
    assert next_level_step(framework, "cyber", "Leading") == ""
    assert next_level_step(framework, "cyber", "Not assessed") == ""
    assert next_level_step(framework, "cyber", "Embedded").startswith("To reach Leading in Cyber security & resilience: ")
