"""Trends across rounds on hand-built data."""

import pandas as pd
import pytest

from models.trends import borough_trend, framework_changes, level_transitions, london_medians, movers

DIMS = ["leadership", "services", "data", "technology", "cyber", "people", "collaboration"]


def _round(values: dict[str, float], levels: dict[str, str]) -> pd.DataFrame:
    table = pd.DataFrame({d: values for d in DIMS})
    table["overall"] = pd.Series(values)
    table["level"] = pd.Series(levels)
    return table


@pytest.fixture
def rounds():
    before = _round({"A": 2.0, "B": 3.0, "C": 3.5}, {"A": "Emerging", "B": "Developing", "C": "Embedded"})
    after = _round({"A": 2.7, "B": 3.0, "D": 1.5, "C": 3.0}, {"A": "Developing", "B": "Developing", "D": "Initial", "C": "Developing"})
    return before, after


def _ranks(spec: dict[str, tuple[int, int, int]]) -> pd.DataFrame:
    table = pd.DataFrame(spec, index=["rank", "rank_p05", "rank_p95"]).T
    table["rank_text"] = [f"{r} ({lo}-{hi})" for r, lo, hi in table.values]
    return table


def test_london_medians_per_round(framework, rounds):
    medians = london_medians({"2024": rounds[0], "2025": rounds[1]}, framework)
    assert medians.loc["2024", "overall"] == 3.0
    assert medians.loc["2025", "data"] == pytest.approx(2.85)  # median of 1.5, 2.7, 3.0, 3.0


def test_level_transitions_count_boroughs_in_both_rounds(framework, rounds):
    table = level_transitions(*rounds, framework)
    assert table.loc["Emerging", "Developing"] == 1
    assert table.loc["Developing", "Developing"] == 1
    assert table.loc["Embedded", "Developing"] == 1
    assert int(table.to_numpy().sum()) == 3  # D only in the later round


def test_movers_flag_only_changes_whose_rank_ranges_do_not_overlap(rounds):
    before_ranks = _ranks({"A": (3, 3, 3), "B": (2, 1, 2), "C": (1, 1, 2)})
    after_ranks = _ranks({"A": (2, 1, 2), "B": (1, 1, 2), "C": (1, 1, 2), "D": (4, 4, 4)})
    table = movers(*rounds, before_ranks, after_ranks)
    assert table.index.tolist() == ["A", "C"]  # B did not change; D was not in the first round
    assert table.loc["A", "change"] == pytest.approx(0.7) and table.loc["A", "direction"] == "up"
    assert bool(table.loc["A", "clear"])  # 3rd (3-3) -> 2nd (1-2): ranges apart
    assert not bool(table.loc["C", "clear"])  # falls 0.5 but its rank range did not move


def test_a_boroughs_trend_has_gaps_where_it_did_not_respond(framework, rounds):
    trend = borough_trend({"2024": rounds[0], "2025": rounds[1]}, "D", framework)
    assert trend["overall"].isna().tolist() == [True, False]


def test_a_framework_change_between_rounds_is_noted():
    table = pd.DataFrame({"round": ["2023", "2024", "2025"], "framework_version": ["1.0", "1.0", "1.1"]})
    assert framework_changes(table) == [
        "The framework changed between round 2024 (version 1.0) and round 2025 (version 1.1): compare their scores with care."]
