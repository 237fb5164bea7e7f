"""Stored rounds, scored and ranked, for the documents built outside the dashboard (command line)."""

from __future__ import annotations

from models.benchmark import ScoredRound
from models.scoring import score_round
from models.uncertainty import RankUncertainty
from survey.framework import Framework
from survey.settings import Settings
from survey.store import PROVISIONAL, SurveyStore


def round_framework(store: SurveyStore, label: str, current: Framework) -> Framework:
    """The framework a stored round was saved under (``current`` for rounds saved before frameworks were kept)."""
    sha = store.rounds().set_index("round")["framework_sha256"].get(label)
    return store.framework(sha) if isinstance(sha, str) and sha != current.sha256 else current


def scored_rounds(store: SurveyStore, framework: Framework, settings: Settings) -> dict[str, ScoredRound]:
    """Every stored round in label order, scored and ranked with the framework it was saved under
    (``framework``, today's, for rounds saved before frameworks were kept)."""
    rounds = {}
    for row in store.rounds().itertuples(index=False):
        answers = store.answers(row.round)
        saved_with = round_framework(store, row.round, framework)
        ranker = RankUncertainty.from_settings(saved_with, settings).fit(answers)
        rounds[row.round] = ScoredRound(
            label=row.round, scores=score_round(answers, saved_with), ranks=ranker.ranks_,
            overall_draws=ranker.overall_draws_, synthetic=bool(row.synthetic), provisional=row.status == PROVISIONAL,
            framework_version=row.framework_version,
        )
    return rounds
