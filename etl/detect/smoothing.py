"""Empirical-Bayes smoothing of village rates with tiny denominators (issue 4, "Small numbers").

A village of 40 people with one case has a crude rate of 25 per 1,000; the map would paint it as
the worst village of the district on the strength of one patient. Empirical Bayes shrinks each crude
rate towards a reference mean by how little its own denominator says:

* global: the reference is the whole set of villages (Marshall 1991, method of moments);
* spatial: the reference of village i is i with its neighbours (``neighbours`` given).

Marshall's estimator is the posterior mean of a Poisson-gamma model whose gamma prior has the
moment estimates as mean ``m`` and variance ``A``: shape ``m^2/A``, rate ``m/A``. So the interval is
the matching gamma posterior, shape ``m^2/A + cases``, rate ``m/A + population``, and its mean is the
smoothed rate exactly. When the crude rates vary no more than Poisson noise explains (``A <= 0``)
every village gets the reference mean (complete shrinkage) and a zero-width interval.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

PER = 1000.0


def eb_rates(cases, population, *, neighbours=None, level: float = 0.95) -> pd.DataFrame:
    """Smoothed rates per 1,000 with a ``level`` credible interval: DataFrame[rate, lo, hi].

    Args:
        cases: counts per village (array-like or Series; a Series' index is kept).
        population: denominators, same length; villages with population <= 0 or NaN get NaN.
        neighbours: None for global EB, else for spatial EB either a sequence (by position) of
            neighbour position lists, or a mapping from index label to neighbour labels. A village
            is always part of its own neighbourhood.
        level: credible level of the interval.
    """
    index = cases.index if isinstance(cases, pd.Series) else None
    x = np.asarray(cases, float)
    n = np.asarray(population, float)
    if x.shape != n.shape:
        raise ValueError("cases and population must have the same length")
    valid = np.isfinite(x) & np.isfinite(n) & (n > 0)
    groups = _neighbourhoods(neighbours, len(x), index)
    mean, var = np.full(len(x), np.nan), np.full(len(x), np.nan)
    for i in range(len(x)):
        members = [j for j in groups[i] if valid[j]] if groups is not None else None
        mean[i], var[i] = _moments(x, n, valid if members is None else members)
    rate, lo, hi = _posterior(x, n, mean, var, level)
    for arr in (rate, lo, hi):
        arr[~valid] = np.nan
    return pd.DataFrame({"rate": rate * PER, "lo": lo * PER, "hi": hi * PER}, index=index)


def nearest_neighbours(lon, lat, k: int = 6, max_km: float | None = None) -> list[list[int]]:
    """For spatial EB without polygons: each village's k nearest villages by centroid (positions),
    optionally only those within max_km."""
    from etl.detect.scan import distances_km  # numba-compiled module; imported only when needed

    dist = distances_km(lon, lat)
    np.fill_diagonal(dist, np.inf)
    order = np.argsort(dist, axis=1, kind="stable")[:, :k]
    return [[int(j) for j in row if max_km is None or dist[i, j] <= max_km] for i, row in enumerate(order)]


def _neighbourhoods(neighbours, size: int, index) -> list[list[int]] | None:
    if neighbours is None:
        return None
    if isinstance(neighbours, Mapping):
        if index is None:
            raise ValueError("a neighbour mapping needs cases as a Series indexed by village")
        position = {label: i for i, label in enumerate(index)}
        groups = [[i] + [position[lab] for lab in neighbours.get(label, ()) if lab in position]
                  for i, label in enumerate(index)]
    elif isinstance(neighbours, Sequence) and len(neighbours) == size:
        groups = [[i] + [int(j) for j in _iter(nb)] for i, nb in enumerate(neighbours)]
    else:
        raise ValueError("neighbours must be a mapping or one list per village")
    return [sorted(set(g)) for g in groups]


def _iter(value) -> Iterable:
    return value if isinstance(value, Iterable) else ()


def _moments(x: np.ndarray, n: np.ndarray, members) -> tuple[float, float]:
    """Marshall's method-of-moments prior mean and variance over the villages in ``members``."""
    xs, ns = x[members], n[members]
    total_n = ns.sum()
    if total_n <= 0:
        return np.nan, np.nan
    m = xs.sum() / total_n
    s2 = float((ns * (xs / ns - m) ** 2).sum() / total_n)
    variance = s2 - m / ns.mean()
    return float(m), max(float(variance), 0.0)


def _posterior(x, n, mean, var, level):
    tail = (1 - level) / 2
    rate, lo, hi = mean.copy(), mean.copy(), mean.copy()   # complete shrinkage where var == 0
    spread = (var > 0) & (mean > 0) & np.isfinite(x) & (n > 0)
    shape = mean[spread] ** 2 / var[spread] + x[spread]
    inv_scale = mean[spread] / var[spread] + n[spread]
    rate[spread] = shape / inv_scale
    lo[spread] = stats.gamma.ppf(tail, shape, scale=1 / inv_scale)
    hi[spread] = stats.gamma.ppf(1 - tail, shape, scale=1 / inv_scale)
    return rate, lo, hi
