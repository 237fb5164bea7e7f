"""Capability gaps: where the set falls short of a target level, by dimension and by borough."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from figures.london_maps import gap_map
from figures.map_spec import MapSpec
from models.disclosure import FEW_RESPONDENTS_HELP, FEW_RESPONDENTS_LABEL, few_respondents, marks
from models.numbers import NO_SCORE, format_score
from models.gaps import gap_table, level_shares, shares_by_half, target_score, weakest_dimensions
from models.summary import OVERALL
from survey.area_sets import active_area_set
from survey.areas import borough_names
from survey.framework import Framework
from viewmodels.common import SCORE, SHARE, SIGNED, Metric, Table, formats_for


@dataclass(frozen=True)
class GapsView:
    """The set's gaps to a target level, by dimension and by sub-region (London's halves; none where the set has no
    sub-regions)."""

    caption: str
    metrics: list[Metric]
    levels: Table
    halves: Table | None
    halves_heading: str
    halves_caption: str
    map_dimensions: list[str]
    map_dimension: str  # the default of the map's dimension choice


@dataclass(frozen=True)
class GapMapView:
    """One dimension's gaps on the map, and every area's gaps."""

    map: MapSpec
    map_description: str
    boroughs: Table
    heading: str  # over the table: "Every borough's gaps"


def target_choices(framework: Framework, default_target: str) -> tuple[list[str], int]:
    """The levels a target can be (all but the lowest) and the index of the configured default."""
    options = list(framework.level_names[1:])
    return options, options.index(default_target) if default_target in options else 0


@dataclass(frozen=True)
class GapsPage:
    """The Capability gaps page's own words, in the active set's."""

    title: str
    target_help: str
    levels_heading: str


def gaps_page() -> GapsPage:
    """The page's title and headings: "Capability gaps across London", "Boroughs at each level, by dimension"."""
    area_set = active_area_set()
    return GapsPage(title=f"Capability gaps across {area_set.title}",
                    target_help=f"The level every {area_set.noun} should reach; a gap is the distance below its lower edge.",
                    levels_heading=f"{area_set.heading_plural} at each level, by dimension")


def levels_table(shares: pd.DataFrame, round_label: str, target: str) -> Table:
    """Areas at each level per dimension (``models.gaps.level_shares``) as a page lists them and offers
    them for download: the Capability gaps page, and the table of the briefing's chart."""
    levels = shares.drop(columns=["dimension"]).rename(columns={
        "name": "Dimension", "median": "Median", "assessed": f"{active_area_set().heading_plural} assessed",
        "below_target": f"Below {target}", "share_below_target": f"Share below {target}"})
    return Table(levels, {"Median": SCORE, f"Share below {target}": SHARE}, f"gaps_levels_{round_label}_{target}.csv")


def _by_sub_region(profiles: pd.DataFrame, framework: Framework, target: str) -> tuple[Table | None, str, str]:
    """The share below ``target`` in each sub-region, its heading ("Inner and Outer London") and caption; no table
    where the set has no sub-regions."""
    area_set = active_area_set()
    sub_regions, shares = area_set.sub_regions, shares_by_half(profiles, framework, target)
    if sub_regions is None or shares is None:
        return None, "", ""
    table = Table(shares.drop(columns=["dimension"]).rename(columns={"name": "Dimension"}),
                  formats_for(list(sub_regions.values), SHARE))
    each = "half" if len(sub_regions.values) == 2 else "group"
    return (table, sub_regions.name.replace("/", " and "),
            f"Share of each {each}'s {area_set.plural} below {target} on each dimension.")


def gaps_view(framework: Framework, scores: pd.DataFrame, round_label: str, target: str, measure: str) -> GapsView:
    """The set's gaps to ``target`` in a round; ``measure`` (the sidebar's) preselects the map's dimension."""
    names = framework.dimension_names
    area_set = active_area_set()
    profiles = scores[list(framework.dimension_ids)]
    shares = level_shares(profiles, framework, target)
    by_median, by_share = weakest_dimensions(shares)
    indexed = shares.set_index("dimension")
    worst = indexed.loc[by_share[0]]
    halves, halves_heading, halves_caption = _by_sub_region(profiles, framework, target)
    return GapsView(
        caption=f"Round {round_label}. Target: {target} (a score of {target_score(framework, target):g} or more).",
        metrics=[
            Metric("Weakest dimension (lowest median)", names[by_median[0]],
                   caption=f"Median {format_score(indexed.loc[by_median[0], 'median'], NO_SCORE)}; then "
                           + ", ".join(names[d] for d in by_median[1:])),
            Metric(f"Most {area_set.plural} below target", names[by_share[0]],
                   caption=f"{int(worst['below_target'])} of {int(worst['assessed'])} {area_set.plural} below {target}; then "
                           + ", ".join(names[d] for d in by_share[1:])),
        ],
        levels=levels_table(shares, round_label, target),
        halves=halves,
        halves_heading=halves_heading,
        halves_caption=halves_caption,
        map_dimensions=list(framework.dimension_ids),
        map_dimension=measure if measure != OVERALL else by_share[0],
    )


def gap_map_view(framework: Framework, scores: pd.DataFrame, round_label: str, target: str, dimension: str
                 ) -> GapMapView:
    """The map of one dimension's gap to ``target`` and every area's gaps."""
    area_set = active_area_set()
    dimension_names = framework.dimension_names
    spec = gap_map(scores, framework, dimension, target)
    gaps = gap_table(scores[list(framework.dimension_ids)], framework, target)
    below = f"Dimensions below {target}"
    matrix = gaps.rename(columns={**dimension_names, "dimensions_below": below})
    matrix = matrix.sort_values(below, ascending=False, kind="stable").reset_index().rename(columns={"ons_code": "ONS code"})
    # the row's name heads it (and stays in view on a phone)
    matrix.insert(0, area_set.heading_noun, matrix["ONS code"].map(borough_names()))
    matrix.insert(2, FEW_RESPONDENTS_LABEL, marks(matrix["ONS code"], few_respondents(scores)))
    return GapMapView(
        map=spec,
        map_description=spec.description + f" The table below lists every {area_set.noun}'s gaps.",
        boroughs=Table(matrix, formats_for(list(dimension_names.values()), SIGNED), f"gaps_{round_label}_{target}.csv",
                       {FEW_RESPONDENTS_LABEL: FEW_RESPONDENTS_HELP}, priority=(below,)),
        heading=f"Every {area_set.noun}'s gaps",
    )
