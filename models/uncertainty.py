"""Ranks and how sure they are.

A rank is never shown bare. ``RankUncertainty`` re-scores the round many times under the
method's own assumptions — dimension weights each perturbed by a random factor in
[0.75, 1.25] and renormalised; respondents resampled with replacement where a borough has
several — and reports the 5th-95th percentile of each borough's rank. All draws are done at
once with array arithmetic (no Python loop over boroughs x draws).

Seeding: weight draws come from ``seed``; each borough's resampling stream comes from
``seed`` and a hash of that borough's own answers, so the same data always gives the same
interval, and two boroughs with identical answers get identical intervals.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from models.scoring import MaturityScorer
from survey.framework import Framework
from survey.settings import DEFAULTS, Settings

_RANK_DECIMALS = 9  # scores equal to 9 decimals share a rank


def rank_descending(scores: pd.Series) -> pd.Series:
    """Rank 1 = highest; ties share the best rank (1, 2, 2, 4); missing scores get no rank."""
    return scores.round(_RANK_DECIMALS).rank(method="min", ascending=False).astype("Int64")


def ordinal(n: int) -> str:
    """1 -> '1st', 2 -> '2nd', 11 -> '11th', 23 -> '23rd'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def format_rank(rank: int | None, ranked: int, low: int | None = None, high: int | None = None) -> str:
    """'5th of 33 (likely 3rd–9th)'; '1st of 33 (likely 1st)' when the interval is one rank."""
    if rank is None or pd.isna(rank):
        return "not ranked (overall index missing)"
    text = f"{ordinal(int(rank))} of {ranked}"
    if low is None or pd.isna(low):
        return text
    if low == high:
        return f"{text} (likely {ordinal(int(low))})"
    return f"{text} (likely {ordinal(int(low))}–{ordinal(int(high))})"


class RankUncertainty:
    """Monte Carlo rank intervals for one round (scikit-learn style).

    Parameters
    ----------
    framework : Framework
    n_draws : int
        Number of Monte Carlo draws (at least 1,000 for published intervals).
    weight_noise : float
        Each dimension weight is multiplied by a factor drawn from [1 - noise, 1 + noise].
    resample_respondents : bool
        Resample respondents with replacement where a borough has several.
    seed : int

    Attributes
    ----------
    ranks_ : DataFrame, shape (n_boroughs, 6)
        Index ons_code; columns rank (nominal), rank_median, rank_p05, rank_p95, ranked
        (boroughs with a nominal rank) and rank_text.
    draws_ : ndarray, shape (n_draws, n_boroughs)
        The rank of each borough in each draw (NaN where its overall was missing).
    """

    def __init__(
        self,
        framework: Framework,
        n_draws: int = DEFAULTS["ranks.draws"],
        weight_noise: float = DEFAULTS["ranks.weight_noise"],
        resample_respondents: bool = True,
        seed: int = 20250101,
    ) -> None:
        self.framework = framework
        self.n_draws = n_draws
        self.weight_noise = weight_noise
        self.resample_respondents = resample_respondents
        self.seed = seed

    @classmethod
    def from_settings(cls, framework: Framework, settings: Settings) -> "RankUncertainty":
        """The estimator with the configured draws and weight noise (``ranks.*`` settings)."""
        return cls(framework, n_draws=int(settings["ranks.draws"]), weight_noise=float(settings["ranks.weight_noise"]))

    def fit(self, answers: pd.DataFrame) -> "RankUncertainty":
        """Compute nominal ranks and their intervals.

        Parameters
        ----------
        answers : DataFrame, shape (n_answers, 4)
            Columns ons_code, respondent, question_id, value.
        """
        fw = self.framework
        nominal = MaturityScorer(fw).fit(answers).overall_
        boroughs = list(nominal.index)
        tensor, counts = _answer_tensor(answers, boroughs, list(fw.question_ids))
        n_draws, n_boroughs, max_respondents, _ = (self.n_draws, *tensor.shape)

        # Resampled respondents: index (draws, boroughs, slots); slots past a borough's count are masked.
        picks = np.zeros((n_draws, n_boroughs, max_respondents), dtype=np.intp)
        for b in np.flatnonzero(counts > 1) if self.resample_respondents else []:
            rng = np.random.default_rng([self.seed, _content_key(tensor[b, : counts[b]])])
            picks[:, b, : counts[b]] = rng.integers(0, counts[b], size=(n_draws, counts[b]))
        valid = np.arange(max_respondents)[None, :] < counts[:, None]  # (boroughs, slots)
        resampled = tensor[np.arange(n_boroughs)[None, :, None], picks]  # (draws, boroughs, slots, questions)
        resampled = np.where(valid[None, :, :, None], resampled, np.nan)
        answered = ~np.isnan(resampled)
        item_counts = answered.sum(axis=2)
        items = np.where(item_counts > 0, np.nansum(resampled, axis=2) / np.maximum(item_counts, 1), np.nan)

        dimension_scores = _dimension_scores(items, fw)  # (draws, boroughs, dimensions)
        rng = np.random.default_rng(self.seed)
        base = np.array([d.weight for d in fw.dimensions])
        factors = rng.uniform(1 - self.weight_noise, 1 + self.weight_noise, size=(n_draws, len(base)))
        weights = base * factors
        weights /= weights.sum(axis=1, keepdims=True)
        overall = np.einsum("dbk,dk->db", dimension_scores, weights)  # NaN wherever a dimension is missing

        self.draws_ = _ranks(overall)
        ranked = rank_descending(nominal)
        table = pd.DataFrame(index=pd.Index(boroughs, name="ons_code"))
        table["rank"] = ranked
        table["rank_median"] = _percentile(self.draws_, 50)
        table["rank_p05"] = _percentile(self.draws_, 5)
        table["rank_p95"] = _percentile(self.draws_, 95)
        table.loc[ranked.isna(), ["rank_median", "rank_p05", "rank_p95"]] = pd.NA
        table["ranked"] = int(ranked.notna().sum())
        table["rank_text"] = [
            format_rank(r, n, lo, hi)
            for r, n, lo, hi in zip(table["rank"], table["ranked"], table["rank_p05"], table["rank_p95"])
        ]
        self.ranks_ = table
        return self


def _answer_tensor(answers: pd.DataFrame, boroughs: list[str], questions: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Answers as (boroughs, respondents, questions), NaN-padded; respondents in a canonical order."""
    wide = answers.pivot_table(index=["ons_code", "respondent"], columns="question_id", values="value", aggfunc="first")
    wide = wide.reindex(columns=questions)
    counts = wide.groupby(level="ons_code").size().reindex(boroughs).to_numpy()
    tensor = np.full((len(boroughs), int(counts.max()), len(questions)), np.nan)
    for b, code in enumerate(boroughs):
        rows = wide.loc[code].to_numpy()
        order = np.lexsort(np.nan_to_num(rows, nan=0.0).T[::-1])  # content order, not name order
        tensor[b, : len(rows)] = rows[order]
    return tensor, counts


def _content_key(rows: np.ndarray) -> int:
    return int.from_bytes(hashlib.sha256(np.nan_to_num(rows, nan=-1.0).tobytes()).digest()[:8], "big")


def _dimension_scores(items: np.ndarray, framework: Framework) -> np.ndarray:
    """Weighted item means per dimension with the coverage rule, for every draw at once."""
    questions = list(framework.question_ids)
    membership = np.zeros((len(questions), len(framework.dimensions)))
    for k, dimension in enumerate(framework.dimensions):
        for question in dimension.questions:
            membership[questions.index(question.id), k] = question.weight
    present = (~np.isnan(items)).astype(float)
    in_dimension = (membership > 0).astype(float)
    weighted_sum = np.nan_to_num(items) @ membership
    weight_total = present @ membership
    coverage = (present @ in_dimension) / in_dimension.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = weighted_sum / weight_total
    return np.where((coverage >= framework.coverage_threshold) & (weight_total > 0), scores, np.nan)


def _ranks(overall: np.ndarray) -> np.ndarray:
    """Rank within each draw (row): 1 + number of strictly higher scores; NaN stays NaN."""
    scores = np.round(overall, _RANK_DECIMALS)
    higher = (scores[:, None, :] > scores[:, :, None]).sum(axis=2)
    return np.where(np.isnan(scores), np.nan, higher + 1.0)


def _percentile(draws: np.ndarray, q: float) -> pd.array:
    """Per-borough percentile of the draws, as an observed whole rank."""
    with np.errstate(all="ignore"):
        values = np.nanpercentile(np.where(np.isnan(draws).all(axis=0), 0, draws), q, axis=0, method="inverted_cdf")
    return pd.array(values.astype(int), dtype="Int64")
