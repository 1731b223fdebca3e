"""SKDR-style rules, vectorised over series (rows) for one week (column ``t``).

* single case: an alert as soon as ``min_cases`` (1) cases are reported;
* threshold: cases ``>= k x`` the mean of the previous ``n`` weeks **and** ``>= m`` cases, i.e.
  ``y >= max(k * mean, m)``. The mean uses the reported weeks among the ``n``; with fewer than
  ``min_baseline`` reported weeks there is no threshold (and no alert).

A missing observed week (NaN) never alerts.
"""

from __future__ import annotations

import warnings

import numpy as np


def single_case(y: np.ndarray, t: int, min_cases: int = 1) -> dict[str, np.ndarray]:
    obs = np.asarray(y, dtype=float)[:, t]
    with np.errstate(invalid="ignore"):
        alarm = obs >= min_cases
    return {"alarm": alarm, "threshold": np.full(obs.shape, float(min_cases)), "expected": np.full(obs.shape, np.nan)}


def threshold(y: np.ndarray, t: int, k, n, m, min_baseline: int = 2) -> dict[str, np.ndarray]:
    """``k``, ``n``, ``m`` are scalars or one value per series."""
    y = np.asarray(y, dtype=float)
    rows = y.shape[0]
    k, n, m = (np.broadcast_to(np.asarray(v), (rows,)) for v in (k, n, m))
    mean = np.full(rows, np.nan)
    for weeks in np.unique(n):
        sel = n == weeks
        window = y[sel, max(0, t - int(weeks)): t]
        count = (~np.isnan(window)).sum(1)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-missing window: nanmean of nothing
            mu = np.nanmean(window, axis=1) if window.shape[1] else np.full(sel.sum(), np.nan)
        mean[sel] = np.where(count >= min_baseline, mu, np.nan)
    limit = np.maximum(k * mean, m)  # NaN mean -> NaN limit -> no alert
    obs = y[:, t]
    with np.errstate(invalid="ignore"):
        alarm = obs >= limit
    return {"alarm": alarm, "threshold": limit, "expected": mean}
