"""Results derived from a stored round, kept with its version.

A process starting cold (after a restart, or on a new server) would otherwise read and score
every round again before a page over many rounds can draw: on twenty rounds of a hundred
respondents per borough that is most of ten seconds. A round's scores are worked out once, by
whoever first needs them, and kept in the store under the fingerprints of the framework and of
the scoring method, so that neither a new framework nor changed scoring code is ever served a
table made by the other.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from models.scoring import METHOD_FINGERPRINT, score_round, scores_from_json, scores_to_json
from survey.framework import Framework
from survey.store import SurveyStore

SCORES = "scores"


def scores_key(framework: Framework) -> str:
    """What a kept scores table was made with: the framework's text and the scoring module's code."""
    return f"{framework.sha256}:{METHOD_FINGERPRINT}"


def round_scores(store: SurveyStore, label: str, version: int, framework: Framework,
                 answers: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """The scores table of a version of a round (``models.scoring.score_round``): the kept one, or
    worked out from ``answers()`` and kept.

    Parameters
    ----------
    version : int
        The version the caller is showing (``SurveyStore.rounds``), so a save in between cannot
        pair one version's label with another's scores.
    answers : callable
        Returns the version's long-format answers; called only when nothing is kept.
    """
    kept = store.derived(label, version, SCORES, scores_key(framework))
    if kept is not None:
        return scores_from_json(kept)
    table = score_round(answers(), framework)
    store.keep_derived(label, version, SCORES, scores_key(framework), scores_to_json(table))
    return table
