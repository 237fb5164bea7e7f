"""Hypothesis strategies for stores of survey rounds, and the scored rounds every view is built from.

A generated store holds one to three rounds. Each round answers for any subset of the 33 boroughs
(overlapping or disjoint with the other rounds), with one to many respondents per borough, in one
of several answer styles (any answers, every answer the same, one value per borough), with blanks
and "Don't know" anywhere, whole dimensions left blank everywhere or for some boroughs, and
published or provisional. The round is written as an upload-format CSV and read by
``survey.reading.read_survey``, so every answer reaches the models as a real upload's would.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
from hypothesis import strategies as st

from models.benchmark import ScoredRound
from models.disclosure import disclosed
from models.scoring import score_round
from models.uncertainty import RankUncertainty
from survey.areas import load_boroughs
from survey.framework import Framework
from survey.reading import read_survey
from survey.settings import DEFAULTS
from tests.helpers import survey_csv

CODES = tuple(b.ons_code for b in load_boroughs())
RANK_DRAWS = 40  # enough draws for a range; the method's properties do not depend on how many
STYLES = ("any", "all the same", "one value per borough", "two values")
NO_ANSWERS = ("", "", "Don't know", "N/A")  # a blank is commoner than a spelt-out no answer


@dataclass(frozen=True)
class RoundSpec:
    """What a generated round holds (drawn by Hypothesis; the answers follow from it and ``seed``)."""

    label: str
    boroughs: tuple[str, ...]
    respondents: tuple[int, ...]  # per borough
    style: str
    blank_share: float  # of the remaining answers, left blank or "Don't know"
    blank_everywhere: tuple[str, ...]  # dimensions nobody answered
    blank_for_some: tuple[str, ...]  # dimensions the first boroughs did not answer
    blank_for_how_many: int
    provisional: bool
    seed: int


@st.composite
def round_specs(draw, label: str, framework: Framework, pool: tuple[str, ...] = CODES) -> RoundSpec:
    dims = list(framework.dimension_ids)
    size = draw(st.one_of(st.sampled_from((1, 2, 3, len(pool))), st.integers(1, len(pool))).map(lambda n: min(n, len(pool))))
    boroughs = draw(st.lists(st.sampled_from(pool), min_size=size, max_size=size, unique=True))
    many = draw(st.sampled_from((1, 1, 2, 3, 6)))
    return RoundSpec(
        label=label,
        boroughs=tuple(boroughs),
        respondents=tuple(draw(st.lists(st.integers(1, many), min_size=len(boroughs), max_size=len(boroughs)))),
        style=draw(st.sampled_from(STYLES)),
        blank_share=draw(st.sampled_from((0.0, 0.0, 0.1, 0.3, 0.6, 0.9, 1.0))),
        blank_everywhere=tuple(draw(st.lists(st.sampled_from(dims), max_size=len(dims), unique=True))),
        blank_for_some=tuple(draw(st.lists(st.sampled_from(dims), max_size=len(dims), unique=True))),
        blank_for_how_many=draw(st.integers(0, len(boroughs))),
        provisional=draw(st.booleans()),
        seed=draw(st.integers(0, 2**16)),
    )


@st.composite
def stores(draw, framework: Framework, max_rounds: int = 3) -> tuple[RoundSpec, ...]:
    """One to ``max_rounds`` rounds; later rounds draw their boroughs from all 33 or from a few
    (so that rounds overlap in a few boroughs, or not at all)."""
    n = draw(st.integers(1, max_rounds))
    specs = []
    for k in range(n):
        pool = CODES if k == 0 else draw(st.sampled_from((CODES, CODES[:3], CODES[-3:], specs[-1].boroughs)))
        specs.append(draw(round_specs(f"{2023 + k}", framework, pool)))
    return tuple(specs)


def round_rows(spec: RoundSpec, framework: Framework) -> list[dict[str, object]]:
    """The round's responses as upload rows (every respondent answers at least one question, as a
    valid upload must)."""
    rng = np.random.default_rng(spec.seed)
    questions = list(framework.question_ids)
    dimension_of = {q.id: d.id for d in framework.dimensions for q in d.questions}
    constant = int(rng.integers(1, 6))
    pair = rng.choice(np.arange(1, 6), size=2, replace=False)
    rows = []
    for b, (code, count) in enumerate(zip(spec.boroughs, spec.respondents)):
        own = int(rng.integers(1, 6))
        skipped = set(spec.blank_everywhere) | (set(spec.blank_for_some) if b < spec.blank_for_how_many else set())
        for r in range(count):
            values = {"any": rng.integers(1, 6, size=len(questions)), "all the same": np.full(len(questions), constant),
                      "one value per borough": np.full(len(questions), own),
                      "two values": rng.choice(pair, size=len(questions))}[spec.style]
            open_questions = [k for k, q in enumerate(questions) if dimension_of[q] not in skipped]
            blank = rng.random(len(questions)) < spec.blank_share
            if open_questions and blank[open_questions].all():
                blank[open_questions[int(rng.integers(len(open_questions)))]] = False
            row: dict[str, object] = {"borough": code, "respondent": f"r{r + 1}"}
            for k, q in enumerate(questions):
                if dimension_of[q] in skipped or blank[k]:
                    row[q] = NO_ANSWERS[int(rng.integers(len(NO_ANSWERS)))]
                else:
                    row[q] = int(values[k])
            if not open_questions:  # every dimension skipped: the respondent still answered something
                row[questions[0]] = int(values[0])
            rows.append(row)
    return rows


def round_answers(spec: RoundSpec, framework: Framework) -> pd.DataFrame:
    """The round's long answers (ons_code, respondent, question_id, value), read from its upload file."""
    parsed = read_survey(survey_csv(framework, round_rows(spec, framework)), framework, round_label=spec.label)
    assert parsed.ok, parsed.errors[:3]
    return parsed.answers.merge(parsed.responses, on="response_id")[["ons_code", "respondent", "question_id", "value"]]


def scored_round(label: str, answers: pd.DataFrame, framework: Framework, provisional: bool = False) -> ScoredRound:
    """A round's long answers as the dashboard holds them: scored, disclosed as to a member (as every round behind a
    trend, benchmark or briefing is), with rank intervals fitted when first read."""
    @cache
    def rank_intervals() -> tuple[pd.DataFrame, pd.DataFrame]:
        ranker = RankUncertainty(framework, n_draws=RANK_DRAWS).fit(answers)
        return ranker.ranks_, ranker.overall_draws_
    scores = disclosed(score_round(answers, framework), DEFAULTS["privacy.min_respondents"], respondent_detail=False)
    return ScoredRound(label, scores, rank_intervals, synthetic=False, provisional=provisional,
                       framework_version=framework.version)


@dataclass(frozen=True)
class GeneratedStore:
    """Every round of a generated store, with its answers, as office staff see them."""

    specs: tuple[RoundSpec, ...]
    answers: dict[str, pd.DataFrame]
    rounds: dict[str, ScoredRound]

    @property
    def published(self) -> dict[str, ScoredRound]:
        """What members and the public see: published rounds only."""
        return {label: r for label, r in self.rounds.items() if not r.provisional}


def build_store(specs: tuple[RoundSpec, ...], framework: Framework) -> GeneratedStore:
    answers = {spec.label: round_answers(spec, framework) for spec in specs}
    rounds = {spec.label: scored_round(spec.label, answers[spec.label], framework, spec.provisional) for spec in specs}
    return GeneratedStore(specs, answers, rounds)

