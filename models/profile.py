"""A borough's strengths and gaps: where it stands against London and against its peers."""

from __future__ import annotations

import pandas as pd

from models.scoring import NOT_ASSESSED, level_for
from survey.framework import Framework


def strengths_and_gaps(
    scores: pd.DataFrame, framework: Framework, ons_code: str, peer_codes: list[str], n: int = 2
) -> pd.DataFrame:
    """Each dimension of one borough against the London and peer-group medians.

    Parameters
    ----------
    scores : DataFrame
        The round's scores table (index ons_code, one column per dimension).
    peer_codes : list of str
        The borough's peer group (the borough itself is left out of the peer median).
    n : int
        How many strengths (furthest above the London median) and gaps (furthest below) to mark.

    Returns
    -------
    DataFrame, shape (n_dimensions, 11)
        dimension, name, score, level, to_next_level (how far below the next level's lower edge;
        NaN at the top level or unscored), london_median, vs_london, peer_median, vs_peers, kind
        ('strength', 'gap' or ''), next_step (the next level's descriptor, for gaps).
    """
    dims = list(framework.dimension_ids)
    own = scores.loc[ons_code, dims].astype(float)
    london = scores[dims].median()
    peers = scores.reindex([c for c in peer_codes if c != ons_code])[dims].median()
    table = pd.DataFrame({
        "dimension": dims,
        "name": [framework.dimension(d).name for d in dims],
        "score": own.to_numpy(),
        "level": [level_for(v, framework.levels) for v in own],
        "to_next_level": [distance_to_next_level(v, framework) for v in own],
        "london_median": london.to_numpy(),
        "vs_london": (own - london).to_numpy(),
        "peer_median": peers.to_numpy(),
        "vs_peers": (own - peers).to_numpy(),
    })
    ordered = table.dropna(subset=["vs_london"]).sort_values("vs_london", kind="stable")
    gaps = ordered[ordered["vs_london"] < 0].head(n).index
    strengths = ordered[ordered["vs_london"] > 0].tail(n).index
    table["kind"] = ""
    table.loc[strengths, "kind"] = "strength"
    table.loc[gaps, "kind"] = "gap"
    table["next_step"] = [
        next_level_step(framework, row.dimension, row.level) if row.kind == "gap" else "" for row in table.itertuples()
    ]
    return table


def marked_in_order(profile: pd.DataFrame) -> pd.DataFrame:
    """The marked rows of ``strengths_and_gaps``: strengths furthest above London first, then gaps
    furthest below first (the largest gap leads the gaps)."""
    strengths = profile[profile["kind"] == "strength"].sort_values("vs_london", ascending=False, kind="stable")
    gaps = profile[profile["kind"] == "gap"].sort_values("vs_london", kind="stable")
    return pd.concat([strengths, gaps])


def distance_to_next_level(score: float, framework: Framework) -> float:
    """How far a score is below the next level's lower edge (NaN when unscored or at the top level)."""
    if pd.isna(score):
        return float("nan")
    above = [level.lower for level in framework.levels if level.lower > round(float(score), 9)]
    return round(above[0] - float(score), 9) if above else float("nan")


def next_level_step(framework: Framework, dimension_id: str, level_name: str) -> str:
    """'To reach Embedded in Data & insight: <descriptor>' (empty at the top level or unscored)."""
    if level_name == NOT_ASSESSED:
        return ""
    value = framework.level_value(level_name)
    if value is None or value >= len(framework.levels):
        return ""
    target = framework.levels[value]  # levels are 1-based values in order, so index value is the next one
    dimension = framework.dimension(dimension_id)
    return f"To reach {target.name} in {dimension.name}: {dimension.descriptors[target.value]}"
