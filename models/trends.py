"""Change over rounds: London's medians, level transitions and the boroughs that moved most."""

from __future__ import annotations

import pandas as pd

from models.scoring import NOT_ASSESSED
from survey.framework import Framework


def london_medians(scores_by_round: dict[str, pd.DataFrame], framework: Framework) -> pd.DataFrame:
    """London's median per dimension and overall, one row per round (in the order given)."""
    columns = [*framework.dimension_ids, "overall"]
    return pd.DataFrame({label: scores[columns].median() for label, scores in scores_by_round.items()}).T.rename_axis("round")


def borough_trend(scores_by_round: dict[str, pd.DataFrame], ons_code: str, framework: Framework) -> pd.DataFrame:
    """One borough's dimension and overall scores in every round (NaN where it did not respond)."""
    columns = [*framework.dimension_ids, "overall"]
    rows = {label: scores.reindex([ons_code])[columns].iloc[0] for label, scores in scores_by_round.items()}
    return pd.DataFrame(rows).T.rename_axis("round").astype(float)


def level_transitions(before: pd.DataFrame, after: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """How many boroughs went from each overall level to each other, for boroughs in both rounds.

    Rows: level before; columns: level after (levels in order, then Not assessed).
    """
    order = [*framework.level_names, NOT_ASSESSED]
    both = before.index.intersection(after.index)
    table = pd.crosstab(pd.Categorical(before.loc[both, "level"], categories=order),
                        pd.Categorical(after.loc[both, "level"], categories=order), dropna=False)
    table.index.name, table.columns.name = "before", "after"
    return table


def level_moves(before: pd.DataFrame, after: pd.DataFrame, framework: Framework) -> tuple[int, int]:
    """Boroughs that moved up and down at least one overall level (both levels assessed)."""
    value = {lv.name: lv.value for lv in framework.levels}
    both = before.index.intersection(after.index)
    pairs = [(value.get(before.loc[c, "level"]), value.get(after.loc[c, "level"])) for c in both]
    pairs = [(a, b) for a, b in pairs if a is not None and b is not None]
    return sum(b > a for a, b in pairs), sum(b < a for a, b in pairs)


def movers(
    before: pd.DataFrame, after: pd.DataFrame, ranks_before: pd.DataFrame, ranks_after: pd.DataFrame, n: int = 5
) -> pd.DataFrame:
    """The boroughs whose overall index changed most, with their rank intervals in both rounds.

    ``clear`` is true only when the two likely rank ranges do not overlap: a move inside
    overlapping ranges may be noise, not progress.

    Returns
    -------
    DataFrame, index ons_code, up to ``n`` risers then up to ``n`` fallers
        before, after, change, direction ('up'/'down'), rank_before, rank_after, clear.
    """
    both = before["overall"].dropna().index.intersection(after["overall"].dropna().index)
    table = pd.DataFrame({"before": before.loc[both, "overall"], "after": after.loc[both, "overall"]})
    table["change"] = table["after"] - table["before"]
    table["rank_before"] = ranks_before.loc[both, "rank_text"]
    table["rank_after"] = ranks_after.loc[both, "rank_text"]
    apart_up = ranks_after.loc[both, "rank_p95"].astype(float) < ranks_before.loc[both, "rank_p05"].astype(float)
    apart_down = ranks_after.loc[both, "rank_p05"].astype(float) > ranks_before.loc[both, "rank_p95"].astype(float)
    table["clear"] = (apart_up | apart_down).astype(bool)
    up = table[table["change"] > 0].sort_values("change", ascending=False, kind="stable").head(n).assign(direction="up")
    down = table[table["change"] < 0].sort_values("change", kind="stable").head(n).assign(direction="down")
    result = pd.concat([up, down])
    result.index.name = "ons_code"
    return result[["before", "after", "change", "direction", "rank_before", "rank_after", "clear"]]


def framework_changes(rounds: pd.DataFrame) -> list[str]:
    """Notes where consecutive rounds (in the order given: round order) were scored against
    different framework versions."""
    notes = []
    pairs = rounds[["round", "framework_version"]].values
    for (a, va), (b, vb) in zip(pairs[:-1], pairs[1:]):
        if va != vb:
            notes.append(f"The framework changed between round {a} (version {va}) and round {b} (version {vb}): "
                         "compare their scores with care.")
    return notes
