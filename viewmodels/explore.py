"""Explore: any measure against any other for one round, as plain values (the figure is drawn by ``figures.explore``)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from figures.explore import NEIGHBOUR_MARK
from models.benchmark import ScoredRound, comparable_rounds, previous_round
from models.explore import (CONTEXT, DIMENSION, MIN_FIT_BOROUGHS, Measure, Points, fit_line, london_medians,
                            measure_values, own_mark, round_measures)
from models.numbers import counted
from models.peers import context_neighbours
from models.readiness import readiness
from survey.area_sets import active_area_set
from survey.areas import borough_labels, borough_names, load_boroughs, load_context
from survey.framework import Framework
from viewmodels.common import SCORE, SHARE, SIGNED, WHOLE, Table
from viewmodels.tables import CELL_FORMATS

NO_COLOUR, NO_SIZE = "none", "none"
SIZES = {NO_SIZE: "Same size", "respondents": "Respondents", "population": "Population (mid-2024)"}


def colour_choices() -> dict[str, str]:
    """What the points may be coloured by, each with its name: the sub-regions ("Inner/Outer London") only where the
    active set has them."""
    sub_regions = active_area_set().sub_regions
    return {NO_COLOUR: "No colour", "level": "Level (overall index)", "cluster": "Cluster",
            **({"inner_outer": sub_regions.name} if sub_regions else {}), "readiness": "Readiness for a pilot"}


@dataclass(frozen=True)
class ExploreView:
    """What the Explore page shows for one pair of measures."""

    points: Points
    description: str
    fit_text: str
    table: Table


@dataclass(frozen=True)
class SmallMultiplesView:
    """One context variable against each dimension: one panel of points per dimension."""

    context: Measure
    panels: list[Points]
    description: str
    table: Table


def _groups(colour: str, codes: pd.Index, scores: pd.DataFrame, cluster_labels: pd.Series | None,
            pilot: tuple[dict[str, float], float] | None) -> pd.Series:
    """Each borough's colour group, as text (named in the legend and the table, never by colour alone)."""
    if colour == "level":
        return scores["level"].reindex(codes).astype(str)
    if colour == "cluster":
        labels = cluster_labels.reindex(codes) if cluster_labels is not None else pd.Series(pd.NA, index=codes)
        return labels.map(lambda c: "Not clustered" if pd.isna(c) else f"Cluster {int(c)}")
    if colour == "inner_outer":
        half = {b.ons_code: b.sub_region for b in load_boroughs()}
        return pd.Series([half[c] for c in codes], index=codes)
    if colour == "readiness" and pilot is not None:
        requirements, band = pilot
        return readiness(scores.reindex(codes), requirements, band)["status"].reindex(codes).astype(str)
    return pd.Series("", index=codes)


def _sizes(size: str, codes: pd.Index, scores: pd.DataFrame) -> pd.Series:
    if size == "respondents":
        return scores["respondents"].reindex(codes).astype(float)
    if size == "population":
        return load_context()["population_mid2024"].reindex(codes)
    return pd.Series(float("nan"), index=codes)


def _marks(codes: pd.Index, ons_code: str | None) -> pd.Series:
    """"Your borough" and its ONS statistical neighbours, marked on the chart and in the table."""
    peers = set(context_neighbours(ons_code)["neighbour_code"]) if ons_code else set()
    own = own_mark(active_area_set())
    return pd.Series([own if c == ons_code else NEIGHBOUR_MARK if c in peers else "" for c in codes], index=codes)


def points(values: pd.DataFrame, x: Measure, y: Measure, groups: pd.Series, sizes: pd.Series, marks: pd.Series,
           colour_title: str) -> Points:
    """The boroughs with both measures, their medians over the boroughs that have each, and the fit."""
    pairs = pd.DataFrame({"x": values[x.id], "y": values[y.id]})  # x and y may be the same measure
    both = pairs.dropna()
    names, labels = borough_names(), borough_labels()
    codes = both.index
    data = pd.DataFrame({"label": [labels[c] for c in codes], "name": [names[c] for c in codes],
                         "x": both["x"], "y": both["y"], "group": groups.reindex(codes), "size": sizes.reindex(codes),
                         "mark": marks.reindex(codes)}, index=codes)
    medians = london_medians(pairs)
    return Points(data, x, y, float(medians["x"]), float(medians["y"]), fit_line(both["x"], both["y"]), colour_title)


# Context variables that are counts, ranks or flags (written whole) and shares (as percentages); any other is
# written to two decimals, as a score is.
WHOLE_CONTEXT = {"ctx:population_mid2024", "ctx:imd2019_rank_of_average_score", "ctx:inner_london"}
SHARE_CONTEXT = {"ctx:imd2019_prop_lsoas_most_deprived_10pct"}


def number_format(measure: Measure) -> str:
    """How a measure's values are written, in the table, its CSV and the description alike."""
    if measure.kind == CONTEXT:
        return WHOLE if measure.id in WHOLE_CONTEXT else SHARE if measure.id in SHARE_CONTEXT else SCORE
    return SIGNED if measure.id == "change" else SCORE


def _number(measure: Measure, value: float) -> str:
    return CELL_FORMATS[number_format(measure)](value)


def fit_sentence(chart: Points) -> str:
    """The correlation in words, or why there is none."""
    fit = chart.fit
    n = len(chart.data)
    area_set = active_area_set()
    if fit is None:
        why = (f"only {counted(n, area_set.noun, area_set.plural)} {'has' if n == 1 else 'have'} both measures"
               if n < MIN_FIT_BOROUGHS else f"{chart.x.label} is the same for every {area_set.noun}")
        return f"No straight-line fit: {why} (a fit needs at least {MIN_FIT_BOROUGHS} {area_set.plural} and a varying x)."
    return (f"Pearson correlation {fit.pearson:+.2f}, Spearman rank correlation {fit.spearman:+.2f}, over {fit.n} "
            f"{area_set.plural}; "
            f"least-squares line: {chart.y.label} = {_figures(fit.intercept)} {'+' if fit.slope >= 0 else '−'} "
            f"{_figures(abs(fit.slope))} × {chart.x.label}.")


def _figures(value: float) -> str:
    """Three significant figures, never in scientific notation ("0.00000102", not "1.02e-06")."""
    return np.format_float_positional(value, precision=3, unique=False, fractional=False, trim="-")


def explore_view(framework: Framework, values: pd.DataFrame, scores: pd.DataFrame, cluster_labels: pd.Series | None,
                 measures: dict[str, Measure], x_id: str, y_id: str, colour: str, size: str,
                 pilot: tuple[dict[str, float], float] | None, ons_code: str | None, round_label: str,
                 with_fit: bool) -> ExploreView:
    """The scatter of ``y_id`` against ``x_id`` (ids of ``measures``), coloured and sized as chosen.

    ``values``: ``models.explore.measure_values``; ``pilot``: the chosen pilot's requirements and the
    nearly-ready band, when colouring by readiness; ``ons_code``: the reader's borough, marked with its neighbours."""
    area_set = active_area_set()
    colours = colour_choices()
    x, y = measures[x_id], measures[y_id]
    codes = values.index
    chart = points(values, x, y, _groups(colour, codes, scores, cluster_labels, pilot), _sizes(size, codes, scores),
                   _marks(codes, ons_code), colours[colour] if colour != NO_COLOUR else "")
    fit_text = fit_sentence(chart) if with_fit else ""
    if not with_fit:
        chart = Points(chart.data, x, y, chart.x_median, chart.y_median, None, chart.colour_title)
    data = chart.data
    description = (f"Scatter chart of {y.label} (up) against {x.label} (across) for round {round_label}: {len(data)} of "
                   f"{len(values)} responding {area_set.plural} have both. Dashed lines: {area_set.possessive} medians, "
                   f"{_number(x, chart.x_median)} across and {_number(y, chart.y_median)} up. "
                   + (f"{own_mark(area_set)} is ringed and its statistical neighbours drawn as diamonds. " if ons_code else "")
                   + fit_text)
    shown = pd.DataFrame({area_set.heading_noun: data["name"], x.label: data["x"], y.label: data["y"]})
    if colour != NO_COLOUR:
        shown[colours[colour]] = data["group"]
    if size != NO_SIZE:
        shown[SIZES[size]] = data["size"]
    shown["Marked"] = data["mark"]
    shown["Label"] = data["label"]  # the chart's name for the point, last: the borough's own name comes first
    formats = {m.label: number_format(m) for m in (x, y)}
    file_name = f"explore_{x.id}_{y.id}_{round_label}.csv".replace(":", "-")
    return ExploreView(chart, description, fit_text, Table(shown.reset_index(drop=True), formats, file_name,
                                                           priority=(y.label, x.label)))  # both axes kept on a phone


def small_multiples_view(framework: Framework, values: pd.DataFrame, measures: dict[str, Measure], context_id: str,
                         round_label: str) -> SmallMultiplesView:
    """``context_id`` across, each dimension up, one panel each, with each panel's fit."""
    area_set = active_area_set()
    context = measures[context_id]
    codes = values.index
    blank = pd.Series("", index=codes)
    panels = [points(values, context, measures[d], blank, pd.Series(float("nan"), index=codes), blank, "")
              for d in framework.dimension_ids if measures[d].kind == DIMENSION]
    lines = [f"{p.y.label}: " + (f"Pearson {p.fit.pearson:+.2f}, Spearman {p.fit.spearman:+.2f} (n = {p.fit.n})"
                                 if p.fit else f"no fit ({len(p.data)} {area_set.plural})") for p in panels]
    description = (f"Seven scatter charts, one per dimension, each of the dimension score (up) against {context.label} "
                   f"(across) for round {round_label}. " + "; ".join(lines) + ".")
    rows = pd.DataFrame({"Dimension": [p.y.label for p in panels],
                         area_set.heading_plural: [len(p.data) for p in panels],
                         "Pearson": [p.fit.pearson if p.fit else float("nan") for p in panels],
                         "Spearman": [p.fit.spearman if p.fit else float("nan") for p in panels],
                         "Slope": [p.fit.slope if p.fit else float("nan") for p in panels]})
    return SmallMultiplesView(context, panels, description,
                              Table(rows, {}, f"explore_{context.id}_by_dimension_{round_label}.csv".replace(":", "-")))


def selected_table(view: ExploreView, codes: list[str]) -> Table:
    """The rows of the chart's table for the boroughs selected on it (or in the list that mirrors it)."""
    names = borough_names()
    chosen = {names[c] for c in codes}
    rows = view.table.data[view.table.data[active_area_set().heading_noun].isin(chosen)]
    return Table(rows.reset_index(drop=True), view.table.formats, priority=view.table.priority)


def round_values(framework: Framework, scores: pd.DataFrame, question_means: pd.DataFrame,
                 scored_rounds: dict[str, ScoredRound], round_label: str) -> tuple[dict[str, Measure], pd.DataFrame]:
    """The measures round ``round_label`` offers (by id) and their values per borough: the change is since the
    previous round among those it may be compared with (``models.benchmark.comparable_rounds``)."""
    before = previous_round(comparable_rounds(scored_rounds, round_label), round_label) if round_label in scored_rounds else None
    measures = {m.id: m for m in round_measures(framework, before.label if before else None)}
    return measures, measure_values(framework, scores, question_means, before.scores if before else None)


def selected_codes(points_chosen: list[dict], on_chart: pd.Index) -> list[str]:
    """The boroughs a box or lasso selection holds (each point's ``customdata`` starts with its ONS code),
    in chart order; anything else the browser sends is ignored."""
    picked = {p["customdata"][0] for p in points_chosen if isinstance(p.get("customdata"), (list, tuple)) and p["customdata"]}
    return [c for c in on_chart if c in picked]
