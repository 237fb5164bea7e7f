"""Change over rounds: London's medians, level transitions and the boroughs that moved most."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from models.numbers import change_between, format_score, format_signed
from models.scoring import NOT_ASSESSED
from survey.area_sets import active_area_set
from survey.framework import Framework


def london_medians(scores_by_round: dict[str, pd.DataFrame], framework: Framework) -> pd.DataFrame:
    """London's median per dimension and overall, one row per round (in the order given)."""
    columns = [*framework.dimension_ids, "overall"]
    # A round saved under another framework version may lack a dimension: its median is then missing.
    return pd.DataFrame({label: scores.reindex(columns=columns).median() for label, scores in scores_by_round.items()}
                        ).T.rename_axis("round").astype(float)


@dataclass(frozen=True)
class MedianChange:
    """London's median overall index in two rounds, over the boroughs with an overall index in both."""

    before_label: str
    after_label: str
    boroughs: int  # how many boroughs the comparison covers
    same_boroughs: bool  # no borough has an overall index in one round only: the whole rounds are compared
    before: float | None
    after: float | None

    @property
    def change(self) -> float | None:
        """As a reader works it out from the two medians written (``models.numbers.change_between``)."""
        return change_between(self.before, self.after)

    def sentence(self) -> str:
        """'Since round 2024, London's median overall index has risen by 0.18.' where both rounds scored the same
        boroughs; 'Across the 9 boroughs with an overall index in both round 2024 and round 2025, the median
        overall index has risen by 0.32.' where they did not; and why there is no change where none is in both."""
        area_set = active_area_set()
        rounds = f"round {self.before_label} and round {self.after_label}"
        change = self.change
        if self.boroughs == 0 or change is None:  # no median to compare without a borough in both
            return (f"No {area_set.noun} has an overall index in both {rounds}, so {area_set.possessive} median overall "
                    "index cannot be compared between them.")
        moved = "has not changed" if change == 0 else \
            f"has {'risen' if change > 0 else 'fallen'} by {format_score(abs(change))}"
        if self.same_boroughs:
            return f"Since round {self.before_label}, {area_set.possessive} median overall index {moved}."
        return (f"Across the {count_boroughs(self.boroughs)} with an overall index in both {rounds}, "
                f"the median overall index {moved}.")


def count_boroughs(n: int) -> str:
    """'1 borough', '9 boroughs': areas of the active set counted in its nouns ('9 councils')."""
    area_set = active_area_set()
    return f"{n} {area_set.noun if n == 1 else area_set.plural}"


def median_change(before: pd.DataFrame, after: pd.DataFrame, before_label: str, after_label: str) -> MedianChange:
    """London's median overall index compared like with like: over the boroughs with an overall index in both
    rounds (``before`` and ``after`` are scores tables), so that a borough answering one round only cannot move it."""
    scored_before, scored_after = before["overall"].dropna(), after["overall"].dropna()
    both = scored_after.index.intersection(scored_before.index)
    return MedianChange(
        before_label=before_label, after_label=after_label, boroughs=len(both),
        same_boroughs=len(both) == len(scored_before) == len(scored_after),
        before=float(scored_before[both].median()) if len(both) else None,
        after=float(scored_after[both].median()) if len(both) else None,
    )


def borough_trend(scores_by_round: dict[str, pd.DataFrame], ons_code: str, framework: Framework) -> pd.DataFrame:
    """One borough's dimension and overall scores in every round (NaN where it did not respond)."""
    columns = [*framework.dimension_ids, "overall"]
    rows = {label: scores.reindex(index=[ons_code], columns=columns).iloc[0] for label, scores in scores_by_round.items()}
    return pd.DataFrame(rows).T.rename_axis("round").astype(float)


def level_transitions(before: pd.DataFrame, after: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """How many boroughs went from each overall level to each other, for boroughs in both rounds.

    Rows: level before; columns: level after (levels in order, then Not assessed).
    """
    order = [*framework.level_names, NOT_ASSESSED]
    both = before.index.intersection(after.index)
    table = pd.crosstab(pd.Categorical(before.loc[both, "level"], categories=order),
                        pd.Categorical(after.loc[both, "level"], categories=order), dropna=False)
    table.index = pd.Index([str(v) for v in table.index], name="before")  # plain labels, not categories
    table.columns = pd.Index([str(v) for v in table.columns], name="after")
    return table


CLEAR_RISE, CLEAR_FALL, WITHIN = "clear rise", "clear fall", "within the uncertainty"
_CHANGE_LOW, _CHANGE_HIGH = 5, 95  # the likely range of a change, as for ranks


def score_changes(
    before: pd.DataFrame,
    after: pd.DataFrame,
    draws_before: pd.DataFrame,
    draws_after: pd.DataFrame,
    framework: Framework,
) -> pd.DataFrame:
    """How each borough's overall index changed between two rounds, and whether the change is clear.

    The uncertainty of a change is that of the borough's own two scores: draw by draw, the
    re-scored index after minus the re-scored index before (respondents resampled in each round,
    the same weight perturbation in both; see ``models.uncertainty``). A change is *clear* when its
    likely range (5th-95th percentile, widened to hold the change itself) lies wholly above or
    below zero. A level crossing is judged by the same rule, so "moved up a level" and "possibly
    noise" are never said of the same borough.

    Parameters
    ----------
    before, after : DataFrame
        Scores tables (index ons_code; overall, level).
    draws_before, draws_after : DataFrame, shape (n_draws, n_boroughs)
        ``RankUncertainty.overall_draws_`` of each round, fitted with the same seed and draws.

    Returns
    -------
    DataFrame, index ons_code (boroughs with an overall index in both rounds, in ``after``'s order)
        before, after, change (as written: ``models.numbers.change_between``), change_low,
        change_high, verdict (clear rise, clear fall or within the uncertainty), level_before,
        level_after, level_step (+1 a level up, -1 down, 0 the same) and level_text.
    """
    both = [c for c in after["overall"].dropna().index
            if c in before.index and pd.notna(before.loc[c, "overall"]) and c in draws_before and c in draws_after]
    table = pd.DataFrame(index=pd.Index(both, name="ons_code"))
    table["before"] = before.loc[both, "overall"].astype(float)
    table["after"] = after.loc[both, "overall"].astype(float)
    table["change"] = np.array([change_between(x, y) for x, y in zip(table["before"], table["after"])], dtype=float)
    nominal = (table["after"] - table["before"]).to_numpy()
    differences = draws_after[both].to_numpy() - draws_before[both].to_numpy()
    with np.errstate(all="ignore"):
        low = np.nanpercentile(differences, _CHANGE_LOW, axis=0) if len(both) else np.array([])
        high = np.nanpercentile(differences, _CHANGE_HIGH, axis=0) if len(both) else np.array([])
    table["change_low"] = np.fmin(low, nominal)
    table["change_high"] = np.fmax(high, nominal)
    table["verdict"] = np.select([table["change_low"] > 0, table["change_high"] < 0], [CLEAR_RISE, CLEAR_FALL], WITHIN)
    value = {level.name: level.value for level in framework.levels}
    table["level_before"] = before.loc[both, "level"].astype(str)
    table["level_after"] = after.loc[both, "level"].astype(str)
    # Level values looked up one by one, so that no borough in both rounds still gives a column of numbers.
    steps = [value[a] - value[b] for b, a in zip(table["level_before"], table["level_after"])]
    table["level_step"] = np.sign(np.array(steps, dtype=int))
    table["level_text"] = pd.array([_level_text(row.level_step, row.level_after, row.verdict) for row in table.itertuples()],
                                   dtype="str")
    return table


def _level_text(step: int, level: str, verdict: str) -> str:
    if step == 0:
        return f"stayed {level}"
    if verdict == WITHIN:
        return f"crossed into {level} (within the uncertainty)"
    return f"moved up into {level}" if step > 0 else f"moved down into {level}"


def describe_change(row: pd.Series) -> str:
    """'+0.25 (likely +0.10 to +0.40), a clear rise; moved up into Developing'."""
    verdict = "a clear rise" if row["verdict"] == CLEAR_RISE else "a clear fall" if row["verdict"] == CLEAR_FALL else \
        "within the uncertainty"
    return (f"{format_signed(row['change'])} (likely {format_signed(row['change_low'])} to "
            f"{format_signed(row['change_high'])}), {verdict}; {row['level_text']}")


def level_moves(changes: pd.DataFrame) -> dict[str, int]:
    """Boroughs that moved a level, by direction and whether the move is clear.

    Keys: up_clear, up_within, down_clear, down_within (``score_changes`` rows).
    """
    clear = changes["verdict"] != WITHIN
    up, down = changes["level_step"] > 0, changes["level_step"] < 0
    return {"up_clear": int((up & clear).sum()), "up_within": int((up & ~clear).sum()),
            "down_clear": int((down & clear).sum()), "down_within": int((down & ~clear).sum())}


def level_moves_sentence(moves: dict[str, int]) -> str:
    """'3 moved up a level (1 clearly, 2 within the uncertainty) and 1 moved down (clearly).'"""
    return f"{_moved(moves['up_clear'], moves['up_within'], 'up a level')} and " \
           f"{_moved(moves['down_clear'], moves['down_within'], 'down')}."


def _moved(clear: int, within: int, direction: str) -> str:
    total = clear + within
    text = f"{total} moved {direction}"
    if total == 0:
        return text
    if clear and within:
        return f"{text} ({clear} clearly, {within} within the uncertainty)"
    return f"{text} ({'clearly' if clear else 'within the uncertainty'})"


def movers(changes: pd.DataFrame, ranks_before: pd.DataFrame, ranks_after: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The boroughs whose overall index changed most, with their rank ranges in both rounds.

    Returns
    -------
    DataFrame, index ons_code, up to ``n`` risers then up to ``n`` fallers
        ``score_changes`` columns, direction ('up'/'down'), rank_before and rank_after.
    """
    exact = changes["after"] - changes["before"]  # ordered by the unrounded change
    up = exact[exact > 0].sort_values(ascending=False, kind="stable").index[:n]
    down = exact[exact < 0].sort_values(kind="stable").index[:n]
    result = pd.concat([changes.loc[up].assign(direction="up"), changes.loc[down].assign(direction="down")])
    result["rank_before"] = ranks_before["rank_text"].reindex(result.index)
    result["rank_after"] = ranks_after["rank_text"].reindex(result.index)
    result.index.name = "ons_code"
    return result


def movers_sentence(changes: pd.DataFrame, moved: pd.DataFrame, before_label: str, after_label: str) -> str:
    """What the movers are chosen from: 'The biggest movers among the 9 boroughs with an overall index in both
    round 2024 and round 2025:', or why there are none."""
    among = f"the {count_boroughs(len(changes))} with an overall index in both round {before_label} and round {after_label}"
    if len(changes) == 0:
        return (f"No {active_area_set().noun} has an overall index in both round {before_label} and round {after_label}: "
                "there is no change to show.")
    if len(moved) == 0:
        return f"No overall index changed among {among}."
    return f"The biggest movers among {among}:"


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
