"""Peer comparison: one borough against a peer group of the user's choosing."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from figures.charts import Chart, profile_against_group, score_heatmap
from models.disclosure import FEW_RESPONDENTS_HELP, FEW_RESPONDENTS_LABEL, few_respondents, marks
from models.numbers import NO_SCORE, counted, format_score
from models.peers import compare_with_group, context_neighbours, maturity_neighbours, peer_group, peer_group_names
from models.profile import strengths_and_gaps
from survey.area_sets import active_area_set
from survey.areas import borough_names
from survey.framework import Framework
from viewmodels.common import (SCORE, SIGNED, Metric, Table, formats_for, name_list,
                               strength_and_gap_lines)


@dataclass(frozen=True)
class PeersView:
    """What the Peer comparison page shows for one borough and peer group."""

    group: list[str]  # ONS codes of the peers in the round
    group_line: str
    metrics: list[Metric]
    profile_chart: Chart
    profile_description: str
    profile: Table
    strengths_and_gaps: list[str]
    heatmap: Chart
    heatmap_description: str
    matrix: Table  # index: borough name
    why_heading: str
    why_text: str
    why: Table | None


def selectable_peers(ons_code: str) -> list[str]:
    """Every other borough, by name: the choices for a hand-picked group."""
    names = borough_names()
    return sorted((c for c in names if c != ons_code), key=names.__getitem__)


def peers_view(framework: Framework, scores: pd.DataFrame, cluster_labels: pd.Series | None, ons_code: str, kind: str,
               round_label: str, picked: list[str] | None = None) -> PeersView | None:
    """The page for one borough and kind of group (one of ``models.peers.PEER_GROUPS``); None when the group
    has no borough in the round."""
    area_set = active_area_set()
    names = borough_names()
    borough = names[ons_code]
    dims = list(framework.dimension_ids)
    profiles = scores[dims]
    group = [c for c in peer_group(kind, ons_code, profiles, cluster_labels, picked or []) if c in scores.index]
    if not group:
        return None
    comparison = compare_with_group(profiles, ons_code, group, framework.dimension_names)
    above = comparison[comparison["difference"] > 0]["name"].tolist()
    below = comparison[comparison["difference"] < 0]["name"].tolist()
    shown = comparison.drop(columns=["dimension"]).rename(columns={
        "name": "Dimension", "score": borough, "group_median": "Peer median", "group_min": "Peer lowest",
        "group_max": "Peer highest", "difference": "Difference from median"})
    matrix = profiles.loc[[ons_code, *group]].rename(index=names, columns=framework.dimension_names)
    matrix.index.name = area_set.heading_noun
    few = few_respondents(scores)
    listed = matrix.copy()
    listed.insert(0, FEW_RESPONDENTS_LABEL, marks([ons_code, *group], few))
    why_heading, why_text, why = "", "", None
    if kind == "maturity":
        why_heading = f"Why are these {area_set.plural} close?"
        why_text = (f"Distance between profiles in standard deviations of {area_set.possessive} spread, and the gap on "
                    "each dimension: small gaps everywhere make a close neighbour.")
        table = maturity_neighbours(profiles, ons_code).rename(columns=framework.dimension_names)
        table.insert(0, area_set.heading_noun, table.pop("neighbour_code").map(names))
        table = table.rename(columns={"distance": "Distance"})
        why = Table(table, formats_for(list(table.columns[1:]), SCORE))
    elif kind == "context":
        why_heading = "Why these neighbours?"
        why_text = ("The Office for National Statistics finds each council's nearest neighbours on population, economy, "
                    "deprivation and other statistics (2025 release). Smaller distance means more alike; "
                    "the ONS rank counts all English councils.")
        why = Table(context_neighbours(ons_code).rename(columns={
            "neighbour_name": area_set.heading_noun, "relative_distance": "ONS distance", "neighbour_rank": "ONS rank"})
            .drop(columns=["neighbour_code"]), {"ONS distance": SCORE})
    return PeersView(
        group=group,
        group_line=f"**{len(group)} peers:** " + name_list(group, names),
        metrics=[Metric(f"{borough}: overall index", format_score(scores.loc[ons_code, "overall"], NO_SCORE),
                        caption=FEW_RESPONDENTS_LABEL if ons_code in few else "",
                        help=FEW_RESPONDENTS_HELP if ons_code in few else ""),
                 Metric("Peer group median overall", format_score(scores.loc[group, "overall"].median(), NO_SCORE))],
        profile_chart=Chart(profile_against_group,
                            (comparison, borough, peer_group_names(area_set)[kind].split(" (")[0], framework.level_names)),
        profile_description=(
            f"Dot plot: {borough} (circle) against the median (diamond) and range (bar) of its {len(group)} peers on "
            f"each dimension. Above the peer median on {counted(len(above), 'dimension')}"
            + (f" ({', '.join(above)})" if above else "") + f"; below on {len(below)}"
            + (f" ({', '.join(below)})" if below else "") + "."),
        profile=Table(shown, formats_for([borough, "Peer median", "Peer lowest", "Peer highest"], SCORE)
                      | {"Difference from median": SIGNED},
                      f"peers_{ons_code}_{kind}_{round_label}.csv"),
        strengths_and_gaps=strength_and_gap_lines(strengths_and_gaps(scores, framework, ons_code, group), "these peers"),
        heatmap=Chart(score_heatmap, (matrix,)),
        heatmap_description="Heatmap of dimension scores; every cell shows its score, darker is higher.",
        matrix=Table(listed, formats_for(list(matrix.columns), SCORE), f"peer_group_{ons_code}_{kind}_{round_label}.csv",
                     {FEW_RESPONDENTS_LABEL: FEW_RESPONDENTS_HELP}),
        why_heading=why_heading,
        why_text=why_text,
        why=why,
    )
