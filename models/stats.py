"""Small statistical helpers shared by models."""

from __future__ import annotations

import pandas as pd


def standardise(profiles: pd.DataFrame) -> pd.DataFrame:
    """Each column to mean 0 and (population) standard deviation 1; constant columns to 0.

    Puts every dimension on the same scale, so that distances and clusters weigh them alike.
    """
    spread = profiles.std(ddof=0).replace(0, 1.0)
    return (profiles - profiles.mean()) / spread


_TIE_DECIMALS = 9  # values equal to 9 decimals are tied


def in_order(values: pd.Series, *, lowest_first: bool = True) -> list[str]:
    """The index of ``values`` from lowest (or highest) value, ties kept in the given (framework) order,
    missing values last.

    The one rule for "weakest" and "strongest" everywhere: pass dimension values in framework order.
    """
    rounded = values.astype(float).round(_TIE_DECIMALS)
    key = pd.DataFrame({"value": rounded if lowest_first else -rounded, "position": range(len(values))},
                       index=values.index)
    return list(key.sort_values(["value", "position"], na_position="last", kind="stable").index)


def tied_first(values: pd.Series, *, lowest_first: bool = True) -> list[str]:
    """Every index label sharing the lowest (or highest) value, in the given order; empty when all are missing."""
    ordered = in_order(values, lowest_first=lowest_first)
    rounded = values.astype(float).round(_TIE_DECIMALS)
    if not ordered or pd.isna(rounded[ordered[0]]):
        return []
    return [label for label in ordered if rounded[label] == rounded[ordered[0]]]
