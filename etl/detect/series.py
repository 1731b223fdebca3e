"""Warehouse -> count matrices (series x weeks) for one kabupaten, with missing weeks as NaN.

* desa level: the desa's cases summed over every facility that reported them (current facts). A desa-week
  is *reported* when it has a current row (``etl.reporting``: lapor or sebagian; a facility's report that
  left the desa out does not report it); a reported desa-week with no fact row for a syndrome is 0 cases,
  an unreported one is NaN -- never 0. A sebagian week's count is a minimum.
* puskesmas level: the Puskesmas with its Pustu. The week is reported when at least
  ``puskesmas_min_reporting`` of those facilities open that week sent a report; otherwise NaN (and counted in
  ``Series.skipped``). A Pustu whose desa its Puskesmas reports (``melapor_lewat``) is not one of them.

Weeks are a contiguous run of epi weeks (index = position); Farrington's "one year back" is 52 positions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from etl.weeks import parse_week, week_label, week_range

DESA_SQL = "SELECT kode_desa FROM desa WHERE kode_kab = ? ORDER BY kode_desa"
SYNDROMES_SQL = "SELECT kode FROM sindrom ORDER BY urutan"

DESA_FACTS_SQL = """
SELECT kode_desa, kode_sindrom, week, SUM(kasus) AS kasus
FROM laporan_mingguan
WHERE is_current AND kode_kab = ? AND week_start BETWEEN ? AND ?
GROUP BY ALL
"""

DESA_REPORTED_SQL = """
SELECT DISTINCT kode_desa, week
FROM laporan_mingguan
WHERE is_current AND kode_kab = ? AND week_start BETWEEN ? AND ?
"""

# facts -> (row of unit, syndrome, week column, cases) positions, joined in DuckDB (no string work in pandas)
POSITIONS_SQL = """
SELECT u.i, s.i AS k, w.i AS j, coalesce(CAST(f.kasus AS DOUBLE), 'NaN'::DOUBLE) AS kasus
FROM ({facts}) f
JOIN detect_units u ON u.code = f.{unit}
JOIN detect_syndromes s ON s.code = f.kode_sindrom
JOIN detect_weeks w ON w.code = f.week
"""

PKM_SQL = """
SELECT DISTINCT coalesce(kode_induk, kode_fasilitas) AS kode_pkm
FROM fasilitas WHERE kode_kab = ? ORDER BY kode_pkm
"""

PKM_OPEN_SQL = """
SELECT coalesce(f.kode_induk, f.kode_fasilitas) AS kode_pkm, w.week, count(*) AS n_open
FROM fasilitas f LEFT JOIN fasilitas_aktif a USING (kode_fasilitas)
CROSS JOIN (SELECT unnest(?::VARCHAR[]) AS week, unnest(?::DATE[]) AS week_start) w
WHERE f.kode_kab = ?
  AND fasilitas_buka(a.mulai, a.selesai, w.week_start)
  AND f.melapor_lewat IS NULL                  -- its desa come in its Puskesmas's report
GROUP BY ALL
"""

PKM_FACTS_SQL = """
SELECT coalesce(f.kode_induk, f.kode_fasilitas) AS kode_pkm, l.kode_sindrom, l.week, SUM(l.kasus) AS kasus
FROM laporan_mingguan l JOIN fasilitas f USING (kode_fasilitas)
WHERE l.is_current AND l.kode_kab = ? AND l.week_start BETWEEN ? AND ?
GROUP BY ALL
"""

PKM_REPORTED_SQL = """
SELECT coalesce(f.kode_induk, f.kode_fasilitas) AS kode_pkm, k.week, count(DISTINCT k.kode_fasilitas) AS n
FROM laporan_mingguan_kiriman k JOIN fasilitas f USING (kode_fasilitas)
WHERE k.is_current AND k.kode_kab = ? AND k.week_start BETWEEN ? AND ?
GROUP BY ALL
"""


@dataclass
class Series:
    """Counts of one level: ``values[i, j]`` = cases of ``units[i]``/``syndromes[i]`` in ``weeks[j]``."""

    level: str
    units: np.ndarray        # unit code per row
    syndromes: np.ndarray    # syndrome code per row
    weeks: list[str]
    values: np.ndarray       # float, NaN = not reported
    skipped: np.ndarray | None = None  # units x weeks: True = missing for its reporting share (puskesmas level)

    def rows(self, syndromes) -> np.ndarray:
        return np.flatnonzero(np.isin(self.syndromes, list(syndromes)))


def week_axis(first: str, last: str) -> list[str]:
    return [week_label(w) for w in week_range(parse_week(first), parse_week(last))]


def _bounds(weeks: list[str]):
    return parse_week(weeks[0]).startdate(), parse_week(weeks[-1]).startdate()


def _positions(con, facts_sql: str, unit_col: str, params, units, syndromes, weeks) -> dict[str, np.ndarray]:
    tables = {"detect_units": units, "detect_syndromes": syndromes, "detect_weeks": weeks}
    for name, codes in tables.items():
        con.register(name, pd.DataFrame({"code": list(codes), "i": np.arange(len(codes))}))
    try:
        sql = POSITIONS_SQL.format(facts=facts_sql, unit=unit_col)  # constants only, values are bound
        return con.execute(sql, params).fetchnumpy()
    finally:
        for name in tables:
            con.unregister(name)


def _matrix(units, syndromes, weeks, reported: np.ndarray, pos: dict, level: str):
    """Series for every unit x syndrome: 0 where reported, NaN where not, then the facts filled in."""
    n_units, n_synd = len(units), len(syndromes)
    base = np.where(reported, 0.0, np.nan)                       # units x weeks
    values = np.repeat(base, n_synd, axis=0)                     # row = unit * n_synd + syndrome
    if len(pos["i"]):
        values[np.asarray(pos["i"]) * n_synd + np.asarray(pos["k"]), np.asarray(pos["j"])] = np.asarray(pos["kasus"])
    return Series(level, np.repeat(np.asarray(units, dtype=object), n_synd),
                  np.tile(np.asarray(syndromes, dtype=object), n_units), weeks, values)


def desa_series(con, kode_kab: str, weeks: list[str]) -> Series:
    start, end = _bounds(weeks)
    units = [r[0] for r in con.execute(DESA_SQL, [kode_kab]).fetchall()]
    syndromes = [r[0] for r in con.execute(SYNDROMES_SQL).fetchall()]
    rep = con.execute(DESA_REPORTED_SQL, [kode_kab, start, end]).df()
    units += sorted(set(rep["kode_desa"]) - set(units))
    reported = np.zeros((len(units), len(weeks)), dtype=bool)
    if len(rep):
        u = pd.Index(units).get_indexer(rep["kode_desa"])
        w = pd.Index(weeks).get_indexer(rep["week"])
        ok = (u >= 0) & (w >= 0)
        reported[u[ok], w[ok]] = True
    pos = _positions(con, DESA_FACTS_SQL, "kode_desa", [kode_kab, start, end], units, syndromes, weeks)
    if len(pos["i"]):  # a current fact with a count also means the desa-week was reported
        known = ~np.isnan(np.asarray(pos["kasus"]))
        reported[np.asarray(pos["i"])[known], np.asarray(pos["j"])[known]] = True
    return _matrix(units, syndromes, weeks, reported, pos, "desa")


def puskesmas_series(con, kode_kab: str, weeks: list[str], min_reporting: float = 0.75) -> Series:
    start, end = _bounds(weeks)
    pkm = con.execute(PKM_SQL, [kode_kab]).df()
    units = list(pkm["kode_pkm"])
    syndromes = [r[0] for r in con.execute(SYNDROMES_SQL).fetchall()]
    rep = con.execute(PKM_REPORTED_SQL, [kode_kab, start, end]).df()
    # the share of the Puskesmas' facilities that reported, among those open that week (fasilitas_aktif)
    opened = np.zeros((len(units), len(weeks)))
    open_rows = con.execute(PKM_OPEN_SQL, [weeks, [parse_week(w).startdate() for w in weeks], kode_kab]).df()
    if len(open_rows):
        u = pd.Index(units).get_indexer(open_rows["kode_pkm"])
        w = pd.Index(weeks).get_indexer(open_rows["week"])
        ok = (u >= 0) & (w >= 0)
        opened[u[ok], w[ok]] = open_rows["n_open"].to_numpy(float)[ok]
    share = np.zeros((len(units), len(weeks)))
    if len(rep):
        u = pd.Index(units).get_indexer(rep["kode_pkm"])
        w = pd.Index(weeks).get_indexer(rep["week"])
        ok = (u >= 0) & (w >= 0)
        share[u[ok], w[ok]] = rep["n"].to_numpy(float)[ok] / np.maximum(opened[u[ok], w[ok]], 1.0)
    pos = _positions(con, PKM_FACTS_SQL, "kode_pkm", [kode_kab, start, end], units, syndromes, weeks)
    series = _matrix(units, syndromes, weeks, share >= min_reporting - 1e-9, pos, "puskesmas")
    # a week below the reporting share stays missing even if some facts exist
    missing = np.repeat(share < min_reporting - 1e-9, len(syndromes), axis=0)
    series.values[missing] = np.nan
    series.skipped = (share < min_reporting - 1e-9) & (opened > 0)
    return series
