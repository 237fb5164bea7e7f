"""Committee briefing: London's picture in a round, as the page presents it."""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go

from figures.charts import describe_level_stack, level_stack
from figures.london_maps import cluster_map, level_map, readiness_map
from figures.maps import interactive_map
from models.numbers import NO_SCORE, format_score
from models.trends import describe_change
from models.benchmark import LondonBriefing
from models.readiness import STATUSES, status_counts
from models.summary import OVERALL
from survey.areas import borough_names
from survey.framework import Framework
from viewmodels.common import Metric


@dataclass(frozen=True)
class Chart:
    """A chart with its heading and text description."""

    heading: str
    figure: go.Figure
    description: str


@dataclass(frozen=True)
class BriefingView:
    """What the Committee briefing page shows for one round and pilot."""

    title: str
    messages: list[str]
    metrics: list[Metric]
    level_map: Chart
    gaps: Chart
    cluster_map: Chart | None  # None where the round has too few boroughs to cluster
    cluster_lines: list[str]  # the clusters' descriptions, or why there are none
    readiness_map: Chart
    readiness_line: str
    change: str  # Markdown: a list of the movers, or why there is none
    notes: list[str]


def briefing_view(framework: Framework, briefing: LondonBriefing, geojson: dict) -> BriefingView:
    """Everything the Committee briefing page shows (the slide pack is built from the same briefing)."""
    names = borough_names()
    scores, headline, target = briefing.round.scores, briefing.headline, briefing.target_level
    spec = level_map(scores, framework, OVERALL)
    levels = Chart("Maturity across London", interactive_map(spec, geojson),
                   spec.description + " The Overview page lists every borough.")
    gaps = Chart(f"Capability gaps: boroughs below {target}", level_stack(briefing.shares, framework.level_names),
                 describe_level_stack(briefing.shares, target))
    clusters = None
    if briefing.clusters is not None:
        spec = cluster_map(scores, briefing.clusters, framework)
        clusters = Chart("Groups of similar boroughs", interactive_map(spec, geojson),
                         spec.description + " The Clusters page lists the members.")
    pilot = briefing.pilot
    counts = status_counts(briefing.readiness)
    spec = readiness_map(scores, briefing.readiness, framework, pilot.running_in)
    readiness = Chart(f"Who could adopt {pilot.name} now", interactive_map(spec, geojson),
                      spec.description + " The Pilot readiness page lists every borough.")
    if briefing.previous is None:
        change = f"Round {briefing.round.label} is the first on record: there is no earlier round to compare with."
    else:
        change = "\n".join(f"- **{names[c]}** {format_score(r.before)} → {format_score(r.after)}, {describe_change(r)}"
                           for c, r in briefing.movers.iterrows())
    return BriefingView(
        title=f"London's digital maturity, round {briefing.round.label}",
        messages=briefing.messages,
        metrics=[
            Metric("London median", format_score(headline.london_median, NO_SCORE),
                   caption=f"Overall index · {headline.london_median_level}"),
            Metric("Boroughs scored", f"{headline.boroughs_scored} of {len(names)}"),
            Metric("Weakest dimension", framework.dimension_names[headline.weakest_dimension]),
        ],
        level_map=levels,
        gaps=gaps,
        cluster_map=clusters,
        cluster_lines=([f"**Cluster {c}:** {d}" for c, d in briefing.clusters.descriptions_.items()]
                       if briefing.clusters is not None else [briefing.cluster_problem]),
        readiness_map=readiness,
        readiness_line=" · ".join(f"**{status}** {counts[status]}" for status in STATUSES),
        change=change,
        notes=briefing.notes,
    )
