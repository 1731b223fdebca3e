"""Perbandingan Kabupaten queries: one row per kabupaten the user may see, and weekly series for a few.

Definitions (all over the weeks ``first..last`` for one syndrome):
* populasi = sum over the kabupaten's desa of ``populasi.total`` for the year of ``last`` (the latest
  earlier year for desa without that year);
* populasi_lapor = the population under surveillance: for each week, the population of the desa served
  (wilayah kerja) by a facility whose report for that week is current, averaged over the weeks of the
  period (weeks nobody reported count as 0). With every facility reporting it equals populasi. Each desa
  counts with the same population as in populasi (the year of ``last``) in every week of the period, also
  across a year boundary. Read from its per kabupaten-week aggregate ``ringkasan_populasi``, kept per
  population year (``etl.aggregates``): the row of the largest year <= the year of ``last`` is the sum of
  the same desa totals;
* kasus = sum of current ``laporan_mingguan.kasus``, read from its per kabupaten-week-syndrome aggregate
  ``ringkasan_mingguan`` (``etl.aggregates``, brought up to date before every snapshot); rate_100k = kasus / populasi_lapor x 100,000, so that
  a kabupaten where half the facilities report is not shown with half the incidence; None when the
  kabupaten sent no report in the period (not reporting is not zero); the funnel uses the same population;
* alerts = alerts about the period except those closed as ``bukan_klb``; alerts_100k per 100,000 of populasi;
* completeness / timeliness = ``dashboard.metrics.completeness.by_kabupaten`` for the week ``last``
  (the numbers the weekly PDF shows), SKDR target 80 %;
* zone = where the rate falls on the funnel (``dashboard.figures.funnel.classify``) around the rate of
  all the kabupaten shown.

Access: every function filters by ``scope.allowed`` (reviewers/admins: all; analysts: their own) or
calls ``scope.require`` for each code asked for, before any row is read.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from dashboard.access import Scope
from dashboard.figures import funnel
from dashboard.metrics import completeness, periods

PER = 100_000
MEASURES = ("rate_100k", "completeness_pct", "timeliness_pct", "alerts_100k")

KABUPATEN_SQL = """
SELECT k.kode_kab, k.nama, k.kode_prov, p.nama AS nama_prov, k.geom_simple IS NOT NULL AS has_geom,
       k.centroid_lon, k.centroid_lat
FROM kabupaten k LEFT JOIN provinsi p USING (kode_prov)
ORDER BY k.kode_kab
"""
PROVINSI_SQL = "SELECT kode_prov, nama FROM provinsi ORDER BY kode_prov"

POPULATION_SQL = """
SELECT d.kode_kab, sum(x.total) AS populasi
FROM (SELECT kode_desa, arg_max(total, tahun) AS total FROM populasi
      WHERE tahun <= $year AND total IS NOT NULL GROUP BY kode_desa) x
JOIN desa d USING (kode_desa)
WHERE list_contains($kabs::VARCHAR[], d.kode_kab)
GROUP BY d.kode_kab
"""

COVERED_POPULATION_SQL = """
SELECT kode_kab, week, populasi_lapor
FROM ringkasan_populasi
WHERE tahun = (SELECT max(tahun) FROM populasi WHERE tahun <= $year AND total IS NOT NULL)
  AND week BETWEEN $first AND $last AND list_contains($kabs::VARCHAR[], kode_kab)
"""

CASES_SQL = """
SELECT kode_kab, sum(kasus) AS kasus
FROM ringkasan_mingguan
WHERE kode_sindrom = $sindrom AND week BETWEEN $first AND $last
  AND list_contains($kabs::VARCHAR[], kode_kab)
GROUP BY kode_kab
"""

REPORTING_SQL = """
SELECT kode_kab, week, count(DISTINCT kode_fasilitas) AS facilities
FROM laporan_mingguan_kiriman
WHERE is_current AND week BETWEEN $first AND $last AND list_contains($kabs::VARCHAR[], kode_kab)
GROUP BY kode_kab, week
"""

ALERTS_SQL = """
SELECT kode_kab, count(*) AS alerts
FROM alert
WHERE week BETWEEN $first AND $last AND status <> 'bukan_klb' AND list_contains($kabs::VARCHAR[], kode_kab)
GROUP BY kode_kab
"""

WEEKLY_CASES_SQL = """
SELECT kode_kab, week, sum(kasus) AS kasus
FROM ringkasan_mingguan
WHERE kode_sindrom = $sindrom AND week BETWEEN $first AND $last
  AND list_contains($kabs::VARCHAR[], kode_kab)
GROUP BY kode_kab, week
"""


def kabupaten(con: duckdb.DuckDBPyConnection, scope: Scope, prov: str | None = None) -> pd.DataFrame:
    """The kabupaten the user may see (optionally of one province): kode_kab, nama, kode_prov, nama_prov,
    has_geom, centroid_lon, centroid_lat."""
    frame = con.execute(KABUPATEN_SQL).df()
    frame = frame[frame["kode_kab"].isin(scope.allowed(frame["kode_kab"].tolist()))]
    if prov:
        frame = frame[frame["kode_prov"] == prov]
    return frame.reset_index(drop=True)


def provinces(con: duckdb.DuckDBPyConnection, scope: Scope) -> list[tuple[str, str]]:
    """(kode_prov, nama) of the provinces with a kabupaten the user may see."""
    visible = set(kabupaten(con, scope)["kode_prov"])
    return [(k, n) for k, n in con.execute(PROVINSI_SQL).fetchall() if k in visible]


def _rate(num: pd.Series, den: pd.Series) -> pd.Series:
    out = num.astype(float) / den.where(den > 0).astype(float) * PER
    return out.round(2)


def comparison(con: duckdb.DuckDBPyConnection, scope: Scope, first: str, last: str, sindrom: str,
               prov: str | None = None, ontime_days: int = completeness.DEFAULT_ONTIME_DAYS,
               cache=None) -> pd.DataFrame:
    """One row per visible kabupaten (see the module docstring), ranked by rate (1 = highest).

    ``cache(key, compute)`` (the app's per-snapshot cache) keeps what does not depend on the syndrome —
    the kabupaten list, population, reporting and completeness — between requests: within one snapshot
    they cannot change, and they are most of the work for 514 kabupaten.
    """
    get = cache or (lambda _key, compute: compute())
    first, last = periods.label(first), periods.label(last)
    who = scope.cache_key
    base = get(("cmp-kab", who, prov or ""), lambda: kabupaten(con, scope, prov))
    frame = base.copy()
    kabs = frame["kode_kab"].tolist()
    year = periods.week(last).year
    args = {"kabs": kabs, "first": first, "last": last}
    pop = get(("cmp-pop", who, prov or "", year), lambda: con.execute(
        POPULATION_SQL, {"kabs": kabs, "year": year}).df().set_index("kode_kab")["populasi"])
    reported = get(("cmp-rep", who, prov or "", first, last), lambda: set(
        con.execute(REPORTING_SQL, args).df()["kode_kab"]))
    n_weeks = len(periods.span(first, last).labels)
    covered = get(("cmp-covered", who, prov or "", first, last, year), lambda: con.execute(
        COVERED_POPULATION_SQL, {**args, "year": year}).df().groupby("kode_kab")["populasi_lapor"].sum() / n_weeks)
    comp = get(("cmp-comp", who, prov or "", last, ontime_days), lambda: completeness.by_kabupaten(
        con, kabs, last, ontime_days).set_index("kode_kab"))
    cases = con.execute(CASES_SQL, {**args, "sindrom": sindrom}).df().set_index("kode_kab")["kasus"]
    alerts = con.execute(ALERTS_SQL, args).df().set_index("kode_kab")["alerts"]
    frame["populasi"] = frame["kode_kab"].map(pop).astype(float)
    frame["populasi_lapor"] = frame["kode_kab"].map(covered).astype(float).round(0)
    frame["reported"] = frame["kode_kab"].isin(reported)
    frame["kasus"] = frame["kode_kab"].map(cases).astype(float)
    frame.loc[frame["reported"] & frame["kasus"].isna(), "kasus"] = 0.0
    frame.loc[~frame["reported"], "kasus"] = np.nan
    frame["rate_100k"] = _rate(frame["kasus"], frame["populasi_lapor"])
    frame["alerts"] = frame["kode_kab"].map(alerts).fillna(0).astype(int)
    frame["alerts_100k"] = _rate(frame["alerts"], frame["populasi"])
    for column in ("expected", "received", "on_time"):
        frame[column] = frame["kode_kab"].map(comp[column]).fillna(0).astype(int)
    for column in ("completeness_pct", "timeliness_pct"):
        frame[column] = frame["kode_kab"].map(comp[column]).astype(float)
    centre = overall_rate(frame)
    frame["zone"] = funnel.classify(frame["rate_100k"], frame["populasi_lapor"].fillna(0), centre, "poisson", PER) \
        if centre is not None and len(frame) else None
    frame["rank"] = frame["rate_100k"].rank(ascending=False, method="min").astype("Int64")
    return frame.sort_values(["rank", "kode_kab"], na_position="last").reset_index(drop=True)


def overall_rate(frame: pd.DataFrame) -> float | None:
    """Rate per 100,000 of all the reporting kabupaten together (the funnel's centre line)."""
    ok = frame["rate_100k"].notna() & frame["populasi_lapor"].gt(0)
    population = float(frame.loc[ok, "populasi_lapor"].sum())
    if population <= 0:
        return None
    return float(frame.loc[ok, "kasus"].sum()) / population * PER


def overall_pct(frame: pd.DataFrame, part: str) -> float | None:
    """completeness/timeliness of all the kabupaten together (``part`` = received | on_time)."""
    expected = int(frame["expected"].sum()) if len(frame) else 0
    return periods.pct(int(frame[part].sum()), expected) if expected else None


def series(con: duckdb.DuckDBPyConnection, scope: Scope, kabs: list[str], first: str, last: str, sindrom: str,
           ontime_days: int = completeness.DEFAULT_ONTIME_DAYS) -> pd.DataFrame:
    """Weekly kode_kab, week, kasus, rate_100k, completeness_pct, timeliness_pct for the kabupaten asked for
    (each must be visible). Weeks a kabupaten sent nothing have None, never 0."""
    kabs = [scope.require(k) for k in dict.fromkeys(kabs)]
    first, last = periods.label(first), periods.label(last)
    weeks = periods.span(first, last).labels
    grid = pd.DataFrame([(k, w) for k in kabs for w in weeks], columns=["kode_kab", "week"])
    if not kabs:
        return grid.assign(kasus=[], rate_100k=[], completeness_pct=[], timeliness_pct=[])
    year = periods.week(last).year
    covered = con.execute(COVERED_POPULATION_SQL, {"kabs": kabs, "first": first, "last": last, "year": year}).df()
    cases = con.execute(WEEKLY_CASES_SQL, {"kabs": kabs, "first": first, "last": last, "sindrom": sindrom}).df()
    grid = grid.merge(cases, on=["kode_kab", "week"], how="left").merge(covered, on=["kode_kab", "week"], how="left")
    parts = [completeness.facility_weeks(con, k, first, last, ontime_days).assign(kode_kab=k) for k in kabs]
    fw = pd.concat(parts, ignore_index=True)
    weekly = fw.groupby(["kode_kab", "week"]).agg(expected=("reported", "size"), received=("reported", "sum"),
                                                  on_time=("on_time", "sum")).reset_index()
    grid = grid.merge(weekly, on=["kode_kab", "week"], how="left")
    sent = grid["received"].fillna(0) > 0
    grid["kasus"] = grid["kasus"].astype(float)  # cases of a week nobody sent stay missing: NaN, never 0
    grid.loc[sent & grid["kasus"].isna(), "kasus"] = 0.0
    grid["rate_100k"] = _rate(grid["kasus"], grid["populasi_lapor"].astype(float))
    grid["completeness_pct"] = [periods.pct(r, e) if e else None for r, e in zip(grid["received"], grid["expected"], strict=True)]
    grid["timeliness_pct"] = [periods.pct(o, e) if e else None for o, e in zip(grid["on_time"], grid["expected"], strict=True)]
    return grid[["kode_kab", "week", "kasus", "rate_100k", "completeness_pct", "timeliness_pct"]]


def kabupaten_geojson(con: duckdb.DuckDBPyConnection, scope: Scope, prov: str | None = None) -> str:
    """The visible kabupaten with geometry as a FeatureCollection text (feature id = kode_kab)."""
    import json

    rows = con.execute("SELECT kode_kab, kode_prov, geom_simple FROM kabupaten WHERE geom_simple IS NOT NULL"
                       " ORDER BY kode_kab").fetchall()
    allowed = set(scope.allowed([r[0] for r in rows]))
    features = [f'{{"type":"Feature","id":{json.dumps(code)},"properties":{{}},"geometry":{geom}}}'
                for code, kode_prov, geom in rows if code in allowed and (not prov or kode_prov == prov)]
    return '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"


def reference(con: duckdb.DuckDBPyConnection, scope: Scope, kode_kab: str, first: str, last: str, sindrom: str,
              ontime_days: int = completeness.DEFAULT_ONTIME_DAYS, cache=None) -> dict:
    """Where a kabupaten stands: the totals of its province and of the nation, for a user who may see
    only that kabupaten (an analyst). {'prov': {...}, 'nation': {...}}, each with nama, n (kabupaten),
    rate_100k, completeness_pct, timeliness_pct.

    Only totals over many kabupaten leave this function, never another kabupaten's own figures: the
    analyst learns the province and national rates (published figures in SKDR bulletins), not a
    neighbour's."""
    scope.require(kode_kab)
    everyone = Scope(user="reference", role="reviewer")
    frame = comparison(con, everyone, first, last, sindrom, None, ontime_days, cache=cache)

    def totals(part: pd.DataFrame, nama: str) -> dict:
        return {"nama": nama, "n": len(part), "rate_100k": overall_rate(part),
                "completeness_pct": overall_pct(part, "received"), "timeliness_pct": overall_pct(part, "on_time")}

    in_prov = frame[frame["kode_prov"] == kode_kab[:2]]
    prov_name = in_prov["nama_prov"].dropna().iloc[0] if in_prov["nama_prov"].notna().any() else kode_kab[:2]
    return {"prov": totals(in_prov, str(prov_name)), "nation": totals(frame, "")}
