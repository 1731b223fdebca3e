"""The open outbreak events of a kabupaten-week, as the report lists them.

The source is ``etl.detect.events.list_events`` (one event per outbreak, issue 9). Until that module
exists the report groups the alert signals itself, honestly and simply: the open alerts of the last
4 weeks of one syndrome in one kecamatan are one event (a Puskesmas-level alert counts in its
kecamatan). ``source`` says which one was used, and the PDF prints it. In that fallback the cases of
an event are recounted here from the current weekly facts of its desa, so the weekly figures never show
a scan's window total as the week's cases.

Order (the bulletin's priority): immediately notifiable, declared KLB or with deaths first, then rising,
then the rest; within each, events with a signal this week first, then most cases this week.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import duckdb
import pandas as pd

from dashboard.metrics import alerts, periods
from dashboard.report.syndromes import rising

OPEN = ("baru", "diverifikasi", "penilaian_risiko", "penilaian", "direspons")
EXTRA_COLUMNS = ["kasus_minggu_lalu", "nama_puskesmas", "desa_peta", "puskesmas_peta", "baru_minggu_ini", "no"]
WINDOW_WEEKS = 4
SERIES_WEEKS = 8
COLUMNS = ["id", "kode_kab", "sindrom", "status", "prioritas", "minggu_awal", "minggu_akhir", "desa", "kecamatan",
           "kasus_minggu_ini", "kasus_total", "kematian", "tren", "metode", "alasan", "kode_puskesmas", "dibuat",
           "direspons_pada", "klb", "satu_kasus", "kasus_mingguan"]

CASES_SQL = """
WITH ev AS (SELECT UNNEST($ev::INTEGER[]) AS ev, UNNEST($desa::VARCHAR[]) AS kode_desa,
                   UNNEST($sindrom::VARCHAR[]) AS kode_sindrom)
SELECT ev.ev, l.week, sum(l.kasus) AS kasus, sum(l.kematian) AS kematian, count(l.kematian) AS kematian_n
FROM laporan_mingguan l JOIN ev USING (kode_desa, kode_sindrom)
WHERE l.is_current AND l.week BETWEEN $first AND $last
GROUP BY ev.ev, l.week
"""
REPORTED_WEEKS_SQL = """
WITH ev AS (SELECT UNNEST($ev::INTEGER[]) AS ev, UNNEST($desa::VARCHAR[]) AS kode_desa)
SELECT DISTINCT ev.ev, k.week FROM laporan_mingguan_kiriman k JOIN wilayah_kerja wk USING (kode_fasilitas)
JOIN ev ON ev.kode_desa = wk.kode_desa WHERE k.is_current AND k.week BETWEEN $first AND $last
"""
PUSKESMAS_OF_DESA_SQL = """
SELECT wk.kode_desa, f.kode_fasilitas, f.nama, f.kode_kec
FROM wilayah_kerja wk JOIN fasilitas f USING (kode_fasilitas)
WHERE f.jenis = 'puskesmas' AND f.kode_kab = $kab
"""
LEVEL_SQL = "SELECT kejadian_id, tingkat FROM kejadian WHERE kode_kab = $kab"
DEATHS_COUNTED_SQL = """
SELECT count(kematian) FROM laporan_mingguan WHERE is_current AND kode_kab = $kab AND week BETWEEN $first AND $last
"""
DESA_NAMES_SQL = "SELECT kode_desa, nama, kode_kec FROM desa WHERE kode_kab = $kab"
KEC_NAMES_SQL = "SELECT kode_kec, nama FROM kecamatan WHERE kode_kab = $kab"
FACILITY_SQL = "SELECT kode_fasilitas, nama, kode_kec, kode_desa FROM fasilitas WHERE kode_kab = $kab"


def single_case_syndromes() -> set[str]:
    from etl.detect.config import load_config

    return set(load_config()["single_case"]["syndromes"])


def _trend(this: float | None, last: float | None) -> str | None:
    if this is None or last is None or this != this or last != last:
        return None
    return "naik" if rising(this, last) else "turun" if rising(last, this) else "tetap"


def _from_alerts(con: duckdb.DuckDBPyConnection, kode_kab: str, week: str,
                 as_of: dt.datetime | None) -> pd.DataFrame:
    first = periods.previous(week, WINDOW_WEEKS - 1)
    rows = alerts.frame(con, kode_kab, first, week, as_of=as_of)
    rows = rows[rows["active"]].copy()
    if rows.empty:
        return pd.DataFrame(columns=COLUMNS)
    facilities = con.execute(FACILITY_SQL, {"kab": kode_kab}).df().set_index("kode_fasilitas")
    rows["kec"] = rows["kode_kec"]
    is_pkm = rows["level"] == "puskesmas"
    rows.loc[is_pkm, "kec"] = rows.loc[is_pkm, "unit_code"].map(facilities["kode_kec"])
    single = single_case_syndromes()
    out = []
    for (code, kec), group in rows.groupby(["kode_sindrom", "kec"], sort=False, dropna=False):
        desa = list(dict.fromkeys(c for codes in group["desa_codes"] for c in str(codes).split(";") if c))
        # A Puskesmas-level alert names its whole wilayah kerja: counted, but marked on the map as the
        # Puskesmas, not painted over every desa.
        painted = list(dict.fromkeys(c for codes in group.loc[group["level"] != "puskesmas", "desa_codes"]
                                     for c in str(codes).split(";") if c))
        pkm = group.loc[group["level"] == "puskesmas", "unit_code"]
        status = next((s for s in OPEN if s in set(group["status"])), group["status"].iloc[0])
        responded = group["responded_at"].dropna()
        out.append({
            "id": int(group["alert_id"].min()), "kode_kab": kode_kab, "sindrom": code, "status": status,
            "minggu_awal": group["week"].min(), "minggu_akhir": group["week"].max(), "desa": ";".join(desa),
            "kecamatan": kec if isinstance(kec, str) else "", "metode": ";".join(sorted(set(group["method"]))),
            "alasan": "", "kode_puskesmas": pkm.iloc[0] if len(pkm) else None,
            "dibuat": group["created_at"].min(),
            "direspons_pada": responded.min() if len(responded) else pd.NaT,
            "klb": False, "satu_kasus": code in single, "desa_peta": ";".join(painted),
            "puskesmas_peta": pkm.iloc[0] if len(pkm) else None,
        })
    return pd.DataFrame(out)


def _list_events(con, kode_kab: str, week: str) -> pd.DataFrame | None:
    try:
        from etl.detect.events import list_events
    except ImportError:
        return None
    try:
        frame = list_events(con, kode_kab=kode_kab, first=periods.previous(week, WINDOW_WEEKS - 1), last=week)
    except duckdb.CatalogException:  # a warehouse from before the events migration: group the alerts
        return None
    frame = frame[frame["status"].isin(OPEN) & (frame["minggu_awal"] <= week)].copy()
    try:  # list_events does not return the level; a Puskesmas-level event is marked, not painted
        levels = dict(con.execute(LEVEL_SQL, {"kab": kode_kab}).fetchall())
    except duckdb.Error:
        levels = {}
    frame["tingkat"] = frame["id"].map(levels)
    return frame


def _counts(con, events: pd.DataFrame, week: str) -> pd.DataFrame:
    """Cases this week, last week, since the start, deaths and the weekly series of each event's desa
    (two queries for all events)."""
    first_series = periods.previous(week, SERIES_WEEKS - 1)
    first = min([first_series, *events["minggu_awal"]])
    pairs = [(i, code, row.sindrom) for i, row in enumerate(events.itertuples())
             for code in dict.fromkeys(str(row.desa).split(";")) if code]
    ev, desa, sindrom = (list(col) for col in zip(*pairs, strict=True)) if pairs else ([], [], [])
    cases = con.execute(CASES_SQL, {"ev": ev, "desa": desa, "sindrom": sindrom, "first": first,
                                    "last": week}).df()
    reported = set(con.execute(REPORTED_WEEKS_SQL, {"ev": ev, "desa": desa, "first": first,
                                                    "last": week}).fetchall())
    by_event = {key: frame.set_index("week") for key, frame in cases.groupby("ev")}
    empty = cases.iloc[0:0].set_index("week")
    series_weeks = periods.span(first_series, week).labels
    last_week = periods.previous(week)
    this_col, last_col, total_col, deaths_col, series_col = [], [], [], [], []
    for i, row in enumerate(events.itertuples()):
        mine = by_event.get(i, empty)

        def value(label: str, mine=mine, i=i) -> int | None:
            if label in mine.index and pd.notna(mine.at[label, "kasus"]):
                return int(mine.at[label, "kasus"])
            return 0 if (i, label) in reported else None  # no facility of these desa reported: missing, not 0

        this_col.append(value(week))
        last_col.append(value(last_week))
        since = mine[(mine.index >= row.minggu_awal) & (mine.index <= week)]
        any_report = any((i, label) in reported for label in periods.span(row.minggu_awal, week).labels)
        total_col.append(int(since["kasus"].sum()) if len(since) else (0 if any_report else None))
        deaths_col.append(int(since["kematian"].sum()) if since["kematian_n"].sum() > 0 else None)
        series_col.append([value(label) for label in series_weeks])
    return events.assign(kasus_minggu_ini=this_col, kasus_minggu_lalu=last_col, kasus_total=total_col,
                         kematian=deaths_col, kasus_mingguan=series_col)


def _from_list(frame: pd.DataFrame) -> pd.DataFrame:
    """list_events rows as the report needs them: a Puskesmas-level event (no desa of its own) is marked
    at its Puskesmas, not painted over its wilayah; the last 8 weeks of its series; last week's cases."""

    def plain(value):
        return None if value is None or pd.isna(value) else int(value)

    pkm_level = frame["tingkat"].eq("puskesmas") if "tingkat" in frame else pd.Series(False, index=frame.index)
    desa = frame["desa"].fillna("").where(~pkm_level, "")
    first_pkm = frame["kode_puskesmas"].fillna("").str.split(";").str[0]
    series = [[plain(v) for v in list(values or [])] for values in frame["kasus_mingguan"]]
    return frame.assign(
        desa_peta=desa, puskesmas_peta=first_pkm.where((desa == "") & (first_pkm != ""), None),
        kode_puskesmas=first_pkm.where(first_pkm != "", None),
        kasus_minggu_ini=[plain(v) for v in frame["kasus_minggu_ini"]],
        kasus_total=[plain(v) for v in frame["kasus_total"]], kematian=[plain(v) for v in frame["kematian"]],
        kasus_minggu_lalu=[values[-2] if len(values) > 1 else None for values in series],
        kasus_mingguan=[values[-SERIES_WEEKS:] for values in series])


def open_events(con: duckdb.DuckDBPyConnection, kode_kab: str, week: str,
                as_of: dt.datetime | None = None) -> tuple[pd.DataFrame, str]:
    """(events, source): the kabupaten's open events up to ``week``, most urgent first, with
    ``kasus_minggu_ini``, ``kasus_minggu_lalu``, ``kasus_total``, ``kematian``, ``tren``, ``kasus_mingguan``
    (8 weeks, None = not reported) recounted from the weekly facts, and ``kode_puskesmas`` (responsible).
    ``source`` is "events" (etl.detect.events) or "alerts" (grouped here from the alert signals)."""
    week = periods.label(week)
    frame = _list_events(con, kode_kab, week)
    source = "events"
    if frame is None or frame.empty:  # also a warehouse whose alerts were never grouped into events
        frame, source = _from_alerts(con, kode_kab, week, as_of), "alerts"
    if frame.empty:
        return pd.DataFrame(columns=COLUMNS + EXTRA_COLUMNS), source
    frame = frame.reset_index(drop=True)
    if source == "events":
        frame = _from_list(frame)
        # One rule for "naik" in the bulletin (the syndrome table's), and deaths only where counted.
        frame["tren"] = [_trend(a, b) for a, b in zip(frame["kasus_minggu_ini"], frame["kasus_minggu_lalu"],
                                                       strict=True)]
        counted = con.execute(DEATHS_COUNTED_SQL, {"kab": kode_kab, "first": min(frame["minggu_awal"]),
                                                   "last": week}).fetchone()[0]
        if not counted:
            frame["kematian"] = None
    else:
        frame = _counts(con, frame, week)
        frame["tren"] = [_trend(a, b) for a, b in zip(frame["kasus_minggu_ini"], frame["kasus_minggu_lalu"],
                                                       strict=True)]
    # Responsible Puskesmas: the event's own, else the one whose wilayah kerja holds most of its desa.
    owners = con.execute(PUSKESMAS_OF_DESA_SQL, {"kab": kode_kab}).fetchall()
    names = {code: name for _, code, name, _ in owners}
    by_desa: dict[str, str] = {}
    for desa_code, code, _, _ in owners:
        by_desa.setdefault(desa_code, code)
    chosen = []
    for own, codes in zip(frame["kode_puskesmas"], frame["desa"], strict=True):
        if not (isinstance(own, str) and own):
            counts = Counter(by_desa[c] for c in str(codes).split(";") if c in by_desa)
            own = counts.most_common(1)[0][0] if counts else None
        chosen.append(own)
    frame["kode_puskesmas"] = chosen
    frame["nama_puskesmas"] = frame["kode_puskesmas"].map(names)
    frame["baru_minggu_ini"] = frame["minggu_akhir"] == week
    first = frame["satu_kasus"].astype(bool) | frame["klb"].fillna(False).astype(bool) | (
        pd.to_numeric(frame["kematian"], errors="coerce").fillna(0) > 0)
    rank = (~first).astype(int) * 2 + (first | (frame["tren"] != "naik")).astype(int)
    frame = frame.assign(_rank=rank, _now=~frame["baru_minggu_ini"],
                         _cases=pd.to_numeric(frame["kasus_minggu_ini"], errors="coerce").fillna(-1))
    frame = frame.sort_values(["_rank", "_now", "_cases", "id"], ascending=[True, True, False, True], kind="stable")
    frame = frame.drop(columns=["_rank", "_now", "_cases"]).reset_index(drop=True)
    frame["no"] = range(1, len(frame) + 1)  # the number on the map and in the tables
    return frame, source


def mark_names(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, syndrome_names: dict[str, str]) -> pd.DataFrame:
    """Adds nama_sindrom, nama_desa (';'-joined, biggest place first as listed) and nama_kec."""
    kab = frame["kode_kab"].iloc[0] if len(frame) else ""
    desa = {code: (name, kec) for code, name, kec in con.execute(DESA_NAMES_SQL, {"kab": kab}).fetchall()}
    kec_names = dict(con.execute(KEC_NAMES_SQL, {"kab": kab}).fetchall())
    nama_desa, nama_kec = [], []
    for shown, kecamatan in zip(frame["desa_peta"], frame["kecamatan"], strict=True):
        codes = [c for c in (shown if isinstance(shown, str) else "").split(";") if c in desa]
        nama_desa.append(";".join(desa[c][0] for c in codes))
        kecs = [k for k in kecamatan.split(";") if k] if isinstance(kecamatan, str) and kecamatan else []
        kecs = kecs or list(dict.fromkeys(desa[c][1] for c in codes))
        nama_kec.append(", ".join(kec_names.get(k, k) for k in kecs))
    return frame.assign(nama_sindrom=frame["sindrom"].map(syndrome_names).fillna(frame["sindrom"]),
                        nama_desa=nama_desa, nama_kec=nama_kec)
