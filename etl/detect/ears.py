"""EARS C1, C2 and C3 exactly as R ``surveillance::earsC`` (version 1.20.3), vectorised over series.

Input is a matrix of counts, one series per row (``n_series x n_weeks``), ``NaN`` for a missing week.
For week ``t`` (0-based column):

* C1: reference = weeks ``t-7 .. t-1``; upper bound = mean + z * max(sd, minSigma);
* C2: reference = weeks ``t-9 .. t-3`` (lag 2); same bound;
* C3: C2 statistics ``c(u) = (y(u) - mean(u)) / max(sd(u), minSigma)`` for ``u = t-2, t-1``; upper bound
  = ``max(0, y(t) + max(sd(t), minSigma) * (z - max(0, c(t-2)-1) - max(0, c(t-1)-1)))``. This is R's
  formula as written (the current week's own C2 value is not part of the bound; y(t) cancels in the alarm).

``sd`` is the sample standard deviation (n-1), ``z = qnorm(1 - alpha)``; alarm iff ``y(t) > upper``.
R's ``alpha`` default is 0.001 for C1 and C2 and 0.025 for C3 when the control list names only the method
(``earsC(sts, control = list(method = "C3"))``), which is what ``DEFAULT_ALPHA`` holds.

Missing weeks: R propagates ``NA`` (one missing reference week makes the bound ``NA``). With
``min_baseline=None`` this module does the same (used for the R fixtures). The warehouse stage passes
``min_baseline`` (default 5 of 7): the bound then uses the reference weeks that were reported, and a
series with fewer reported weeks gets no bound at all (no alarm, and the stage flags it as incomplete)
-- absent data is never read as zero cases.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import norm

METHODS = ("C1", "C2", "C3")
DEFAULT_ALPHA = {"C1": 0.001, "C2": 0.001, "C3": 0.025}
LAG = {"C1": 0, "C2": 2, "C3": 2}


def first_week(method: str, baseline: int = 7) -> int:
    """First 0-based column with a result (R's default ``range`` start minus one)."""
    return {"C1": baseline, "C2": baseline + 2, "C3": baseline + 4}[method]


def _reference_stats(y: np.ndarray, baseline: int, lag: int, min_baseline: int | None):
    """Mean and sd (n-1, two-pass like R's sd) of the reference window of every column; NaN where undefined.

    Column ``t`` uses weeks ``t-lag-baseline .. t-lag-1``. Sums of shifted contiguous slices: much faster
    than reducing a strided sliding-window view.
    """
    n_series, n_weeks = y.shape
    mean = np.full((n_series, n_weeks), np.nan)
    sd = np.full((n_series, n_weeks), np.nan)
    start = baseline + lag
    width = n_weeks - start
    if width <= 0:
        return mean, sd
    parts = [y[:, j: j + width] for j in range(baseline)]  # part j = week t-lag-baseline+j for column t
    with np.errstate(invalid="ignore", divide="ignore"):
        if min_baseline is None:  # R: one missing reference week makes the bound NaN
            m = sum(parts) / baseline
            ss = sum((p - m) ** 2 for p in parts)
            s = np.sqrt(ss / (baseline - 1))
        else:
            valid = [~np.isnan(p) for p in parts]
            count = sum(v.astype(np.int8) for v in valid)
            m = sum(np.where(v, p, 0.0) for v, p in zip(valid, parts, strict=True)) / count
            ss = sum(np.where(v, (p - m) ** 2, 0.0) for v, p in zip(valid, parts, strict=True))
            s = np.sqrt(ss / (count - 1))
            short = count < max(min_baseline, 2)
            m[short] = np.nan
            s[short] = np.nan
    mean[:, start:] = m
    sd[:, start:] = s
    return mean, sd


def ears(y, method: str = "C1", *, baseline: int = 7, alpha: float | None = None, min_sigma: float = 0.0,
         min_baseline: int | None = None) -> dict[str, np.ndarray]:
    """EARS for every series (rows) and week (columns) of ``y``.

    Returns arrays shaped like ``y``: ``upperbound``, ``expected`` (reference mean), ``stat`` (the C
    statistic, for C3 the sum of the lag-1/lag-2 parts), ``alarm`` (bool). Columns before
    ``first_week(method)`` are NaN/False, as are weeks whose observed count is missing.
    """
    method = method.upper()
    if method not in METHODS:
        raise ValueError(f"unknown EARS method {method!r}")
    if baseline < 3:
        raise ValueError("Minimum baseline to use is 3.")
    if min_sigma < 0:
        raise ValueError("minSigma must be >= 0")
    y = np.asarray(y, dtype=float)
    if y.ndim == 1:
        y = y[None, :]
    z = norm.ppf(1 - (DEFAULT_ALPHA[method] if alpha is None else alpha))
    mean, sd = _reference_stats(y, baseline, LAG[method], min_baseline)
    sigma = np.maximum(sd, min_sigma)  # NaN stays NaN, as pmax does in R
    with np.errstate(invalid="ignore", divide="ignore"):
        if method in ("C1", "C2"):
            upper = mean + z * sigma
            stat = (y - mean) / sigma
        else:
            c2 = (y - mean) / sigma
            part = np.maximum(0.0, c2 - 1.0)
            lagged = np.full_like(y, np.nan)
            lagged[:, 2:] = part[:, :-2] + part[:, 1:-1]
            upper = np.maximum(0.0, y + sigma * (z - lagged))
            stat = lagged
    upper[:, : first_week(method, baseline)] = np.nan
    stat[:, : first_week(method, baseline)] = np.nan
    with np.errstate(invalid="ignore"):
        alarm = y > upper  # NaN compares False: a missing week or bound never alarms
    return {"upperbound": upper, "expected": mean, "stat": stat, "alarm": alarm}
