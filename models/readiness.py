"""Pilot readiness: which boroughs could adopt a pilot now, what blocks the rest, in what order.

A borough's readiness margin is its weakest link: the lowest, over the pilot's required
dimensions, of (score - requirement). Ready: margin >= 0; Nearly ready: within the band below
0 (0.5 by default); Not yet: further below; Not assessed: a required dimension has no score,
so readiness cannot be judged (never silently ready).

Scale-up waves order the boroughs by the work between them and the pilot, counted in uplifts
(one required dimension raised to its minimum):

- Wave 1, ready now: no required dimension short;
- Wave 2, after one uplift: exactly one dimension short, by no more than the nearly-ready band;
- Wave 3, after several uplifts: two or more dimensions short, each by no more than the band;
- Wave 4, later: at least one dimension short by more than the band.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

READY, NEARLY_READY, NOT_YET, NOT_ASSESSED = "Ready", "Nearly ready", "Not yet", "Not assessed"
STATUSES = (READY, NEARLY_READY, NOT_YET, NOT_ASSESSED)
WAVE_NAMES = {1: "Wave 1: ready now", 2: "Wave 2: after one uplift", 3: "Wave 3: after several uplifts",
              4: "Wave 4: later"}
WAVE_RULE = ("Wave 1: ready now. Wave 2: one required dimension short, by no more than {band}. Wave 3: two or more "
             "short, each by no more than {band}. Wave 4: any dimension short by more than {band}.")
_DECIMALS = 9  # margins are compared after rounding, so 2.5 - 3.0 is exactly -0.5


def readiness(
    dimension_scores: pd.DataFrame,
    requirements: dict[str, float],
    nearly_ready_band: float,
    peers: dict[str, list[str]] | None = None,
) -> pd.DataFrame:
    """Readiness of every borough for one set of requirements.

    Parameters
    ----------
    dimension_scores : DataFrame, shape (n_boroughs, n_dimensions)
        Index ons_code.
    requirements : dict
        Dimension id -> minimum score.
    peers : dict, optional
        ons_code -> candidate partners, in order of preference (context then maturity peers);
        the ready ones become each not-ready borough's suggested partners.

    Returns
    -------
    DataFrame, index ons_code
        margin, status, bottleneck (list: the dimension setting the margin, or the missing ones),
        shortfalls (how many required dimensions are below their minimum), wave (1-4, see the module;
        NA when not assessed), uplift_<dimension> (how far below each requirement, 0 when met),
        partners (list of ready peers, for boroughs not ready).
    """
    if not requirements:
        raise ValueError("a pilot needs at least one required dimension")
    dims = list(requirements)
    required = pd.Series(requirements, dtype=float)
    gaps = (dimension_scores[dims].astype(float) - required).round(_DECIMALS)
    missing = gaps.isna()
    table = pd.DataFrame(index=dimension_scores.index)
    table["margin"] = gaps.min(axis=1).where(~missing.any(axis=1))
    table["status"] = np.select(
        [missing.any(axis=1), table["margin"] >= 0, table["margin"] >= -nearly_ready_band],
        [NOT_ASSESSED, READY, NEARLY_READY], default=NOT_YET,
    )
    table["bottleneck"] = [
        list(missing.columns[missing.loc[code]]) if missing.loc[code].any() else [gaps.loc[code].idxmin()]
        for code in table.index
    ]
    short = gaps < 0
    table["shortfalls"] = short.sum(axis=1).astype(int)
    far = (gaps < -nearly_ready_band).any(axis=1)
    table["wave"] = pd.array(np.select([missing.any(axis=1), table["shortfalls"] == 0, far, table["shortfalls"] == 1],
                                       [0, 1, 4, 2], default=3), dtype="Int64")
    table.loc[missing.any(axis=1), "wave"] = pd.NA
    for dim in dims:
        table[f"uplift_{dim}"] = (-gaps[dim]).clip(lower=0) + 0.0  # + 0.0 turns -0.0 into 0.0
    ready = set(table.index[table["status"] == READY])
    table["partners"] = [
        [] if table.loc[code, "status"] == READY else list(
            dict.fromkeys(c for c in (peers or {}).get(code, []) if c in ready))
        for code in table.index
    ]
    table.index.name = "ons_code"
    return table


def status_counts(table: pd.DataFrame) -> dict[str, int]:
    """Boroughs per status, in the fixed status order."""
    counts = table["status"].value_counts()
    return {status: int(counts.get(status, 0)) for status in STATUSES}


def ranked(table: pd.DataFrame) -> pd.DataFrame:
    """Boroughs most ready first: by wave, then margin (highest first); not assessed last."""
    return table.assign(_wave=table["wave"].fillna(9)).sort_values(["_wave", "margin"], ascending=[True, False],
                                                                  kind="stable", na_position="last").drop(columns="_wave")
