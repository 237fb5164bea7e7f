"""Capability gaps on a hand-built round."""

import numpy as np
import pandas as pd
import pytest

from models.gaps import (
    ABOVE, AT, FAR_BELOW, JUST_BELOW, gap_band, gap_table, level_shares, shares_by_half, target_score, weakest_dimensions,
)

DIMS = ["leadership", "services", "data", "technology", "cyber", "people", "collaboration"]


@pytest.fixture
def scores() -> pd.DataFrame:
    # Camden (Inner), Hackney (Inner), Barnet (Outer), Bexley (Outer).
    rows = {
        "E09000007": [3.0, 2.6, 1.5, 3.4, 4.2, 2.0, 2.5],
        "E09000012": [2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0],
        "E09000003": [4.0, 3.0, 2.59, 3.0, 3.0, 3.0, 3.0],
        "E09000004": [1.0, 1.8, np.nan, 2.6, 3.4, 1.0, 1.0],
    }
    return pd.DataFrame.from_dict(rows, orient="index", columns=DIMS)


def test_target_score_is_the_levels_lower_edge(framework):
    assert target_score(framework, "Developing") == 2.6
    with pytest.raises(ValueError):
        target_score(framework, "Expert")


def test_level_counts_and_share_below_target(framework, scores):
    shares = level_shares(scores, framework, "Developing").set_index("dimension")
    # data: 1.5 Initial, 2.0 Emerging, 2.59 Emerging; Bexley not assessed. All three below 2.6.
    assert shares.loc["data", ["assessed", "Initial", "Emerging", "Developing", "below_target"]].tolist() == [3, 1, 2, 0, 3]
    assert shares.loc["data", "share_below_target"] == 1.0
    # services: 2.6 Developing (at target), 2.0 and 1.8 Emerging (below), 3.0 Developing -> 2 of 4 below.
    assert shares.loc["services", "below_target"] == 2 and shares.loc["services", "share_below_target"] == 0.5
    assert shares.loc["cyber", ["Emerging", "Developing", "Embedded", "Leading"]].tolist() == [1, 1, 1, 1]
    assert shares.loc["data", "median"] == 2.0


def test_weakest_dimensions_by_median_and_by_share_below_target(framework, scores):
    by_median, by_share = weakest_dimensions(level_shares(scores, framework, "Developing"), n=2)
    # Medians: leadership 2.5, services 2.3, data 2.0, technology 2.8, cyber 3.2, people 2.0, collaboration 2.25.
    assert by_median == ["data", "people"]
    assert by_share[0] == "data"


def test_inner_and_outer_london_are_split(framework, scores):
    table = shares_by_half(scores, framework, "Developing").set_index("dimension")
    assert table.loc["technology", "Inner London"] == 0.5  # Camden 3.4 above, Hackney 2.0 below
    assert table.loc["technology", "Outer London"] == 0.0  # Barnet 3.0, Bexley 2.6 at target


def test_gap_table_counts_dimensions_below_target(framework, scores):
    gaps = gap_table(scores, framework, "Developing")
    assert gaps.loc["E09000007", "data"] == pytest.approx(-1.1)
    assert gaps.loc["E09000007", "dimensions_below"] == 3  # data, people, collaboration (services 2.6 is at target)
    assert gaps.loc["E09000012", "dimensions_below"] == 7


@pytest.mark.parametrize("gap, band", [(0.5, ABOVE), (0.49, AT), (0.0, AT), (-0.01, JUST_BELOW), (-0.5, JUST_BELOW),
                                       (-0.51, FAR_BELOW), (np.nan, "Not assessed")])
def test_gap_bands(gap, band):
    assert gap_band(gap) == band
