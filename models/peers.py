"""Peer groups: who is like us (ONS context) and who is at a similar stage (maturity)."""

from __future__ import annotations

import pandas as pd

from survey.areas import load_boroughs, load_neighbours


def context_neighbours(ons_code: str, n: int = 5) -> pd.DataFrame:
    """A borough's London statistical nearest neighbours in ONS order.

    Returns columns neighbour_code, neighbour_name, relative_distance, neighbour_rank
    (ONS's rank among all English authorities), first ``n`` rows.
    """
    table = load_neighbours()
    rows = table[table["ons_code"] == ons_code].head(n)
    return rows[["neighbour_code", "neighbour_name", "relative_distance", "neighbour_rank"]].reset_index(drop=True)


def same_inner_outer(ons_code: str) -> list[str]:
    """The other boroughs in the same half of London (Inner or Outer, ONS definition)."""
    boroughs = load_boroughs()
    half = next(b.inner_outer for b in boroughs if b.ons_code == ons_code)
    return [b.ons_code for b in boroughs if b.inner_outer == half and b.ons_code != ons_code]
