"""Any measure against any other: the measures a round offers, London's medians, and a straight-line fit.

A measure is one number per borough: the overall index, a dimension score, a question's borough
mean (as the reader may see it: ``models.disclosure.disclosed_item_means``), the change in the
overall index since the previous comparable round, or a context variable (``survey.areas.context_variables``).
The fit is ordinary least squares with Pearson's and Spearman's correlation, never over fewer than
``MIN_FIT_BOROUGHS`` boroughs: with four or fewer points a correlation says almost nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from models.summary import OVERALL
from survey.area_sets import AreaSet
from survey.areas import context_variables, load_context
from survey.framework import Framework

MIN_FIT_BOROUGHS = 5
CHANGE = "change"
INDEX, DIMENSION, QUESTION, CONTEXT = "index", "dimension", "question", "context"


def kind_names(area_set: AreaSet) -> dict[str, str]:
    """Each kind of measure's name, as a list of measures shows it: "Question (borough mean)"."""
    return {INDEX: "Overall index", DIMENSION: "Dimension score", QUESTION: f"Question ({area_set.noun} mean)",
            CHANGE: "Change since the previous round", CONTEXT: "Context (ONS, IMD)"}


def own_mark(area_set: AreaSet) -> str:
    """"Your borough": how a chart's points and a table's rows mark the reader's own area (``Points.data["mark"]``)."""
    return f"Your {area_set.noun}"


@dataclass(frozen=True)
class Measure:
    """One number per borough: ``id`` as a link names it ("overall", "data", "q:data_1", "change", "ctx:population_mid2024")."""

    id: str
    label: str
    kind: str


def round_measures(framework: Framework, previous_label: str | None) -> list[Measure]:
    """Every measure a round offers, in the order a page lists them."""
    measures = [Measure(OVERALL, "Overall index", INDEX)]
    measures += [Measure(d.id, d.name, DIMENSION) for d in framework.dimensions]
    measures += [Measure(f"q:{q.id}", f"{q.id}: {q.text}", QUESTION) for d in framework.dimensions for q in d.questions]
    if previous_label is not None:
        measures.append(Measure(CHANGE, f"Change in overall index since round {previous_label}", CHANGE))
    measures += [Measure(f"ctx:{column}", label, CONTEXT) for column, label in context_variables().items()]
    return measures


def measure_values(framework: Framework, scores: pd.DataFrame, question_means: pd.DataFrame,
                   previous: pd.DataFrame | None) -> pd.DataFrame:
    """One column per measure of ``round_measures`` (named by its id), one row per borough that responded.

    ``scores``: the round's scores table; ``question_means``: borough x question means as the reader may
    see them; ``previous``: the previous comparable round's scores, if any (the change is over the
    boroughs with an overall index in both rounds, missing for the rest)."""
    codes = scores.index
    table = pd.DataFrame(index=codes)
    table[OVERALL] = scores["overall"].astype(float)
    for dimension in framework.dimension_ids:
        table[dimension] = scores[dimension].astype(float)
    means = question_means.reindex(index=codes, columns=list(framework.question_ids)).astype(float)
    table = pd.concat([table, means.add_prefix("q:")], axis=1)
    if previous is not None:
        table[CHANGE] = table[OVERALL] - previous["overall"].reindex(codes).astype(float)
    context = load_context().reindex(codes)
    table = pd.concat([table, context.add_prefix("ctx:")], axis=1)
    table.index.name = "ons_code"
    return table


@dataclass(frozen=True)
class Fit:
    """A least-squares line y = intercept + slope * x and the correlations over the same ``n`` boroughs."""

    n: int
    slope: float
    intercept: float
    pearson: float
    spearman: float


@dataclass(frozen=True)
class Points:
    """The boroughs on a chart (``viewmodels.explore.points``): one row each (index ons_code) with label, name, x,
    y, group (its colour's category), size and mark."""

    data: pd.DataFrame
    x: Measure
    y: Measure
    x_median: float
    y_median: float
    fit: Fit | None
    colour_title: str


def pearson(x: np.ndarray, y: np.ndarray) -> float:
    """Pearson's correlation coefficient (NaN where either is constant)."""
    dx, dy = x - x.mean(), y - y.mean()
    denominator = np.sqrt((dx * dx).sum() * (dy * dy).sum())
    return float((dx * dy).sum() / denominator) if denominator > 0 else float("nan")


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman's rank correlation: Pearson's over the ranks, tied values sharing their mean rank."""
    return pearson(pd.Series(x).rank().to_numpy(), pd.Series(y).rank().to_numpy())


def fit_line(x: pd.Series, y: pd.Series) -> Fit | None:
    """The fit over the boroughs with both values; None for fewer than ``MIN_FIT_BOROUGHS`` of them or
    where ``x`` does not vary (no line can be drawn)."""
    both = pd.concat([x, y], axis=1).dropna().to_numpy(dtype=float)
    if len(both) < MIN_FIT_BOROUGHS or np.ptp(both[:, 0]) == 0:
        return None
    xs, ys = both[:, 0], both[:, 1]
    dx = xs - xs.mean()
    slope = float((dx * (ys - ys.mean())).sum() / (dx * dx).sum())
    return Fit(len(both), slope, float(ys.mean() - slope * xs.mean()), pearson(xs, ys), spearman(xs, ys))


def london_medians(values: pd.DataFrame) -> pd.Series:
    """Each measure's median over the boroughs that have it."""
    return values.median(numeric_only=True)
