"""Pooled-neighbourhood detection, the settings of config 2026.11-5 (etl.detect.pooled): two-week windows at
alpha / 2, the larger baseline taken over the pool, and half a case of prior. Hand-computed arrays."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from scipy.stats import poisson

import etl
from etl.detect.config import ConfigError, load_config
from etl.detect.pooled import pooled, pooled_windows

ALL = np.ones((1, 3), dtype=bool)


def two_weeks_of_three() -> np.ndarray:
    # 12 weeks, t = 11: recent reference weeks 2..8 (EARS C2), every desa 1 case a week (pool: 3 a week, phi 1);
    # weeks 10 and 11 (after the reference) 3 cases in each desa: 9 a week against 3
    y = np.ones((3, 12))
    y[:, 10:12] = 3
    return y


def test_two_week_window_finds_what_each_week_alone_does_not():
    y = two_weeks_of_three()
    # one week: 9 against the Poisson(3) 0.9995 quantile 10 (P(X <= 9) = 0.99890, P(X <= 10) = 0.99971)
    one = pooled(y, ALL, 11, alpha=0.0005, min_excess=2)
    assert (one["observed"][0], one["expected"][0], one["upperbound"][0]) == (9, 3, 10)
    assert not one["alarm"][0]
    # weeks 10-11: 18 against Poisson(6)'s 0.9995 quantile 16 (P(X <= 15) = 0.99949, P(X <= 16) = 0.99983)
    two = pooled(y, ALL, 11, alpha=0.0005, min_excess=2, window=2)
    assert (two["observed"][0], two["expected"][0], two["upperbound"][0]) == (18, 6, 16)
    assert two["alarm"][0] and list(two["over"][0]) == [True, True, True]     # each desa 6 against 2


def test_each_window_is_tested_at_alpha_over_the_number_of_windows():
    y = two_weeks_of_three()
    res = pooled_windows(y, ALL, 11, windows=(1, 2), alpha=0.001, min_excess=2)
    # the alarming window is the one kept, its bound at alpha / 2 (16; at alpha 0.001 alone it would be 15)
    assert (res["window"][0], res["observed"][0], res["upperbound"][0]) == (2, 18, 16)
    assert res["alarm"][0]
    assert res["p_value"][0] == pytest.approx(poisson.sf(17, 6))
    assert pooled(y, ALL, 11, alpha=0.001, window=2)["upperbound"][0] == 15
    # one window: plain ``pooled`` at the full alpha
    alone = pooled_windows(y, ALL, 11, windows=(1,), alpha=0.001, min_excess=2)
    assert (alone["window"][0], alone["upperbound"][0], alone["alarm"][0]) == (1, 10, False)


def test_a_two_week_window_does_not_alarm_once_the_last_week_is_back_to_usual():
    y = two_weeks_of_three()
    y[:, 10] = [6, 6, 6]                                           # 18 in week 10, then week 11 back to 1 each
    y[:, 11] = [1, 1, 1]                                           # 3 against 3: not 1 case over
    two = pooled(y, ALL, 11, alpha=0.0005, min_excess=2, window=2)
    assert (two["observed"][0], two["upperbound"][0]) == (21, 16)  # the window alone would alarm ...
    assert not two["alarm"][0]                                     # ... on last week's cases: it does not
    y[2, 11] = 2                                                   # 4 against 3: 1 over, still going
    assert pooled(y, ALL, 11, alpha=0.0005, min_excess=2, window=2)["alarm"][0]


def test_without_an_alarm_the_window_with_the_smallest_p_is_reported():
    y = np.ones((3, 12))
    y[:, 11] = [3, 3, 2]                                           # week 11 only: 8 against 3 (window 2: 10 vs 6)
    res = pooled_windows(y, ALL, 11, windows=(1, 2), alpha=0.001)
    assert not res["alarm"][0]
    assert res["window"][0] == 1 and res["p_value"][0] == pytest.approx(poisson.sf(7, 3))
    assert poisson.sf(7, 3) < poisson.sf(9, 6)


def seasonal_and_recent() -> np.ndarray:
    # t = 60, w = 3, b = 1: seasonal weeks 5..11, recent weeks 51..57
    y = np.ones((2, 70))
    y[0, 5:12] = 4                                                 # desa 0: 4 a week last year, 1 lately
    y[1, 51:58] = 3                                                # desa 1: 1 a week last year, 3 lately
    return y


def test_combine_pool_takes_the_larger_baseline_of_the_pool_not_of_each_desa():
    y = seasonal_and_recent()
    pools = np.ones((1, 2), dtype=bool)
    assert pooled(y, pools, 60, combine="desa")["expected"][0] == 7.0      # max(4, 1) + max(1, 3)
    assert pooled(y, pools, 60, combine="pool")["expected"][0] == 5.0      # max(4 + 1, 1 + 3)
    assert pooled(y, pools, 60, combine="pool", window=2)["expected"][0] == 10.0
    with pytest.raises(ValueError, match="'both'"):
        pooled(y, pools, 60, combine="both")


def test_combine_pool_dispersion_pools_both_reference_sets():
    y = np.ones((1, 70))
    y[0, 5:12] = [0, 4, 0, 4, 0, 4, 0]     # mean 12/7, squared deviations 3 (16/7)^2 + 4 (12/7)^2 = 192/7
    y[0, 51:58] = [1, 3, 1, 3, 1, 3, 1]    # mean 13/7, squared deviations 3 (8/7)^2 + 4 (6/7)^2 = 48/7
    pools = np.ones((1, 1), dtype=bool)
    # each set: squared deviations / mean = 16 and 48/13, on 6 degrees of freedom each
    assert pooled(y, pools, 60, combine="pool")["phi"][0] == pytest.approx((16 + 48 / 13) / 12)   # 64/39
    assert pooled(y, pools, 60, combine="desa")["phi"][0] == pytest.approx(16 / 6)               # the larger


def test_half_a_case_of_prior_keeps_two_single_cases_from_alarming():
    y = np.zeros((2, 12))
    y[:, 11] = [1, 1]                                              # no case in the 7 reference weeks
    pools = np.ones((1, 2), dtype=bool)
    assert pooled(y, pools, 11, min_excess=2)["alarm"][0]         # expected 0: bound 0, 2 over it
    res = pooled(y, pools, 11, min_excess=2, prior=0.5)
    # each desa 0.5 / 7 a week, the pool 1/7: P(X <= 1) = 0.99072, P(X <= 2) = 0.99956: bound 2, no excess
    assert res["expected"][0] == pytest.approx(1 / 7)
    assert (res["upperbound"][0], res["alarm"][0]) == (2, False)
    assert res["p_value"][0] == pytest.approx(1 - np.exp(-1 / 7) * (1 + 1 / 7))


def test_shipped_config_sets_the_three():
    pc = load_config().pooled
    assert (pc.windows, pc.combine, pc.prior, pc.min_excess, pc.alpha) == ((1, 2), "pool", 0.5, 2.0, 0.002)
    assert load_config().events["cooldown_weeks"] == 2


@pytest.mark.parametrize(("line", "message"), [
    ('combine = "both"', r"\[pooled\].combine must be one of desa, pool, not 'both'"),
    ("windows = [0, 2]", r"\[pooled\].windows must be a list of week counts >= 1, not \[0, 2\]"),
    ("windows = []", r"\[pooled\].windows must be a list of week counts >= 1"),
])
def test_a_bad_pooled_setting_is_a_clear_error(tmp_path, line, message):
    shipped = (Path(etl.__file__).parent / "config" / "detection.toml").read_text(encoding="utf-8")
    key = line.split(" = ")[0]
    changed, n = re.subn(rf"^{key} = .*$", line, shipped.split("\n[pooled]\n")[1], count=1, flags=re.M)
    assert n == 1
    path = tmp_path / "detection.toml"
    path.write_text(shipped.split("\n[pooled]\n")[0] + "\n[pooled]\n" + changed, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(path)
