"""k-means for many small problems at once.

Clustering 33 boroughs on seven dimensions is tiny; what costs is doing it hundreds of times
(restarts for each candidate k, then restarts for each bootstrap refit of the stability check).
A general-purpose estimator pays its set-up per fit; here every restart of every sample runs in
the same NumPy arrays, so the whole stability check is a few dozen array operations.

The algorithm is Lloyd's, seeded by k-means++ (each new centre drawn with probability
proportional to the squared distance to the nearest centre already chosen). A restart's result
is kept when its inertia (sum of squared distances to the assigned centre) is the lowest; ties go
to the earliest restart, so a fixed seed gives a fixed answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

import numpy as np

MAX_ITERATIONS = 300


@dataclass(frozen=True)
class KMeansFit:
    """The best restart for each sample.

    Attributes
    ----------
    labels : ndarray, shape (n_samples, n_points)
        Cluster 0..k-1 of each point.
    centres : ndarray, shape (n_samples, k, n_features)
    inertia : ndarray, shape (n_samples,)
    """

    labels: np.ndarray
    centres: np.ndarray
    inertia: np.ndarray


def fit_many(data: np.ndarray, k: int, n_init: int, rng: np.random.Generator) -> KMeansFit:
    """k-means on each sample of ``data`` with ``n_init`` restarts, keeping each sample's best.

    Parameters
    ----------
    data : ndarray, shape (n_samples, n_points, n_features)
        Each sample must hold at least ``k`` distinct points.
    k : int
        Number of clusters, at least 1.
    n_init : int
        Restarts per sample, at least 1.
    rng : numpy Generator
        Draws the k-means++ seeds.
    """
    data = np.asarray(data, dtype=float)
    if data.ndim != 3:
        raise ValueError(f"data must have shape (n_samples, n_points, n_features), got {data.shape}")
    if k < 1 or n_init < 1:
        raise ValueError(f"k and n_init must be at least 1, got k={k}, n_init={n_init}")
    n_samples, n_points, _ = data.shape
    if k > n_points:
        raise ValueError(f"cannot make {k} clusters of {n_points} points")
    runs = np.repeat(data, n_init, axis=0)  # (samples × restarts, points, features)
    centres = _seed(runs, k, rng)
    labels = np.full(runs.shape[:2], -1)
    moving = np.arange(len(runs))  # runs whose labels changed on the last step: a settled run's centres stay put
    for _ in range(MAX_ITERATIONS):
        new_labels = _squared_distances(runs[moving], centres[moving]).argmin(axis=2)
        changed = (new_labels != labels[moving]).any(axis=1)
        if not changed.any():
            break
        moving = moving[changed]
        labels[moving] = new_labels[changed]
        centres[moving] = _centres(runs[moving], labels[moving], centres[moving])
    inertia = np.take_along_axis(_squared_distances(runs, centres), labels[:, :, None], axis=2).sum(axis=(1, 2))
    best = inertia.reshape(n_samples, n_init).argmin(axis=1) + np.arange(n_samples) * n_init
    return KMeansFit(labels=labels[best], centres=centres[best], inertia=inertia[best])


def nearest(data: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Index of the nearest centre for each point.

    Parameters
    ----------
    data : ndarray, shape (n_points, n_features)
    centres : ndarray, shape (n_samples, k, n_features)

    Returns
    -------
    ndarray, shape (n_samples, n_points)
    """
    return _squared_distances(np.broadcast_to(data, (len(centres), *data.shape)), centres).argmin(axis=2)


def _squared_distances(points: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """(runs, points, k) squared Euclidean distances, a centre at a time (no (runs, points, k, features) array)."""
    return np.stack([((points - centres[:, None, j, :]) ** 2).sum(axis=2) for j in range(centres.shape[1])], axis=2)


def _seed(runs: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """k-means++ seeds for every run at once."""
    n_runs, n_points, _ = runs.shape
    rows = np.arange(n_runs)
    chosen = [rng.integers(0, n_points, size=n_runs)]
    closest = ((runs - runs[rows, chosen[0]][:, None, :]) ** 2).sum(axis=2)
    for _ in range(1, k):
        total = closest.sum(axis=1, keepdims=True)
        weights = np.divide(closest, total, out=np.full_like(closest, 1 / n_points), where=total > 0)
        cumulative = weights.cumsum(axis=1)
        pick = (cumulative < rng.random((n_runs, 1)) * cumulative[:, -1:]).sum(axis=1).clip(max=n_points - 1)
        chosen.append(pick)
        closest = np.minimum(closest, ((runs - runs[rows, pick][:, None, :]) ** 2).sum(axis=2))
    return np.stack([runs[rows, c] for c in chosen], axis=1)


def _centres(runs: np.ndarray, labels: np.ndarray, previous: np.ndarray) -> np.ndarray:
    """Mean of each cluster's points; a cluster left empty keeps its previous centre."""
    members = labels[:, :, None] == np.arange(previous.shape[1])[None, None, :]  # (runs, points, k)
    counts = members.sum(axis=1)[:, :, None]
    sums = np.einsum("rpk,rpf->rkf", members.astype(float), runs)
    return np.where(counts > 0, sums / np.maximum(counts, 1), previous)


def adjusted_rand_index(reference: np.ndarray, partitions: np.ndarray) -> np.ndarray:
    """Agreement of each partition with ``reference``, corrected for chance (1 = the same grouping).

    Parameters
    ----------
    reference : ndarray of int, shape (n_points,)
    partitions : ndarray of int, shape (n_partitions, n_points)

    Returns
    -------
    ndarray, shape (n_partitions,)
        Hubert and Arabie's adjusted Rand index; 1.0 where both groupings are trivial (one group
        each, or every point alone), as the index is undefined there.
    """
    reference = np.asarray(reference)
    partitions = np.atleast_2d(partitions)
    rows = reference[None, :, None] == np.unique(reference)[None, None, :]  # (1, points, a)
    columns = partitions[:, :, None] == np.arange(partitions.max() + 1)[None, None, :]  # (partitions, points, b)
    table = np.einsum("spa,spb->sab", np.broadcast_to(rows, (len(partitions), *rows.shape[1:])).astype(float),
                      columns.astype(float))
    together = _pairs(table).sum(axis=(1, 2))
    in_reference = _pairs(table.sum(axis=2)).sum(axis=1)
    in_partition = _pairs(table.sum(axis=1)).sum(axis=1)
    expected = in_reference * in_partition / _pairs(len(reference))
    maximum = (in_reference + in_partition) / 2
    denominator = maximum - expected
    return np.where(denominator == 0, 1.0, (together - expected) / np.where(denominator == 0, 1, denominator))


_Counts = TypeVar("_Counts", np.ndarray, float)


def _pairs(counts: _Counts) -> _Counts:
    """How many pairs ``counts`` items make."""
    return counts * (counts - 1) / 2
