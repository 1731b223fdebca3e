"""Pooled-neighbourhood detection (issue 9): a small outbreak spread over neighbouring desa, found as one.

A cluster of 2-5 extra cases in each of three neighbouring desa stays under every village's bound plus
``[alerts] min_excess``: each village alone is noise-sized. Pooled, the same cases are a clear excess. So,
for every desa ``c`` (the centre) and target week ``t`` (0-based column), the pool is ``c`` with its
neighbours (``desa_tetangga``), and only the desa of the pool that reported week ``t``:

* ``observed`` = the pool's cases in week ``t``;
* two baselines per desa, each the mean of its reported reference weeks (at least ``min_reference``):
  *seasonal* = the same weeks of the ``b`` previous years, weeks ``t - 52k - w .. t - 52k + w`` for
  ``k = 1..b`` (Farrington's reference, ``b`` = ``b_max`` or the full years available, at least ``b_min``),
  *recent* = weeks ``t - lag - baseline .. t - lag - 1`` (EARS C2's window: the last weeks, not the two
  just before, which an outbreak may already be in);
* ``expected`` = the pool's sum of the larger of the two baselines per desa (a seasonal rise -- ILI, DBD
  in the rains -- is in the seasonal baseline; a rise that started some weeks ago is in the recent one:
  the pool must stand out from both, the guard ``[alerts] min_families`` gives the village methods).
  A desa with only one baseline uses that one; a desa with none is left out of the pool;
* the bound is the ``1 - alpha`` quantile of a negative binomial with mean ``expected`` and variance
  ``phi x expected``; ``phi`` >= 1 is the overdispersion of the pool's own reference weeks (variance over
  mean of the pooled seasonal and recent reference counts), so a pool whose counts jump about by
  themselves needs more to alarm;
* alarm when ``observed`` exceeds the bound by at least ``min_excess`` cases **and** at least ``min_desa``
  desa of the pool are each at least one case over their own baseline: a many-village excess, not one
  village's (those the village methods see). The desa over their baseline are the alarm's desa.

``pooled(y, pools, t, ...)`` takes the counts of one syndrome (desa x weeks, NaN = not reported) and a
boolean pool matrix (pools x desa) and returns arrays per pool; ``non_overlapping`` keeps, per week, the
strongest alarm of pools sharing desa. No database here: ``etl.detect.pooled_stage`` reads and writes.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import nbinom, poisson

WEEKS_PER_YEAR = 52


def seasonal_columns(t: int, b: int, w: int) -> list[int]:
    """Reference columns of the ``b`` previous years: ``t - 52k - w .. t - 52k + w``, k = 1..b (>= 0 only)."""
    return [c for k in range(1, b + 1) for c in range(t - WEEKS_PER_YEAR * k - w, t - WEEKS_PER_YEAR * k + w + 1)
            if c >= 0]


def recent_columns(t: int, baseline: int, lag: int) -> list[int]:
    """EARS C2's reference: weeks ``t - lag - baseline .. t - lag - 1`` (>= 0 only)."""
    return [c for c in range(t - lag - baseline, t - lag) if c >= 0]


def years_available(t: int, w: int) -> int:
    """Full previous years whose reference window fits on the axis (Farrington's ``b``)."""
    return max(0, (t - w) // WEEKS_PER_YEAR)


def desa_mean(y: np.ndarray, cols: list[int], min_reference: int, prior: float = 0.0) -> np.ndarray:
    """Per desa: the mean of its reported reference weeks, ``prior`` cases added to their sum (0.5 = the
    Jeffreys estimate of a Poisson rate: a desa with no case in 21 reference weeks is read as 0.5 / 21 a week,
    not as a rate of 0 that any case exceeds); NaN with fewer than ``min_reference``."""
    if not cols:
        return np.full(y.shape[0], np.nan)
    ref = y[:, cols]
    count = (~np.isnan(ref)).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (np.nansum(ref, axis=1) + prior) / count
    return np.where(count >= max(1, min_reference), mean, np.nan)


def _dispersion(y: np.ndarray, cols: list[int], means: np.ndarray, member: np.ndarray) -> np.ndarray:
    """Per pool: variance / mean of its pooled reference counts (a desa's missing week read as its mean)."""
    if len(cols) < 2:
        return np.ones(member.shape[0])
    ref = y[:, cols]
    filled = np.where(np.isnan(ref), np.nan_to_num(means)[:, None], ref)
    sums = member.astype(float) @ filled            # pools x reference weeks
    mean = sums.mean(axis=1)
    var = sums.var(axis=1, ddof=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(mean > 0, var / mean, 1.0)


def _dispersion_parts(y: np.ndarray, cols: list[int], means: np.ndarray,
                      member: np.ndarray) -> tuple[np.ndarray, int]:
    """Per pool: (sum of squared deviations of the pooled reference counts over their mean, degrees of
    freedom): ``_dispersion`` = the first over the second; two reference sets pool as (a1 + a2) / (d1 + d2)."""
    if len(cols) < 2:
        return np.zeros(member.shape[0]), 0
    ref = y[:, cols]
    filled = np.where(np.isnan(ref), np.nan_to_num(means)[:, None], ref)
    sums = member.astype(float) @ filled
    mean = sums.mean(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        scaled = np.where(mean > 0, ((sums - mean[:, None]) ** 2).sum(axis=1) / mean, 0.0)
    return scaled, len(cols) - 1


def upper_bound(expected: np.ndarray, phi: np.ndarray, alpha: float) -> np.ndarray:
    """The ``1 - alpha`` quantile of a count with mean ``expected`` and variance ``phi x expected``:
    negative binomial (size ``expected / (phi - 1)``, prob ``1 / phi``) for ``phi > 1``, Poisson at 1."""
    expected = np.asarray(expected, dtype=float)
    phi = np.maximum(np.asarray(phi, dtype=float), 1.0)
    out = np.full(expected.shape, np.nan)
    ok = np.isfinite(expected) & (expected > 0)
    over = ok & (phi > 1.0 + 1e-9)
    plain = ok & ~over
    out[plain] = poisson.ppf(1 - alpha, expected[plain])
    out[over] = nbinom.ppf(1 - alpha, expected[over] / (phi[over] - 1), 1 / phi[over])
    out[np.isfinite(expected) & (expected == 0)] = 0.0
    return out


def p_value(observed: np.ndarray, expected: np.ndarray, phi: np.ndarray) -> np.ndarray:
    """P(X >= observed) under the bound's distribution."""
    observed, expected = np.asarray(observed, dtype=float), np.asarray(expected, dtype=float)
    phi = np.maximum(np.asarray(phi, dtype=float), 1.0)
    out = np.full(observed.shape, np.nan)
    ok = np.isfinite(expected) & (expected > 0) & np.isfinite(observed)
    over = ok & (phi > 1.0 + 1e-9)
    plain = ok & ~over
    out[plain] = poisson.sf(observed[plain] - 1, expected[plain])
    out[over] = nbinom.sf(observed[over] - 1, expected[over] / (phi[over] - 1), 1 / phi[over])
    none = np.isfinite(expected) & (expected == 0) & np.isfinite(observed)
    out[none] = np.where(observed[none] > 0, 0.0, 1.0)
    return out


def pooled(y: np.ndarray, pools: np.ndarray, t: int, *, b_max: int = 5, b_min: int = 1, w: int = 3,
           baseline: int = 7, lag: int = 2, min_reference: int = 5, alpha: float = 0.001,
           min_excess: float = 3.0, min_desa: int = 2, window: int = 1,
           combine: str = "desa", prior: float = 0.0) -> dict[str, np.ndarray]:
    """Pooled-neighbourhood alarms of week ``t`` for one syndrome (module docstring).

    ``y``: desa x weeks, NaN = not reported; ``pools``: pools x desa, True = member. Returns per pool
    ``observed``, ``expected``, ``upperbound``, ``phi``, ``p_value``, ``alarm``, and ``over``
    (pools x desa: the reported member desa at least one case over their own baseline)."""
    y = np.asarray(y, dtype=float)
    member = np.asarray(pools, dtype=bool)
    b = min(b_max, years_available(t, w))
    seasonal_cols = seasonal_columns(t, b, w) if b >= b_min else []
    recent_cols = recent_columns(t, baseline, lag)
    seasonal = desa_mean(y, seasonal_cols, min_reference, prior)
    recent = desa_mean(y, recent_cols, min_reference, prior)
    both = np.fmax(seasonal, recent)                         # NaN only where both are NaN
    obs = y[:, t - window + 1: t + 1].sum(axis=1) if t - window + 1 >= 0 else np.full(y.shape[0], np.nan)
    both = both * window
    used = ~np.isnan(obs) & ~np.isnan(both)
    inside = member & used[None, :]
    observed = inside.astype(float) @ np.nan_to_num(obs)
    if combine == "pool":
        # the larger of the two baselines summed over the pool (a desa with one baseline uses it in both):
        # the seasonal guard works on the pool's count, where the noise of each desa's means has averaged
        # out, rather than on each desa (the larger of two noisy means is biased upwards); phi pools the two
        # reference sets' squared deviations (one estimate on all their weeks, not the larger of two noisy ones)
        weights = inside.astype(float) * window
        expected = np.fmax(weights @ np.nan_to_num(np.where(np.isnan(seasonal), recent, seasonal)),
                           weights @ np.nan_to_num(np.where(np.isnan(recent), seasonal, recent)))
        (a1, d1), (a2, d2) = (_dispersion_parts(y, seasonal_cols, seasonal, inside),
                              _dispersion_parts(y, recent_cols, recent, inside))
        phi = (a1 + a2) / max(d1 + d2, 1) if d1 + d2 else np.ones(inside.shape[0])
    elif combine == "desa":
        expected = inside.astype(float) @ np.nan_to_num(both)
        phi = np.fmax(_dispersion(y, seasonal_cols, seasonal, inside), _dispersion(y, recent_cols, recent, inside))
    else:
        raise ValueError(f"pooled: combine must be 'desa' or 'pool', not {combine!r}")
    phi = np.maximum(np.nan_to_num(phi, nan=1.0), 1.0)
    bound = upper_bound(expected, phi, alpha)
    over = inside & ((obs - both) >= 1.0)[None, :]
    with np.errstate(invalid="ignore"):
        alarm = (inside.any(axis=1) & (observed - bound >= min_excess) & (over.sum(axis=1) >= min_desa))
        if window > 1:   # still going: this week alone at least one case over its share of the expected
            alarm &= (inside.astype(float) @ np.nan_to_num(y[:, t])) - expected / window >= 1.0
    return {"observed": observed, "expected": expected, "upperbound": bound, "phi": phi,
            "p_value": p_value(observed, expected, phi), "alarm": alarm, "over": over}


def pooled_windows(y: np.ndarray, pools: np.ndarray, t: int, *, windows=(1,), alpha: float = 0.001,
                   **opts) -> dict[str, np.ndarray]:
    """``pooled`` over several windows: the cases of the last ``k`` weeks (``t - k + 1 .. t``) for each ``k``
    of ``windows`` against ``k`` times the baselines. A small outbreak of two weeks is twice the excess over
    two weeks with only about 1.4 times the noise, so the 2-week window finds it by its second week when its
    first was too weak. Each window is tested at ``alpha / len(windows)`` (Bonferroni: per pool-week the
    chance of a false alarm stays at most ``alpha``). A window of more than one week alarms only while week ``t``
    alone is still at least one case over its share of the expected (an outbreak that ended last week does not
    alarm again on its last week's cases). Per pool, the result of its alarming window with the
    smallest p-value (of its smallest p-value when none alarms); ``window`` holds that ``k``."""
    windows = sorted({int(k) for k in windows}) or [1]
    results = [pooled(y, pools, t, alpha=alpha / len(windows), window=k, **opts) for k in windows]
    if len(results) == 1:
        return {**results[0], "window": np.full(len(results[0]["alarm"]), windows[0])}
    # rank per pool: alarming windows first, then the smallest p-value (NaN last), then the shorter window
    keys = np.stack([np.where(r["alarm"], 0.0, 2.0) + np.nan_to_num(r["p_value"], nan=1.0) for r in results])
    pick = np.argmin(keys, axis=0)
    out = {}
    for name in results[0]:
        stacked = np.stack([r[name] for r in results])
        out[name] = np.take_along_axis(stacked, pick.reshape((1, -1) + (1,) * (stacked.ndim - 2)), axis=0)[0]
    out["window"] = np.asarray(windows)[pick]
    return out


def non_overlapping(alarm: np.ndarray, over: np.ndarray, p: np.ndarray, excess: np.ndarray) -> np.ndarray:
    """The alarms to keep: strongest first (smallest p, then largest excess), each kept only when its desa
    over baseline share none with a pool already kept (one outbreak, one alarm per week)."""
    order = sorted(np.flatnonzero(alarm), key=lambda i: (np.nan_to_num(p[i], nan=1.0), -excess[i], i))
    taken = np.zeros(over.shape[1], dtype=bool)
    keep = np.zeros(alarm.shape, dtype=bool)
    for i in order:
        if not (over[i] & taken).any():
            keep[i] = True
            taken |= over[i]
    return keep
