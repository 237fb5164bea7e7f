"""The dashboard's maps of the active set's areas, each as a ``MapSpec`` built from the round's table.

Pages draw a specification with ``figures.maps.interactive_map``; the PDF report and the slide
pack draw the same one with ``figures.print_maps.print_map``, so a map reads the same everywhere.
The specification's table holds every borough's category and tooltip values and is what pages
show and offer for download next to the map.
"""

from __future__ import annotations

import pandas as pd

from figures.map_spec import MapSpec, describe_categories
from figures.palette import (
    CATEGORY_COLOURS, COMPLETION_COLOURS, NO_RESPONSE_COLOUR, NOT_ASSESSED_COLOUR, STATUS_COLOURS, level_colour_map,
)
from models.clustering import MaturityClusters
from models.disclosure import few_respondents
from models.gaps import GAP_BANDS, gap_band, target_score
from models.numbers import NO_SCORE, format_score, format_signed
from models.readiness import NEARLY_READY, NOT_YET, READY, STATUSES
from models.scoring import NOT_ASSESSED
from models.summary import NO_RESPONSE, level_order, measure_label, measure_table
from survey.assessment import STATUSES as COMPLETION_STATUSES
from survey.framework import Framework

MISSING_COLOURS = {NOT_ASSESSED: NOT_ASSESSED_COLOUR, NO_RESPONSE: NO_RESPONSE_COLOUR}
# What is written on a borough besides its label, so that colour never carries the category alone.
MISSING_MARKS = {NOT_ASSESSED: "NA", NO_RESPONSE: "NR"}
READINESS_MARKS = {READY: "R", NEARLY_READY: "N", NOT_YET: "X"} | MISSING_MARKS
GAP_MARKS = dict(zip(GAP_BANDS, ("++", "+", "-", "--"), strict=True)) | MISSING_MARKS
COMPLETION_MARKS = dict(zip(COMPLETION_STATUSES, ("S", "P", "0"), strict=True))


def level_map(scores: pd.DataFrame, framework: Framework, measure: str, subject: str | None = None) -> MapSpec:
    """Boroughs by their level on a measure (overall index or one dimension), marked with the level's number;
    a score resting on few respondents says so in its tooltip (``scores`` disclosed: ``models.disclosure``)."""
    label = measure_label(measure, framework)
    table = measure_table(scores, framework, measure)
    few = few_respondents(scores)
    table["Score"] = [format_score(value, NO_SCORE) + (" (few respondents)" if code in few else "")
                      for code, value in zip(table["ons_code"], table["score"])]
    table["Level"] = table["level"]
    order = level_order(framework)
    marks = {name: str(i) for i, name in enumerate(framework.level_names, start=1)} | MISSING_MARKS
    return MapSpec(f"{label} level", table, "Level", tuple(order), level_colour_map(framework.level_names), marks,
                   ("Score", "Level"), describe_categories(table, "Level", order, subject or f"{label.lower()} level"))


def cluster_map(scores: pd.DataFrame, model: MaturityClusters, framework: Framework) -> MapSpec:
    """Boroughs by cluster, marked with its number; the unclustered say why."""
    table = measure_table(scores, framework)[["ons_code", "name", "level"]]
    labels = {c: f"Cluster {c}" for c in model.centroids_.index}
    table["cluster"] = table["ons_code"].map(model.labels_)
    table["Cluster"] = table["cluster"].map(labels).fillna(table["level"].where(table["level"] == NO_RESPONSE, NOT_ASSESSED))
    table["Profile"] = table["cluster"].map(model.descriptions_).fillna("not clustered: a dimension has no score")
    colours = {label: CATEGORY_COLOURS[(c - 1) % len(CATEGORY_COLOURS)] for c, label in labels.items()} | MISSING_COLOURS
    order = cluster_order(model)
    marks = {label: str(c) for c, label in labels.items()} | MISSING_MARKS
    return MapSpec("Cluster", table, "Cluster", tuple(order), colours, marks, ("Cluster", "Profile"),
                   describe_categories(table, "Cluster", order, "cluster"))


def cluster_order(model: MaturityClusters) -> list[str]:
    return [*(f"Cluster {c}" for c in model.centroids_.index), NOT_ASSESSED, NO_RESPONSE]


def readiness_map(scores: pd.DataFrame, readiness_table: pd.DataFrame, framework: Framework,
                  running_in: tuple[str, ...] = ()) -> MapSpec:
    """Boroughs by readiness status; tooltips give margin, bottleneck and where the pilot runs; each
    nearly-ready borough linked to the first ready partner suggested for it."""
    names = framework.dimension_names
    table = measure_table(scores, framework)[["ons_code", "name"]]
    table["Status"] = table["ons_code"].map(readiness_table["status"]).fillna(NO_RESPONSE)
    table["Margin"] = table["ons_code"].map(readiness_table["margin"]).map(format_signed)
    table["Bottleneck"] = table["ons_code"].map(readiness_table["bottleneck"]).map(
        lambda b: "—" if not isinstance(b, list) else ", ".join(names[d] for d in b))
    table["Pilot"] = ["runs here" if c in running_in else "" for c in table["ons_code"]]
    order = readiness_order()
    return MapSpec("Readiness", table, "Status", tuple(order), STATUS_COLOURS | MISSING_COLOURS, READINESS_MARKS,
                   ("Status", "Margin", "Bottleneck", "Pilot"), describe_categories(table, "Status", order, "readiness"),
                   outlined=tuple(c for c in table["ons_code"] if c in running_in), outline_label="Pilot already runs here",
                   links=tuple((code, row["partners"][0]) for code, row in readiness_table.iterrows()
                               if row["status"] == NEARLY_READY and row["partners"]),
                   link_label="Nearly ready → ready partner")


def readiness_order() -> list[str]:
    return [*STATUSES, NO_RESPONSE]


def gap_map(scores: pd.DataFrame, framework: Framework, dimension: str, target_level: str) -> MapSpec:
    """Boroughs by how far one dimension's score is from a target level."""
    table = measure_table(scores, framework, dimension)[["ons_code", "name", "score", "level"]]
    table["gap"] = (table["score"] - target_score(framework, target_level)).round(9)
    table["Gap to target"] = [NO_RESPONSE if level == NO_RESPONSE else gap_band(gap)
                              for level, gap in zip(table["level"], table["gap"])]
    table["Score"] = table["score"].map(lambda v: format_score(v, NO_SCORE))
    table["Gap"] = table["gap"].map(lambda g: format_signed(g, NO_SCORE))
    order = gap_order()
    name = framework.dimension(dimension).name
    return MapSpec(f"{name} vs {target_level}", table, "Gap to target", tuple(order), STATUS_COLOURS | MISSING_COLOURS,
                   GAP_MARKS, ("Score", "Gap", "Gap to target"),
                   describe_categories(table, "Gap to target", order, f"gap to {target_level} in {name}"))


def gap_order() -> list[str]:
    return [*GAP_BANDS, NOT_ASSESSED, NO_RESPONSE]


def completion_map(completion: pd.DataFrame, round_label: str) -> MapSpec:
    """Boroughs by their status in a round collected online (``survey.assessment.Assessments.completion``)."""
    table = completion.assign(Status=completion["status"],
                              Respondents=[f"{s} submitted, {p} in progress" for s, p in
                                           zip(completion["submitted"], completion["in_progress"])])
    order = tuple(COMPLETION_STATUSES)
    return MapSpec("Answers", table, "Status", order, COMPLETION_COLOURS, COMPLETION_MARKS, ("Status", "Respondents"),
                   describe_categories(table, "Status", order, f"answers to round {round_label}"))
