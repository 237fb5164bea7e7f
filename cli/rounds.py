"""Stored rounds, scored and ranked, for the documents built outside the dashboard (command line).

Their scores are as documents show them to anyone (``models.disclosure``), and a provisional round
is left out unless asked for: a document is passed on, whoever made it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, partial

import pandas as pd

from models.benchmark import RankIntervals, ScoredRound
from models.disclosure import disclosed
from models.stored import round_rank_intervals, round_scores
from models.uncertainty import RankUncertainty
from survey.framework import Framework
from survey.settings import Settings
from survey.store import PROVISIONAL, SurveyStore


def round_framework(store: SurveyStore, label: str, current: Framework) -> Framework:
    """The framework a stored round was saved under (``current`` for rounds saved before frameworks were kept)."""
    return _saved_under(store, store.rounds().set_index("round")["framework_sha256"].get(label), current)


def _saved_under(store: SurveyStore, sha: str | None, current: Framework) -> Framework:
    return store.framework(sha) if isinstance(sha, str) and sha != current.sha256 else current


def scored_rounds(store: SurveyStore, framework: Framework, settings: Settings, *,
                  include_provisional: bool = False) -> dict[str, ScoredRound]:
    """Every stored published round in label order (provisional ones too if ``include_provisional``), scored (and
    ranked when first needed) with the framework it was saved under (``framework``, today's, for rounds saved before
    frameworks were kept)."""
    rounds = {}
    for row in store.rounds().itertuples(index=False):
        if row.status == PROVISIONAL and not include_provisional:
            continue
        answers = cache(partial(store.answers, row.round))
        saved_with = _saved_under(store, row.framework_sha256, framework)
        scores = round_scores(store, row.round, int(row.version), saved_with, answers)
        rounds[row.round] = ScoredRound(
            label=row.round,
            scores=disclosed(scores, int(settings["privacy.min_respondents"]), respondent_detail=False),
            rank_intervals=_rank_intervals(store, row.round, int(row.version), answers, saved_with, settings),
            synthetic=bool(row.synthetic),
            provisional=row.status == PROVISIONAL, framework_version=row.framework_version,
        )
    return rounds


def _rank_intervals(store: SurveyStore, label: str, version: int, answers: Callable[[], pd.DataFrame],
                    framework: Framework, settings: Settings) -> Callable[[], RankIntervals]:
    """Rank intervals of one round: the kept ones, or fitted (and kept) the first time a document needs them."""
    @cache
    def fitted() -> RankIntervals:
        return round_rank_intervals(store, label, version, RankUncertainty.from_settings(framework, settings), answers)
    return fitted
