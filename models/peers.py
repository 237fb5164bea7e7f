"""Peer groups: who is like us (ONS context) and who is at a similar stage (maturity)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from models.stats import standardise
from survey.area_sets import AreaSet
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
    """The other boroughs in the same half of London (Inner or Outer, ONS definition): in another set, the other
    areas in the same sub-region."""
    boroughs = load_boroughs()
    half = next(b.sub_region for b in boroughs if b.ons_code == ons_code)
    return [b.ons_code for b in boroughs if b.sub_region == half and b.ons_code != ons_code]


def profile_distances(dimension_scores: pd.DataFrame) -> pd.DataFrame:
    """How far apart every two boroughs' profiles are.

    Distance is Euclidean over the dimensions both boroughs have, in standard deviations of
    London's spread (so every dimension counts alike), scaled to all dimensions when some are
    missing; missing where two boroughs share no dimension.

    Returns
    -------
    DataFrame, shape (n_boroughs, n_boroughs)
        Index and columns ons_code; zero on the diagonal.
    """
    z = standardise(dimension_scores.astype(float)).to_numpy()
    squares = (z[:, None, :] - z[None, :, :]) ** 2
    shared = (~np.isnan(squares)).sum(axis=2)
    with np.errstate(invalid="ignore", divide="ignore"):
        distance = np.sqrt(np.nansum(squares, axis=2) * z.shape[1] / np.where(shared > 0, shared, np.nan))
    return pd.DataFrame(distance, index=dimension_scores.index, columns=dimension_scores.index)


def _nearest(distances: pd.DataFrame, ons_code: str, n: int) -> pd.Series:
    """The ``n`` boroughs nearest to one, nearest first (ties in the table's order)."""
    return distances.loc[ons_code].drop(ons_code).dropna().sort_values(kind="stable").head(n)


def maturity_neighbours(dimension_scores: pd.DataFrame, ons_code: str, n: int = 5) -> pd.DataFrame:
    """The boroughs whose standardised dimension profile is closest to this borough's (``profile_distances``).

    Returns
    -------
    DataFrame, shape (n, 2 + n_dimensions)
        neighbour_code, distance, then one column per dimension: the absolute gap between the
        two boroughs on it, in standard deviations ("why are these two close?").
    """
    nearest = _nearest(profile_distances(dimension_scores), ons_code, n)
    z = standardise(dimension_scores.astype(float))
    table = (z.loc[nearest.index] - z.loc[ons_code]).abs()
    table.insert(0, "distance", nearest)
    table.index.name = "neighbour_code"
    return table.reset_index()


PEER_GROUPS = ("context", "maturity", "cluster", "inner_outer", "custom")  # the kinds of group, as pages list them


def sub_region_heading(area_set: AreaSet) -> str | None:
    """The sub-regions' name as a column heading says it, without the set's title: "Inner/Outer" (London's
    "Inner/Outer London"); None for a set without sub-regions."""
    return area_set.sub_regions.name.removesuffix(f" {area_set.title}") if area_set.sub_regions else None


def peer_group_names(area_set: AreaSet) -> dict[str, str]:
    """The kinds of peer group ``area_set`` offers, each with its name: "Same half of London (Inner/Outer)" only
    where the set has sub-regions ("half" where there are two, "part" otherwise)."""
    names = {"context": "Statistical neighbours (ONS 2025)", "maturity": "Maturity neighbours (similar profile)",
             "cluster": "Its cluster"}
    if area_set.sub_regions is not None:
        part = "half" if len(area_set.sub_regions.values) == 2 else "part"
        names["inner_outer"] = f"Same {part} of {area_set.title} ({sub_region_heading(area_set)})"
    return names | {"custom": f"Hand-picked {area_set.plural}"}


def peer_group(
    kind: str,
    ons_code: str,
    dimension_scores: pd.DataFrame,
    cluster_labels: pd.Series | None = None,
    picked: list[str] | tuple[str, ...] = (),
    n: int = 5,
) -> list[str]:
    """The codes of a borough's peers of the given kind (the borough itself left out).

    Context and maturity groups keep their nearest-first order; the others follow ONS code.
    """
    if kind == "context":
        return list(context_neighbours(ons_code, n)["neighbour_code"])
    if kind == "maturity":
        return list(maturity_neighbours(dimension_scores, ons_code, n)["neighbour_code"])
    if kind == "cluster":
        if cluster_labels is None or ons_code not in cluster_labels.index:
            return []
        return [c for c in cluster_labels.index[cluster_labels == cluster_labels[ons_code]] if c != ons_code]
    if kind == "inner_outer":
        return same_inner_outer(ons_code)
    if kind == "custom":
        return [c for c in picked if c != ons_code]
    raise ValueError(f"unknown peer group {kind!r}; choose one of {sorted(PEER_GROUPS)}")


def compare_with_group(dimension_scores: pd.DataFrame, ons_code: str, group: list[str], names: dict[str, str]) -> pd.DataFrame:
    """Per dimension: the borough's score against its group's median, lowest and highest.

    Parameters
    ----------
    dimension_scores : DataFrame
        Index ons_code, one column per dimension.
    names : dict
        Dimension id -> display name.

    Returns
    -------
    DataFrame, shape (n_dimensions, 7)
        dimension, name, score, group_median, group_min, group_max, difference (score - median).
    """
    own = dimension_scores.loc[ons_code]
    peers = dimension_scores.reindex(group)
    table = pd.DataFrame({
        "dimension": list(dimension_scores.columns),
        "name": [names[d] for d in dimension_scores.columns],
        "score": own.to_numpy(dtype=float),
        "group_median": peers.median().to_numpy(dtype=float),
        "group_min": peers.min().to_numpy(dtype=float),
        "group_max": peers.max().to_numpy(dtype=float),
    })
    table["difference"] = table["score"] - table["group_median"]
    return table


def partner_candidates(dimension_scores: pd.DataFrame, n: int = 5) -> dict[str, list[str]]:
    """For each borough, its first ``n`` context neighbours then its first ``n`` maturity neighbours
    (people tend to call the council most like their own first)."""
    distances = profile_distances(dimension_scores)
    in_ons_order = load_neighbours().groupby("ons_code", sort=False)["neighbour_code"].apply(lambda c: list(c.head(n)))
    return {code: list(dict.fromkeys([*in_ons_order.get(code, []), *_nearest(distances, code, n).index]))
            for code in dimension_scores.index}
