"""Tables written for people to open in spreadsheets."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from models.disclosure import FEW_RESPONDENTS_LABEL, PROVISIONAL_MARK, marks
from models.gaps import gap_table
from models.numbers import format_signed
from models.peers import context_neighbours, maturity_neighbours, partner_candidates
from models.readiness import ranked, readiness
from survey.area_sets import active_area_set
from survey.areas import borough_names
from survey.framework import Framework

if TYPE_CHECKING:
    from models.clustering import MaturityClusters

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: object) -> object:
    """Prefix a text cell that a spreadsheet would run as a formula with an apostrophe: one that
    starts with = + - @, also after leading spaces or tabs, or that starts with a tab or carriage return."""
    if isinstance(value, str) and (value.startswith(_FORMULA_STARTS) or value.lstrip(" \t").startswith(_FORMULA_STARTS)):
        return "'" + value
    return value


def to_safe_csv(table: pd.DataFrame) -> str:
    """CSV text of ``table`` in which no text cell can act as a spreadsheet formula; a cell holding
    a list (dimension or borough codes) is written as its items joined by ";"."""
    safe = table.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(lambda v: ";".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
            safe[column] = safe[column].map(neutralise_formula)
    return safe.to_csv(index=False, lineterminator="\n")


ROUND_STATUS = "round_status"


def provisional_marked(table: pd.DataFrame) -> pd.DataFrame:
    """An export of a provisional round with the mark as its first column, on every row (a row copied elsewhere
    keeps it)."""
    return table.assign(**{ROUND_STATUS: PROVISIONAL_MARK})[[ROUND_STATUS, *table.columns]]


RANK_COLUMNS = ["rank", "rank_median", "rank_p05", "rank_p95"]


def scores_export(scores: pd.DataFrame, ranks: pd.DataFrame) -> pd.DataFrame:
    """The scores table as exported: ons_code, name, dimension scores, overall, level, the rank
    with its interval, then the flags."""
    split = scores.columns.get_loc("level") + 1
    score_columns, flag_columns = list(scores.columns[:split]), list(scores.columns[split:])
    table = scores.join(ranks[RANK_COLUMNS]).reset_index()
    table["name"] = table["ons_code"].map(borough_names())
    return table[["ons_code", "name", *score_columns, *RANK_COLUMNS, *flag_columns]]


def peers_export(scores: pd.DataFrame, framework: Framework, clusters: MaturityClusters | None, n: int = 5) -> pd.DataFrame:
    """One row per borough in the round: its cluster (blank where the round has too few boroughs to
    cluster) and its first ``n`` context and maturity neighbours."""
    profiles = scores[list(framework.dimension_ids)]
    rows = []
    for code in scores.index:
        cluster = clusters.labels_.get(code) if clusters is not None else None
        context = list(context_neighbours(code, n)["neighbour_code"])
        maturity = list(maturity_neighbours(profiles, code, n)["neighbour_code"])
        row = {"ons_code": code, "name": borough_names()[code],
               "cluster": "" if cluster is None else int(cluster),
               "cluster_description": "" if cluster is None or clusters is None else clusters.descriptions_[cluster]}
        row |= {f"context_{i}": c for i, c in enumerate(context + [""] * (n - len(context)), start=1)}
        row |= {f"maturity_{i}": c for i, c in enumerate(maturity + [""] * (n - len(maturity)), start=1)}
        rows.append(row)
    return pd.DataFrame(rows)


def gaps_export(scores: pd.DataFrame, framework: Framework, target_level: str) -> pd.DataFrame:
    """ons_code, name, the gap to the target level on each dimension, dimensions_below."""
    table = gap_table(scores[list(framework.dimension_ids)], framework, target_level).reset_index()
    table.insert(1, "name", table["ons_code"].map(borough_names()))
    return table


def readiness_export(scores: pd.DataFrame, framework: Framework, requirements: dict[str, float],
                     nearly_ready_band: float) -> pd.DataFrame:
    """ons_code, name, status, margin, bottleneck, wave, partners, then the uplift per required
    dimension; most ready first."""
    profiles = scores[list(framework.dimension_ids)]
    table = ranked(readiness(profiles, requirements, nearly_ready_band, peers=partner_candidates(profiles))).reset_index()
    table.insert(1, "name", table["ons_code"].map(borough_names()))
    uplifts = [c for c in table.columns if c.startswith("uplift_")]
    return table[["ons_code", "name", "status", "margin", "bottleneck", "wave", "partners", *uplifts]]


def movers_table(moved: pd.DataFrame, before: str, after: str, few: set[str]) -> pd.DataFrame:
    """The movers as the Trends page and the slides show them, headed by the area set's noun ("Borough"); ``few``: the
    boroughs with few respondents in either round (``models.disclosure.few_respondents``)."""
    return pd.DataFrame({
        active_area_set().heading_noun: moved.index.map(borough_names()), FEW_RESPONDENTS_LABEL: marks(moved.index, few),
        before: moved["before"].to_numpy(), after: moved["after"].to_numpy(), "Change": moved["change"].to_numpy(),
        "Likely change": [f"{format_signed(lo)} to {format_signed(hi)}"
                          for lo, hi in zip(moved["change_low"], moved["change_high"])],
        "Verdict": moved["verdict"].to_numpy(), "Level": moved["level_text"].to_numpy(),
        f"Rank {before}": moved["rank_before"].to_numpy(), f"Rank {after}": moved["rank_after"].to_numpy(),
    })


def profile_table(profile: pd.DataFrame, borough: str) -> pd.DataFrame:
    """A borough's dimensions as the My borough page and its PDF list them: largest gap to London's
    median first, with the distance to the next level and the gap to its statistical neighbours.

    ``profile`` is ``models.profile.strengths_and_gaps``; unscored dimensions come last.
    """
    ordered = profile.sort_values("vs_london", kind="stable", na_position="last")
    (to_next, median, peer_median), (versus, versus_peers) = profile_columns()
    return pd.DataFrame({
        "Dimension": ordered["name"].to_numpy(), borough: ordered["score"].to_numpy(), "Level": ordered["level"].to_numpy(),
        to_next: ordered["to_next_level"].to_numpy(),
        median: ordered["london_median"].to_numpy(), versus: ordered["vs_london"].to_numpy(),
        peer_median: ordered["peer_median"].to_numpy(), versus_peers: ordered["vs_peers"].to_numpy(),
    })


def profile_columns() -> tuple[tuple[str, str, str], tuple[str, str]]:
    """``profile_table``'s columns of scores (besides the borough's own) and of signed differences, named for the
    active set ("London median", "vs London")."""
    title = active_area_set().title
    return ("To next level", f"{title} median", "Neighbours' median"), (f"vs {title}", "vs neighbours")
