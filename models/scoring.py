"""Scoring method v1: answers -> item scores -> dimension scores -> overall index -> level.

Every published number is reproducible from the raw answers with this module alone:

1. an answer is a number 1-5; no answer is missing;
2. a borough's item score is the mean over its respondents who answered the item;
3. a dimension score is the weighted mean of its answered items, present only when at
   least the framework's coverage threshold of its items is answered (3 of 4 at 65%);
4. the overall index is the weighted mean of the dimension scores, present only when every
   dimension is present;
5. a level is the band of the 1-5 range that the score falls in.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd

from survey.framework import Framework, Level

NOT_ASSESSED = "Not assessed"
# Names this module's method: a scores table kept in the store under another fingerprint was made
# by other code and is worked out again (``models.stored``).
METHOD_FINGERPRINT = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
_BAND_DECIMALS = 9  # scores are rounded this far before banding so 1.8 is never 1.7999999


def assign_levels(scores: pd.Series, levels: tuple[Level, ...]) -> pd.Series:
    """Level name for each score; ``NOT_ASSESSED`` where the score is missing.

    A score on a band's lower edge belongs to that band: 1.8 is Emerging, 4.2 is Leading.
    """
    lowers = np.array([level.lower for level in levels])
    names = np.array([level.name for level in levels], dtype=object)
    values = scores.to_numpy(dtype=float)
    index = np.searchsorted(lowers, np.round(values, _BAND_DECIMALS), side="right") - 1
    result = np.where(np.isnan(values), NOT_ASSESSED, names[np.clip(index, 0, len(names) - 1)])
    return pd.Series(result, index=scores.index, name="level", dtype=object)


def level_for(score: float | None, levels: tuple[Level, ...]) -> str:
    """Level name of one score (``NOT_ASSESSED`` for None or NaN)."""
    return assign_levels(pd.Series([np.nan if score is None else score]), levels).iloc[0]


def _weighted_mean(values: pd.DataFrame, weights: pd.Series) -> pd.Series:
    """Row-wise weighted mean over the non-missing cells of ``values``."""
    present = values.notna()
    total_weight = present.mul(weights, axis=1).sum(axis=1)
    weighted = values.fillna(0).mul(weights, axis=1).sum(axis=1)
    return weighted / total_weight.where(total_weight > 0)


class MaturityScorer:
    """Score one survey round with the framework's method (scikit-learn style).

    Parameters
    ----------
    framework : Framework
        Supplies question and dimension weights, the coverage threshold and level bands.
    coverage_threshold : float, optional
        Overrides the framework's threshold (0 keeps any dimension with one answered item).
    aggregation : {"mean", "weakest"}
        How dimension scores make the overall index: the weighted mean (the method), or the
        lowest dimension (a sensitivity variant).
    equal_weights : bool
        Ignore the framework's question and dimension weights (a sensitivity variant).

    Attributes
    ----------
    item_scores_ : DataFrame, shape (n_boroughs, n_questions)
        Mean answer over respondents; NaN where nobody answered.
    item_spread_ : DataFrame, shape (n_boroughs, n_questions)
        Highest minus lowest answer among respondents (0 with one respondent).
    respondents_ : Series, shape (n_boroughs,)
        Number of respondents per borough.
    coverage_ : DataFrame, shape (n_boroughs, n_dimensions)
        Share of each dimension's items with a score.
    dimension_scores_ : DataFrame, shape (n_boroughs, n_dimensions)
        Weighted mean of answered items; NaN where coverage is below the threshold.
    overall_ : Series, shape (n_boroughs,)
        Weighted mean of dimension scores; NaN unless every dimension is present.
    """

    def __init__(
        self,
        framework: Framework,
        coverage_threshold: float | None = None,
        aggregation: str = "mean",
        equal_weights: bool = False,
    ) -> None:
        self.framework = framework
        self.coverage_threshold = coverage_threshold
        self.aggregation = aggregation
        self.equal_weights = equal_weights

    def fit(self, answers: pd.DataFrame) -> MaturityScorer:
        """Score long-format answers.

        Parameters
        ----------
        answers : DataFrame, shape (n_answers, 4)
            Columns ons_code, respondent, question_id, value (1-5); unanswered items absent.
        """
        if self.aggregation not in ("mean", "weakest"):
            raise ValueError(f"aggregation must be 'mean' or 'weakest', not {self.aggregation!r}")
        fw = self.framework
        threshold = fw.coverage_threshold if self.coverage_threshold is None else self.coverage_threshold
        questions = list(fw.question_ids)
        by_item = answers.groupby(["ons_code", "question_id"])["value"]
        self.item_scores_ = by_item.mean().unstack().reindex(columns=questions).astype(float)
        self.item_spread_ = (by_item.max() - by_item.min()).unstack().reindex(columns=questions).astype(float)
        self.respondents_ = answers.groupby("ons_code")["respondent"].nunique().rename("respondents")

        dimension_scores, coverage = {}, {}
        for dimension in fw.dimensions:
            ids = [q.id for q in dimension.questions]
            items = self.item_scores_[ids]
            weights = pd.Series({q.id: 1.0 if self.equal_weights else q.weight for q in dimension.questions})
            coverage[dimension.id] = items.notna().sum(axis=1) / len(ids)
            score = _weighted_mean(items, weights)
            dimension_scores[dimension.id] = score.where(coverage[dimension.id] >= threshold)
        self.coverage_ = pd.DataFrame(coverage)[list(fw.dimension_ids)]
        self.dimension_scores_ = pd.DataFrame(dimension_scores)[list(fw.dimension_ids)]

        if self.aggregation == "weakest":
            overall = self.dimension_scores_.min(axis=1)
        else:
            dimension_weights = pd.Series({d.id: 1.0 if self.equal_weights else d.weight for d in fw.dimensions})
            overall = _weighted_mean(self.dimension_scores_, dimension_weights)
        self.overall_ = overall.where(self.dimension_scores_.notna().all(axis=1)).rename("overall")
        return self

    def scores_table(self) -> pd.DataFrame:
        """One row per borough: scores, level, and the flags that qualify them.

        Index: ons_code. Scores are unrounded. Flags: ``respondents``; ``missing_dimensions``
        (list of the dimension ids left out by the coverage rule); ``items_missing`` (questions nobody
        answered; nothing is imputed); ``spread_max`` and ``spread_mean`` (highest minus lowest
        answer between respondents, over items: how far colleagues disagree).
        """
        table = self.dimension_scores_.copy()
        table["overall"] = self.overall_
        table["level"] = assign_levels(self.overall_, self.framework.levels)
        table["respondents"] = self.respondents_.reindex(table.index).astype(int)
        table["missing_dimensions"] = [list(row.index[row.isna()]) for _, row in self.dimension_scores_.iterrows()]
        table["items_missing"] = self.item_scores_.isna().sum(axis=1).astype(int)
        table["spread_max"] = self.item_spread_.max(axis=1)
        table["spread_mean"] = self.item_spread_.mean(axis=1)
        table.index.name = "ons_code"
        return table


def score_round(answers: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """Shortcut: the scores table of one round's long-format answers."""
    return MaturityScorer(framework).fit(answers).scores_table()
