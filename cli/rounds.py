"""Stored rounds, scored and ranked, for the documents built outside the dashboard (command line)."""

from __future__ import annotations

from models.benchmark import ScoredRound
from models.scoring import score_round
from models.uncertainty import RankUncertainty
from survey.framework import Framework
from survey.settings import Settings
from survey.store import PROVISIONAL, SurveyStore


def scored_rounds(store: SurveyStore, framework: Framework, settings: Settings) -> dict[str, ScoredRound]:
    """Every stored round in label order, scored and ranked."""
    rounds = {}
    for row in store.rounds().itertuples(index=False):
        answers = store.answers(row.round)
        ranker = RankUncertainty.from_settings(framework, settings).fit(answers)
        rounds[row.round] = ScoredRound(
            label=row.round, scores=score_round(answers, framework), ranks=ranker.ranks_,
            overall_draws=ranker.overall_draws_, synthetic=bool(row.synthetic), provisional=row.status == PROVISIONAL,
            framework_version=row.framework_version,
        )
    return rounds
