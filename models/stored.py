"""Results derived from a stored round, kept with its version.

A process starting cold (after a restart, or on a new server) would otherwise read and score
every round again before a page over many rounds can draw: on twenty rounds of a hundred
respondents per borough that is most of ten seconds, and fitting rank intervals for the two
rounds My borough compares another second. A round's scores and its rank intervals are worked
out once, by whoever first needs them, and kept in the store under fingerprints of the framework,
of the method's code and of its parameters, so that neither a new framework, changed code nor a
changed setting is ever served a table made by the other.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pandas as pd

from models import scoring, uncertainty
from models.scoring import score_round
from models.uncertainty import RankUncertainty
from survey.framework import Framework
from survey.store import SurveyStore

SCORES = "scores"
RANK_INTERVALS = "rank_intervals"


def _no_missing_marker(value: Any) -> None:
    """JSON for what ``json`` cannot write itself: pandas' missing marker (in nullable integer columns)."""
    if value is pd.NA:
        return None
    raise TypeError(f"{type(value).__name__} cannot be kept as JSON")


def _table_content(table: pd.DataFrame) -> dict[str, Any]:
    return {"index": table.index.tolist(), "index_name": table.index.name, "columns": table.columns.tolist(),
            "columns_name": table.columns.name, "dtypes": [str(dtype) for dtype in table.dtypes],
            "data": table.to_numpy(dtype=object).tolist()}


def _table_from_content(kept: dict[str, Any]) -> pd.DataFrame:
    table = pd.DataFrame(kept["data"], index=pd.Index(kept["index"], name=kept["index_name"]),
                         columns=pd.Index(kept["columns"], name=kept["columns_name"]), dtype=object)
    return table.astype(dict(zip(kept["columns"], kept["dtypes"])))


def tables_to_json(tables: dict[str, pd.DataFrame]) -> str:
    """Named tables as JSON that ``tables_from_json`` turns back into identical tables.

    Floats are written in Python's shortest round-trip form, so every value comes back to the bit;
    each column keeps its dtype, and the index and columns their names.
    """
    return json.dumps({name: _table_content(table) for name, table in tables.items()}, default=_no_missing_marker)


def tables_from_json(text: str) -> dict[str, pd.DataFrame]:
    """The tables kept by ``tables_to_json``."""
    return {name: _table_from_content(content) for name, content in json.loads(text).items()}


def scores_key(framework: Framework) -> str:
    """What a kept scores table was made with: the framework's text and the scoring module's code."""
    return f"{framework.sha256}:{scoring.METHOD_FINGERPRINT}"


def rank_intervals_key(ranker: RankUncertainty) -> str:
    """What kept rank intervals were made with: the framework's text, the method's code and every parameter."""
    return (f"{ranker.framework.sha256}:{uncertainty.METHOD_FINGERPRINT}:draws={ranker.n_draws}"
            f":noise={ranker.weight_noise!r}:resample={int(ranker.resample_respondents)}:seed={ranker.seed}")


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
        return tables_from_json(kept)[SCORES]
    table = score_round(answers(), framework)
    store.keep_derived(label, version, SCORES, scores_key(framework), tables_to_json({SCORES: table}))
    return table


def round_rank_intervals(store: SurveyStore, label: str, version: int, ranker: RankUncertainty,
                         answers: Callable[[], pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A version's rank intervals and overall index per draw (``RankUncertainty.ranks_`` and
    ``.overall_draws_``, shapes (n_boroughs, 7) and (n_draws, n_boroughs)): the kept ones, or
    fitted by ``ranker`` (unfitted; its parameters are part of the key) on ``answers()`` and kept.
    """
    key = rank_intervals_key(ranker)
    kept = store.derived(label, version, RANK_INTERVALS, key)
    if kept is not None:
        tables = tables_from_json(kept)
        return tables["ranks"], tables["overall_draws"]
    ranker.fit(answers())
    store.keep_derived(label, version, RANK_INTERVALS, key,
                       tables_to_json({"ranks": ranker.ranks_, "overall_draws": ranker.overall_draws_}))
    return ranker.ranks_, ranker.overall_draws_
