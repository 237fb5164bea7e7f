"""Summaries of a scored round across the area set (London-wide for London): the map's table and the headline figures."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from models.clustering import MIN_BOROUGHS
from models.numbers import counted, join_names
from models.scoring import NOT_ASSESSED, assign_levels
from models.stats import in_order
from survey.area_sets import active_area_set
from survey.areas import load_boroughs
from survey.framework import Framework

NO_RESPONSE = "No response"
NO_DIMENSION_SCORED = "No dimension scored"
OVERALL = "overall"


def measure_label(measure: str, framework: Framework) -> str:
    """Display name of a measure: 'Overall index' or a dimension's name."""
    return "Overall index" if measure == OVERALL else framework.dimension(measure).name


def measure_table(scores: pd.DataFrame, framework: Framework, measure: str = OVERALL) -> pd.DataFrame:
    """One row for each of the set's areas (London's 33 boroughs) with its score and level on ``measure``.

    Columns: ons_code, name, inner_outer, score, level, respondents. Boroughs that did not
    respond get level ``NO_RESPONSE``; those whose score is missing, ``NOT_ASSESSED``.
    """
    boroughs = pd.DataFrame(
        [(b.ons_code, b.name, b.sub_region) for b in load_boroughs()], columns=["ons_code", "name", "inner_outer"]
    )
    picked = scores[[measure, "respondents"]].rename(columns={measure: "score"})
    table = boroughs.merge(picked, left_on="ons_code", right_index=True, how="left")
    table["level"] = assign_levels(table["score"], framework.levels)
    table.loc[table["respondents"].isna(), "level"] = NO_RESPONSE
    table["respondents"] = table["respondents"].fillna(0).astype(int)
    return table[["ons_code", "name", "inner_outer", "score", "level", "respondents"]]


def level_order(framework: Framework) -> list[str]:
    """Levels lowest first, then the two kinds of missing."""
    return [*framework.level_names, NOT_ASSESSED, NO_RESPONSE]


@dataclass(frozen=True)
class Headline:
    """The figures at the top of the overview, all computed from one round's scores."""

    measure: str
    boroughs_responding: int
    boroughs_scored: int
    london_median: float | None
    london_median_level: str
    level_counts: dict[str, int]
    weakest_dimension: str | None  # None where no dimension has a score in the round
    weakest_dimension_median: float | None

    def weakest_dimension_name(self, framework: Framework) -> str:
        """The weakest dimension's name, or that the round has none (no dimension could be scored)."""
        return framework.dimension_names[self.weakest_dimension] if self.weakest_dimension else NO_DIMENSION_SCORED


def headline_figures(scores: pd.DataFrame, framework: Framework, measure: str = OVERALL) -> Headline:
    """London median and level counts on ``measure``, and London's weakest dimension.

    The weakest dimension is the one with the lowest median across boroughs that have it (ties: the
    first in the framework, as everywhere: ``models.stats.in_order``).
    """
    table = measure_table(scores, framework, measure)
    scored = table["score"].dropna()
    median = float(scored.median()) if len(scored) else None
    counts = table["level"].value_counts()
    dimension_medians = scores[list(framework.dimension_ids)].median()
    weakest = next(iter(in_order(dimension_medians.dropna())), None)
    return Headline(
        measure=measure,
        boroughs_responding=int((table["level"] != NO_RESPONSE).sum()),
        boroughs_scored=len(scored),
        london_median=median,
        london_median_level=assign_levels(pd.Series([median], dtype=float), framework.levels).iloc[0],
        level_counts={level: int(counts.get(level, 0)) for level in level_order(framework)},
        weakest_dimension=weakest,
        weakest_dimension_median=float(dimension_medians[weakest]) if weakest else None,
    )


def what_is_missing(scores: pd.DataFrame, framework: Framework, round_label: str) -> list[str]:
    """Sentences saying what a round cannot show and why: a dimension nobody could be scored on, or
    too few boroughs with an overall index for London-wide figures to mean much. Empty for a full round."""
    dims = list(framework.dimension_ids)
    unscored = [framework.dimension(d).name for d in dims if scores[d].isna().all()]
    scored = int(scores["overall"].notna().sum())
    area_set = active_area_set()
    notes = []
    if unscored:
        notes.append(f"{join_names(unscored)} could not be scored for any {area_set.noun} in round {round_label} (too few "
                     f"of its questions were answered), so no {area_set.noun} has an overall index: ranks and the overall index "
                     "cannot be shown.")
    elif scored < MIN_BOROUGHS:
        notes.append(f"Only {counted(scored, area_set.noun, area_set.plural)} in round {round_label} "
                     f"{'has' if scored == 1 else 'have'} an overall index: {area_set.possessive} medians and ranks describe "
                     f"{'it' if scored == 1 else 'them'} alone, and clusters need at least {MIN_BOROUGHS}.")
    return notes
