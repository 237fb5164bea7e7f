"""Overview: headline figures, boroughs per level, the level map and its data."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from figures.london_maps import level_map
from figures.map_spec import MapSpec
from models.disclosure import FEW_RESPONDENTS_HELP, FEW_RESPONDENTS_LABEL, few_respondents, marks
from models.numbers import NO_SCORE, format_score
from models.peers import sub_region_heading
from models.summary import OVERALL, headline_figures, measure_label
from survey.area_sets import active_area_set
from survey.framework import Framework
from viewmodels.common import SCORE, WHOLE, Metric, Table


@dataclass(frozen=True)
class OverviewView:
    """What the Overview page shows for one round and measure."""

    caption: str
    levels_heading: str  # "Boroughs per level: Overall index"
    map_heading: str
    metrics: list[Metric]
    measure_label: str
    level_counts: dict[str, int]
    map: MapSpec
    map_description: str
    table: Table


def overview_view(framework: Framework, scores: pd.DataFrame, ranks: pd.DataFrame, round_label: str, measure: str
                  ) -> OverviewView:
    """Everything the Overview page shows for one round and measure.

    ``scores`` and ``ranks`` are the round's scores table, disclosed to the reader (``models.disclosure``), and
    its rank intervals (index ons_code).
    """
    area_set = active_area_set()
    label = measure_label(measure, framework)
    headline = headline_figures(scores, framework, measure)
    metrics = [
        Metric(f"{area_set.title} median, {label}", format_score(headline.london_median, NO_SCORE),
               caption=f"Level: **{headline.london_median_level}**",
               help=f"Median over the {area_set.plural} with a score on this measure."),
        Metric(f"{area_set.heading_plural} scored", f"{headline.boroughs_scored} of {sum(headline.level_counts.values())}",
               caption=f"{headline.boroughs_responding} responded to this round"),
    ]
    if headline.weakest_dimension:
        metrics.append(Metric(f"{area_set.possessive} weakest dimension", framework.dimension_names[headline.weakest_dimension],
                              caption=f"Median score {format_score(headline.weakest_dimension_median, NO_SCORE)}"))

    spec = level_map(scores, framework, measure, f"{label} level in round {round_label}")
    table = spec.table
    description = spec.description + f" The table below lists every {area_set.noun}'s score and level."
    if measure == OVERALL:  # a rank never appears without its likely range (see Method & data)
        table["rank"] = table["ons_code"].map(ranks["rank_text"]).fillna("no response")
    dimension_names = framework.dimension_names
    table["missing"] = table["ons_code"].map(scores["missing_dimensions"]).map(
        lambda ids: ", ".join(dimension_names[d] for d in ids) if isinstance(ids, list) else "")
    table.insert(table.columns.get_loc("respondents") + 1, "few", marks(table["ons_code"], few_respondents(scores)))
    table["spread"] = table["ons_code"].map(scores["spread_max"])
    sub_regions = sub_region_heading(area_set)
    shown = table.drop(columns=["Score", "Level", *([] if sub_regions else ["inner_outer"])]).rename(columns={
        "ons_code": "ONS code", "name": area_set.heading_noun, "inner_outer": sub_regions, "score": label, "level": "Level",
        "respondents": "Respondents", "few": FEW_RESPONDENTS_LABEL, "rank": "Rank (likely range)",
        "missing": "Not assessed (coverage rule)", "spread": "Largest disagreement"})
    name = area_set.heading_noun
    shown.insert(0, name, shown.pop(name))  # the row's name heads it (and stays in view on a phone)
    return OverviewView(
        caption=f"Round {round_label} · {label} · levels from the framework v{framework.version} scoring method",
        levels_heading=f"{area_set.heading_plural} per level: {label}",
        map_heading=f"Map: {label} level by {area_set.noun}",
        metrics=metrics,
        measure_label=label,
        level_counts=headline.level_counts,
        map=spec,
        map_description=description,
        table=Table(shown, {label: SCORE, "Largest disagreement": WHOLE}, f"maturity_{round_label}_{measure}.csv",
                    {FEW_RESPONDENTS_LABEL: FEW_RESPONDENTS_HELP,
                     "Largest disagreement": f"Highest minus lowest answer to one question between the {area_set.noun}'s "
                                             "respondents; where it has few respondents, shown only to the office "
                                             "that runs the survey."},
                    priority=(label, "Level", "Rank (likely range)")),
    )
