"""EARS on the warehouse branch (``min_baseline``): bounds against values computed by hand (issue 16).

The R fixtures cover ``min_baseline=None`` only; the warehouse stage passes ``min_baseline`` (5 of 7) and
uses the reported reference weeks. These bounds are checked number for number, not only alarm yes/no.
"""

from __future__ import annotations

import math
import statistics

import numpy as np
import pytest

from etl.detect.ears import ears, first_week

NAN = float("nan")
Z_001 = 3.090232306167813   # qnorm(0.999)
Z_025 = 1.959963984540054   # qnorm(0.975)


def test_c1_bound_with_one_missing_reference_week_by_hand():
    # reference of week 7 = weeks 0..6 with week 3 missing: 1 2 3 . 5 6 7 -> n = 6, mean 4,
    # squared deviations 9+4+1+1+4+9 = 28, sample sd sqrt(28/5)
    y = [1, 2, 3, NAN, 5, 6, 7, 11]
    res = ears(y, "C1", min_baseline=5)
    sd = math.sqrt(28 / 5)
    assert res["expected"][0, 7] == pytest.approx(4.0)
    assert res["upperbound"][0, 7] == pytest.approx(4 + Z_001 * sd, rel=1e-12)   # 11.3128...
    assert res["upperbound"][0, 7] == pytest.approx(11.312824, abs=1e-6)
    assert res["stat"][0, 7] == pytest.approx((11 - 4) / sd)
    # 11 is below the (n-1) bound; with the population sd (n) the bound would be 10.68 and 11 would alarm
    assert not res["alarm"][0, 7]
    assert np.isnan(res["upperbound"][0, :7]).all()


def test_full_reference_window_equals_the_r_branch():
    y = np.array([[3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9.0]])
    for method in ("C1", "C2", "C3"):
        lenient, exact = ears(y, method, min_baseline=5), ears(y, method)
        np.testing.assert_allclose(lenient["upperbound"], exact["upperbound"], rtol=1e-12, equal_nan=True)


def _by_hand(y: list[float], method: str, t: int, min_baseline: int = 5) -> float:
    """The doc's formulas, one week at a time with the statistics module (an independent implementation)."""
    lag = {"C1": 0, "C2": 2, "C3": 2}[method]

    def stats_at(u):
        ref = [v for v in y[u - lag - 7: u - lag] if not math.isnan(v)]
        if len(ref) < min_baseline:
            return NAN, NAN
        return statistics.mean(ref), statistics.stdev(ref)

    if method in ("C1", "C2"):
        mean, sd = stats_at(t)
        return mean + Z_001 * sd

    def c2(u):
        mean, sd = stats_at(u)
        return (y[u] - mean) / sd

    def part(u):  # NaN propagates, as pmax does in R
        value = c2(u) - 1
        return value if math.isnan(value) else max(0.0, value)

    _, sd_t = stats_at(t)
    bound = y[t] + sd_t * (Z_025 - part(t - 2) - part(t - 1))
    return bound if math.isnan(bound) else max(0.0, bound)


SERIES = [4, 2, NAN, 5, 3, 6, 2, 4, 7, NAN, 3, 5, 12, 9, 4, 6]


@pytest.mark.parametrize("method", ["C1", "C2", "C3"])
def test_every_bound_with_gaps_matches_the_hand_computation(method):
    res = ears(SERIES, method, min_baseline=5)
    start = {"C1": 7, "C2": 9, "C3": 11}[method]
    checked = 0
    for t in range(start, len(SERIES)):
        if math.isnan(SERIES[t]):
            continue
        expected = _by_hand(SERIES, method, t)
        if math.isnan(expected):
            assert np.isnan(res["upperbound"][0, t]) and not res["alarm"][0, t], (method, t)
            continue
        assert res["upperbound"][0, t] == pytest.approx(expected, rel=1e-10), (method, t)
        assert bool(res["alarm"][0, t]) == (SERIES[t] > expected)
        checked += 1
    assert checked >= 3


def test_too_few_reported_reference_weeks_give_no_bound_and_no_alarm():
    # weeks 0..6 hold 4 reported values (< 5): no bound even for a huge count; min_baseline=4 gives one
    y = [1, NAN, 2, NAN, NAN, 1, 2, 500]
    strict = ears(y, "C1", min_baseline=5)
    assert np.isnan(strict["upperbound"][0, 7]) and not strict["alarm"][0, 7]
    loose = ears(y, "C1", min_baseline=4)
    assert loose["upperbound"][0, 7] == pytest.approx(1.5 + Z_001 * statistics.stdev([1, 2, 1, 2]))
    assert loose["alarm"][0, 7]
    # R's branch: any missing reference week means no bound
    assert np.isnan(ears(y, "C1")["upperbound"][0, 7])


def test_a_missing_current_week_never_alarms():
    res = ears([1, 2, 3, 2, 1, 2, 3, NAN], "C1", min_baseline=5)
    assert not res["alarm"][0, 7] and np.isfinite(res["upperbound"][0, 7])


# ---------- what mutmut found untested (bench/results/mutation.json) ----------

def test_arguments_are_checked_with_rs_messages():
    with pytest.raises(ValueError, match="unknown EARS method 'C4'"):
        ears([1.0] * 12, "c4")
    with pytest.raises(ValueError, match=r"^Minimum baseline to use is 3\.$"):
        ears([1.0] * 12, "C1", baseline=2)
    with pytest.raises(ValueError, match="^minSigma must be >= 0$"):
        ears([1.0] * 12, "C1", min_sigma=-0.1)
    assert np.isfinite(ears([1.0, 2, 3, 4], "C1", baseline=3)["upperbound"][0, 3])   # 3 is allowed


@pytest.mark.parametrize(("method", "first"), [("C1", 5), ("C2", 7), ("C3", 9)])
def test_first_week_with_a_result_follows_the_baseline(method, first):
    y = [3.0, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7]
    res = ears(y, method, baseline=5)
    upper, stat = res["upperbound"][0], res["stat"][0]
    assert np.isnan(upper[:first]).all() and np.isfinite(upper[first])
    assert np.isnan(stat[:first]).all() and np.isfinite(stat[first])
    assert first_week(method, 5) == first and first_week(method) == first + 2


def test_default_method_is_c1_and_integers_equal_floats():
    y = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7]
    np.testing.assert_array_equal(ears(y)["upperbound"], ears(y, "C1")["upperbound"])
    for method in ("C1", "C3"):
        np.testing.assert_allclose(ears(y, method)["upperbound"], ears([float(v) for v in y], method)["upperbound"],
                                   equal_nan=True)


def test_alpha_overrides_the_default():
    y = [1, 2, 3, NAN, 5, 6, 7, 11]
    res = ears(y, "C1", alpha=0.05, min_baseline=5)
    assert res["upperbound"][0, 7] == pytest.approx(4 + 1.6448536269514722 * math.sqrt(28 / 5))
    assert res["alarm"][0, 7]      # 11 > 7.89: an alarm at alpha 0.05, none at the default 0.001


def test_a_count_equal_to_the_bound_is_no_alarm():
    res = ears([2.0] * 8, "C1")   # sd 0: the bound is the mean, 2; alarm iff y > bound
    assert res["upperbound"][0, 7] == 2.0 and not res["alarm"][0, 7]


def test_min_baseline_below_two_still_needs_two_weeks():
    y = [NAN, NAN, NAN, NAN, 1, 3, NAN, 5]
    two = ears(y, "C1", min_baseline=2)["upperbound"][0, 7]    # weeks 4, 5 reported: mean 2, sd sqrt(2)
    assert two == pytest.approx(2 + Z_001 * math.sqrt(2))
    one = ears([NAN, NAN, NAN, NAN, NAN, 3, NAN, 5], "C1", min_baseline=1)["upperbound"][0, 7]
    assert np.isnan(one)       # one reported week has no sd


def test_gaps_raise_no_numpy_warnings():
    """A CLI run over a warehouse full of gaps must not print RuntimeWarnings (divide by zero, NaN)."""
    import warnings

    flat_then_jump = [2.0] * 9 + [5.0] * (len(SERIES) - 9)    # sd 0, then y - mean > 0: a division by zero
    y = np.array([SERIES, [NAN] * len(SERIES), [0.0] * len(SERIES), flat_then_jump])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for method in ("C1", "C2", "C3"):
            ears(y, method, min_baseline=5)
            ears(y, method)
