"""Peta Desa queries: desa values for a kabupaten x syndrome/indicator x week range, the map geometry,
and the village profile. Every function takes the user's Scope and checks it first.

Definitions:
* desa cases = sum over facilities of current ``kasus`` in the weeks (Puskesmas and Pustu see
  different patients). The reporting status is ``etl.reporting.desa_status_range`` (``desa_status`` for one
  week: the same status, read faster; one definition for the map, Kelengkapan, detection and the PDF):
  *tidak lapor* when the desa has no current row in any week of
  the range (never drawn as zero), *sebagian* when some expected facility-week did not report it (the count
  is a minimum), else *lapor*. A desa that was reported, but whose rows for the syndrome are all blank
  (NULL), is *kosong* (missing value, also not zero); a report with rows for the desa but none for the
  syndrome counts 0.
* rate = cases per 1,000 population (``populasi.total`` of the last week's year, else the latest
  year before it); ``eb`` = the empirical-Bayes smoothed rate (etl.detect.smoothing.eb_rates, global
  over the kabupaten's desa); ``perubahan`` = cases minus the cases of the equally long period just
  before (NaN when either period was not reported).
* indicator maps show the cumulative coverage (%) of ``dashboard.metrics.pws.status`` for the latest
  month with monthly data up to the month of the last week.
"""

from __future__ import annotations

import json
import re

import duckdb
import numpy as np
import pandas as pd

from dashboard.access import Scope
from dashboard.params import ParamError
from etl.detect import lifecycle
from etl.weeks import Week, week_range

ACTIVE_STATUSES = lifecycle.ACTIVE
ALERT_WINDOW_WEEKS = 4
_ROUND = re.compile(r"(\d+\.\d{4})\d+")  # 4 decimals ~ 11 m: finer than a kabupaten map shows
MAP_TOLERANCE_FRACTION = 1 / 1500  # simplify to 1/1500 of the kabupaten extent (~70 m for 100 km)

DESA_SQL = """
WITH serving AS (
    SELECT wk.kode_desa, string_agg(DISTINCT coalesce(p.nama, f.nama), ', ' ORDER BY coalesce(p.nama, f.nama))
           AS puskesmas
    FROM wilayah_kerja wk JOIN fasilitas f USING (kode_fasilitas)
    LEFT JOIN fasilitas p ON p.kode_fasilitas = f.kode_induk
    JOIN desa d ON d.kode_desa = wk.kode_desa
    WHERE d.kode_kab = $kab
    GROUP BY wk.kode_desa
), pop AS (
    SELECT kode_desa, arg_max(total, tahun) AS populasi
    FROM populasi JOIN desa USING (kode_desa)
    WHERE kode_kab = $kab AND tahun <= $year AND total IS NOT NULL
    GROUP BY kode_desa
)
SELECT d.kode_desa, d.nama AS nama_desa, d.kode_kec, k.nama AS nama_kec, s.puskesmas, pop.populasi,
       '<b>' || d.nama || '</b> (' || d.kode_desa || ')<br>Kec. ' || coalesce(k.nama, '') || '<br>Puskesmas: '
       || coalesce(s.puskesmas, '–') || '<br>' AS hover
FROM desa d
LEFT JOIN kecamatan k USING (kode_kec)
LEFT JOIN serving s USING (kode_desa)
LEFT JOIN pop USING (kode_desa)
WHERE d.kode_kab = $kab
ORDER BY d.kode_desa
"""

# Per desa of the kabupaten: the summed cases of the syndrome in [first, last] (n_rows = report rows, to tell
# blank cells from no rows); whether the desa reported at all comes from etl.reporting.
WEEKLY_SQL = """
SELECT kode_desa, sum(kasus) AS kasus, count(*) AS n_rows
FROM laporan_mingguan
WHERE is_current AND kode_kab = $kab AND kode_sindrom = $sindrom AND week BETWEEN $first AND $last
GROUP BY kode_desa
"""

# Outlines follow the selected syndrome (issue 9): active desa-level events of that syndrome with a signal in
# the window; Puskesmas-level events are not painted over every desa of the wilayah.
ACTIVE_ALERTS_SQL = """
SELECT kode_desa, count(*) AS alerts FROM (
    SELECT unnest(string_split(desa_codes, ';')) AS kode_desa
    FROM kejadian
    WHERE kode_kab = $kab AND kode_sindrom = $sindrom AND tingkat = 'desa'
      AND list_contains($statuses::VARCHAR[], status) AND minggu_akhir >= $first AND minggu_awal <= $last
) GROUP BY kode_desa
"""

DESA_GEOM_SQL = """
SELECT kode_desa, kode_kec, geom_simple FROM desa WHERE kode_kab = $kab AND geom_simple IS NOT NULL ORDER BY kode_desa
"""
KEC_GEOM_SQL = "SELECT kode_kec, geom_simple FROM kecamatan WHERE kode_kab = $kab ORDER BY kode_kec"

SERIES_SQL = """
SELECT week, sum(kasus) AS kasus, count(*) AS n_rows FROM laporan_mingguan
WHERE is_current AND kode_desa = $desa AND kode_sindrom = $sindrom
GROUP BY week
"""
# weeks with a current row for the desa (etl.reporting: a facility's report without the desa is not its report)
DESA_WEEKS_REPORTED_SQL = """
SELECT DISTINCT week FROM laporan_mingguan WHERE is_current AND kode_desa = $desa
"""
REPORTS_SQL = """
SELECT l.week, l.kode_fasilitas, f.nama AS fasilitas, l.kasus, i.nama_file, l.baris, l.diterima, l.is_current
FROM laporan_mingguan l
LEFT JOIN fasilitas f USING (kode_fasilitas)
LEFT JOIN ingest_file i USING (file_id)
WHERE l.kode_desa = $desa AND l.kode_sindrom = $sindrom AND l.week BETWEEN $first AND $last
ORDER BY l.week DESC, l.kode_fasilitas, l.is_current DESC, l.diterima DESC
"""
DESA_ALERTS_SQL = """
SELECT alert_id, week, method, kode_sindrom, observed, expected, threshold, status, created_at
FROM alert
WHERE kode_kab = $kab AND list_contains(string_split(desa_codes, ';'), $desa)
ORDER BY week DESC, alert_id DESC
LIMIT 20
"""
DESA_ONE_SQL = """
SELECT d.kode_desa, d.nama, d.kode_kec, k.nama AS nama_kec, d.kode_kab
FROM desa d LEFT JOIN kecamatan k USING (kode_kec) WHERE d.kode_desa = $desa
"""
MONTHS_SQL = "SELECT max(bulan) FROM laporan_bulanan WHERE is_current AND kode_kab = $kab AND bulan <= $upto"


def _previous_range(start: Week, n: int) -> tuple[str, str]:
    """The ``n`` weeks before ``start``, as the labels bound in SQL."""
    return str(start - n), str(start - 1)


def desa_frame(con: duckdb.DuckDBPyConnection, scope: Scope, kode_kab: str, year: int) -> pd.DataFrame:
    """Every desa of the kabupaten: kode_desa, nama_desa, kode_kec, nama_kec, puskesmas, populasi, hover
    (the map's hover text before the value; names are escaped by plotly's text rendering)."""
    scope.require(kode_kab)
    return con.execute(DESA_SQL, {"kab": kode_kab, "year": year}).df()


def _reporting_status(con, kode_kab: str, first: str, last: str) -> pd.DataFrame:
    """etl.reporting's status per desa over first..last. One week is read through ``desa_status``: the same
    status and facility counts, without the range's per-desa week counts (pandas' crosstab: about 25 ms of
    the 45 ms a first view of a week spends on it on the national warehouse's largest kabupaten)."""
    from etl.reporting import desa_status, desa_status_range

    if first == last:
        return desa_status(con, kode_kab, first)
    return desa_status_range(con, kode_kab, first, last)


def _weekly_cases(con, kode_kab: str, sindrom: str, first: str, last: str, get=None) -> pd.DataFrame:
    """Cases of the syndrome and the reporting status per desa; the status (the same for every syndrome) is
    cached per snapshot through ``get(key, compute)`` when the app gives its cache."""
    get = get or (lambda _key, compute: compute())
    params = {"kab": kode_kab, "sindrom": sindrom, "first": first, "last": last}
    cases = con.execute(WEEKLY_SQL, params).df().set_index("kode_desa")
    status = get(("desa_status", kode_kab, first, last),
                 lambda: _reporting_status(con, kode_kab, first, last)).set_index("kode_desa")
    return status[["status", "fasilitas_diharapkan", "fasilitas_lapor"]].join(cases, how="outer")


def _case_values(base: pd.DataFrame, counts: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """(kasus, status) per desa of ``base``: status lapor | sebagian | kosong | tidak_lapor."""
    counts = counts.reindex(base["kode_desa"])
    reporting = counts["status"].fillna("tidak_lapor").to_numpy(dtype=object)
    reported = reporting != "tidak_lapor"
    has_rows = counts["n_rows"].fillna(0).to_numpy() > 0
    kasus = counts["kasus"].to_numpy(dtype=float)
    all_blank = has_rows & np.isnan(kasus)
    kasus = np.where(reported & ~has_rows, 0.0, kasus)
    kasus = np.where(reported, kasus, np.nan)
    status = np.where(~reported, "tidak_lapor", np.where(all_blank, "kosong", reporting))
    return pd.Series(kasus, index=base.index), pd.Series(status, index=base.index)


def map_values(con: duckdb.DuckDBPyConnection, scope: Scope, kode_kab: str, code: str, first: str | Week,
               last: str | Week, value: str = "kasus", *, indicator: bool = False, cache=None) -> pd.DataFrame:
    """One row per desa: kode_desa, nama_desa, kode_kec, nama_kec, puskesmas, populasi, kasus,
    nilai (the mapped value), status ('lapor' | 'sebagian' | 'kosong' | 'tidak_lapor'), alerts (active), periode,
    fasilitas_diharapkan, fasilitas_lapor (facility-weeks, etl.reporting).
    ``cache(key, compute)``: the app's per-snapshot cache for the desa attributes (names, Puskesmas, population).
    ``first``/``last``: Weeks or their text, parsed once here; SQL binds their labels (str(week))."""
    from dashboard.metrics import periods

    scope.require(kode_kab)
    first_week, last_week = periods.week(first), periods.week(last)
    first, last = str(first_week), str(last_week)
    get = cache or (lambda _key, compute: compute())
    frame = get(("desa_frame", kode_kab, last_week.year), lambda: desa_frame(con, scope, kode_kab, last_week.year)).copy()
    alerts_first = _previous_range(last_week, ALERT_WINDOW_WEEKS - 1)[0]
    alerts = con.execute(ACTIVE_ALERTS_SQL, {"kab": kode_kab, "sindrom": None if indicator else code,
                                             "statuses": list(ACTIVE_STATUSES), "first": alerts_first,
                                             "last": last}).df().groupby("kode_desa")["alerts"].sum()
    frame["alerts"] = frame["kode_desa"].map(alerts).fillna(0).astype(int)
    if indicator:
        return _indicator_values(con, frame, kode_kab, code, last_week)
    counts = _weekly_cases(con, kode_kab, code, first, last, get)
    frame["kasus"], frame["status"] = _case_values(frame, counts)
    for column in ("fasilitas_diharapkan", "fasilitas_lapor"):  # facility-weeks expected / with a row
        frame[column] = frame["kode_desa"].map(counts[column]).fillna(0).astype(int)
    frame["periode"] = first if first == last else f"{first} – {last}"
    if value == "kasus":
        frame["nilai"] = frame["kasus"]
    elif value == "rate":
        frame["nilai"] = (frame["kasus"] / frame["populasi"].where(frame["populasi"] > 0) * 1000).round(2)
    elif value == "eb":
        frame["nilai"] = _eb(frame).round(2)
    elif value == "perubahan":
        n = len(week_range(first_week, last_week))
        prev_first, prev_last = _previous_range(first_week, n)
        prev, prev_status = _case_values(frame, _weekly_cases(con, kode_kab, code, prev_first, prev_last, get))
        frame["nilai"] = (frame["kasus"] - prev.where(prev_status == "lapor"))
        frame.loc[frame["status"].eq("lapor") & frame["nilai"].isna(), "status"] = "kosong"
    else:
        raise ParamError("err.choice", value=value, field="nilai")
    return frame


def _eb(frame: pd.DataFrame) -> pd.Series:
    from etl.detect.smoothing import eb_rates

    ok = frame["status"].eq("lapor") & frame["populasi"].gt(0)
    out = pd.Series(np.nan, index=frame.index)
    if ok.any():
        rates = eb_rates(frame.loc[ok, "kasus"].astype(float), frame.loc[ok, "populasi"].astype(float))
        out.loc[ok] = rates["rate"].to_numpy()
    return out


def latest_month(con: duckdb.DuckDBPyConnection, kode_kab: str, week) -> str | None:
    """The newest month with monthly reports up to the month the week ends in."""
    end = week.enddate()
    return con.execute(MONTHS_SQL, {"kab": kode_kab, "upto": f"{end.year:04d}-{end.month:02d}"}).fetchone()[0]


def _indicator_values(con, frame: pd.DataFrame, kode_kab: str, code: str, last_week) -> pd.DataFrame:
    from dashboard.metrics import pws

    month = latest_month(con, kode_kab, last_week)
    frame["kasus"] = np.nan
    frame["periode"] = month or ""
    if month is None:
        frame["nilai"], frame["status"], frame["target"] = np.nan, "tidak_lapor", np.nan
        return frame
    table = pws.status(con, kode_kab, month, indicators=[code]).set_index("kode_desa")
    frame["nilai"] = frame["kode_desa"].map(table["cumulative_pct"])
    frame["target"] = frame["kode_desa"].map(table["target_pct"])
    frame["pws_status"] = frame["kode_desa"].map(table["status"])
    frame["status"] = np.where(frame["kode_desa"].map(table["this_month"]).isna(), "tidak_lapor",
                               np.where(frame["nilai"].isna(), "kosong", "lapor"))
    return frame


# ---------- geometry (sent once per kabupaten, cached per snapshot by the caller) ----------

def _simplified(rows) -> list[tuple]:
    """Rows with their GeoJSON geometry simplified for a kabupaten-wide map (topology preserved per
    feature): the stored ``geom_simple`` suits a village close-up; a map of 800 villages needs less."""
    from shapely.geometry import mapping, shape

    shapes = [shape(json.loads(r[-1])) for r in rows]
    if not shapes:
        return rows
    bounds = np.array([g.bounds for g in shapes])
    extent = max(bounds[:, 2].max() - bounds[:, 0].min(), bounds[:, 3].max() - bounds[:, 1].min())
    tolerance = extent * MAP_TOLERANCE_FRACTION
    out = []
    for row, geom in zip(rows, shapes, strict=True):
        small = geom.simplify(tolerance, preserve_topology=True)
        out.append((*row[:-1], json.dumps(mapping(small if not small.is_empty else geom), separators=(",", ":"))))
    return out


def _feature_collection(rows, id_index: int, props) -> str:
    features = []
    for row in _simplified(rows):
        geometry = _ROUND.sub(r"\1", row[-1])
        properties = json.dumps(props(row), separators=(",", ":"))
        features.append(f'{{"type":"Feature","id":{json.dumps(row[id_index])},"properties":{properties},'
                        f'"geometry":{geometry}}}')
    return '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"


def desa_geojson(con: duckdb.DuckDBPyConnection, scope: Scope, kode_kab: str) -> str:
    """The kabupaten's desa as a GeoJSON FeatureCollection text (feature id = kode_desa, simplified for a
    kabupaten-wide map, 4 decimals)."""
    scope.require(kode_kab)
    rows = con.execute(DESA_GEOM_SQL, {"kab": kode_kab}).fetchall()
    return _feature_collection(rows, 0, lambda r: {"kec": r[1]})


def kecamatan_geojson(con: duckdb.DuckDBPyConnection, scope: Scope, kode_kab: str) -> str:
    """Kecamatan outlines: the stored dissolved geometry, else dissolved here from the desa."""
    scope.require(kode_kab)
    rows = [r for r in con.execute(KEC_GEOM_SQL, {"kab": kode_kab}).fetchall() if r[1]]
    if not rows:
        rows = _dissolve_kecamatan(con.execute(DESA_GEOM_SQL, {"kab": kode_kab}).fetchall())
    return _feature_collection(rows, 0, lambda r: {})


def _dissolve_kecamatan(desa_rows) -> list[tuple[str, str]]:
    from shapely.geometry import mapping, shape
    from shapely.ops import unary_union

    groups: dict[str, list] = {}
    for _kode, kec, geom in desa_rows:
        groups.setdefault(kec, []).append(shape(json.loads(geom)))
    return [(kec, json.dumps(mapping(unary_union(parts)))) for kec, parts in sorted(groups.items())]


# ---------- village profile ----------

def desa_info(con: duckdb.DuckDBPyConnection, scope: Scope, desa: str) -> dict:
    scope.require_desa(desa)
    row = con.execute(DESA_ONE_SQL, {"desa": desa}).fetchone()
    if row is None:
        raise ParamError("err.desa", value=desa)
    scope.require(row[4])
    return dict(zip(("kode_desa", "nama", "kode_kec", "nama_kec", "kode_kab"), row, strict=True))


def desa_series(con: duckdb.DuckDBPyConnection, scope: Scope, desa: str, sindrom: str) -> pd.DataFrame:
    """Weekly cases of the desa for every week with data: week, year, week_no, kasus (NaN = tidak lapor, or kosong:
    every row of the syndrome blank, as on the map)."""
    scope.require_desa(desa)
    reported = {r[0] for r in con.execute(DESA_WEEKS_REPORTED_SQL, {"desa": desa}).fetchall()}
    cases = con.execute(SERIES_SQL, {"desa": desa, "sindrom": sindrom}).df().set_index("week")
    weeks = sorted(reported | set(cases.index))
    frame = pd.DataFrame({"week": pd.Series(weeks, dtype=str)})   # str: a desa that never reported has no weeks
    frame["year"] = frame["week"].str[:4].astype(int)
    frame["week_no"] = frame["week"].str[-2:].astype(int)
    kasus = frame["week"].map(cases["kasus"]).astype(float)
    blank = frame["week"].map(cases["n_rows"]).fillna(0).gt(0) & kasus.isna()
    frame["kasus"] = np.where(frame["week"].isin(reported) & ~blank, kasus.fillna(0.0), np.nan)
    return frame


def desa_reports(con: duckdb.DuckDBPyConnection, scope: Scope, desa: str, sindrom: str, first: str | Week,
                 last: str | Week) -> pd.DataFrame:
    """The report rows behind the desa's number (current and superseded), by facility, in weeks first..last
    (Weeks or their canonical text; bound as text)."""
    scope.require_desa(desa)
    return con.execute(REPORTS_SQL, {"desa": desa, "sindrom": sindrom, "first": str(first), "last": str(last)}).df()


def desa_alerts(con: duckdb.DuckDBPyConnection, scope: Scope, desa: str) -> pd.DataFrame:
    scope.require_desa(desa)
    return con.execute(DESA_ALERTS_SQL, {"kab": desa[:5], "desa": desa}).df()


def desa_coverage(con: duckdb.DuckDBPyConnection, scope: Scope, desa: str, week) -> tuple[str | None, pd.DataFrame]:
    """(month, indicators of klaster 2 and 3 for the desa: kode, nama, nama_en, klaster, cumulative_pct,
    target_pct, status) for the latest month with data up to the week."""
    from dashboard.metrics import pws

    scope.require_desa(desa)
    kab = desa[:5]
    month = latest_month(con, kab, week)
    if month is None:
        return None, pd.DataFrame()
    table = pws.status(con, kab, month)
    table = table[table["kode_desa"] == desa]
    catalog = con.execute("SELECT kode AS kode_indikator, nama, nama_en, klaster FROM indikator"
                          " WHERE klaster IN (2, 3) ORDER BY urutan").df()
    out = catalog.merge(table[["kode_indikator", "cumulative_pct", "target_pct", "status"]], how="left")
    return month, out
