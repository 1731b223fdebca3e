"""Prospective space-time scan statistics over village centroids (Kulldorff et al. 2005, as in SaTScan).

Two models share one cylinder set and one likelihood kernel:

* **space-time permutation** (``space_time_permutation``): needs cases only. The expected count of a
  cylinder z (a circle of villages S times a window of weeks D) is ``e = C_S * C_D / C`` from the
  spatial and temporal margins of the case table; the null is "the week a case happened does not
  depend on where it happened", so Monte Carlo replicas shuffle the week labels of the cases.
* **Poisson, time-adjusted** (``poisson``): needs populations. ``e = P_S / P * C_D``; replicas draw
  each recent week's cases multinomially over villages by population (weekly totals kept).

Both use the generalised likelihood ratio of SaTScan,
``LLR = c ln(c/e) + (C-c) ln((C-c)/(C-e))`` for ``c > e`` (0 otherwise), with C the total cases of
the study window. Cylinders are *prospective*: windows of 1..``max_window`` weeks all ending at the
current (last) week; circles are centred on each village and grow through its nearest neighbours up
to ``max_radius_km`` and at most ``max_fraction`` of the cases (permutation) or population (Poisson).

A circle's share of the cases (or population) never changes between replicas, so a cylinder's
expected count is that share times the window's total; a replica only changes the recent counts per
village, and each circle's count is a running sum along the centre's neighbour list. The numba
kernel exploits that: one pass over (centre, neighbour, window) per replica, ``c ln c`` from a
lookup table, replicas in parallel threads with per-replica seeds (deterministic for any thread count). The p-value is ``(1 + #{replica max LLR >= LLR}) /
(R + 1)``; secondary clusters (no village shared with a stronger reported cluster) are compared with
the same distribution of replica maxima, as SaTScan does.

Overdispersion. Both randomisations above generate Poisson-like noise only. Weekly SKDR counts vary
more than that (a gamma-Poisson village-week with shape 4 gives a false-cluster rate of ~95% at
alpha 0.05 in bench_scan), so ``null="weeks"`` offers a robust alternative: each replica takes whole
weeks of the study window at random as its "recent" weeks (the same weeks for all villages) and
recomputes the window totals. Village totals stay fixed, the village-week noise is the data's own
(overdispersion included), and the question becomes "is the spatial pattern of the recent weeks,
relative to the district trend, unlike that of the other weeks of the window?". It is a permutation
test that is exact when weeks are exchangeable (a common seasonal factor is absorbed by the window
totals) and approximate otherwise; bench_scan reports its size and power next to the classic one.

Recurrence interval: the analysis runs once a week, so a cluster this strong arises by chance once
per ``1/p`` analyses, i.e. ``7/p`` days (``1 / (p x 52.18 scans a year)`` years). With 999 replicas the
smallest p is 0.001, so the largest recurrence interval is 7,000 days.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
from numba import njit, prange

EARTH_RADIUS_KM = 6371.0088
DAYS_PER_ANALYSIS = 7.0


@dataclass(frozen=True)
class ScanParams:
    """Scan settings; the [scan] section of etl/config/detection.toml overrides these defaults."""

    max_radius_km: float = 10.0
    max_fraction: float = 0.5        # of cases (permutation) or of population (Poisson)
    max_neighbours: int = 0          # hard cap on villages per circle; 0 = no cap beyond radius/fraction
    max_window: int = 4              # weeks, all windows end at the current week
    replications: int = 999
    seed: int = 20050101
    max_clusters: int = 10           # most likely + secondary clusters examined
    null: str = "cases"              # "cases": SaTScan's randomisation; "weeks": village-week blocks (see below)

    def __post_init__(self):
        if self.null not in ("cases", "weeks"):
            raise ValueError(f"null must be 'cases' or 'weeks', not {self.null!r}")
        if self.max_window < 1 or self.replications < 1:
            raise ValueError("max_window and replications must be at least 1")

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Cluster:
    centre: int                      # index of the centre village
    members: np.ndarray              # village indices, nearest first (centre first)
    window: int                      # weeks (1..max_window) ending at the current week
    observed: int
    expected: float
    llr: float
    p_value: float = 1.0
    relative_risk: float = math.nan  # SaTScan's RR: risk inside over outside, (c/e) / ((C-c)/(C-e))
    p_gumbel: float = math.nan       # Gumbel approximation: resolves p below 1/(R+1), as SaTScan offers

    @property
    def recurrence_days(self) -> float:
        return DAYS_PER_ANALYSIS / self.p_value


@dataclass
class ScanResult:
    clusters: list[Cluster]          # most likely first, then secondary, none sharing a village
    null_max_llr: np.ndarray         # max LLR of each replica
    total_cases: int
    n_cylinders: int

    def significant(self, alpha: float) -> list[Cluster]:
        return [c for c in self.clusters if c.p_value <= alpha]


def distances_km(lon, lat) -> np.ndarray:
    """Great-circle (haversine) distance matrix between villages, km."""
    lon_r, lat_r = np.radians(np.asarray(lon, float)), np.radians(np.asarray(lat, float))
    dlat = lat_r[:, None] - lat_r[None, :]
    dlon = lon_r[:, None] - lon_r[None, :]
    a = np.sin(dlat / 2) ** 2 + np.cos(lat_r)[:, None] * np.cos(lat_r)[None, :] * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def circles(dist: np.ndarray, weights: np.ndarray, params: ScanParams) -> tuple[np.ndarray, np.ndarray]:
    """Neighbour order (n, K) nearest first, and how many of them each centre's largest circle holds.

    A circle stops at ``max_radius_km`` and before its weight (cases or population) exceeds
    ``max_fraction`` of the total; a centre whose own weight already exceeds it has no circle.
    """
    ranked = dist.copy()
    np.fill_diagonal(ranked, -1.0)                 # the centre first even if a neighbour shares its centroid
    order = np.argsort(ranked, axis=1, kind="stable")
    sorted_dist = np.take_along_axis(dist, order, axis=1)
    cum_weight = np.cumsum(weights[order], axis=1)
    ok = (sorted_dist <= params.max_radius_km) & (cum_weight <= params.max_fraction * weights.sum())
    sizes = np.argmin(ok, axis=1)                   # first False ...
    sizes[ok.all(axis=1)] = dist.shape[0]                      # ... or all of them
    if params.max_neighbours:
        sizes = np.minimum(sizes, params.max_neighbours)
    k = max(int(sizes.max(initial=0)), 1)
    return np.ascontiguousarray(order[:, :k]), sizes.astype(np.int64)


def _xlogx_table(total: int) -> np.ndarray:
    x = np.arange(total + 1, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = x * np.log(x)
    out[0] = 0.0
    return out


@njit(cache=True)
def _cylinder_llr(recent, order, sizes, share, log_share, total, xlogx, out):
    """Max LLR over all cylinders for one table of recent counts; fills out (n, K, W) unless it is empty.

    recent[w, v]: cases of village v in the last w+1 weeks; share[i, k]: the fraction of the cases
    (permutation) or population (Poisson) inside circle (i, k), so its expected count in window w
    is share[i, k] x the window's total.
    """
    n_windows = recent.shape[0]
    window_total = recent.sum(axis=1)
    log_window = np.log(np.maximum(window_total, 1))
    fill = out.shape[0] > 0
    best = 0.0
    counts = np.zeros(n_windows, np.int64)
    for i in range(order.shape[0]):
        counts[:] = 0
        for k in range(sizes[i]):
            v = order[i, k]
            circle = share[i, k]
            for w in range(n_windows):
                c = counts[w] + recent[w, v]
                counts[w] = c
                e = circle * window_total[w]
                llr = 0.0
                if c > e:
                    log_e = log_share[i, k] + log_window[w]
                    llr = xlogx[c] - c * log_e + xlogx[total - c] - (total - c) * math.log(total - e)
                    if llr > best:
                        best = llr
                if fill:
                    out[i, k, w] = llr
    return best


@njit(parallel=True, cache=True)
def _replica_max_llr(recent_reps, order, sizes, share, log_share, total, xlogx):
    out = np.zeros(recent_reps.shape[0])
    nothing = np.zeros((0, 0, 0))
    for r in prange(recent_reps.shape[0]):
        out[r] = _cylinder_llr(recent_reps[r], order, sizes, share, log_share, total, xlogx, nothing)
    return out


@njit(parallel=True, cache=True)
def _permuted_recent(case_village, recent_week_totals, n_villages, seeds):
    """Replica tables of recent counts: shuffle the week labels of the cases (partial Fisher-Yates).

    Only the cases that receive one of the recent week labels matter, so each replica draws
    sum(recent_week_totals) distinct cases; week 0 is the current week.
    """
    n_reps, n_windows = seeds.shape[0], recent_week_totals.shape[0]
    total = case_village.shape[0]
    drawn_total = 0
    for w in range(n_windows):
        drawn_total += recent_week_totals[w]
    out = np.zeros((n_reps, n_windows, n_villages), np.int64)
    for r in prange(n_reps):
        np.random.seed(seeds[r])
        labels = case_village.copy()
        for j in range(drawn_total):
            pick = j + np.random.randint(0, total - j)
            labels[j], labels[pick] = labels[pick], labels[j]
        pos = 0
        for w in range(n_windows):
            for _ in range(recent_week_totals[w]):
                out[r, w, labels[pos]] += 1
                pos += 1
        for w in range(1, n_windows):          # cumulative: last w+1 weeks
            for v in range(n_villages):
                out[r, w, v] += out[r, w - 1, v]
    return out


@njit(parallel=True, cache=True)
def _week_block_max_llr(cases, n_windows, order, sizes, share, log_share, total, xlogx, seeds):
    """Replica max LLR under the week-block null: the replica's "recent" weeks are whole weeks of the
    study window drawn at random (the same weeks for every village). Village totals, circles and C
    stay fixed; the window totals are the replica's.
    """
    n, n_weeks = cases.shape
    out = np.zeros(seeds.shape[0])
    nothing = np.zeros((0, 0, 0))
    for r in prange(seeds.shape[0]):
        np.random.seed(seeds[r])
        weeks = np.arange(n_weeks)
        for w in range(n_windows):
            pick = w + np.random.randint(0, n_weeks - w)
            weeks[w], weeks[pick] = weeks[pick], weeks[w]
        recent = np.zeros((n_windows, n), np.int64)
        for v in range(n):
            for w in range(n_windows):
                recent[w, v] = cases[v, weeks[w]] + (recent[w - 1, v] if w else 0)
        out[r] = _cylinder_llr(recent, order, sizes, share, log_share, total, xlogx, nothing)
    return out


def _cumulative_recent(cases: np.ndarray, n_windows: int) -> np.ndarray:
    """(W, n): cases of each village in the last 1..W weeks."""
    last = cases[:, ::-1][:, :n_windows].T
    return np.ascontiguousarray(np.cumsum(last, axis=0), dtype=np.int64)


def _as_counts(cases) -> np.ndarray:
    return np.nan_to_num(np.asarray(cases, float)).round().astype(np.int64)


def _run(cases, weights, lon, lat, params, dist, classic_replicas) -> ScanResult:
    """Circles, replicas (classic or week-block) and clusters for either model."""
    n, n_weeks = cases.shape
    n_windows = min(params.max_window, n_weeks)
    total = int(cases.sum())
    recent = _cumulative_recent(cases, n_windows)
    if n == 0 or total == 0 or recent[-1].sum() == 0:
        return ScanResult([], np.zeros(params.replications), total, 0)
    dist = distances_km(lon, lat) if dist is None else dist
    order, sizes = circles(dist, weights, params)
    share = np.ascontiguousarray(np.cumsum(weights[order], axis=1) / weights.sum())
    log_share = np.log(np.maximum(share, 1e-300))
    xlogx = _xlogx_table(total)
    rng = np.random.Generator(np.random.PCG64(params.seed))
    seeds = rng.integers(0, 2**31 - 1, size=params.replications)
    if params.null == "weeks":
        null_max = _week_block_max_llr(cases, n_windows, order, sizes, share, log_share, total, xlogx, seeds)
    else:
        replicas = classic_replicas(cases, recent, seeds, rng)
        null_max = _replica_max_llr(replicas, order, sizes, share, log_share, total, xlogx)
    return _scan(recent, order, sizes, share, log_share, total, xlogx, null_max, params)


def _scan(recent, order, sizes, share, log_share, total, xlogx, null_max, params) -> ScanResult:
    llr = np.zeros((order.shape[0], order.shape[1], recent.shape[0]))
    _cylinder_llr(recent, order, sizes, share, log_share, total, xlogx, llr)
    expected = share[:, :, None] * recent.sum(axis=1)[None, None, :]
    n_reps = len(null_max)
    clusters: list[Cluster] = []
    taken = np.zeros(order.shape[0], bool)
    flat_best = llr.reshape(llr.shape[0], -1).max(axis=1)
    for i in np.argsort(-flat_best, kind="stable"):
        if flat_best[i] <= 0 or len(clusters) >= params.max_clusters:
            break
        # The centre's best cylinder that shares no village with a stronger cluster.
        for flat in np.argsort(-llr[i].ravel(), kind="stable"):
            k, w = divmod(int(flat), llr.shape[2])
            value = llr[i, k, w]
            if value <= 0:
                break
            members = order[i, : k + 1]
            if taken[members].any():
                continue
            c = int(recent[w, members].sum())
            e = float(expected[i, k, w])
            p = (1 + int(np.count_nonzero(null_max >= value - 1e-9))) / (n_reps + 1)
            rr = (c / e) / ((total - c) / (total - e)) if total > c else math.inf
            clusters.append(Cluster(int(i), members.copy(), w + 1, c, e, float(value), p, rr,
                                    gumbel_p_value(value, null_max)))
            taken[members] = True
            break
    clusters.sort(key=lambda cl: -cl.llr)
    return ScanResult(clusters, null_max, total, int(sizes.sum()) * recent.shape[0])


def space_time_permutation(cases, lon, lat, params: ScanParams | None = None,
                           dist: np.ndarray | None = None) -> ScanResult:
    """Prospective space-time permutation scan of ``cases`` (villages x weeks, last column = now).

    NaN (not reported) counts as 0 here; callers should drop villages with gaps (see scan_stage).
    ``dist`` (km, villages x villages) may replace lon/lat.
    """
    cases = _as_counts(cases)
    space = cases.sum(axis=1)

    def case_permutation(cases, recent, seeds, _rng):
        week_totals = np.diff(recent.sum(axis=1), prepend=0)
        case_village = np.repeat(np.arange(len(space), dtype=np.int64), space)
        return _permuted_recent(case_village, week_totals, len(space), seeds)

    return _run(cases, space.astype(float), lon, lat, params or ScanParams(), dist, case_permutation)


def poisson(cases, population, lon, lat, params: ScanParams | None = None,
            dist: np.ndarray | None = None) -> ScanResult:
    """Prospective time-adjusted Poisson space-time scan: expected = population share x weekly cases.

    Villages must all have a population > 0 (drop the others before calling).
    """
    params = params or ScanParams()
    cases = _as_counts(cases)
    pop = np.asarray(population, float)
    if not (pop > 0).all():
        return ScanResult([], np.zeros(params.replications), int(cases.sum()), 0)

    def multinomial(cases, recent, seeds, rng):
        week_totals = np.diff(recent.sum(axis=1), prepend=0)
        weekly = [rng.multinomial(int(t), pop / pop.sum(), size=len(seeds)) for t in week_totals]
        return np.ascontiguousarray(np.cumsum(np.stack(weekly, axis=1), axis=1), dtype=np.int64)

    return _run(cases, pop, lon, lat, params, dist, multinomial)


def gumbel_p_value(value: float, null_max: np.ndarray) -> float:
    """P(max LLR >= value) from a Gumbel fitted to the replica maxima by moments (Abrams et al. 2010)."""
    sd = float(np.std(null_max))
    if len(null_max) < 2 or sd <= 0:
        return math.nan
    beta = sd * math.sqrt(6) / math.pi
    mu = float(np.mean(null_max)) - 0.5772156649 * beta
    return float(-math.expm1(-math.exp(-(value - mu) / beta)))


def llr(observed: float, expected: float, total: float) -> float:
    """The scan's log likelihood ratio for one cylinder (0 unless observed > expected)."""
    c, e, big = float(observed), float(expected), float(total)
    if c <= e:
        return 0.0
    inside = c * math.log(c / e)
    outside = (big - c) * math.log((big - c) / (big - e)) if big > c else 0.0
    return inside + outside
