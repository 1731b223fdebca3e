"""One reporting status per desa-week, used by the map, Kelengkapan, detection, the PDF and `pws reporting`.

For a desa and an SKDR week:

* the facilities *expected* to report the desa are the facilities open that week (``fasilitas_aktif``) whose
  wilayah kerja holds it, each replaced by the facility it reports through (``fasilitas.melapor_lewat``: a
  Pustu whose villages its Puskesmas reports for), except a Puskesmas for a desa that one of its own open
  Pustu serves (the Pustu reports that desa; the Puskesmas's wilayah kerja lists it because it supervises);
* a facility *reported* the desa when its current submission holds at least one current row for the desa;
* ``lapor``: every expected facility reported it; ``sebagian``: it has current rows, but some expected
  facility did not report it (the counts are a lower bound); ``tidak_lapor``: no current row for the desa
  at all, whatever other desa the same facilities sent. A ``tidak_lapor`` desa is never drawn or counted as
  zero cases.

``fasilitas_diharapkan`` counts the expected facilities, ``fasilitas_lapor`` the facilities with a current
row for the desa (a facility outside the expected ones counts there too, but does not make the desa
``lapor``). Over several weeks (``desa_status_range``) both are facility-weeks, and the status is ``lapor``
only when every week is, ``tidak_lapor`` only when no week has a row.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from etl import listing
from etl.messages import msg
from etl.weeks import parse_week, week_label, week_range

STATUSES = ("lapor", "sebagian", "tidak_lapor")
COLUMNS = ["kode_desa", "status", "fasilitas_diharapkan", "fasilitas_lapor"]
RANGE_COLUMNS = COLUMNS + ["minggu", "minggu_lapor", "minggu_sebagian", "minggu_tidak_lapor"]


class ReportingError(ValueError):
    """A bad kabupaten or week for a reporting status."""


# (desa, week, facility) pairs: expected and/or reported. Values are bound; weeks come as two lists.
DETAIL_SQL = """
WITH weeks AS (
    SELECT unnest($weeks::VARCHAR[]) AS week, unnest($starts::DATE[]) AS week_start
), d AS (
    SELECT kode_desa FROM desa WHERE kode_kab = $kab
), serving AS (
    SELECT wk.kode_desa, w.week, f.kode_fasilitas, f.jenis, f.kode_induk,
           coalesce(f.melapor_lewat, f.kode_fasilitas) AS pelapor
    FROM wilayah_kerja wk JOIN d USING (kode_desa)
    JOIN fasilitas f ON f.kode_fasilitas = wk.kode_fasilitas
    LEFT JOIN fasilitas_aktif a ON a.kode_fasilitas = f.kode_fasilitas
    CROSS JOIN weeks w
    WHERE fasilitas_buka(a.mulai, a.selesai, w.week_start)
), expected AS (
    SELECT DISTINCT s.kode_desa, s.week, s.pelapor AS kode_fasilitas
    FROM serving s
    LEFT JOIN (SELECT DISTINCT kode_desa, week, kode_induk FROM serving WHERE kode_induk IS NOT NULL) p
           ON p.kode_desa = s.kode_desa AND p.week = s.week AND p.kode_induk = s.kode_fasilitas
    WHERE s.jenis <> 'puskesmas' OR p.kode_induk IS NULL
), reported AS (
    SELECT DISTINCT l.kode_desa, l.week, l.kode_fasilitas
    FROM laporan_mingguan l JOIN d USING (kode_desa)
    WHERE l.is_current AND l.week_start BETWEEN $first_start AND $last_start AND list_contains($weeks::VARCHAR[], l.week)
)
SELECT coalesce(e.kode_desa, r.kode_desa) AS kode_desa, coalesce(e.week, r.week) AS week,
       coalesce(e.kode_fasilitas, r.kode_fasilitas) AS kode_fasilitas,
       e.kode_fasilitas IS NOT NULL AS diharapkan, r.kode_fasilitas IS NOT NULL AS lapor
FROM expected e FULL OUTER JOIN reported r USING (kode_desa, week, kode_fasilitas)
"""

WEEK_STATUS_SQL = f"""
WITH detail AS ({DETAIL_SQL}),
per AS (
    SELECT kode_desa, week,
           count(*) FILTER (WHERE diharapkan) AS fasilitas_diharapkan,
           count(*) FILTER (WHERE lapor) AS fasilitas_lapor,
           count(*) FILTER (WHERE diharapkan AND NOT lapor) AS belum
    FROM detail GROUP BY kode_desa, week
), grid AS (
    SELECT d.kode_desa, w.week FROM desa d CROSS JOIN (SELECT unnest($weeks::VARCHAR[]) AS week) w
    WHERE d.kode_kab = $kab
)
SELECT g.kode_desa, g.week,
       CASE WHEN coalesce(p.fasilitas_lapor, 0) = 0 THEN 'tidak_lapor'
            WHEN p.belum = 0 THEN 'lapor' ELSE 'sebagian' END AS status,
       coalesce(p.fasilitas_diharapkan, 0)::INTEGER AS fasilitas_diharapkan,
       coalesce(p.fasilitas_lapor, 0)::INTEGER AS fasilitas_lapor
FROM grid g LEFT JOIN per p USING (kode_desa, week)
ORDER BY g.kode_desa, g.week
"""  # noqa: S608 - constants only; values are bound

MISSING_SQL = f"""
WITH detail AS ({DETAIL_SQL})
SELECT x.kode_desa, x.week, x.kode_fasilitas, f.nama, f.jenis
FROM detail x LEFT JOIN fasilitas f USING (kode_fasilitas)
WHERE x.diharapkan AND NOT x.lapor
ORDER BY x.kode_desa, x.week, x.kode_fasilitas
"""  # noqa: S608 - constants only; values are bound

KAB_EXISTS_SQL = "SELECT count(*) FROM kabupaten WHERE kode_kab = ?"


def _params(kode_kab: str, first, last) -> dict:
    try:
        weeks = week_range(parse_week(str(first)), parse_week(str(last)))
    except ValueError as exc:
        raise ReportingError(str(exc)) from exc
    if not weeks:
        raise ReportingError(msg("period.weeks_reversed", first=first, last=last))
    return {"kab": kode_kab, "weeks": [week_label(w) for w in weeks], "starts": [w.startdate() for w in weeks],
            "first_start": weeks[0].startdate(), "last_start": weeks[-1].startdate()}


def desa_week_status(con: duckdb.DuckDBPyConnection, kode_kab: str, first, last) -> pd.DataFrame:
    """One row per desa of the kabupaten and week first..last: kode_desa, week, status, fasilitas_diharapkan,
    fasilitas_lapor (``con``: the writer or a read-only snapshot)."""
    frame = con.execute(WEEK_STATUS_SQL, _params(kode_kab, first, last)).df()
    return frame.astype({"fasilitas_diharapkan": int, "fasilitas_lapor": int})


def desa_status(con: duckdb.DuckDBPyConnection, kode_kab: str, week) -> pd.DataFrame:
    """One row per desa of the kabupaten for one week: kode_desa, status (lapor | sebagian | tidak_lapor),
    fasilitas_diharapkan, fasilitas_lapor."""
    return desa_week_status(con, kode_kab, week, week)[COLUMNS].reset_index(drop=True)


def desa_status_range(con: duckdb.DuckDBPyConnection, kode_kab: str, first, last) -> pd.DataFrame:
    """One row per desa over weeks first..last: the COLUMNS (facility-weeks summed; status lapor only when every
    week is lapor, tidak_lapor only when no week has a row, else sebagian) and minggu, minggu_lapor,
    minggu_sebagian, minggu_tidak_lapor (week counts)."""
    weekly = desa_week_status(con, kode_kab, first, last)
    if weekly.empty:
        return pd.DataFrame(columns=RANGE_COLUMNS)
    counts = pd.crosstab(weekly["kode_desa"], weekly["status"]).reindex(columns=list(STATUSES), fill_value=0)
    sums = weekly.groupby("kode_desa")[["fasilitas_diharapkan", "fasilitas_lapor"]].sum()
    out = sums.join(counts).reset_index()
    out["minggu"] = out[list(STATUSES)].sum(axis=1)
    out["status"] = "sebagian"
    out.loc[out["lapor"] == out["minggu"], "status"] = "lapor"
    out.loc[out["tidak_lapor"] == out["minggu"], "status"] = "tidak_lapor"
    out = out.rename(columns={"lapor": "minggu_lapor", "sebagian": "minggu_sebagian",
                              "tidak_lapor": "minggu_tidak_lapor"})
    return out[RANGE_COLUMNS].astype({c: int for c in RANGE_COLUMNS[2:]})


def missing_reporters(con: duckdb.DuckDBPyConnection, kode_kab: str, first, last=None) -> pd.DataFrame:
    """Expected facilities that did not report a desa: kode_desa, week, kode_fasilitas, nama, jenis (the "why"
    behind ``sebagian`` and ``tidak_lapor``)."""
    return con.execute(MISSING_SQL, _params(kode_kab, first, last or first)).df()


def puskesmas_below_share(con: duckdb.DuckDBPyConnection, kode_kab: str, first, last=None,
                          min_reporting: float | None = None) -> pd.DataFrame:
    """Puskesmas-weeks without Puskesmas-level detection: fewer than ``min_reporting`` (default: the detection
    config's ``series.puskesmas_min_reporting``) of the Puskesmas's facilities that send their own report (a
    ``melapor_lewat`` Pustu does not) sent one. The rule and SQL of ``etl.detect.series.puskesmas_series``, so
    the count equals the "Puskesmas-minggu tanpa deteksi tingkat Puskesmas" line of ``pws detect``.
    Columns: kode_pkm, week, fasilitas_buka, fasilitas_lapor, min_reporting."""
    from etl.detect import series

    if min_reporting is None:
        from etl.detect.config import load_config

        min_reporting = float(load_config()["series"].get("puskesmas_min_reporting", 0.75))
    p = _params(kode_kab, first, last or first)
    opened = con.execute(series.PKM_OPEN_SQL, [p["weeks"], p["starts"], kode_kab]).df()
    sent = con.execute(series.PKM_REPORTED_SQL, [kode_kab, p["first_start"], p["last_start"]]).df()
    out = opened.merge(sent, on=["kode_pkm", "week"], how="left").fillna({"n": 0})
    out = out[(out["n_open"] > 0) & (out["n"] / out["n_open"] < min_reporting - 1e-9)]
    out = out.rename(columns={"n_open": "fasilitas_buka", "n": "fasilitas_lapor"}).assign(min_reporting=min_reporting)
    return (out.astype({"fasilitas_buka": int, "fasilitas_lapor": int}).sort_values(["week", "kode_pkm"])
            .reset_index(drop=True)[["kode_pkm", "week", "fasilitas_buka", "fasilitas_lapor", "min_reporting"]])


def check_kabupaten(con: duckdb.DuckDBPyConnection, kode_kab: str) -> None:
    if not con.execute(KAB_EXISTS_SQL, [kode_kab]).fetchone()[0]:
        raise ReportingError(msg("etl.kabupaten_unknown", kab=kode_kab))


def render(frame: pd.DataFrame, fmt: str) -> str:
    """'table' (aligned, with a count per status), 'csv' or 'json' (a list of objects)."""
    text = listing.machine_text(frame, fmt)
    if text is not None:
        return text
    counts = frame["status"].value_counts()
    tail = ", ".join(f"{s} {int(counts.get(s, 0))}" for s in STATUSES)
    return frame.to_string(index=False, justify="left") + f"\n{len(frame)} desa: {tail}\n"
