"""Where the set's capability gaps sit: levels per dimension and distance to a target level."""

from __future__ import annotations

import pandas as pd

from models.scoring import NOT_ASSESSED, assign_levels
from models.stats import in_order
from survey.area_sets import active_area_set
from survey.areas import load_boroughs
from survey.framework import Framework

ABOVE, AT, JUST_BELOW, FAR_BELOW = "0.5 or more above", "At or up to 0.5 above", "Up to 0.5 below", "More than 0.5 below"
GAP_BANDS = (ABOVE, AT, JUST_BELOW, FAR_BELOW)


def target_score(framework: Framework, target_level: str) -> float:
    """The lowest score that reaches a level (its band's lower edge)."""
    value = framework.level_value(target_level)
    if value is None:
        raise ValueError(f"unknown level {target_level!r}; choose one of {list(framework.level_names)}")
    return framework.levels[value - 1].lower


def level_shares(dimension_scores: pd.DataFrame, framework: Framework, target_level: str) -> pd.DataFrame:
    """For each dimension: boroughs at each level, the median, and how many are below the target.

    Returns
    -------
    DataFrame, shape (n_dimensions, 6 + n_levels)
        dimension, name, median, assessed, one count column per level, below_target,
        share_below_target (of boroughs assessed on that dimension).
    """
    target = target_score(framework, target_level)
    rows = []
    for dimension in framework.dimensions:
        scores = dimension_scores[dimension.id].dropna()
        levels = assign_levels(scores, framework.levels).value_counts()
        below = int((scores.round(9) < target).sum())
        rows.append({
            "dimension": dimension.id, "name": dimension.name, "median": float(scores.median()) if len(scores) else None,
            "assessed": len(scores), **{lv: int(levels.get(lv, 0)) for lv in framework.level_names},
            "below_target": below, "share_below_target": below / len(scores) if len(scores) else None,
        })
    return pd.DataFrame(rows)


def weakest_dimensions(shares: pd.DataFrame, n: int = 3) -> tuple[list[str], list[str]]:
    """The ``n`` weakest dimension ids by median (lowest first) and by share below target (highest first);
    ties in framework order."""
    indexed = shares.set_index("dimension")
    by_median = in_order(indexed["median"])[:n]
    by_share = in_order(indexed["share_below_target"], lowest_first=False)[:n]
    return by_median, by_share


def shares_by_half(dimension_scores: pd.DataFrame, framework: Framework, target_level: str) -> pd.DataFrame | None:
    """Share below target per dimension in each of the active set's sub-regions (London's Inner and Outer London);
    None where the set has none.

    Returns columns dimension, name, then one per sub-region ("Inner London", "Outer London": shares, 0-1).
    """
    sub_regions = active_area_set().sub_regions
    if sub_regions is None:
        return None
    halves = {b.ons_code: b.sub_region for b in load_boroughs()}
    table = level_shares(dimension_scores, framework, target_level)[["dimension", "name"]]
    for half in sub_regions.values:
        members = [c for c in dimension_scores.index if halves.get(c) == half]
        table[half] = level_shares(dimension_scores.loc[members], framework, target_level)["share_below_target"]
    return table


def gap_table(dimension_scores: pd.DataFrame, framework: Framework, target_level: str) -> pd.DataFrame:
    """Each borough's distance to the target on every dimension (score - target; negative = below).

    Returns index ons_code; one column per dimension, then dimensions_below (count).
    """
    target = target_score(framework, target_level)
    gaps = (dimension_scores[list(framework.dimension_ids)].astype(float) - target).round(9)
    gaps["dimensions_below"] = (gaps < 0).sum(axis=1).astype(int)
    return gaps


def gap_band(gap: float) -> str:
    """A named band for a gap to target, for maps and tables (meaning never by colour alone)."""
    if pd.isna(gap):
        return NOT_ASSESSED
    if gap >= 0.5:
        return ABOVE
    if gap >= 0:
        return AT
    if gap >= -0.5:
        return JUST_BELOW
    return FAR_BELOW
