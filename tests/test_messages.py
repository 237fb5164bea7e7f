"""The key-message writer on hand-built data."""

import pandas as pd
import pytest

from models.gaps import level_shares, weakest_dimensions
from models.messages import key_messages
from models.readiness import readiness
from models.scoring import assign_levels
from models.summary import headline_figures
from models.trends import score_changes

DIMS = ["leadership", "services", "data", "technology", "cyber", "people", "collaboration"]


def _scores(framework, rows: dict[str, list[float]]) -> pd.DataFrame:
    table = pd.DataFrame.from_dict(rows, orient="index", columns=DIMS)
    table["overall"] = table.mean(axis=1)
    table["level"] = assign_levels(table["overall"], framework.levels)
    return table


@pytest.fixture
def scores(framework):
    return _scores(framework, {
        "E09000001": [3.0, 3.0, 2.0, 3.0, 3.5, 3.0, 3.0],
        "E09000002": [2.0, 2.5, 1.5, 2.0, 3.0, 2.0, 2.0],
        "E09000003": [4.0, 3.5, 2.8, 3.5, 4.0, 3.5, 3.5],
    })


def test_a_single_weakest_dimension_is_named_with_its_count_below_target(framework, scores):
    messages = key_messages(scores, framework, round_label="2026", target_level="Developing")
    # Overall: (20.5/7, 15/7, 24.8/7) = 2.93, 2.14, 3.54 -> median 2.93 Developing; 2 of 3 at Developing or above.
    assert messages[0] == ("London's median overall index in round 2026 is 2.93 (Developing): "
                           "2 of 3 boroughs scored are Developing or above.")
    # Data medians 2.0 -> weakest; below 2.6: 2.0 and 1.5 -> 2 of 3.
    assert messages[1] == "Data & insight is London's weakest dimension: 2 of 3 boroughs are below Developing."
    assert messages[2] == "Cyber security & resilience is London's strongest dimension (median 3.50)."


def test_tied_weakest_dimensions_are_named_together(framework):
    tied = _scores(framework, {"E09000001": [2.0, 3, 2.0, 3, 3, 3, 3], "E09000002": [2.0, 3, 2.0, 3, 3, 3, 3]})
    messages = key_messages(tied, framework, round_label="2026", target_level="Developing")
    assert messages[1] == "Leadership & strategy and Data & insight are jointly London's weakest dimensions (median 2.00 each)."
    assert messages[2].startswith("User-centred services, Technology & infrastructure, Cyber security & resilience, "
                                  "Skills & culture and Collaboration & innovation are jointly London's strongest")


def test_without_a_previous_round_there_is_no_change_message(framework, scores):
    messages = key_messages(scores, framework, round_label="2026", target_level="Developing")
    assert messages[3] == "Round 2026 is the first on record, so there is no change to report yet."
    assert not any("Since round" in m for m in messages)


def test_change_since_the_previous_round_counts_level_moves(framework, scores):
    before = scores.copy()
    before[DIMS] = before[DIMS] - 0.5
    before["overall"] = before[DIMS].mean(axis=1)
    before["level"] = assign_levels(before["overall"], framework.levels)
    # Every draw re-scores each borough exactly as nominally: every change of +0.5 is clear.
    draws_before = pd.DataFrame({c: [v] * 5 for c, v in before["overall"].items()})
    draws_after = pd.DataFrame({c: [v] * 5 for c, v in scores["overall"].items()})
    changes = score_changes(before, scores, draws_before, draws_after, framework)
    messages = key_messages(scores, framework, round_label="2026", target_level="Developing",
                            previous=("2025", before, changes))
    # Every borough rose by 0.5: median 2.43 -> 2.93; levels Emerging -> Developing, Initial -> Emerging,
    # Developing (3.04) -> Embedded (3.54): all three moved up.
    assert messages[3] == ("Since round 2025, London's median overall index has risen by 0.50. Of the 3 boroughs scored "
                           "in both rounds, 3 moved up a level (clearly) and 0 moved down.")


def _changes(framework, before, after):
    """Changes where every draw re-scores each borough exactly as nominally."""
    draws_before = pd.DataFrame({c: [v] * 5 for c, v in before["overall"].items()})
    draws_after = pd.DataFrame({c: [v] * 5 for c, v in after["overall"].items()})
    return score_changes(before, after, draws_before, draws_after, framework)


def test_the_change_in_the_median_compares_only_the_boroughs_in_both_rounds_and_says_how_many(framework):
    # 2025: E09000001 2.0, E09000002 3.0, E09000003 4.0. 2026: E09000001 2.5, E09000002 3.2, and E09000004 1.0
    # instead of E09000003. The whole rounds' medians (3.0, then 2.5) would say the median fell by 0.50; over the
    # two boroughs in both, it went from (2.0 + 3.0) / 2 = 2.50 to (2.5 + 3.2) / 2 = 2.85: risen by 0.35.
    before = _scores(framework, {"E09000001": [2.0] * 7, "E09000002": [3.0] * 7, "E09000003": [4.0] * 7})
    after = _scores(framework, {"E09000001": [2.5] * 7, "E09000002": [3.2] * 7, "E09000004": [1.0] * 7})
    messages = key_messages(after, framework, round_label="2026", target_level="Developing",
                            previous=("2025", before, _changes(framework, before, after)))
    # Emerging 2.0 -> 2.5 stays Emerging; Developing 3.0 -> 3.2 stays Developing.
    assert messages[-1] == ("Across the 2 boroughs with an overall index in both round 2025 and round 2026, the median "
                            "overall index has risen by 0.35. Of these, 0 moved up a level and 0 moved down.")


def test_rounds_with_no_scored_borough_in_common_say_the_median_cannot_be_compared(framework):
    before = _scores(framework, {"E09000001": [2.0] * 7})
    after = _scores(framework, {"E09000002": [3.0] * 7})
    messages = key_messages(after, framework, round_label="2026", target_level="Developing",
                            previous=("2025", before, _changes(framework, before, after)))
    assert messages[-1] == ("No borough has an overall index in both round 2025 and round 2026, so London's median "
                            "overall index cannot be compared between them.")


def test_readiness_message_counts_ready_and_nearly_ready(framework, scores):
    table = readiness(scores[DIMS], {"data": 2.5}, 0.5)
    messages = key_messages(scores, framework, round_label="2026", target_level="Developing", pilot=("Damp sensors", table))
    # data 2.0 (-0.5 nearly), 1.5 (-1.0 not yet), 2.8 (ready).
    assert messages[-1] == "1 borough is ready to adopt Damp sensors now, and 1 more is nearly ready."
    assert 3 <= len(messages) <= 5


def test_the_headline_the_gaps_page_and_the_messages_break_a_weakest_tie_the_same_way(framework):
    # Services and Data share the lowest median (2.0); Services comes first in the framework.
    tied = _scores(framework, {"E09000001": [3, 2.0, 2.0, 3, 3, 3, 3], "E09000002": [3, 2.0, 2.0, 3, 3, 3, 3]})
    tied["respondents"] = 1
    assert headline_figures(tied, framework).weakest_dimension == "services"
    by_median, _ = weakest_dimensions(level_shares(tied[DIMS], framework, "Developing"), n=2)
    assert by_median == ["services", "data"]
    messages = key_messages(tied, framework, round_label="2026", target_level="Developing")
    assert messages[1] == ("User-centred services and Data & insight are jointly London's weakest dimensions "
                           "(median 2.00 each).")
