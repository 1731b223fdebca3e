"""Farrington flexible (Noufaily et al. 2013) exactly as R ``surveillance::farringtonFlexible`` 1.20.3.

Defaults are R's: ``w=3``, ``reweight=TRUE`` (Anscombe residuals, ``weightsThreshold=2.58``),
``alpha=0.05``, ``trend=TRUE`` with ``pThresholdTrend=0.05``, ``limit54=c(5,4)``, ``powertrans="2/3"``,
``noPeriods=1`` (no seasonal factor), ``pastWeeksNotIncluded=w``, ``thresholdMethod="delta"``. ``b`` is
the number of past years, chosen by the caller (the stage uses all complete years, at most 5).

The reference is an ``sts`` with integer epochs and ``freq=52``: the baseline of week ``t`` is weeks
``t-52i-w .. t-52i+w`` for ``i = 1..b``. For one target week the design matrix ``[1, week]`` is the same
for every series, so the quasi-Poisson GLMs of a whole batch of series are fitted together: IRLS as
R's ``glm.fit`` does it (start ``mu = y + 0.1``, deviance criterion ``|dev - dev_old| / (|dev| + 0.1) <
1e-8``, at most 25 iterations, converged series frozen at the iteration R stops at) with the 2x2 normal
equations solved in closed form per series. What R computes from the final QR (dispersion, hat values,
standard errors) uses the working weights of the last iteration, as R does; after reweighting R
overwrites ``model$weights`` with the prior weights, which changes the dispersion ``summary.glm`` gives
for the trend test and the prediction's standard error -- reproduced here.

Per series, as in ``algo.farrington.fitGLM.flexible`` / ``algo.farrington.glm``:
fit with trend (no trend if that does not converge; NA if neither does) -> phi = max(dispersion, 1) ->
Anscombe residuals -> weights -> refit -> keep the trend only if ``b >= 3``, its t-test p < 0.05 and the
prediction does not exceed the largest baseline count, else redo everything without the trend ->
prediction and its standard error (delta method; R's ``predict.glm`` there uses the *unclamped* dispersion
because ``dispersion=`` ends up inside ``newdata``) -> 2/3-power upper bound. Alarm iff at least
``limit54[0]`` cases in the last ``limit54[1]`` weeks (current included), score > 1 and y > 0; R reports
no upper bound when the 5-in-4 rule fails (``upperbound`` here), ``upper_raw`` keeps it for display.

Missing weeks: a missing baseline week is left out of the fit, exactly as R's ``glm`` drops ``NA``
responses. ``nan_policy="propagate"`` makes a missing week in the 5-in-4 window give NA like R;
``"omit"`` (the warehouse stage) sums the reported weeks of that window.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import norm
from scipy.stats import t as student_t

EPS = np.finfo(float).eps
LOG_EPS = np.log(EPS)
DEFAULTS = {
    "w": 3, "reweight": True, "weights_threshold": 2.58, "alpha": 0.05, "trend": True,
    "p_threshold_trend": 0.05, "limit54": (5, 4), "powertrans": "2/3", "past_weeks_not_included": None,
    "freq": 52, "maxit": 25, "epsilon": 1e-8,
}
POWER = {"none": 1.0, "1/2": 0.5, "2/3": 2.0 / 3.0}


def baseline_index(t: int, b: int, w: int = 3, freq: int = 52, past_weeks_not_included: int | None = None):
    """0-based columns of the baseline of week ``t`` (R's ``blocks`` with ``noPeriods = 1``)."""
    pwni = w if past_weeks_not_included is None else past_weeks_not_included
    if t - freq * b - w < 0:
        raise ValueError(f"week {t} needs {b} years + {w} weeks of history")
    cols = set(range(t - w, t + 1))
    for i in range(1, b + 1):
        ref = t - freq * i
        cols.update(range(ref - w, ref + w + 1))
    cols -= set(range(t - pwni, t + 1))
    return np.array(sorted(cols))


def max_years(t: int, w: int = 3, freq: int = 52) -> int:
    """The largest b week ``t`` has history for."""
    return max(0, (t - w) // freq)


def _irls(y, pw, ylogy_minus_y, x, trend: bool, maxit: int, epsilon: float):
    """Poisson-log IRLS for many series at once with a shared covariate ``x`` (n,).

    Returns beta0, beta1, mu (final), W (working weights of the last iteration), converged.
    After the first iteration ``eta = b0 + b1 x`` exactly, so the weighted sums the normal equations need
    come from ``W``'s moments and the constant sums of ``pw * y``: per iteration one exp and two matrix
    products (with trend), or O(1) per series (without).
    """
    n_series, n = y.shape
    x2 = x * x
    py = pw * y
    spy, spyx = py.sum(1), py @ x
    spw = pw.sum(1)
    b0 = np.zeros(n_series)
    b1 = np.zeros(n_series)
    w_old = np.empty(n_series) if not trend else np.empty_like(y)
    mu_fin = np.empty(n_series) if not trend else np.empty_like(y)
    conv = np.zeros(n_series, dtype=bool)
    # iteration 1 from mu = y + 0.1 (eta not linear in x yet)
    mu0 = y + 0.1
    eta0 = np.log(mu0)
    devold = 2.0 * (ylogy_minus_y + (pw * mu0).sum(1) - (py * eta0).sum(1))
    wt = pw * mu0
    wzm = wt * (eta0 - 1.0)                   # wt * z = wt * (eta - 1) + pw * y
    s0 = wt.sum(1)
    r0 = wzm.sum(1) + spy
    if trend:
        s1, s2 = wt @ x, wt @ x2
        r1 = wzm @ x + spyx
    else:
        s1 = s2 = r1 = None
    mu_prev_s = None                          # (no trend) scalar mu behind wt after iteration 1
    active = np.arange(n_series)
    cst, pwa, spya, spyxa, spwa = ylogy_minus_y, pw, spy, spyx, spw
    for it in range(maxit):
        if trend:
            det = s0 * s2 - s1 * s1
            nb0 = (s2 * r0 - s1 * r1) / det
            nb1 = (s0 * r1 - s1 * r0) / det
            eta = nb0[:, None] + nb1[:, None] * x
            mu = np.maximum(np.exp(eta), EPS)
            wt_new = pwa * mu
            sumw = wt_new.sum(1)
            if (eta < LOG_EPS).any():  # mu clamped at machine epsilon somewhere: the exact sum
                slog = (pwa * y[active] * np.maximum(eta, LOG_EPS)).sum(1)
            else:
                slog = nb0 * spya + nb1 * spyxa
        else:
            nb0 = r0 / s0
            nb1 = np.zeros_like(nb0)
            mu_s = np.maximum(np.exp(nb0), EPS)
            sumw = mu_s * spwa
            slog = np.maximum(nb0, LOG_EPS) * spya
        dev = 2.0 * (cst + sumw - slog)
        with np.errstate(invalid="ignore"):
            done = np.abs(dev - devold) / (np.abs(dev) + 0.1) < epsilon
        done_out = np.ones_like(done) if it == maxit - 1 else done  # the last iterate is kept, unconverged
        idx = active[done_out]
        b0[idx], b1[idx], conv[idx] = nb0[done_out], nb1[done_out], done[done_out]
        if trend:
            mu_fin[idx], w_old[idx] = mu[done_out], wt[done_out]
        else:
            mu_fin[idx] = mu_s[done_out]
            w_old[idx] = np.full(done_out.sum(), np.nan) if it == 0 else mu_prev_s[done_out]
        keep = ~done_out
        if not keep.any():
            break
        active, cst, pwa, spya, spyxa, spwa = active[keep], cst[keep], pwa[keep], spya[keep], spyxa[keep], spwa[keep]
        devold = dev[keep]
        if trend:
            nb0, nb1, eta, mu, wt = nb0[keep], nb1[keep], eta[keep], mu[keep], wt_new[keep]
            s0 = sumw[keep]
            s1, s2 = wt @ x, wt @ x2
            r0 = nb0 * s0 + nb1 * s1 - s0 + spya
            r1 = nb0 * s1 + nb1 * s2 - s1 + spyxa
        else:
            nb0, mu_s = nb0[keep], mu_s[keep]
            s0 = mu_s * spwa
            r0 = nb0 * s0 - s0 + spya
            mu_prev_s = mu_s
    if trend:
        return b0, b1, mu_fin, w_old, conv
    mu_mat = np.repeat(mu_fin[:, None], n, axis=1)
    w_mat = pw * w_old[:, None]
    first = np.isnan(w_old)                  # converged in iteration 1: weights from mu = y + 0.1
    if first.any():
        w_mat[first] = (pw * (y + 0.1))[first]
    return b0, b1, mu_mat, w_mat, conv


class _Fit:
    """One quasi-Poisson fit of a batch (optionally reweighted), with what R's summary/predict give."""

    def __init__(self, y, pw, x, trend, *, reweight, threshold, maxit, epsilon, ylogy):
        self.trend = trend
        n_obs = (pw > 0).sum(1)
        b0, b1, mu, wt, conv = _irls(y, pw, (pw * ylogy).sum(1), x, trend, maxit, epsilon)
        self.converged = conv
        p = 2 if trend else 1
        disp, inv00, inv11, h = self._summary(y, pw, x, mu, wt, n_obs, p)
        phi = np.maximum(disp, 1.0)
        if reweight:
            with np.errstate(invalid="ignore", divide="ignore"):
                s = 1.5 * (y ** (2.0 / 3.0) * mu ** (-1.0 / 6.0) - np.sqrt(mu)) / np.sqrt(phi[:, None] * (1 - h))
                big = (s > threshold) & (pw > 0)
                inv_s2 = np.where(big, s ** -2.0, 1.0)
                gamma = n_obs / np.where(pw > 0, inv_s2, 0.0).sum(1)
                omega = np.where(pw > 0, gamma[:, None] * inv_s2, 0.0)
            b0, b1, mu, wt, _ = _irls(y, omega, (omega * ylogy).sum(1), x, trend, maxit, epsilon)
            disp, inv00, inv11, h = self._summary(y, omega, x, mu, wt, n_obs, p)
            phi = np.maximum(disp, 1.0)
            # fitGLM.flexible then sets model$weights <- omega (replacing the working weights), so the
            # summary.glm behind the trend test and predict's se.fit uses sum(omega * r^2) / df
            with np.errstate(invalid="ignore", divide="ignore"):
                disp = np.where(omega > 0, omega * ((y - mu) / mu) ** 2, 0.0).sum(1) / (n_obs - p)
        self.b0, self.b1, self.disp, self.phi, self.inv00, self.inv11 = b0, b1, disp, phi, inv00, inv11
        self.df = n_obs - p

    @staticmethod
    def _summary(y, pw, x, mu, wt, n_obs, p):
        with np.errstate(invalid="ignore", divide="ignore"):
            disp = np.where(pw > 0, wt * ((y - mu) / mu) ** 2, 0.0).sum(1) / (n_obs - p)
            s0 = wt.sum(1)
            if p == 2:
                s1, s2 = wt @ x, wt @ (x * x)
                det = s0 * s2 - s1 * s1
                inv00, inv11 = s2 / det, s0 / det
                h = wt * (s2[:, None] - 2 * s1[:, None] * x + s0[:, None] * x * x) / det[:, None]
            else:
                inv00 = 1.0 / s0
                inv11 = np.full_like(s0, np.nan)
                h = wt / s0[:, None]
        return disp, inv00, inv11, h

    def predict(self):
        """Response-scale prediction at the target week (x = 0) and its delta-method standard error."""
        with np.errstate(over="ignore"):
            mu0 = np.maximum(np.exp(self.b0), EPS)
        with np.errstate(invalid="ignore"):
            se = np.sqrt(self.disp * self.inv00) * mu0
        return mu0, se

    def trend_p(self):
        with np.errstate(invalid="ignore", divide="ignore"):
            tval = self.b1 / np.sqrt(self.disp * self.inv11)
            return 2 * student_t.sf(np.abs(tval), np.maximum(self.df, 1))


def _fit_batch(y, pw, x, b, cfg):
    """Final (mu0, se, phi, trend_used, ok) for one batch, following algo.farrington.glm."""
    ylogy = np.where(y > 0, y * np.log(np.where(y > 0, y, 1.0)), 0.0) - y
    opts = {"reweight": cfg["reweight"], "threshold": cfg["weights_threshold"], "maxit": cfg["maxit"],
            "epsilon": cfg["epsilon"]}
    n_series = y.shape[0]
    mu0 = np.full(n_series, np.nan)
    se = np.full(n_series, np.nan)
    phi = np.full(n_series, np.nan)
    used_trend = np.zeros(n_series, dtype=bool)
    ok = np.zeros(n_series, dtype=bool)
    todo_no_trend = np.ones(n_series, dtype=bool)
    if cfg["trend"]:
        first = _Fit(y, pw, x, True, ylogy=ylogy, **opts)
        # fitGLM.flexible falls back to no trend when the trend model does not converge
        m0, s0 = first.predict()
        ymax = np.where(pw > 0, y, -np.inf).max(1)
        with np.errstate(invalid="ignore"):
            keep = first.converged & (b >= 3) & (first.trend_p() < cfg["p_threshold_trend"]) & (m0 <= ymax)
        mu0[keep], se[keep], phi[keep] = m0[keep], s0[keep], first.phi[keep]
        used_trend[keep] = ok[keep] = True
        todo_no_trend = ~keep
    idx = np.flatnonzero(todo_no_trend)
    if idx.size:
        second = _Fit(y[idx], pw[idx], x, False, ylogy=ylogy[idx], **opts)
        m0, s0 = second.predict()
        good = second.converged
        sel = idx[good]
        mu0[sel], se[sel], phi[sel], ok[sel] = m0[good], s0[good], second.phi[good], True
    return mu0, se, phi, used_trend, ok


def _fit_into(out, rows, base, present, x, b, cfg) -> None:
    pw = present[rows].astype(float)
    yb = np.where(pw > 0, base[rows], 0.0)
    mu0, se, phi, used_trend, ok = _fit_batch(yb, pw, x, b, cfg)
    out["expected"][rows], out["se"][rows], out["phi"][rows] = mu0, se, phi
    out["trend"][rows], out["fitted"][rows] = used_trend, ok


def farrington(y, t: int, *, b: int, batch: int = 50_000, nan_policy: str = "propagate",
               skip_limit54: bool = False, **options) -> dict[str, np.ndarray]:
    """Farrington flexible for week ``t`` (0-based column) of every series (row) of ``y``.

    Returns per series: ``upperbound`` (NaN when the 5-in-4 rule fails, like R), ``upper_raw``,
    ``expected``, ``score``, ``pvalue``, ``phi``, ``trend`` (bool), ``alarm`` (bool), ``fitted`` (bool).
    ``skip_limit54=True`` fits only the series that pass the 5-in-4 rule: the others cannot alarm and R
    gives them no bound, so alarms and ``upperbound`` are unchanged (``upper_raw`` is then NaN for them).
    """
    cfg = {**DEFAULTS, **options}
    y = np.asarray(y, dtype=float)
    if y.ndim == 1:
        y = y[None, :]
    cols = baseline_index(t, b, cfg["w"], cfg["freq"], cfg["past_weeks_not_included"])
    x = (cols - t).astype(float)  # the model is invariant to shifting time; 0 = the target week
    n_series = y.shape[0]
    cases, period = cfg["limit54"]
    recent = y[:, t - period + 1: t + 1]
    enough = (np.nansum(recent, 1) if nan_policy == "omit" else recent.sum(1)) >= cases
    if nan_policy == "propagate":
        enough = np.where(np.isnan(recent).any(1), False, enough)
    y_now = y[:, t]
    base = y[:, cols]
    present = ~np.isnan(base)
    fit_rows = np.flatnonzero((present.sum(1) > 2) & (enough if skip_limit54 else True))
    out = {k: np.full(n_series, np.nan) for k in ("upper_raw", "expected", "phi", "se")}
    out["trend"] = np.zeros(n_series, dtype=bool)
    out["fitted"] = np.zeros(n_series, dtype=bool)
    # An all-zero baseline fits the same way whatever the weeks: IRLS walks eta down by 1 per iteration
    # (the slowest case, ~23 iterations) and the trend is exactly 0. One fit per number of reported
    # baseline weeks serves all such series (a large share of village series of rare syndromes).
    zero = np.nansum(base[fit_rows], 1) == 0
    zero_rows, fit_rows = fit_rows[zero], fit_rows[~zero]
    n_obs = present[zero_rows].sum(1)
    for count in np.unique(n_obs):
        rows = zero_rows[n_obs == count]
        _fit_into(out, rows[:1], base, present, x, b, cfg)
        for key in ("expected", "se", "phi", "trend", "fitted"):
            out[key][rows] = out[key][rows[0]]
    for start in range(0, fit_rows.size, batch):
        _fit_into(out, fit_rows[start: start + batch], base, present, x, b, cfg)
    mu0, se, phi = out["expected"], out["se"], out["phi"]
    e = POWER[cfg["powertrans"]]
    z = norm.ppf(1 - cfg["alpha"])
    with np.errstate(invalid="ignore", divide="ignore"):
        tau = phi + se ** 2 / mu0
        sd = {1.0: np.sqrt(mu0 * tau), 0.5: np.sqrt(0.25 * tau)}.get(e)
        if sd is None:
            sd = np.sqrt(4.0 / 9.0 * mu0 ** (1.0 / 3.0) * tau)
        upper = (mu0 ** e + z * sd) ** (1.0 / e)
        pvalue = norm.sf(y_now ** e, loc=mu0 ** e, scale=sd)
        score = (y_now - mu0) / (upper - mu0)
    out["upper_raw"] = upper
    out["upperbound"] = np.where(enough, upper, np.nan)
    out["score"] = score
    out["pvalue"] = pvalue
    with np.errstate(invalid="ignore"):
        out["alarm"] = enough & (score > 1) & (y_now != 0) & ~np.isnan(score)
    out["enough_cases"] = enough
    out["b"] = np.full(n_series, b)
    return out
