"""Quiet series: several cases at once where a syndrome has (almost) never been seen (issue 9).

``[alerts] min_families`` asks two method families to agree on a series-week, the guard against a seasonal
rise that only the recent-weeks methods see. On a series that had almost no case, recently *and* in the same
weeks of past years, there is no season to mistake: but Farrington cannot agree in the first week, because
R's ``limit54`` rule lets it alarm only after 5 cases in 4 weeks. So a desa with 4 typhoid cases in a week,
after none for months and none at this time of past years, reached the list a week late. A series-week is
*quiet* when its observed count is at least ``quiet_min_cases`` and both its means, over the recent weeks (EARS C1's
``t-7 .. t-1``) and over the same weeks of the previous years (Farrington's reference, ``t-52k-w .. t-52k+w``),
are at most ``quiet_expected`` cases a week, each over at least ``quiet_min_reference`` reported weeks (without a past
year to compare with, a series is never quiet). A quiet series-week needs one family only; ``min_excess``
still applies. Poisson odds of 4 or more cases at a mean of 0.25 a week: about 1 in 10,000.

A *rare* series-week counts as quiet too (``quiet_rare_expected``, ``quiet_rare_p``): the larger of its two means
at most ``quiet_rare_expected`` cases a week and its count as unlikely under a Poisson of that mean as
``quiet_rare_p`` (5 typhoid cases where 0.36 a week were usual at that time of past years: 4 in 100,000). The
first rule alone asks for both means <= 0.25, so two cases two years ago kept such a week waiting for Farrington.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import poisson

from etl.detect.pooled import desa_mean, recent_columns, seasonal_columns, years_available
from etl.detect.series import Series


def mark(records: list[dict], series: Series, families: set[str], cfg: dict) -> None:
    """Set ``quiet`` = True on the records of ``families``' methods whose series-week is quiet
    ([alerts] ``quiet_expected[level]``, ``quiet_min_cases``, ``quiet_min_reference``; a level without
    ``quiet_expected`` is never quiet)."""
    ac = cfg.get("alerts") or {}
    limit = ac.get("quiet_expected", {}).get(series.level)
    if limit is None:
        return
    rare_limit, rare_p = ac.get("quiet_rare_expected", {}).get(series.level), float(ac.get("quiet_rare_p", 0.0))
    candidates = [r for r in records if r["method"] in families and r["observed"] >= ac.get("quiet_min_cases", 4)]
    if not candidates:
        return
    fc, ec = cfg["farrington"], cfg["ears"]
    w, b_max = int(fc.get("w", 3)), int(fc.get("b_max", 5))
    baseline, min_reference = int(ec.get("baseline", 7)), int(ac.get("quiet_min_reference", 5))
    row_of = {(str(u), str(s)): i for i, (u, s) in enumerate(zip(series.units, series.syndromes, strict=True))}
    col_of = {week: j for j, week in enumerate(series.weeks)}
    for rec in candidates:
        i, t = row_of[(rec["unit_code"], rec["kode_sindrom"])], col_of[rec["week"]]
        b = min(b_max, years_available(t, w))
        values = series.values[i:i + 1]
        recent = desa_mean(values, recent_columns(t, baseline, 0), min_reference)[0]
        past = desa_mean(values, seasonal_columns(t, b, w), min_reference)[0] if b >= 1 else np.nan
        rate = np.nan if np.isnan(recent) or np.isnan(past) else max(recent, past)   # unknown is not quiet
        rec["quiet"] = bool(rate <= limit) or bool(
            rare_limit is not None and rate <= rare_limit and poisson.sf(rec["observed"] - 1, rate) <= rare_p)
