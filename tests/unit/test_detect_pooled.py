"""Pooled-neighbourhood detection (etl.detect.pooled) on hand-computed arrays."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import nbinom

from etl.detect.pooled import (
    non_overlapping,
    pooled,
    recent_columns,
    seasonal_columns,
    upper_bound,
    years_available,
)
from etl.detect.pooled_stage import pool_matrix

NAN = np.nan


def flat(n_desa: int, weeks: int, value: float = 1.0) -> np.ndarray:
    return np.full((n_desa, weeks), value)


def test_reference_windows():
    assert seasonal_columns(110, 2, 1) == [57, 58, 59, 5, 6, 7]
    assert seasonal_columns(53, 1, 3) == [0, 1, 2, 3, 4]               # t-52-3 < 0 is cut
    assert recent_columns(20, 7, 2) == list(range(11, 18))            # EARS C2: t-9 .. t-3
    assert years_available(54, 3) == 0 and years_available(55, 3) == 1 and years_available(160, 3) == 3


def test_poisson_bound_by_hand():
    # Poisson(2): P(X <= 7) = 0.99890, P(X <= 8) = 0.99976 -> the 0.999 quantile is 8
    assert upper_bound(np.array([2.0]), np.array([1.0]), 0.001)[0] == 8
    # Poisson(1): P(X <= 4) = 0.99634, P(X <= 5) = 0.99941 -> 5; Poisson(3): P(X <= 9) = 0.99890 -> 10
    assert list(upper_bound(np.array([1.0, 3.0, 0.0]), np.ones(3), 0.001)) == [5, 10, 0]


def test_three_desa_each_under_their_bound_alarm_together():
    # 12 weeks, t = 11: recent reference = weeks 2..8, every desa 1 case a week (mean 1, pooled sums 3, phi 1)
    y = flat(3, 12)
    y[:, 11] = [7, 6, 1]
    pools = np.array([[1, 0, 0], [1, 1, 1], [1, 0, 1]], dtype=bool)
    res = pooled(y, pools, 11, alpha=0.001, min_excess=3, min_desa=2)
    # desa 0 alone: 7 over a bound of 5 (Poisson(1)) is 2 cases, under min_excess 3; and one desa only
    assert (res["observed"][0], res["expected"][0], res["upperbound"][0]) == (7, 1, 5)
    # all three: 14 over the Poisson(3) bound 10 = 4 >= 3, desa 0 and 1 each >= 1 over their mean 1
    assert (res["observed"][1], res["expected"][1], res["upperbound"][1]) == (14, 3, 10)
    assert list(res["over"][1]) == [True, True, False]
    # desa 0 + 2: 8 against Poisson(2)'s 8: no excess
    assert (res["observed"][2], res["upperbound"][2]) == (8, 8)
    assert list(res["alarm"]) == [False, True, False]
    assert list(res["phi"]) == [1, 1, 1]
    # P(Poisson(3) >= 14) = e^-3 3^14/14! (1 + 3/15 + 9/240 + ...) = 2.7324e-6 x 1.2450 = 3.402e-6
    assert res["p_value"][1] == pytest.approx(3.402e-6, rel=1e-3)


def test_min_desa_and_min_excess_are_each_required():
    y = flat(3, 12)
    y[:, 11] = [14, 1, 1]                                        # one desa's excess: a village method's job
    pools = np.ones((1, 3), dtype=bool)
    assert not pooled(y, pools, 11, min_desa=2)["alarm"][0]
    assert pooled(y, pools, 11, min_desa=1)["alarm"][0]
    y[:, 11] = [6, 5, 1]                                          # 12 vs bound 10: 2 over, < 3
    assert not pooled(y, pools, 11, min_excess=3)["alarm"][0]
    assert pooled(y, pools, 11, min_excess=2)["alarm"][0]


def test_an_unreported_desa_is_left_out_never_read_as_zero():
    y = flat(3, 12)
    y[:, 11] = [7, 6, NAN]
    res = pooled(y, np.ones((1, 3), dtype=bool), 11)
    assert (res["observed"][0], res["expected"][0], res["upperbound"][0]) == (13, 2, 8)   # Poisson(2): 8
    assert res["alarm"][0]
    y[0, 2:9] = [1, NAN, NAN, 1, NAN, 1, 1]                     # 4 of 7 reference weeks < min_reference 5
    res = pooled(y, np.ones((1, 3), dtype=bool), 11)
    assert (res["observed"][0], res["expected"][0]) == (6, 1)   # desa 0 has no baseline: out of the pool


def test_expected_is_the_larger_of_the_seasonal_and_recent_baselines():
    y = flat(2, 70, 1.0)
    t = 60                                                         # b = 1 (w 3): seasonal weeks 5..11
    y[0, 5:12] = 4.0                                               # last year this season: 4 a week in desa 0
    y[:, t] = [9, 5]
    res = pooled(y, np.ones((1, 2), dtype=bool), t, b_max=5, w=3)
    assert res["expected"][0] == 5.0                               # max(4, 1) + max(1, 1)
    res = pooled(y, np.ones((1, 2), dtype=bool), t, b_min=2)       # b = 1 < b_min: recent baseline only
    assert res["expected"][0] == 2.0


def test_overdispersion_of_the_pools_reference_weeks():
    y = np.zeros((2, 12))
    y[0, 2:9] = [0, 3, 0, 3, 0, 3, 0]                              # pooled reference sums 0 6 0 6 0 6 0
    y[1, 2:9] = [0, 3, 0, 3, 0, 3, 0]
    y[:, 11] = [5, 5]
    res = pooled(y, np.ones((1, 2), dtype=bool), 11, min_reference=5)
    # mean 18/7, variance (108 - 7 (18/7)^2) / 6 = 72/7: phi = 4
    assert res["phi"][0] == pytest.approx(4.0)
    mean = 18 / 7
    assert res["upperbound"][0] == nbinom.ppf(0.999, mean / 3, 0.25)
    assert res["upperbound"][0] > upper_bound(np.array([mean]), np.ones(1), 0.001)[0]


def test_expected_zero_is_a_bound_of_zero_and_p_zero():
    y = np.zeros((2, 12))
    y[:, 11] = [2, 2]
    res = pooled(y, np.ones((1, 2), dtype=bool), 11)
    assert (res["expected"][0], res["upperbound"][0], res["p_value"][0]) == (0, 0, 0)
    assert res["alarm"][0]                                          # 4 cases where none were ever seen


def test_non_overlapping_keeps_the_strongest_of_pools_sharing_desa():
    alarm = np.array([True, True, True, False])
    over = np.array([[1, 1, 0, 0], [0, 1, 1, 0], [0, 0, 0, 1], [1, 0, 0, 0]], dtype=bool)
    p = np.array([0.001, 0.0001, 0.01, 0.0])
    assert list(non_overlapping(alarm, over, p, np.zeros(4))) == [False, True, True, False]


def test_pool_matrix_rings_and_pairs_without_repeats():
    nb = {"a": {"b"}, "b": {"a", "c"}, "c": {"b"}, "d": {"c"}}
    member, firsts, kinds = pool_matrix(["a", "b", "c"], nb)      # d is not a desa of the series
    rows = [frozenset(np.array(["a", "b", "c"])[m]) for m in member]
    assert rows == [frozenset("ab"), frozenset("abc"), frozenset("bc")]   # pairs a-b, b-c repeat the rings
    assert (firsts, kinds) == (["a", "b", "c"], ["tetangga"] * 3)
    member, firsts, kinds = pool_matrix(["a", "b", "c", "e"], {"a": {"b", "c"}, "b": {"a"}, "c": {"a"}})
    assert [frozenset(np.array(["a", "b", "c", "e"])[m]) for m in member] == [frozenset("abc"), frozenset("ab"),
                                                                              frozenset("ac")]
    assert kinds == ["tetangga", "tetangga", "tetangga"]            # b's ring is a-b, c's is a-c; e is alone
