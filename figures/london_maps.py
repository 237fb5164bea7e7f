"""The dashboard's four maps of the 33 boroughs, each with the table it draws.

Pages, the PDF report and the slide pack all call these, so a map looks the same everywhere.
Each returns (figure, table): the table holds every borough's category and tooltip values and
is what pages show and offer for download next to the map.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from figures.maps import category_choropleth
from figures.palette import (
    CATEGORY_COLOURS, COMPLETION_COLOURS, NO_RESPONSE_COLOUR, NOT_ASSESSED_COLOUR, STATUS_COLOURS, level_colour_map,
)
from models.clustering import MaturityClusters
from models.gaps import GAP_BANDS, gap_band, target_score
from models.numbers import NO_SCORE, format_score, format_signed
from models.readiness import STATUSES
from models.scoring import NOT_ASSESSED
from models.summary import NO_RESPONSE, level_order, measure_label, measure_table
from survey.assessment import STATUSES as COMPLETION_STATUSES
from survey.framework import Framework

MISSING_COLOURS = {NOT_ASSESSED: NOT_ASSESSED_COLOUR, NO_RESPONSE: NO_RESPONSE_COLOUR}


def describe_categories(table: pd.DataFrame, category: str, order: list[str], subject: str) -> str:
    """Text alternative: 'Map of the 33 boroughs by <subject>: 13 Emerging, 16 Developing, ...'."""
    counts = table[category].value_counts()
    parts = [f"{counts[c]} {c}" for c in order if counts.get(c, 0)]
    return f"Map of the {len(table)} boroughs by {subject}: " + ", ".join(parts) + "."


def level_map(scores: pd.DataFrame, framework: Framework, measure: str, geojson: dict) -> tuple[go.Figure, pd.DataFrame]:
    """Boroughs coloured by their level on a measure (overall index or one dimension)."""
    table = measure_table(scores, framework, measure)
    table["Score"] = table["score"].map(lambda v: format_score(v, NO_SCORE))
    table["Level"] = table["level"]
    figure = category_choropleth(table, geojson, category="Level", order=level_order(framework),
                                 colours=level_colour_map(framework.level_names), hover_lines=["Score", "Level"],
                                 legend_title=f"{measure_label(measure, framework)} level")
    return figure, table


def cluster_map(scores: pd.DataFrame, model: MaturityClusters, framework: Framework, geojson: dict) -> tuple[go.Figure, pd.DataFrame]:
    """Boroughs coloured by cluster; the unclustered say why."""
    table = measure_table(scores, framework)[["ons_code", "name", "level"]]
    labels = {c: f"Cluster {c}" for c in model.centroids_.index}
    table["cluster"] = table["ons_code"].map(model.labels_)
    table["Cluster"] = table["cluster"].map(labels).fillna(table["level"].where(table["level"] == NO_RESPONSE, NOT_ASSESSED))
    table["Profile"] = table["cluster"].map(model.descriptions_).fillna("not clustered: a dimension has no score")
    colours = {label: CATEGORY_COLOURS[(c - 1) % len(CATEGORY_COLOURS)] for c, label in labels.items()} | MISSING_COLOURS
    figure = category_choropleth(table, geojson, category="Cluster", order=cluster_order(model), colours=colours,
                                 hover_lines=["Cluster", "Profile"], legend_title="Cluster")
    return figure, table


def cluster_order(model: MaturityClusters) -> list[str]:
    return [*(f"Cluster {c}" for c in model.centroids_.index), NOT_ASSESSED, NO_RESPONSE]


def readiness_map(
    scores: pd.DataFrame, readiness_table: pd.DataFrame, framework: Framework, geojson: dict, running_in: tuple[str, ...] = ()
) -> tuple[go.Figure, pd.DataFrame]:
    """Boroughs coloured by readiness status; tooltips give margin, bottleneck and where the pilot runs."""
    names = framework.dimension_names
    table = measure_table(scores, framework)[["ons_code", "name"]]
    table["Status"] = table["ons_code"].map(readiness_table["status"]).fillna(NO_RESPONSE)
    table["Margin"] = table["ons_code"].map(readiness_table["margin"]).map(format_signed)
    table["Bottleneck"] = table["ons_code"].map(readiness_table["bottleneck"]).map(
        lambda b: "—" if not isinstance(b, list) else ", ".join(names[d] for d in b))
    table["Pilot"] = ["runs here" if c in running_in else "" for c in table["ons_code"]]
    figure = category_choropleth(table, geojson, category="Status", order=readiness_order(),
                                 colours=STATUS_COLOURS | MISSING_COLOURS,
                                 hover_lines=["Status", "Margin", "Bottleneck", "Pilot"], legend_title="Readiness")
    return figure, table


def readiness_order() -> list[str]:
    return [*STATUSES, NO_RESPONSE]


def gap_map(scores: pd.DataFrame, framework: Framework, dimension: str, target_level: str,
            geojson: dict) -> tuple[go.Figure, pd.DataFrame]:
    """Boroughs coloured by how far one dimension's score is from a target level."""
    table = measure_table(scores, framework, dimension)[["ons_code", "name", "score", "level"]]
    table["gap"] = (table["score"] - target_score(framework, target_level)).round(9)
    table["Gap to target"] = [NO_RESPONSE if level == NO_RESPONSE else gap_band(gap)
                              for level, gap in zip(table["level"], table["gap"])]
    table["Score"] = table["score"].map(lambda v: format_score(v, NO_SCORE))
    table["Gap"] = table["gap"].map(lambda g: format_signed(g, NO_SCORE))
    figure = category_choropleth(table, geojson, category="Gap to target", order=gap_order(),
                                 colours=STATUS_COLOURS | MISSING_COLOURS, hover_lines=["Score", "Gap", "Gap to target"],
                                 legend_title=f"{framework.dimension(dimension).name} vs {target_level}")
    return figure, table


def gap_order() -> list[str]:
    return [*GAP_BANDS, NOT_ASSESSED, NO_RESPONSE]


def completion_map(completion: pd.DataFrame, geojson: dict) -> go.Figure:
    """Boroughs by their status in a round collected online (``survey.assessment.Assessments.completion``)."""
    table = completion.assign(Status=completion["status"],
                              Respondents=[f"{s} submitted, {p} in progress" for s, p in
                                           zip(completion["submitted"], completion["in_progress"])])
    return category_choropleth(table, geojson, category="Status", order=list(COMPLETION_STATUSES),
                               colours=COMPLETION_COLOURS, hover_lines=["Status", "Respondents"], legend_title="Answers")
