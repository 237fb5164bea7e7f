"""Committee briefing: the set's picture in a round, as the page presents it."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import pandas as pd

from figures.charts import Chart, describe_level_stack, level_stack
from figures.london_maps import cluster_map, level_map, readiness_map
from figures.map_spec import MapSpec
from models.disclosure import few_respondents
from models.numbers import NO_SCORE, counted, format_score, format_signed
from models.trends import describe_change, movers_sentence
from models.benchmark import LondonBriefing
from models.readiness import NEARLY_READY, STATUSES, WAVE_NAMES, ranked, status_counts
from models.summary import OVERALL
from survey.area_sets import active_area_set
from survey.areas import borough_names
from survey.framework import Framework
from viewmodels.common import NO_PARTNER, Metric, Table, name_list
from viewmodels.gaps import levels_table

CHART_TEXT_PX = 18  # the briefing is read on a projector: no chart text smaller than this



def pack_file_name(round_label: str, provisional: bool) -> str:
    """The pack's file name, by the area set's title: "london_digital_maturity_2025.pptx",
    "greater_manchester_digital_maturity_2025_provisional.pptx"."""
    title = re.sub(r"[^a-z0-9]+", "_", active_area_set().title.casefold()).strip("_")
    return f"{title}_digital_maturity_{round_label}{'_provisional' if provisional else ''}.pptx"

@dataclass(frozen=True)
class HeadedChart:
    """A chart with its heading, text description and the table of its numbers."""

    heading: str
    chart: Chart
    description: str
    table: Table
    table_summary: str  # what the table's fold says, closed


@dataclass(frozen=True)
class MapChart:
    """A map with its heading and text description (the map's own, and where to find every area)."""

    heading: str
    spec: MapSpec
    description: str


PLAN_CARDS = 12  # the scale-up plan's cards: four rows of three; England may have dozens nearly ready


@dataclass(frozen=True)
class PlanCard:
    """One nearly-ready borough of the scale-up plan: what it must raise, and who could help."""

    borough: str
    lines: list[str]


def scale_up_plan(readiness_table: pd.DataFrame, dimension_names: dict[str, str], names: dict[str, str],
                  few: set[str]) -> list[PlanCard]:
    """A card per nearly-ready borough, the most ready first: its wave and margin (marked where the borough has
    ``few`` respondents), each uplift it needs, and its suggested ready partners (or that none of its neighbours is
    ready yet)."""
    cards = []
    for code, row in ranked(readiness_table).iterrows():
        if row["status"] != NEARLY_READY:
            continue
        uplifts = [f"Raise {dimension_names[column.removeprefix('uplift_')]} by {format_score(row[column])}"
                   for column in readiness_table.columns if column.startswith("uplift_") and row[column] > 0]
        partners = f"Partner{'s' if len(row['partners']) > 1 else ''}: {name_list(row['partners'], names) or NO_PARTNER}"
        margin = f"{WAVE_NAMES[int(row['wave'])]} · margin {format_signed(row['margin'])}"
        cards.append(PlanCard(names[code], [margin + (" · few respondents" if code in few else ""), *uplifts, partners]))
    return cards


@dataclass(frozen=True)
class BriefingView:
    """What the Committee briefing page shows for one round and pilot."""

    title: str
    messages: list[str]
    metrics: list[Metric]
    level_map: MapChart
    gaps: HeadedChart
    cluster_map: MapChart | None  # None where the round has too few boroughs to cluster
    cluster_lines: list[str]  # the clusters' descriptions, or why there are none
    readiness_map: MapChart
    readiness_line: str
    plan: list[PlanCard]  # nearly-ready boroughs with what to raise and a partner, the most ready PLAN_CARDS
    plan_more: str  # where more are nearly ready than the plan shows: how many, and where they are listed; else ""
    change: str  # Markdown: a list of the movers, or why there is none
    notes: list[str]
    pack_file_name: str


@dataclass(frozen=True)
class BriefingPage:
    """The Committee briefing page's words that do not wait for the round's briefing, in the active set's."""

    clusters_heading: str  # over the clusters, or over why there are none
    no_plan: str  # where no area is nearly ready


def briefing_title(round_label: str) -> str:
    """"London's digital maturity, round 2025": the page's title and the slide pack's."""
    return f"{active_area_set().possessive} digital maturity, round {round_label}"


def briefing_page() -> BriefingPage:
    """The clusters heading and the plan's empty line: "Groups of similar boroughs"."""
    plural, noun = active_area_set().plural, active_area_set().noun
    return BriefingPage(clusters_heading=f"Groups of similar {plural}", no_plan=f"No {noun} is nearly ready for this pilot.")


def briefing_view(framework: Framework, briefing: LondonBriefing) -> BriefingView:
    """Everything the Committee briefing page shows (the slide pack is built from the same briefing)."""
    names, area_set, page = borough_names(), active_area_set(), briefing_page()
    scores, headline, target = briefing.round.scores, briefing.headline, briefing.target_level
    spec = level_map(scores, framework, OVERALL)
    levels = MapChart(f"Maturity across {area_set.title}", spec,
                      spec.description + f" The Overview page lists every {area_set.noun}.")
    gaps = HeadedChart(f"Capability gaps: {area_set.plural} below {target}",
                       Chart(level_stack, (briefing.shares, framework.level_names, target), text_px=CHART_TEXT_PX),
                       describe_level_stack(briefing.shares, target),
                       replace(levels_table(briefing.shares, briefing.round.label, target), file_name=None),
                       "The chart's numbers as a table (the Capability gaps page offers them as CSV)")
    clusters = None
    cluster_lines = [briefing.cluster_problem] if briefing.cluster_problem else []
    if briefing.clusters is not None:
        spec = cluster_map(scores, briefing.clusters, framework)
        clusters = MapChart(page.clusters_heading, spec, spec.description + " The Clusters page lists the members.")
        cluster_lines = [f"**Cluster {c}:** {d}" for c, d in briefing.clusters.descriptions_.items()]
    pilot = briefing.pilot
    assert pilot is not None, "the Committee briefing page always chooses a pilot"
    counts = status_counts(briefing.readiness)
    spec = readiness_map(scores, briefing.readiness, framework, pilot.running_in)
    readiness = MapChart(f"Who could adopt {pilot.name} now", spec,
                         spec.description + f" The Pilot readiness page lists every {area_set.noun}.")
    plan = scale_up_plan(briefing.readiness, framework.dimension_names, names, few_respondents(scores))
    more = len(plan) - PLAN_CARDS
    if briefing.previous is None or briefing.movers is None:  # the first round: neither
        change = f"Round {briefing.round.label} is the first on record: there is no earlier round to compare with."
    else:
        few = few_respondents(briefing.previous.scores, scores)
        change = "\n".join([movers_sentence(briefing.changes, briefing.movers, briefing.previous.label, briefing.round.label),
                            *(f"- **{names[c]}**{' (few respondents)' if c in few else ''} {format_score(r.before)} → "
                              f"{format_score(r.after)}, {describe_change(r)}" for c, r in briefing.movers.iterrows())])
    return BriefingView(
        title=briefing_title(briefing.round.label),
        messages=briefing.messages,
        metrics=[
            Metric(f"{area_set.title} median", format_score(headline.london_median, NO_SCORE),
                   caption=f"Overall index · {headline.london_median_level}"),
            Metric(f"{area_set.heading_plural} scored", f"{headline.boroughs_scored} of {len(names)}"),
            Metric("Weakest dimension", headline.weakest_dimension_name(framework)),
        ],
        level_map=levels,
        gaps=gaps,
        cluster_map=clusters,
        cluster_lines=cluster_lines,
        readiness_map=readiness,
        readiness_line=" · ".join(f"**{status}** {counts[status]}" for status in STATUSES),
        plan=plan[:PLAN_CARDS],
        plan_more=(counted(more, f"more nearly-ready {area_set.noun}", f"more nearly-ready {area_set.plural}")
                   + ": the Pilot readiness page lists each, most ready first, with its partners." if more > 0 else ""),
        change=change,
        notes=briefing.notes,
        pack_file_name=pack_file_name(briefing.round.label, briefing.round.provisional),
    )
