"""Clusters of boroughs with a similar maturity profile.

k-means on standardised dimension scores; k chosen by silhouette over 2-6; fixed seed and
many restarts so a refit gives the same partition; clusters numbered by mean overall score
(1 = most mature); each described by the shape of its centroid (which dimensions sit above or below the
cluster's own average, and how far apart they are), never by how it compares with other boroughs; stability
measured as the mean
adjusted Rand index between the partition and refits on bootstrap samples.

A grouping describes similarity of profile. It is not a performance judgement.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.decomposition import PCA
from sklearn.metrics import silhouette_score

from models.kmeans import adjusted_rand_index, fit_many, nearest
from models.numbers import change_between, format_score, join_names
from models.stats import in_order, standardise
from survey.area_sets import active_area_set
from survey.framework import Framework
from survey.settings import DEFAULTS, Settings

EVEN_SPREAD = 0.3  # a centroid whose dimensions lie within this many points of each other has an even profile
APART = 0.1  # a dimension this many points from the cluster's own average is named as above or below it
NAMED = 2  # at most this many dimensions named on each side
MIN_BOROUGHS = 3  # two clusters need at least three complete profiles
BOOTSTRAP_RESTARTS = 10  # k-means restarts for each bootstrap refit
_PROFILE_DECIMALS = 9  # profiles equal to 9 decimals are the same point


def distinct_profiles(profiles: pd.DataFrame) -> int:
    """How many different complete profiles there are: k-means cannot make more clusters than that."""
    return len(profiles.dropna().astype(float).round(_PROFILE_DECIMALS).drop_duplicates())


def why_not_clustered(dimension_scores: pd.DataFrame, framework: Framework, round_label: str) -> str | None:
    """Why a round's areas cannot be clustered, in a sentence in the active set's words; None when they can."""
    plural, noun = active_area_set().plural, active_area_set().noun
    profiles = dimension_scores[list(framework.dimension_ids)]
    complete = int(profiles.notna().all(axis=1).sum())
    if complete >= MIN_BOROUGHS:
        if distinct_profiles(profiles) >= 2:
            return None
        return (f"Clusters need {plural} whose profiles differ; in round {round_label} all {complete} {plural} with "
                "every dimension scored have the same score on every dimension.")
    unscored = [framework.dimension(d).name for d in profiles.columns if profiles[d].isna().all()]
    why = (f" {', '.join(unscored)} could not be scored for any {noun} (too few answers)." if unscored else "")
    return (f"Clusters need at least {MIN_BOROUGHS} {plural} with every dimension scored; round {round_label} has "
            f"{complete}.{why}")


def weighted_overall(profiles: pd.DataFrame, framework: Framework) -> pd.Series:
    """The weighted mean of dimension scores, as the overall index is made."""
    weights = pd.Series({d.id: d.weight for d in framework.dimensions})[profiles.columns]
    return profiles.mul(weights, axis=1).sum(axis=1) / weights.sum()


def profile_description(centroid: pd.Series, framework: Framework) -> str:
    """A profile's shape in words, e.g. 'Average 2.93, dimensions 0.68 apart: cyber security and leadership
    above that average; data and services below it.'

    Only the profile's own scores are compared (each dimension with the profile's average, weighted as the
    overall index is), so a description never ranks one group of boroughs against another.
    """
    raw = centroid.astype(float)
    name = {d.id: d.short for d in framework.dimensions}
    average = float(weighted_overall(raw.to_frame().T, framework).iloc[0])
    apart = change_between(raw.min(), raw.max())
    opening = f"Average {format_score(average)}, dimensions {format_score(apart)} apart"
    if apart is None or apart < EVEN_SPREAD:
        return f"{opening}: an even profile."
    offsets = raw - average
    above = [name[d] for d in in_order(offsets, lowest_first=False) if offsets[d] >= APART][:NAMED]
    below = [name[d] for d in in_order(offsets) if offsets[d] <= -APART][:NAMED]
    sides = [f"{join_names(above)} above that average"] if above else []
    if below:
        sides.append(f"{join_names(below)} below {'it' if above else 'that average'}")
    return f"{opening}: {'; '.join(sides)}."


class MaturityClusters:
    """k-means clusters of complete dimension profiles (scikit-learn style).

    Parameters
    ----------
    framework : Framework
        Names the dimensions (for descriptions) and the level bands.
    k_values : tuple of int
        Candidate numbers of clusters; the one with the highest silhouette is kept.
    seed : int
    n_init : int
        k-means restarts per fit.
    n_bootstrap : int
        Bootstrap refits for the stability measure.

    Attributes
    ----------
    k_ : int
    silhouettes_ : dict of int to float
        Mean silhouette for each candidate k.
    labels_ : Series, shape (n_boroughs,)
        Cluster 1..k for each clustered borough (index ons_code).
    excluded_ : list of str
        Boroughs left out because a dimension score is missing.
    centroids_ : DataFrame, shape (k, n_dimensions)
        Mean dimension scores of each cluster's members (original 1-5 units).
    centroids_z_ : DataFrame, shape (k, n_dimensions)
        The same in standard deviations from London's mean.
    descriptions_ : dict of int to str
    stability_ : float
        Mean adjusted Rand index of bootstrap refits against ``labels_`` (1 = always the same).
    pca_coordinates_ : DataFrame, shape (n_boroughs, 2)
        Columns pc1, pc2.
    explained_variance_ : ndarray, shape (2,)
        Share of variance on each principal component.
    """

    def __init__(
        self,
        framework: Framework,
        k_values: tuple[int, ...] = (2, 3, 4, 5, 6),
        seed: int = 20250101,
        n_init: int = 50,
        n_bootstrap: int = int(DEFAULTS["clusters.bootstrap"]),
    ) -> None:
        self.framework = framework
        self.k_values = k_values
        self.seed = seed
        self.n_init = n_init
        self.n_bootstrap = n_bootstrap

    @classmethod
    def from_settings(cls, framework: Framework, settings: Settings) -> MaturityClusters:
        """The estimator with the configured bootstrap count (``clusters.bootstrap``)."""
        return cls(framework, n_bootstrap=int(settings["clusters.bootstrap"]))

    def fit(self, dimension_scores: pd.DataFrame) -> MaturityClusters:
        """Cluster boroughs.

        Parameters
        ----------
        dimension_scores : DataFrame, shape (n_boroughs, n_dimensions)
            Index ons_code; one column per framework dimension.
        """
        dims = list(self.framework.dimension_ids)
        profiles = dimension_scores[dims].astype(float)
        complete = profiles.dropna()
        self.excluded_ = sorted(set(profiles.index) - set(complete.index))
        z = standardise(complete)
        distinct = distinct_profiles(complete)
        candidates = [k for k in self.k_values if 2 <= k < len(complete) and k <= distinct]
        rng = np.random.default_rng(self.seed)
        data = z.to_numpy()
        fits = {k: fit_many(data[None], k, self.n_init, rng).labels[0] for k in candidates}
        # A k whose best fit left a cluster empty (possible where boroughs share a profile) is not a choice.
        fits = {k: labels for k, labels in fits.items() if len(np.unique(labels)) == k}
        if not fits:
            raise ValueError(f"need at least 3 boroughs with every dimension scored, and two different profiles among "
                             f"them, to cluster; got {len(complete)} boroughs with {distinct} different profile(s)")
        candidates = list(fits)
        self.silhouettes_ = {k: float(silhouette_score(data, fits[k])) for k in candidates}
        self.k_ = max(candidates, key=lambda k: (round(self.silhouettes_[k], 12), -k))  # ties: fewer clusters
        raw_labels = fits[self.k_]

        # Number clusters by their members' mean overall index (the framework's weights): 1 = most mature.
        means = weighted_overall(complete, self.framework).groupby(raw_labels).mean().sort_values(ascending=False, kind="stable")
        renumber = {raw: number for number, raw in enumerate(means.index, start=1)}
        self.labels_ = pd.Series([renumber[r] for r in raw_labels], index=complete.index, name="cluster")
        self.centroids_ = complete.groupby(self.labels_).mean()
        self.centroids_z_ = z.groupby(self.labels_).mean()
        self.descriptions_ = {c: self.describe(c) for c in self.centroids_.index}
        self.stability_ = self._stability(data, raw_labels)

        pca = PCA(n_components=2, random_state=self.seed).fit(z.to_numpy())
        self.pca_coordinates_ = pd.DataFrame(pca.transform(z.to_numpy()), index=complete.index, columns=["pc1", "pc2"])
        self.explained_variance_ = pca.explained_variance_ratio_
        return self

    def _stability(self, data: np.ndarray, labels: np.ndarray) -> float:
        """Mean ARI between the partition and k-means refitted on bootstrap samples.

        Every refit (``BOOTSTRAP_RESTARTS`` restarts each) runs in one batch; a sample with fewer
        than k distinct boroughs cannot hold k clusters and is skipped.
        """
        rng = np.random.default_rng(self.seed)
        picks = rng.integers(0, len(data), size=(self.n_bootstrap, len(data)))
        usable = [p for p in picks if len(np.unique(data[p], axis=0)) >= self.k_]
        if not usable:
            return float("nan")
        refits = fit_many(data[np.array(usable)], self.k_, BOOTSTRAP_RESTARTS, rng)
        return float(adjusted_rand_index(labels, nearest(data, refits.centres)).mean())

    def describe(self, cluster: int) -> str:
        """The cluster's centroid in words (``profile_description``)."""
        return profile_description(self.centroids_.loc[cluster], self.framework)

    def summary(self) -> pd.DataFrame:
        """One row per cluster: cluster, size, centroid per dimension, description, silhouette, stability."""
        table = self.centroids_.copy()
        table.insert(0, "size", self.labels_.value_counts().reindex(table.index).astype(int))
        table["description"] = [self.descriptions_[c] for c in table.index]
        table["silhouette"] = self.silhouettes_[self.k_]
        table["stability"] = self.stability_
        return table.reset_index()


def stability_words(stability: float) -> str:
    """Plain English for a mean adjusted Rand index, in the active set's words."""
    if stability != stability:
        return "Stability could not be measured."
    if stability >= 0.8:
        return "Stable: resampled data gives nearly the same clusters."
    if stability >= 0.5:
        return f"Moderately stable: the broad split holds, but {active_area_set().plural} near a boundary can change cluster."
    return "Unstable: treat these clusters as a loose sketch, not fixed groups."
