"""Pilot readiness with hand-worked margins."""

import math

import numpy as np
import pandas as pd
import pytest

from models.readiness import NEARLY_READY, NOT_ASSESSED, NOT_YET, READY, ranked, readiness, status_counts
from survey.settings import load_settings
from survey.pilots import PilotFileError, load_pilots


@pytest.fixture
def scores() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "data": [3.5, 3.0, 2.5, 2.49, 3.8, np.nan],
            "technology": [3.0, 3.2, 3.0, 3.0, 2.0, 3.0],
        },
        index=["A", "B", "C", "D", "E", "F"],
    )


REQUIREMENTS = {"data": 3.0, "technology": 2.8}
BAND = 0.5  # the nearly-ready band used in these hand-worked cases


def test_margin_is_the_weakest_link_and_sets_the_bottleneck(scores):
    table = readiness(scores, REQUIREMENTS, BAND)
    # A: data +0.5, technology +0.2 -> margin 0.2 on technology.
    assert table.loc["A", "margin"] == pytest.approx(0.2)
    assert table.loc["A", "bottleneck"] == ["technology"]
    # E: data +0.8, technology -0.8 -> margin -0.8 on technology.
    assert table.loc["E", "margin"] == pytest.approx(-0.8)
    assert table.loc["E", "bottleneck"] == ["technology"]


def test_status_boundaries_at_zero_and_minus_half(scores):
    table = readiness(scores, REQUIREMENTS, BAND)
    assert table.loc["B", "margin"] == 0.0 and table.loc["B", "status"] == READY  # data exactly 3.0
    assert table.loc["C", "margin"] == -0.5 and table.loc["C", "status"] == NEARLY_READY  # data exactly 2.5
    assert table.loc["D", "margin"] == pytest.approx(-0.51) and table.loc["D", "status"] == NOT_YET
    assert table.loc["E", "status"] == NOT_YET


def test_a_missing_required_dimension_is_not_assessed_never_ready(scores):
    table = readiness(scores, REQUIREMENTS, BAND)
    assert table.loc["F", "status"] == NOT_ASSESSED
    assert math.isnan(table.loc["F", "margin"])
    assert table.loc["F", "bottleneck"] == ["data"]
    assert pd.isna(table.loc["F", "wave"])


def test_a_missing_dimension_the_pilot_does_not_need_does_not_matter(scores):
    table = readiness(scores, {"technology": 3.0}, BAND)
    assert table.loc["F", "status"] == READY
    assert table["status"].tolist() == [READY, READY, READY, READY, NOT_YET, READY]


def test_uplift_is_the_shortfall_on_each_required_dimension(scores):
    table = readiness(scores, REQUIREMENTS, BAND)
    assert table.loc["E", "uplift_technology"] == pytest.approx(0.8)
    assert table.loc["E", "uplift_data"] == 0.0
    assert table.loc["C", "uplift_data"] == pytest.approx(0.5)


def test_waves_and_counts(scores):
    table = readiness(scores, REQUIREMENTS, BAND)
    # C: data 0.5 short (one uplift, within the band); D 0.51 and E 0.8 short: beyond the band.
    assert table["wave"].tolist() == [1, 1, 2, 4, 4, pd.NA]
    assert status_counts(table) == {READY: 2, NEARLY_READY: 1, NOT_YET: 2, NOT_ASSESSED: 1}
    assert ranked(table).index.tolist() == ["A", "B", "C", "D", "E", "F"]


def test_waves_count_the_dimensions_short_and_how_far():
    scores = pd.DataFrame({"data": [2.7, 2.7, 3.0, 2.4], "technology": [2.6, 3.0, 1.0, 2.7]}, index=["G", "H", "I", "J"])
    table = readiness(scores, REQUIREMENTS, BAND)
    # G: data 0.3 and technology 0.2 short -> two uplifts; H: data 0.3 short -> one; I: technology 1.8 short;
    # J: data 0.6 short (beyond the band) and technology 0.1 short.
    assert table["shortfalls"].tolist() == [2, 1, 1, 2]
    assert table["wave"].tolist() == [3, 2, 4, 4]
    assert table["status"].tolist() == [NEARLY_READY, NEARLY_READY, NOT_YET, NOT_YET]


def test_partners_are_ready_peers_in_order_of_preference(scores):
    peers = {"C": ["E", "B", "A", "B"], "E": ["D", "C"], "A": ["B"]}
    table = readiness(scores, REQUIREMENTS, BAND, peers=peers)
    assert table.loc["C", "partners"] == ["B", "A"]  # E is not ready; B once
    assert table.loc["E", "partners"] == []  # no ready peer
    assert table.loc["A", "partners"] == []  # ready boroughs need no partner


def test_the_nearly_ready_band_is_a_setting(scores):
    table = readiness(scores, REQUIREMENTS, nearly_ready_band=1.0)
    assert table.loc["E", "status"] == NEARLY_READY


def test_the_pilot_library_has_at_least_five_pilots_on_framework_dimensions(framework):
    library = load_pilots(framework)
    assert len(library.pilots) >= 5
    assert library.nearly_ready_band == 0.5
    assert library.get("damp_sensors").requirements == {"technology": 3.0, "data": 3.0, "cyber": 3.0, "collaboration": 2.6}


def test_a_pilot_requiring_an_unknown_dimension_is_rejected(framework, tmp_path):
    path = tmp_path / "pilots.yaml"
    path.write_text("pilots:\n  - {id: x, name: X, description: d, requirements: {magic: 3}}\n")
    with pytest.raises(PilotFileError, match="unknown dimension"):
        load_pilots(framework, load_settings(environ={"SURVEY_PILOTS_FILE": str(path)}))
