"""Trends across rounds on hand-built data."""

import numpy as np
import pandas as pd
import pytest

from models.trends import (
    borough_trend, describe_change, framework_changes, level_moves, level_moves_sentence, level_transitions,
    london_medians, movers, score_changes,
)

DIMS = ["leadership", "services", "data", "technology", "cyber", "people", "collaboration"]


def _round(values: dict[str, float], levels: dict[str, str]) -> pd.DataFrame:
    table = pd.DataFrame({d: values for d in DIMS})
    table["overall"] = pd.Series(values)
    table["level"] = pd.Series(levels)
    return table


@pytest.fixture
def rounds():
    before = _round({"A": 2.0, "B": 3.0, "C": 3.5}, {"A": "Emerging", "B": "Developing", "C": "Embedded"})
    after = _round({"A": 2.7, "B": 3.0, "D": 1.5, "C": 3.0},
                   {"A": "Developing", "B": "Developing", "D": "Initial", "C": "Developing"})
    return before, after


def _draws(columns: dict[str, np.ndarray]) -> pd.DataFrame:
    return pd.DataFrame(columns)


@pytest.fixture
def changes(framework, rounds):
    # 21 draws. A: 2.0 -> 2.5..2.9 (differences 0.50..0.90, 5th-95th 0.52..0.88): clear.
    # C: 3.5 -> 2.6..3.6 (differences -0.90..+0.10, 5th-95th -0.85..+0.05): within. B: 3.0 -> 3.0.
    before = _draws({"A": np.full(21, 2.0), "B": np.full(21, 3.0), "C": np.full(21, 3.5)})
    after = _draws({"A": np.linspace(2.5, 2.9, 21), "B": np.full(21, 3.0), "C": np.linspace(2.6, 3.6, 21),
                    "D": np.full(21, 1.5)})
    return score_changes(*rounds, before, after, framework)


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


def test_a_change_is_clear_only_when_its_own_likely_range_excludes_zero(changes):
    assert changes.index.tolist() == ["A", "B", "C"]  # D was not in the first round
    assert changes["change"].tolist() == [0.7, 0.0, -0.5]
    assert changes["verdict"].tolist() == ["clear rise", "within the uncertainty", "within the uncertainty"]


def test_a_level_crossed_within_the_uncertainty_says_so(changes):
    assert changes["level_text"].tolist() == ["moved up into Developing", "stayed Developing",
                                              "crossed into Developing (within the uncertainty)"]


def test_a_change_reads_with_its_likely_range_and_verdict(changes):
    assert describe_change(changes.loc["A"]) == "+0.70 (likely +0.52 to +0.88), a clear rise; moved up into Developing"
    assert describe_change(changes.loc["C"]) == ("-0.50 (likely -0.85 to +0.05), within the uncertainty; "
                                                 "crossed into Developing (within the uncertainty)")


def test_level_moves_count_clear_and_uncertain_moves_apart(changes):
    moves = level_moves(changes)
    assert moves == {"up_clear": 1, "up_within": 0, "down_clear": 0, "down_within": 1}
    assert level_moves_sentence(moves) == "1 moved up a level (clearly) and 1 moved down (within the uncertainty)."


def test_movers_list_risers_then_fallers_with_their_rank_ranges(changes):
    ranks = pd.DataFrame({"rank_text": ["3rd of 3", "2nd of 3", "1st of 3", "4th of 4"]}, index=["A", "B", "C", "D"])
    table = movers(changes, ranks, ranks)
    assert table.index.tolist() == ["A", "C"]  # B did not change
    assert table["direction"].tolist() == ["up", "down"]
    assert table["rank_after"].tolist() == ["3rd of 3", "1st of 3"]


def test_a_boroughs_trend_has_gaps_where_it_did_not_respond(framework, rounds):
    trend = borough_trend({"2024": rounds[0], "2025": rounds[1]}, "D", framework)
    assert trend["overall"].isna().tolist() == [True, False]


def test_a_framework_change_between_rounds_is_noted():
    table = pd.DataFrame({"round": ["2023", "2024", "2025"], "framework_version": ["1.0", "1.0", "1.1"]})
    assert framework_changes(table) == [
        "The framework changed between round 2024 (version 1.0) and round 2025 (version 1.1): compare their scores with care."]


def test_changes_between_rounds_sharing_no_scored_borough_are_an_empty_table(framework):
    # Found by Hypothesis (tests/test_round_properties.py): a one-borough round and another borough's round.
    # Level steps were worked out on an empty text column and raised "operation 'sub' not supported".
    before = _round({"A": 2.0}, {"A": "Emerging"})
    after = _round({"B": 3.0}, {"B": "Developing"})
    changes = score_changes(before, after, _draws({"A": np.full(5, 2.0)}), _draws({"B": np.full(5, 3.0)}), framework)
    assert changes.empty
    assert changes["level_step"].dtype == int and changes["change"].dtype == float
    assert level_moves(changes) == {"up_clear": 0, "up_within": 0, "down_clear": 0, "down_within": 0}
    assert movers(changes, pd.DataFrame({"rank_text": ["1st of 1"]}, index=["A"]),
                  pd.DataFrame({"rank_text": ["1st of 1"]}, index=["B"])).empty
