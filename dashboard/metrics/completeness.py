"""Completeness (kelengkapan) and timeliness (ketepatan) of weekly SKDR reports.

Definitions (docs/ARCHITECTURE.md, "Metrics definitions"):

* expected: every facility (Puskesmas and Pustu) of the kabupaten, every week it is open (``fasilitas_aktif``:
  from ``mulai`` to ``selesai`` when the facility list gives them), plus any week it did report; a Pustu whose
  Puskesmas reports its desa (``fasilitas.melapor_lewat``) sends no report of its own and is not expected;
* reported: a *current* ``laporan_mingguan_kiriman`` row exists for the facility-week;
* on time: reported, and the facility-week was first received before the week's Saturday +
  ``ontime_days`` + 1 day (default 2: by the end of the Monday after the week). A later correction
  does not make a timely report late, so ``diterima`` is the first receipt of any submission;
* completeness % = received / expected, timeliness % = on time / expected (SKDR's ketepatan; the
  national target for both is 80 %). No facility expected -> None, never a fake 0 %.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboard.metrics import periods

DEFAULT_ONTIME_DAYS = 2

FACILITY_WEEKS_SQL = """
WITH weeks AS (
    SELECT UNNEST($weeks::VARCHAR[]) AS week, UNNEST($starts::DATE[]) AS week_start
), fac AS (
    SELECT f.kode_fasilitas, f.nama, f.jenis, f.kode_induk, f.kode_kab, f.kode_desa, a.mulai, a.selesai,
           f.melapor_lewat
    FROM fasilitas f LEFT JOIN fasilitas_aktif a USING (kode_fasilitas)
    WHERE list_contains($kabs::VARCHAR[], f.kode_kab)
), sub AS (
    SELECT k.kode_fasilitas, k.week, bool_or(k.is_current) AS reported, min(k.diterima) AS diterima
    FROM laporan_mingguan_kiriman k JOIN fac USING (kode_fasilitas)
    WHERE list_contains($weeks::VARCHAR[], k.week)
    GROUP BY k.kode_fasilitas, k.week
)
SELECT f.kode_kab, f.kode_fasilitas, f.nama, f.jenis, f.kode_induk, f.kode_desa, w.week,
       coalesce(s.reported, false) AS reported,
       coalesce(s.reported AND s.diterima < w.week_start + (7 + $ontime::INTEGER), false) AS on_time,
       s.diterima
FROM fac f CROSS JOIN weeks w
LEFT JOIN sub s ON s.kode_fasilitas = f.kode_fasilitas AND s.week = w.week
WHERE coalesce(s.reported, false)         -- a report counts even outside the facility's dates
   OR (fasilitas_buka(f.mulai, f.selesai, w.week_start) AND f.melapor_lewat IS NULL)
ORDER BY f.kode_kab, f.kode_fasilitas, w.week
"""

# The counts of FACILITY_WEEKS_SQL per kabupaten, grouped where the rows are: the national comparison asks for
# 514 kabupaten (~10,000 facility rows); fetching them into pandas to group them cost ~50 ms a request.
BY_KABUPATEN_SQL = """
SELECT k.kode_kab, k.nama, count(fw.kode_kab) AS expected, count(*) FILTER (WHERE fw.reported) AS received,
       count(*) FILTER (WHERE fw.on_time) AS on_time
FROM kabupaten k LEFT JOIN (""" + FACILITY_WEEKS_SQL + """) fw USING (kode_kab)
WHERE list_contains($kabs::VARCHAR[], k.kode_kab)
GROUP BY k.kode_kab, k.nama
ORDER BY k.kode_kab
"""

NOT_REPORTED_SQL = """
SELECT f.kode_fasilitas, f.nama, f.jenis, f.kode_induk, p.nama AS nama_induk,
       f.kode_desa, d.nama AS nama_desa, f.kode_kec, kc.nama AS nama_kec
FROM fasilitas f
LEFT JOIN fasilitas_aktif a ON a.kode_fasilitas = f.kode_fasilitas
LEFT JOIN fasilitas p ON p.kode_fasilitas = f.kode_induk
LEFT JOIN desa d ON d.kode_desa = f.kode_desa
LEFT JOIN kecamatan kc ON kc.kode_kec = f.kode_kec
WHERE f.kode_kab = $kab
  AND fasilitas_buka(a.mulai, a.selesai, $week_start::DATE)
  AND f.melapor_lewat IS NULL               -- its desa come in its Puskesmas's report
  AND NOT EXISTS (SELECT 1 FROM laporan_mingguan_kiriman k
                  WHERE k.kode_fasilitas = f.kode_fasilitas AND k.week = $week AND k.is_current)
ORDER BY coalesce(f.kode_induk, f.kode_fasilitas), f.jenis, f.kode_fasilitas
"""

DESA_SQL = "SELECT kode_desa, nama AS nama_desa, kode_kec FROM desa WHERE kode_kab = $kab ORDER BY kode_desa"
KEC_NAMES_SQL = "SELECT kode_kec, nama AS nama_kec FROM kecamatan WHERE kode_kab = $kab"

_COLUMNS = ["kode_fasilitas", "nama", "jenis", "kode_induk", "week", "reported", "on_time", "diterima"]


def _facility_weeks(con: duckdb.DuckDBPyConnection, kode_kabs: list[str], first, last,
                    ontime_days: int) -> pd.DataFrame:
    weeks = periods.span(first, last)
    frame = con.execute(FACILITY_WEEKS_SQL, {"weeks": weeks.labels, "starts": weeks.starts,
                                             "kabs": list(kode_kabs), "ontime": int(ontime_days)}).df()
    frame["reported"] = frame["reported"].astype(bool)
    frame["on_time"] = frame["on_time"].astype(bool)
    return frame


def facility_weeks(con: duckdb.DuckDBPyConnection, kode_kab: str, first, last,
                   ontime_days: int = DEFAULT_ONTIME_DAYS) -> pd.DataFrame:
    """One row per expected facility-week: kode_fasilitas, nama, jenis, kode_induk, week, reported,
    on_time, diterima (first receipt; NaT when nothing arrived)."""
    return _facility_weeks(con, [kode_kab], first, last, ontime_days)[_COLUMNS + ["kode_desa"]]


def _counts(frame: pd.DataFrame) -> dict:
    expected = int(len(frame))
    received = int(frame["reported"].sum())
    on_time = int(frame["on_time"].sum())
    return {"expected": expected, "received": received, "on_time": on_time,
            "completeness_pct": periods.pct(received, expected), "timeliness_pct": periods.pct(on_time, expected)}


def _with_aliases(counts: dict) -> dict:
    # ARCHITECTURE.md's contract names them completeness/timeliness: same numbers, both spellings.
    counts["completeness"] = counts["completeness_pct"]
    counts["timeliness"] = counts["timeliness_pct"]
    return counts


def summary(con: duckdb.DuckDBPyConnection, kode_kab: str, week,
            ontime_days: int = DEFAULT_ONTIME_DAYS) -> dict:
    """expected, received, on_time, completeness_pct, timeliness_pct for the week, and the same under
    ``prev`` for the previous week (the "change against last week")."""
    this_week, last_week = periods.label(week), periods.previous(week)
    frame = _facility_weeks(con, [kode_kab], last_week, this_week, ontime_days)
    result = _with_aliases(_counts(frame[frame["week"] == this_week]))
    result["week"] = this_week
    result["prev"] = _with_aliases(_counts(frame[frame["week"] == last_week]))
    result["prev"]["week"] = last_week
    return result


def _grouped(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    grouped = frame.groupby(key, sort=True).agg(expected=("reported", "size"), received=("reported", "sum"),
                                                on_time=("on_time", "sum")).reset_index()
    grouped[["expected", "received", "on_time"]] = grouped[["expected", "received", "on_time"]].astype(int)
    grouped["completeness_pct"] = [periods.pct(r, e) for r, e in zip(grouped["received"], grouped["expected"], strict=True)]
    grouped["timeliness_pct"] = [periods.pct(o, e) for o, e in zip(grouped["on_time"], grouped["expected"], strict=True)]
    return grouped


def by_kabupaten(con: duckdb.DuckDBPyConnection, kode_kabs: list[str], week,
                 ontime_days: int = DEFAULT_ONTIME_DAYS) -> pd.DataFrame:
    """One row per kabupaten: kode_kab, nama, expected, received, on_time, completeness_pct, timeliness_pct."""
    weeks = periods.span(week, week)
    out = con.execute(BY_KABUPATEN_SQL, {"weeks": weeks.labels, "starts": weeks.starts, "kabs": list(kode_kabs),
                                         "ontime": int(ontime_days)}).df()
    # expected, received and on_time are count() results: BIGINT, int64 in the frame (0 where nothing matched)
    out["completeness_pct"] = pd.Series([periods.pct(r, e) for r, e in zip(out["received"], out["expected"],
                                                                            strict=True)], index=out.index, dtype=object)
    out["timeliness_pct"] = pd.Series([periods.pct(o, e) for o, e in zip(out["on_time"], out["expected"],
                                                                          strict=True)], index=out.index, dtype=object)
    return out[["kode_kab", "nama", "expected", "received", "on_time", "completeness_pct", "timeliness_pct"]]


def by_puskesmas(con: duckdb.DuckDBPyConnection, kode_kab: str, week,
                 ontime_days: int = DEFAULT_ONTIME_DAYS) -> pd.DataFrame:
    """One row per Puskesmas counting it and its Pustu: kode_puskesmas, nama, expected (facilities),
    received, on_time, completeness_pct, timeliness_pct, pustu (number of Pustu)."""
    frame = _facility_weeks(con, [kode_kab], week, week, ontime_days)
    if frame.empty:
        return pd.DataFrame(columns=["kode_puskesmas", "nama", "expected", "received", "on_time",
                                     "completeness_pct", "timeliness_pct", "pustu"])
    frame["kode_puskesmas"] = frame["kode_induk"].where(frame["jenis"] == "pustu", frame["kode_fasilitas"])
    frame["kode_puskesmas"] = frame["kode_puskesmas"].fillna(frame["kode_fasilitas"])
    grouped = _grouped(frame, "kode_puskesmas")
    heads = frame[frame["jenis"] == "puskesmas"].set_index("kode_fasilitas")["nama"]
    grouped["nama"] = grouped["kode_puskesmas"].map(heads).fillna(grouped["kode_puskesmas"])
    grouped["pustu"] = grouped["kode_puskesmas"].map(frame[frame["jenis"] == "pustu"]
                                                     .groupby("kode_puskesmas").size()).fillna(0).astype(int)
    return grouped[["kode_puskesmas", "nama", "expected", "received", "on_time", "completeness_pct",
                    "timeliness_pct", "pustu"]].sort_values("nama").reset_index(drop=True)


def not_reported(con: duckdb.DuckDBPyConnection, kode_kab: str, week) -> pd.DataFrame:
    """Facilities with no current submission for the week: kode_fasilitas, nama, jenis, kode_induk,
    nama_induk, kode_desa, nama_desa, kode_kec, nama_kec."""
    return con.execute(NOT_REPORTED_SQL, {"kab": kode_kab, "week": periods.label(week),
                                          "week_start": periods.week(week).startdate()}).df()


def desa_reported(con: duckdb.DuckDBPyConnection, kode_kab: str, week) -> pd.DataFrame:
    """Every desa of the kabupaten: kode_desa, nama_desa, kode_kec, status, fasilitas_diharapkan, fasilitas_lapor
    (``etl.reporting.desa_status``: lapor | sebagian | tidak_lapor) and ``reported`` = the desa has a current row
    (lapor or sebagian). ``reported`` False is "tidak lapor" (never a zero); a facility's report that left the
    desa out does not make it reported."""
    from etl.reporting import desa_status

    frame = con.execute(DESA_SQL, {"kab": kode_kab}).df()
    status = desa_status(con, kode_kab, periods.label(week))
    frame = frame.merge(status, on="kode_desa", how="left")
    frame["status"] = frame["status"].fillna("tidak_lapor")
    frame["reported"] = (frame["status"] != "tidak_lapor").astype(bool)
    return frame


def desa_gaps(con: duckdb.DuckDBPyConnection, kode_kab: str, week) -> pd.DataFrame:
    """Desa with status sebagian or tidak_lapor in the week: kode_desa, nama_desa, nama_kec, status,
    fasilitas_diharapkan, fasilitas_lapor, belum (names of the expected facilities without a row for the desa)."""
    from etl.reporting import missing_reporters

    label = periods.label(week)
    frame = desa_reported(con, kode_kab, label)
    frame = frame[frame["status"] != "lapor"].copy()
    kec = con.execute(KEC_NAMES_SQL, {"kab": kode_kab}).df().set_index("kode_kec")["nama_kec"]
    frame["nama_kec"] = frame["kode_kec"].map(kec)
    missing = missing_reporters(con, kode_kab, label)
    names = missing.assign(nama=missing["nama"].fillna(missing["kode_fasilitas"])).groupby("kode_desa")["nama"]
    frame["belum"] = frame["kode_desa"].map(names.agg(lambda s: ", ".join(sorted(set(s))))).fillna("")
    frame["_order"] = (frame["status"] == "sebagian").astype(int)
    frame = frame.sort_values(["_order", "nama_kec", "nama_desa"]).reset_index(drop=True)
    return frame[["kode_desa", "nama_desa", "nama_kec", "status", "fasilitas_diharapkan", "fasilitas_lapor", "belum"]]
