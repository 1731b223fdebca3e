"""Space-time scans on synthetic villages: formula, planted clusters, null behaviour, determinism."""

from __future__ import annotations

import math

import numpy as np
import pytest

from etl.detect.scan import (
    ScanParams,
    circles,
    distances_km,
    gumbel_p_value,
    llr,
    poisson,
    space_time_permutation,
)

FAST = ScanParams(replications=199)


def grid(side=10, spacing_km=2.0):
    """Villages on a square grid near the equator (1 degree ~ 111.2 km)."""
    ix, iy = np.meshgrid(np.arange(side), np.arange(side))
    deg = spacing_km / 111.195
    return 110.0 + ix.ravel() * deg, 0.5 + iy.ravel() * deg


def null_cases(rng, n, weeks=52, mean=3.0):
    level = rng.gamma(4, mean / 4, size=n)                # villages differ, weeks do not
    return rng.poisson(level[:, None] * np.ones(weeks))


def planted(rng, lon, lat, centre=44, radius_km=2.5, weeks=2, extra=12):
    cases = null_cases(rng, len(lon))
    members = np.flatnonzero(distances_km(lon, lat)[centre] <= radius_km)
    cases[members, -weeks:] += rng.poisson(extra, size=(len(members), weeks))
    return cases, set(members.tolist())


def test_llr_hand_computed():
    assert llr(10, 4, 100) == pytest.approx(10 * math.log(10 / 4) + 90 * math.log(90 / 96))
    assert llr(3, 4, 100) == 0.0
    assert llr(5, 2, 5) == pytest.approx(5 * math.log(2.5))


def test_cluster_llr_and_expected_match_the_margins():
    lon, lat = grid(4)
    cases = np.ones((16, 10), int)
    cases[0, -1] = 9                                     # village 0, current week
    result = space_time_permutation(cases, lon, lat, ScanParams(replications=99, max_radius_km=1.0))
    top = result.clusters[0]
    assert top.centre == 0 and list(top.members) == [0] and top.window == 1
    total = int(cases.sum())
    expected = cases[0].sum() * cases[:, -1].sum() / total    # C_space * C_time / C
    assert top.observed == 9 and top.expected == pytest.approx(expected)
    assert top.llr == pytest.approx(llr(9, expected, total))
    assert top.relative_risk == pytest.approx((9 / expected) / ((total - 9) / (total - expected)))
    assert top.recurrence_days == pytest.approx(7 / top.p_value)


def test_circles_respect_radius_and_case_share():
    lon, lat = grid(5, spacing_km=1.0)
    dist = distances_km(lon, lat)
    weights = np.ones(25)
    order, sizes = circles(dist, weights, ScanParams(max_radius_km=1.01, max_fraction=0.5))
    assert (order[:, 0] == np.arange(25)).all()
    assert sizes[12] == 5 and sizes[0] == 3             # centre + 4 / corner + 2 neighbours within 1 km
    order, sizes = circles(dist, weights, ScanParams(max_radius_km=100, max_fraction=0.5))
    assert sizes.max() == 12                             # at most half of the 25 cases


def test_planted_permutation_cluster_is_found():
    rng = np.random.default_rng(11)
    lon, lat = grid()
    cases, truth = planted(rng, lon, lat)
    result = space_time_permutation(cases, lon, lat, FAST)
    top = result.clusters[0]
    found = set(top.members.tolist())
    assert top.p_value <= 0.01
    assert len(found & truth) >= 0.8 * len(truth) and len(found - truth) <= 2
    assert top.window <= 3 and top.relative_risk > 2


def test_planted_poisson_cluster_is_found():
    rng = np.random.default_rng(12)
    lon, lat = grid()
    population = np.full(100, 3000)
    cases = rng.poisson(2.0, size=(100, 52))
    truth = set(np.flatnonzero(distances_km(lon, lat)[55] <= 2.5).tolist())
    cases[sorted(truth), -1] += 10
    result = poisson(cases, population, lon, lat, FAST)
    top = result.clusters[0]
    assert top.p_value <= 0.01 and top.window == 1
    assert len(set(top.members.tolist()) & truth) >= 0.8 * len(truth)


def test_secondary_clusters_share_no_village():
    rng = np.random.default_rng(13)
    lon, lat = grid()
    cases, _ = planted(rng, lon, lat, centre=11)
    cases[88, -1] += 25
    result = space_time_permutation(cases, lon, lat, FAST)
    significant = result.significant(0.05)
    assert len(significant) >= 2
    seen: set[int] = set()
    for cluster in result.clusters:
        assert not seen & set(cluster.members.tolist())
        seen |= set(cluster.members.tolist())
    assert any(88 in c.members for c in significant)


def test_null_data_rarely_gives_a_cluster():
    lon, lat = grid(8)
    hits = 0
    for seed in range(20):
        rng = np.random.default_rng(1000 + seed)
        result = space_time_permutation(null_cases(rng, 64), lon, lat, ScanParams(replications=99, seed=seed))
        hits += bool(result.significant(0.05))
    assert hits <= 4                                     # expected 1 of 20; P(>4) < 0.3% under the null


def test_same_seed_same_answer_other_seed_other_replicas():
    rng = np.random.default_rng(14)
    lon, lat = grid(6)
    cases = null_cases(rng, 36)
    a = space_time_permutation(cases, lon, lat, ScanParams(replications=99, seed=5))
    b = space_time_permutation(cases, lon, lat, ScanParams(replications=99, seed=5))
    c = space_time_permutation(cases, lon, lat, ScanParams(replications=99, seed=6))
    np.testing.assert_array_equal(a.null_max_llr, b.null_max_llr)
    assert [(x.centre, x.p_value) for x in a.clusters] == [(x.centre, x.p_value) for x in b.clusters]
    assert not np.array_equal(a.null_max_llr, c.null_max_llr)
    pa = poisson(cases, np.full(36, 1000), lon, lat, ScanParams(replications=99, seed=5))
    pb = poisson(cases, np.full(36, 1000), lon, lat, ScanParams(replications=99, seed=5))
    np.testing.assert_array_equal(pa.null_max_llr, pb.null_max_llr)


def test_empty_and_missing_inputs():
    lon, lat = grid(3)
    assert space_time_permutation(np.zeros((9, 10)), lon, lat, FAST).clusters == []
    cases = np.full((9, 10), np.nan)
    cases[0, -1] = 4
    cases[1, 0] = 4
    result = space_time_permutation(cases, lon, lat, FAST)   # NaN counts as 0
    assert result.total_cases == 8
    assert poisson(np.ones((9, 10)), np.zeros(9), lon, lat, FAST).clusters == []


def test_gumbel_p_value_tracks_the_monte_carlo_tail():
    rng = np.random.default_rng(15)
    null = rng.gumbel(5.0, 1.2, size=999)
    for value in (6.0, 8.0, 10.0):
        monte_carlo = (1 + (null >= value).sum()) / 1000
        assert gumbel_p_value(value, null) == pytest.approx(monte_carlo, abs=0.02)
    assert gumbel_p_value(30.0, null) < 1e-6
    assert math.isnan(gumbel_p_value(3.0, np.zeros(10)))


@pytest.mark.parametrize("model", ["permutation", "poisson"])
def test_week_block_null_finds_planted_clusters(model):
    rng = np.random.default_rng(16)
    lon, lat = grid()
    cases, truth = planted(rng, lon, lat, centre=33)
    params = ScanParams(replications=199, null="weeks")
    result = (space_time_permutation(cases, lon, lat, params) if model == "permutation"
              else poisson(cases, np.full(100, 2000), lon, lat, params))
    top = result.significant(0.05)[0]
    assert len(set(top.members.tolist()) & truth) >= 0.8 * len(truth)


def test_week_block_null_holds_under_overdispersion():
    """Gamma-Poisson village-weeks: the case randomisation over-alarms, the week-block null does not."""
    lon, lat = grid(8)
    hits = {"cases": 0, "weeks": 0}
    for seed in range(12):
        rng = np.random.default_rng(2000 + seed)
        level = rng.gamma(4, 1.0, size=64)[:, None] * np.ones(52)
        cases = rng.poisson(level * rng.gamma(2.0, 0.5, size=level.shape))
        for null in hits:
            result = space_time_permutation(cases, lon, lat, ScanParams(replications=99, seed=seed, null=null))
            hits[null] += bool(result.significant(0.05))
    assert hits["weeks"] <= 3 and hits["cases"] >= 6


def test_unknown_null_is_rejected():
    with pytest.raises(ValueError):
        ScanParams(null="gamma")
