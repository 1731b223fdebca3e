"""Empirical-Bayes rates: shrinkage of small denominators, intervals, spatial neighbourhoods."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from etl.detect.smoothing import eb_rates, nearest_neighbours


@pytest.fixture()
def villages():
    rng = np.random.default_rng(7)
    population = np.r_[rng.integers(2000, 8000, 30), [40, 25]]
    risk = rng.gamma(20, 1 / 2000, size=32)              # ~10 per 1,000 with real extra variation
    cases = rng.poisson(risk * population)
    cases[-2:] = [3, 0]                                   # 75 per 1,000 and 0 per 1,000 on tiny villages
    return pd.Series(cases, index=[f"d{i}" for i in range(32)]), population


def test_small_denominators_shrink_towards_the_mean(villages):
    cases, population = villages
    crude = cases.to_numpy() / population * 1000
    mean = cases.sum() / population.sum() * 1000
    out = eb_rates(cases, population)
    assert list(out.columns) == ["rate", "lo", "hi"]
    assert list(out.index) == list(cases.index)
    for label, i in (("d30", 30), ("d31", 31)):
        assert abs(out.loc[label, "rate"] - mean) < 0.5 * abs(crude[i] - mean)
    big = np.argsort(population)[-5:]
    np.testing.assert_allclose(out["rate"].to_numpy()[big], crude[big], rtol=0.2)


def test_intervals_contain_the_rate_and_are_wider_for_small_villages(villages):
    cases, population = villages
    out = eb_rates(cases, population)
    assert (out["lo"] <= out["rate"]).all() and (out["rate"] <= out["hi"]).all()
    width = out["hi"] - out["lo"]
    assert width.iloc[30] > width.iloc[:30].max()


def test_marshall_hand_computed():
    cases, population = np.array([0, 10, 30]), np.array([100.0, 1000.0, 1000.0])
    m = 40 / 2100
    s2 = (100 * (0 - m) ** 2 + 1000 * (0.01 - m) ** 2 + 1000 * (0.03 - m) ** 2) / 2100
    a = s2 - m / 700
    expected = m + a / (a + m / population) * (cases / population - m)
    np.testing.assert_allclose(eb_rates(cases, population)["rate"], expected * 1000)


def test_no_extra_variation_means_complete_shrinkage():
    out = eb_rates([10, 10, 10], [1000, 1000, 1000])
    np.testing.assert_allclose(out["rate"], 10.0)
    np.testing.assert_allclose(out["hi"] - out["lo"], 0.0)


def test_missing_or_zero_population_is_nan():
    out = eb_rates([1, 2, 5], [0, np.nan, 1000])
    assert out["rate"].iloc[:2].isna().all() and np.isfinite(out["rate"].iloc[2])


def test_spatial_eb_shrinks_towards_the_neighbourhood():
    # Two regions: low (1 per 1,000) and high (20 per 1,000); the tiny village sits in the high one.
    population = np.array([5000, 5000, 5000, 5000, 5000, 5000, 30])
    cases = np.array([5, 6, 4, 100, 95, 105, 0])
    neighbours = [[1, 2], [0, 2], [0, 1], [4, 5, 6], [3, 5, 6], [3, 4, 6], [3, 4, 5]]
    spatial = eb_rates(cases, population, neighbours=neighbours)
    global_ = eb_rates(cases, population)
    assert spatial["rate"].iloc[6] > global_["rate"].iloc[6]
    assert 10 < spatial["rate"].iloc[6] < 25
    by_label = eb_rates(pd.Series(cases, index=list("abcdefg")), population,
                        neighbours={"g": ["d", "e", "f"], "d": ["e", "f", "g"], "e": ["d", "f", "g"],
                                    "f": ["d", "e", "g"], "a": ["b", "c"], "b": ["a", "c"], "c": ["a", "b"]})
    np.testing.assert_allclose(by_label["rate"].to_numpy(), spatial["rate"].to_numpy())


def test_length_mismatch_raises():
    with pytest.raises(ValueError):
        eb_rates([1, 2], [10])


def test_nearest_neighbours_by_centroid():
    lon = np.array([110.0, 110.01, 110.02, 111.0])
    lat = np.zeros(4)
    assert nearest_neighbours(lon, lat, k=2) == [[1, 2], [0, 2], [1, 0], [2, 1]]
    assert nearest_neighbours(lon, lat, k=2, max_km=5) == [[1, 2], [0, 2], [1, 0], []]
    out = eb_rates([1, 2, 3, 40], [100, 2000, 2000, 2000], neighbours=nearest_neighbours(lon, lat, k=2))
    assert out["rate"].notna().all()
