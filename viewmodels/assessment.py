"""The Self-assessment page (a member answering) and the Collection page (the office following a round)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from figures.london_maps import completion_map
from figures.map_spec import MapSpec
from models.scoring import MaturityScorer, level_for
from survey.assessment import DONT_KNOW, STATUSES, SUBMITTED, Collection, Draft
from survey.framework import Framework
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
    the levels (before the round is published there is no London to compare with)."""
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
    shown = completion.rename(columns={"name": "Borough", "status": "Status", "submitted": "Submitted",
                                       "in_progress": "In progress", "ons_code": "ONS code"})
    missing = shown[shown["Status"] != SUBMITTED][["Borough", "ONS code", "Status"]]
    state = "open" if collection.is_open else "closed"
    spec = completion_map(completion, collection.label)
    return CompletionView(
        heading=(f"Round {collection.label}: {state}, for answers from {collection.opens:%d %B %Y} to "
                 f"{collection.closes:%d %B %Y}, on framework version {framework_version}"),
        metrics=[Metric(status, str(int(counts.get(status, 0)))) for status in STATUSES]
        + [Metric("Respondents submitted", str(int(completion["submitted"].sum())))],
        map=spec,
        map_description=spec.description,
        boroughs=Table(shown[["Borough", "Status", "Submitted", "In progress"]]),
        not_submitted=Table(missing, file_name=f"not_submitted_{collection.label}.csv"),
    )

