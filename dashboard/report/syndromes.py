"""The 24 SKDR syndromes of a kabupaten-week against last week and the same week last year, with
deaths and CFR (the SKDR weekly bulletin's main table).

Cases = sum of current ``laporan_mingguan.kasus`` over the kabupaten. A week in which no facility of
the kabupaten reported is None for every syndrome (missing, never 0); a syndrome nobody reported a case
of in a reported week is 0. Deaths are None when no report gave a death count (``kematian`` blank).
Rising ("naik", also the trend of an event): at least ``RISE_MIN`` more cases than last week, and a rise
of at least ``RISE_Z`` standard errors (``(this - last) / sqrt(this + last)``, two Poisson counts): +184 on
1,004 ILI cases is a rise, 5 against 1 malaria case is not yet.
"""

from __future__ import annotations

import math

import duckdb
import pandas as pd

from dashboard.metrics import periods
from etl.weeks import make_week, weeks_in_year

RISE_MIN, RISE_Z = 3, 2.0

WEEKS_SQL = """
WITH s AS (SELECT kode, nama, nama_en, urutan FROM sindrom),
w AS (SELECT UNNEST($weeks::VARCHAR[]) AS week, UNNEST($keys::VARCHAR[]) AS key),
f AS (
    SELECT w.key, l.kode_sindrom, sum(l.kasus) AS kasus, sum(l.kematian) AS kematian,
           count(l.kematian) AS kematian_n
    FROM laporan_mingguan l JOIN w USING (week)
    WHERE l.is_current AND l.kode_kab = $kab
    GROUP BY w.key, l.kode_sindrom
), ytd AS (
    SELECT kode_sindrom, sum(kasus) AS kasus, sum(kematian) AS kematian, count(kematian) AS kematian_n
    FROM laporan_mingguan
    WHERE is_current AND kode_kab = $kab AND week BETWEEN $year_first AND $week
    GROUP BY kode_sindrom
)
SELECT s.kode, s.nama, s.nama_en, s.urutan, f.key, f.kasus, f.kematian, f.kematian_n,
       ytd.kasus AS kasus_tahun, ytd.kematian AS kematian_tahun, ytd.kematian_n AS kematian_tahun_n
FROM s LEFT JOIN f ON f.kode_sindrom = s.kode LEFT JOIN ytd ON ytd.kode_sindrom = s.kode
ORDER BY s.urutan
"""
REPORTED_SQL = """
SELECT week, count(*) FROM laporan_mingguan_kiriman
WHERE is_current AND kode_kab = $kab AND list_contains($weeks::VARCHAR[], week) GROUP BY week
"""
COLUMNS = ["kode", "nama", "ini", "lalu", "tahun_lalu", "kematian", "kasus_tahun", "kematian_tahun", "cfr",
           "naik"]


def rising(this: int | float | None, last: int | float | None) -> bool:
    """True when ``this`` week's count is clearly above ``last`` week's (see the module docstring)."""
    if this is None or last is None or this != this or last != last:
        return False
    return this - last >= RISE_MIN and (this - last) / math.sqrt(this + last) >= RISE_Z


def same_week_last_year(week: str) -> str:
    parsed = periods.week(week)
    year = parsed.year - 1
    return periods.label(make_week(year, min(parsed.week, weeks_in_year(year))))


def table(con: duckdb.DuckDBPyConnection, kode_kab: str, week: str, lang: str = "id") -> pd.DataFrame:
    """One row per syndrome (catalog order): kode, nama, ini, lalu, tahun_lalu (cases; None = nobody
    reported that week), kematian (this week), kasus_tahun / kematian_tahun (since week 1 of the year),
    cfr (% deaths / cases since week 1; None without cases or without a death count), naik (bool)."""
    week = periods.label(week)
    keys = {"ini": week, "lalu": periods.previous(week), "tahun_lalu": same_week_last_year(week)}
    year_first = periods.label(make_week(periods.week(week).year, 1))
    raw = con.execute(WEEKS_SQL, {"kab": kode_kab, "weeks": list(keys.values()), "keys": list(keys),
                                  "year_first": year_first, "week": week}).fetchall()
    reported = dict(con.execute(REPORTED_SQL, {"kab": kode_kab, "weeks": list(keys.values())}).fetchall())
    order: dict[str, dict] = {}
    for code, nama, nama_en, _, key, kasus, kematian, kematian_n, kasus_tahun, kematian_tahun, kematian_tahun_n in raw:
        row = order.setdefault(code, {"kode": code, "nama": (nama_en if lang == "en" else nama) or nama,
                                      "weeks": {}, "kasus_tahun": kasus_tahun, "kematian_tahun": kematian_tahun,
                                      "kematian_tahun_n": kematian_tahun_n})
        if key is not None:
            row["weeks"][key] = (kasus, kematian, kematian_n)
    rows = []
    for code, found in order.items():
        row = {"kode": code, "nama": found["nama"]}
        for key, label in keys.items():
            kasus = found["weeks"].get(key, (None, None, 0))[0]
            row[key] = None if not reported.get(label) else int(kasus or 0)
        _, deaths, deaths_n = found["weeks"].get("ini", (None, None, 0))
        row["kematian"] = int(deaths) if deaths_n else None
        row["kasus_tahun"] = int(found["kasus_tahun"]) if found["kasus_tahun"] is not None else (
            0 if reported else None)
        row["kematian_tahun"] = int(found["kematian_tahun"]) if found["kematian_tahun_n"] else None
        row["cfr"] = (round(100.0 * row["kematian_tahun"] / row["kasus_tahun"], 1)
                      if row["kematian_tahun"] is not None and row["kasus_tahun"] else None)
        row["naik"] = rising(row["ini"], row["lalu"])
        rows.append(row)
    return pd.DataFrame(rows, columns=COLUMNS)
