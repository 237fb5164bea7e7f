"""Peer groups: ONS context neighbours, maturity neighbours and the others."""

import csv

import numpy as np
import pandas as pd
import pytest

from models.peers import compare_with_group, context_neighbours, maturity_neighbours, peer_group, same_inner_outer
from tests.conftest import ROOT

SHARED_NEIGHBOURS = ROOT.parent / "shared" / "data" / "london_ons_nearest_neighbours_2025.csv"


def _ons_london_order(code: str) -> list[str]:
    """The ONS file's own London neighbours of a borough, in its rank order (read independently)."""
    path = SHARED_NEIGHBOURS if SHARED_NEIGHBOURS.exists() else ROOT / "data" / "london_ons_nearest_neighbours_2025.csv"
    with path.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["ons_code"] == code and r.get("neighbour_is_london", "True") == "True"]
    return [r["neighbour_code"] for r in sorted(rows, key=lambda r: int(r["neighbour_rank"]))]


@pytest.mark.parametrize("code", ["E09000007", "E09000001", "E09000029"])
def test_context_neighbours_follow_the_ons_london_order(code):
    assert list(context_neighbours(code, n=32)["neighbour_code"]) == _ons_london_order(code)


def test_camden_context_neighbours_by_name():
    assert list(context_neighbours("E09000007", n=3)["neighbour_name"]) == [
        "Westminster", "Kensington and Chelsea", "Hammersmith and Fulham",
    ]


def test_inner_outer_peers_share_the_same_half():
    inner = same_inner_outer("E09000007")
    assert len(inner) == 13 and "E09000007" not in inner and "E09000033" in inner
    assert len(same_inner_outer("E09000003")) == 18


@pytest.fixture
def profiles():
    # B is A shifted by 0.1 everywhere; C differs from A only on data; D is far away.
    base = [2.0, 2.5, 3.0, 2.0, 3.5, 2.5, 3.0]
    columns = ["leadership", "services", "data", "technology", "cyber", "people", "collaboration"]
    return pd.DataFrame({
        "A": base, "B": [v + 0.1 for v in base], "C": [*base[:2], 4.5, *base[3:]], "D": [4.5] * 7,
    }, index=columns).T


def test_maturity_neighbours_are_nearest_first_with_the_gap_on_each_dimension(profiles):
    table = maturity_neighbours(profiles, "A", n=3)
    assert table["neighbour_code"].tolist() == ["B", "C", "D"]
    assert table.loc[1, "data"] > 1.0 and table.loc[1, "leadership"] == 0.0  # C is far only on data
    z_data = profiles["data"].std(ddof=0)
    assert table.loc[1, "distance"] == pytest.approx(1.5 / z_data)


def test_a_missing_dimension_is_left_out_of_the_distance_and_scaled(profiles):
    gappy = profiles.copy()
    gappy.loc["B", "data"] = np.nan
    table = maturity_neighbours(gappy, "A", n=3).set_index("neighbour_code")
    assert np.isnan(table.loc["B", "data"])
    assert table.index[0] == "B"


def test_peer_groups_never_include_the_borough_itself(profiles):
    labels = pd.Series({"A": 1, "B": 1, "C": 2, "D": 2})
    assert peer_group("cluster", "A", profiles, labels) == ["B"]
    assert peer_group("custom", "A", profiles, picked=["A", "D"]) == ["D"]
    assert peer_group("maturity", "A", profiles, n=2) == ["B", "C"]
    with pytest.raises(ValueError):
        peer_group("friends", "A", profiles)


def test_compare_with_group_gives_median_range_and_difference(profiles):
    table = compare_with_group(profiles, "A", ["B", "C", "D"], {d: d.title() for d in profiles.columns}).set_index("dimension")
    assert table.loc["data", ["score", "group_median", "group_min", "group_max"]].tolist() == [3.0, 4.5, 3.1, 4.5]
    assert table.loc["data", "difference"] == pytest.approx(-1.5)
