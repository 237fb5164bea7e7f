"""Ranks and how sure they are.

A rank is never shown bare. ``RankUncertainty`` re-scores the round many times under the
method's own assumptions — dimension weights each perturbed by a random factor in
[0.75, 1.25] and renormalised; each borough's respondents resampled with replacement — and
reports the 5th-95th percentile of each borough's rank.

Resampling respondents must not change which dimensions a borough has: where the drawn
respondents left an item blank that somebody in the borough answered, that item is drawn among
the respondents who answered it. So a dimension that passes the coverage rule nominally passes it
in every draw, and no borough drops out of a draw by chance (which would lift every borough below
it above its nominal rank). The likely range is also widened, where needed, to hold the nominal rank.
Draws are counted per respondent in blocks, so memory stays flat however many respondents a
borough has.

Seeding: weight draws come from ``seed`` alone, so two rounds fitted with the same seed share
their weight draws (their score changes are compared draw by draw); each borough's resampling
stream comes from ``seed`` and a hash of that borough's own answers, so the same data
always gives the same interval and two boroughs with identical answers get identical intervals.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from models import numbers, scoring
from models.numbers import format_share, join_names
from models.scoring import MaturityScorer
from survey.areas import borough_names
from survey.framework import Framework
from survey.settings import DEFAULTS, Settings

# The code that makes a rank table: this module, the number formats its text uses, and the scoring it re-runs.
METHOD_FINGERPRINT = hashlib.sha256(Path(__file__).read_bytes() + Path(numbers.__file__).read_bytes()
                                    + scoring.METHOD_FINGERPRINT.encode()).hexdigest()[:16]
_RANK_DECIMALS = 9  # scores equal to 9 decimals share a rank
_MAX_TIED_NAMES = 3  # more ties than this read "tied with 4 others"
_BLOCK = 500_000  # respondent picks resampled at once


def rank_descending(scores: pd.Series) -> pd.Series:
    """Rank 1 = highest; ties share the best rank (1, 2, 2, 4); missing scores get no rank."""
    return scores.round(_RANK_DECIMALS).rank(method="min", ascending=False).astype("Int64")


def ordinal(n: int) -> str:
    """1 -> '1st', 2 -> '2nd', 11 -> '11th', 23 -> '23rd'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def format_rank(
    rank: int | None,
    ranked: int,
    low: int | None = None,
    high: int | None = None,
    tied_with: list[str] | tuple[str, ...] = (),
    ranked_share: float = 1.0,
) -> str:
    """'5th of 33 (likely 3rd–9th)'; '11th= of 32 (tied with Bromley; likely 9th–14th)'.

    ``tied_with`` names the boroughs sharing the rank (more than three read 'tied with 4 others');
    ``ranked_share`` below 1 adds the share of draws in which the borough was ranked at all.
    """
    if rank is None or pd.isna(rank):
        return "not ranked (overall index missing)"
    text = f"{ordinal(int(rank))}{'=' if tied_with else ''} of {ranked}"
    notes = []
    if tied_with:
        others = list(tied_with)
        notes.append("tied with " + (join_names(others) if len(others) <= _MAX_TIED_NAMES else f"{len(others)} others"))
    if low is not None and not pd.isna(low):
        notes.append(f"likely {ordinal(int(low))}" if high is None or low == high
                     else f"likely {ordinal(int(low))}–{ordinal(int(high))}")
    if ranked_share < 1:
        notes.append(f"ranked in {format_share(ranked_share)} of draws")
    return f"{text} ({'; '.join(notes)})" if notes else text


class RankUncertainty:
    """Monte Carlo rank intervals for one round (scikit-learn style).

    Parameters
    ----------
    framework : Framework
    n_draws : int
        Number of Monte Carlo draws, at least 1 (1,000 or more for published intervals).
    weight_noise : float
        Each dimension weight is multiplied by a factor drawn from [1 - noise, 1 + noise];
        0 <= noise < 1 so that no weight reaches zero.
    resample_respondents : bool
        Resample each item's answers with replacement among the respondents who answered it;
        False keeps every item at its nominal mean (only the weights vary).
    seed : int

    Attributes
    ----------
    ranks_ : DataFrame, shape (n_boroughs, 7)
        Index ons_code; columns rank (nominal), rank_median, rank_p05, rank_p95 (the likely
        range, widened where needed to hold the nominal rank), ranked (boroughs with a nominal
        rank), ranked_share (share of draws in which the borough had an overall index) and
        rank_text.
    overall_draws_ : DataFrame, shape (n_draws, n_boroughs)
        The overall index of each borough (column, ons_code) in each draw (NaN where it had none).
        Two rounds fitted with the same seed share each draw's weights, so their difference, draw by
        draw, is the uncertainty of a borough's change (``models.trends.score_changes``).
    draws_ : ndarray, shape (n_draws, n_boroughs)
        The rank of each borough in each draw (NaN where its overall was missing).
    """

    def __init__(
        self,
        framework: Framework,
        n_draws: int = int(DEFAULTS["ranks.draws"]),
        weight_noise: float = float(DEFAULTS["ranks.weight_noise"]),
        resample_respondents: bool = True,
        seed: int = 20250101,
    ) -> None:
        self.framework = framework
        self.n_draws = n_draws
        self.weight_noise = weight_noise
        self.resample_respondents = resample_respondents
        self.seed = seed

    @classmethod
    def from_settings(cls, framework: Framework, settings: Settings) -> RankUncertainty:
        """The estimator with the configured draws and weight noise (``ranks.*`` settings)."""
        return cls(framework, n_draws=int(settings["ranks.draws"]), weight_noise=float(settings["ranks.weight_noise"]))

    def _validate(self) -> None:
        if isinstance(self.n_draws, bool) or not isinstance(self.n_draws, (int, np.integer)) or self.n_draws < 1:
            raise ValueError(f"n_draws must be a whole number of at least 1, not {self.n_draws!r}")
        if not 0 <= self.weight_noise < 1:
            raise ValueError(f"weight_noise must be at least 0 and below 1, not {self.weight_noise!r}")

    def fit(self, answers: pd.DataFrame) -> RankUncertainty:
        """Compute nominal ranks and their intervals.

        Parameters
        ----------
        answers : DataFrame, shape (n_answers, 4)
            Columns ons_code, respondent, question_id, value.
        """
        self._validate()
        fw = self.framework
        scorer = MaturityScorer(fw).fit(answers)
        nominal = scorer.overall_
        boroughs = list(nominal.index)
        questions = list(fw.question_ids)
        membership = _membership(fw)
        if self.resample_respondents:  # a borough at a time: no (draws, boroughs, questions) array
            dimension_scores = np.empty((self.n_draws, len(boroughs), len(fw.dimensions)))
            for b, means in enumerate(_resampled_item_means(answers, boroughs, questions, self.n_draws, self.seed)):
                dimension_scores[:, b] = _dimension_scores(means, membership, fw.coverage_threshold)
        else:
            fixed = scorer.item_scores_.reindex(index=boroughs, columns=questions).to_numpy(dtype=float)
            dimension_scores = np.broadcast_to(_dimension_scores(fixed, membership, fw.coverage_threshold),
                                               (self.n_draws, len(boroughs), len(fw.dimensions)))
        rng = np.random.default_rng(self.seed)
        base = np.array([d.weight for d in fw.dimensions])
        factors = rng.uniform(1 - self.weight_noise, 1 + self.weight_noise, size=(self.n_draws, len(base)))
        weights = base * factors
        weights /= weights.sum(axis=1, keepdims=True)
        overall = np.einsum("dbk,dk->db", dimension_scores, weights)  # NaN wherever a dimension is missing
        self.overall_draws_ = pd.DataFrame(overall, columns=pd.Index(boroughs, name="ons_code"))
        self.draws_ = _ranks(overall)

        ranked = rank_descending(nominal)
        table = pd.DataFrame(index=pd.Index(boroughs, name="ons_code"))
        table["rank"] = ranked
        table["rank_median"] = _percentile(self.draws_, 50)
        low, high = _percentile(self.draws_, 5), _percentile(self.draws_, 95)
        table["rank_p05"] = pd.array(np.minimum(low.to_numpy(dtype=float, na_value=np.nan),
                                                ranked.to_numpy(dtype=float, na_value=np.inf)), dtype="Int64")
        table["rank_p95"] = pd.array(np.maximum(high.to_numpy(dtype=float, na_value=np.nan),
                                                ranked.to_numpy(dtype=float, na_value=-np.inf)), dtype="Int64")
        table.loc[ranked.isna(), ["rank_median", "rank_p05", "rank_p95"]] = pd.NA
        table["ranked"] = int(ranked.notna().sum())
        table["ranked_share"] = (~np.isnan(self.draws_)).mean(axis=0)
        names = borough_names()
        nominal_ranks = ranked.dropna()
        sharing: dict[float, list[str]] = {}  # rank -> the boroughs holding it, in table order
        for code, rank in nominal_ranks.items():
            sharing.setdefault(rank, []).append(code)
        tied = {code: [names.get(c, c) for c in sharing[rank] if c != code] for code, rank in nominal_ranks.items()}
        table["rank_text"] = [
            format_rank(rank, count, low, high, tied.get(code, ()), share)
            for code, rank, count, low, high, share in table[
                ["rank", "ranked", "rank_p05", "rank_p95", "ranked_share"]].itertuples()
        ]
        self.ranks_ = table
        return self


def _resampled_item_means(
    answers: pd.DataFrame, boroughs: list[str], questions: list[str], n_draws: int, seed: int
) -> Iterator[np.ndarray]:
    """Each borough's item means with its respondents resampled, shape (draws, questions), borough by borough.

    A draw picks the borough's respondents again with replacement (as counts, so memory grows with
    draws x respondents, not draws x respondents x questions). Where the picked respondents left an
    item blank that somebody answered, that item's answers are drawn among those who answered it,
    so every item the borough answered stays answered.
    """
    wide = answers.groupby(["ons_code", "respondent", "question_id"])["value"].first().unstack("question_id")
    wide = wide.reindex(columns=questions)
    for code in boroughs:
        rows = wide.loc[code].to_numpy(dtype=float)
        rows = rows[np.lexsort(np.nan_to_num(rows, nan=0.0).T[::-1])]  # content order, not name order
        answered = ~np.isnan(rows)
        rng = np.random.default_rng([seed, _content_key(rows)])
        totals, counts = _resampled_sums(rows, answered, n_draws, rng)
        with np.errstate(invalid="ignore", divide="ignore"):
            means = np.where(counts > 0, totals / counts, np.nan)
        for q in np.flatnonzero(answered.any(axis=0) & (counts == 0).any(axis=0)):
            lost = counts[:, q] == 0
            given = rows[answered[:, q], q]
            means[lost, q] = given[rng.integers(0, len(given), size=(int(lost.sum()), len(given)))].mean(axis=1)
        yield means


def _resampled_sums(
    rows: np.ndarray, answered: np.ndarray, n_draws: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Per draw, the sum of the picked respondents' answers and how many answered, shapes (draws, questions).

    Draws go in blocks of about ``_BLOCK`` picks so memory stays flat however many respondents a borough has.
    """
    n = len(rows)
    values, mask = np.nan_to_num(rows), answered.astype(float)
    totals, counts = np.empty((n_draws, rows.shape[1])), np.empty((n_draws, rows.shape[1]))
    step = max(1, _BLOCK // n)
    for start in range(0, n_draws, step):
        size = min(step, n_draws - start)
        picked = rng.integers(0, n, size=(size, n)) + (np.arange(size) * n)[:, None]
        times = np.bincount(picked.ravel(), minlength=size * n).reshape(size, n).astype(float)
        totals[start:start + size], counts[start:start + size] = times @ values, times @ mask
    return totals, counts


def _content_key(rows: np.ndarray) -> int:
    return int.from_bytes(hashlib.sha256(np.nan_to_num(rows, nan=-1.0).tobytes()).digest()[:8], "big")


def _membership(framework: Framework) -> np.ndarray:
    """Each question's weight in its dimension, shape (questions, dimensions); 0 outside it."""
    questions = list(framework.question_ids)
    membership = np.zeros((len(questions), len(framework.dimensions)))
    for k, dimension in enumerate(framework.dimensions):
        for question in dimension.questions:
            membership[questions.index(question.id), k] = question.weight
    return membership


def _dimension_scores(items: np.ndarray, membership: np.ndarray, coverage_threshold: float) -> np.ndarray:
    """Weighted item means per dimension with the coverage rule: items (..., questions) to scores (..., dimensions)."""
    present = (~np.isnan(items)).astype(float)
    in_dimension = (membership > 0).astype(float)
    weighted_sum = np.nan_to_num(items) @ membership
    weight_total = present @ membership
    coverage = (present @ in_dimension) / in_dimension.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = weighted_sum / weight_total
    return np.where((coverage >= coverage_threshold) & (weight_total > 0), scores, np.nan)


def _ranks(overall: np.ndarray) -> np.ndarray:
    """Rank within each draw (row): 1 + number of strictly higher scores; NaN stays NaN.

    Sorting each draw once keeps this at draws x boroughs x log(boroughs), whatever the number of areas.
    """
    scores = np.round(overall, _RANK_DECIMALS)
    filled = np.where(np.isnan(scores), -np.inf, scores)  # a missing score is never higher than another
    ordered = np.sort(filled, axis=1)
    higher = np.empty_like(filled)
    for d in range(len(filled)):
        higher[d] = filled.shape[1] - np.searchsorted(ordered[d], filled[d], side="right")
    return np.where(np.isnan(scores), np.nan, higher + 1.0)


def _percentile(draws: np.ndarray, q: float) -> pd.array:
    """Per-borough percentile of the draws, as an observed whole rank."""
    with np.errstate(all="ignore"):
        values = np.nanpercentile(np.where(np.isnan(draws).all(axis=0), 0, draws), q, axis=0, method="inverted_cdf")
    return pd.array(values.astype(int), dtype="Int64")
