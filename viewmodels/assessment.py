"""The Self-assessment page (a member answering) and the Collection page (the office following a round)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from figures.london_maps import completion_map
from figures.map_spec import MapSpec
from models.scoring import MaturityScorer, level_for
from survey.area_sets import active_area_set
from survey.assessment import DONT_KNOW, STATUSES, SUBMITTED, Collection, Draft
from survey.framework import Framework
from survey.versions import SavedRound
from viewmodels.common import SCORE, Metric, Table


@dataclass(frozen=True)
class Step:
    """One step of the questionnaire: a dimension, its five level descriptors and its questions."""

    dimension: str
    title: str
    descriptors: list[str]  # "**1 Initial** — …", one per level
    questions: list[tuple[str, str]]  # (question id, text)
    answered: int  # questions given an answer or "Don't know"


def answer_options(framework: Framework) -> dict[int | str, str]:
    """The radio options of every question: the five levels by number and name, then "Don't know"."""
    return {level.value: f"{level.value} {level.name}" for level in framework.levels} | {DONT_KNOW: DONT_KNOW}


def steps(framework: Framework, draft: Draft) -> list[Step]:
    """One step per dimension, in framework order."""
    return [Step(d.id, d.name,
                 [f"**{level.value} {level.name}** — {d.descriptors[level.value]}" for level in framework.levels],
                 [(q.id, q.text) for q in d.questions], sum(q.id in draft.answers for q in d.questions))
            for d in framework.dimensions]


def progress(framework: Framework, draft: Draft) -> tuple[float, str]:
    """(share answered, 'You have answered 12 of 28 questions.')."""
    answered, total = sum(q in draft.answers for q in framework.question_ids), len(framework.question_ids)
    return answered / total, f"You have answered {answered} of {total} questions."


def own_profile(framework: Framework, draft: Draft) -> Table:
    """The respondent's own answers scored by the method, one row per dimension, as a profile against
    the levels (before the round is published there is no median of the set's areas to compare with)."""
    given = [(draft.ons_code, draft.email, q, float(v)) for q, v in draft.answers.items() if v is not None]
    answers = pd.DataFrame(given, columns=["ons_code", "respondent", "question_id", "value"])
    names = framework.dimension_names
    if answers.empty:
        scores = pd.Series(float("nan"), index=list(names))
    else:
        scores = MaturityScorer(framework, coverage_threshold=0.0).fit(answers).dimension_scores_.iloc[0]
    table = pd.DataFrame({"Dimension": list(names.values()), "Your answers": scores.reindex(list(names)).to_numpy(),
                          "Level": [level_for(v, framework.levels) for v in scores.reindex(list(names))]})
    return Table(table, {"Your answers": SCORE})


def benchmark_link(area_name: str) -> str:
    """The link from a submitted answer to the area's benchmark: "See Camden's benchmark against London"."""
    return f"See {area_name}'s benchmark against {active_area_set().title}"


def benchmark_pending(area_name: str, round_label: str) -> str:
    """Where the area's benchmark will appear once the round is published."""
    area_set = active_area_set()
    return (f"{area_name}'s benchmark against {area_set.title} appears on the My {area_set.noun} page once the office "
            f"publishes round {round_label}.")


@dataclass(frozen=True)
class CollectionPage:
    """The Collect answers page's own words, in the active set's."""

    caption: str
    map_heading: str
    download_label: str


def collection_page() -> CollectionPage:
    """What the page says of itself: "Open a round for borough staff to answer ..."."""
    area_set = active_area_set()
    return CollectionPage(
        caption=(f"Open a round for {area_set.noun} staff to answer on the Self-assessment page, follow who has answered, "
                 "and close it: closing stores the submitted answers as a provisional round, to check and publish on "
                 "Upload data."),
        map_heading=f"Map of answers by {area_set.noun}",
        download_label=f"Download the {area_set.plural} not yet submitted (CSV)")


def closed_message(saved: SavedRound) -> str:
    """What the office is told once a round collected online is closed and stored."""
    return (f"Round {saved.label} is closed: version {saved.version} stored as provisional ({saved.boroughs} "
            f"{active_area_set().plural}, {saved.respondents} respondents). Publish it on Upload data once it is checked.")


@dataclass(frozen=True)
class CompletionView:
    """What the office sees of a round being collected."""

    heading: str
    metrics: list[Metric]
    map: MapSpec
    map_description: str
    boroughs: Table
    not_submitted: Table


def completion_view(collection: Collection, completion: pd.DataFrame, framework_version: str
                    ) -> CompletionView:
    counts = completion["status"].value_counts()
    area = active_area_set().heading_noun
    shown = completion.rename(columns={"name": area, "status": "Status", "submitted": "Submitted",
                                       "in_progress": "In progress", "ons_code": "ONS code"})
    missing = shown[shown["Status"] != SUBMITTED][[area, "ONS code", "Status"]]
    state = "open" if collection.is_open else "closed"
    spec = completion_map(completion, collection.label)
    return CompletionView(
        heading=(f"Round {collection.label}: {state}, for answers from {collection.opens:%d %B %Y} to "
                 f"{collection.closes:%d %B %Y}, on framework version {framework_version}"),
        metrics=[Metric(status, str(int(counts.get(status, 0)))) for status in STATUSES]
        + [Metric("Respondents submitted", str(int(completion["submitted"].sum())))],
        map=spec,
        map_description=spec.description,
        boroughs=Table(shown[[area, "Status", "Submitted", "In progress"]]),
        not_submitted=Table(missing, file_name=f"not_submitted_{collection.label}.csv"),
    )

