"""Everything one weekly report shows, gathered from the shared metrics (so the PDF and the dashboard
agree) into one plain value the layout code renders."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from dashboard import i18n
from dashboard.metrics import PeriodError, completeness, periods, pws
from dashboard.report import actions as action_table
from dashboard.report import events as event_data
from dashboard.report import headline, syndromes
from etl.weeks import today, week_label_id

PWS_FOCUS = ("K4", "PN", "KN1", "IDL", "D_S")  # PWS KIA and gizi: where the Sekda can push desa
PWS_FOCUS_DESA = 6
MIN_COMPLETENESS_ENV = "PWS_REPORT_MIN_COMPLETENESS"
DEFAULT_MIN_COMPLETENESS = 50.0  # under this share of facilities reported the week is called incomplete


class ReportError(ValueError):
    """A report that cannot be made (unknown kabupaten, bad or future week): the message says why."""


KABUPATEN_SQL = "SELECT kode_kab, nama, jenis FROM kabupaten WHERE kode_kab = $kab"
KABUPATEN_LIST_SQL = "SELECT kode_kab FROM kabupaten ORDER BY kode_kab"
SYNDROME_SQL = "SELECT kode, nama, nama_en FROM sindrom ORDER BY urutan"
DATA_AS_OF_SQL = """
SELECT coalesce((SELECT max(loaded_at) FROM ingest_file), (SELECT max(diterima) FROM laporan_mingguan_kiriman))
"""
LATEST_MONTH_SQL = "SELECT max(bulan) FROM laporan_bulanan WHERE is_current AND kode_kab = $kab AND bulan <= $month"
DESA_GEOMETRY_SQL = """
SELECT kode_desa, nama, kode_kec, geom_simple FROM desa WHERE kode_kab = $kab AND geom_simple IS NOT NULL
"""
KECAMATAN_SQL = "SELECT kode_kec, nama, geom_simple FROM kecamatan WHERE kode_kab = $kab"
PUSKESMAS_PLACE_SQL = """
SELECT f.kode_fasilitas, d.centroid_lon AS lon, d.centroid_lat AS lat
FROM fasilitas f JOIN desa d ON d.kode_desa = f.kode_desa WHERE f.kode_kab = $kab AND f.jenis = 'puskesmas'
"""


@dataclass
class ReportData:
    kode_kab: str
    nama_kab: str
    week: str
    week_title: str
    lang: str
    data_as_of: dt.datetime | None
    completeness: dict
    events: pd.DataFrame  # dashboard.report.events.open_events + names, most urgent first; ``no`` = map number
    events_source: str  # "events" (etl.detect.events) or "alerts" (grouped here from the alert signals)
    headline: list[headline.Item]
    syndromes: pd.DataFrame  # dashboard.report.syndromes.table
    actions: dict[str, action_table.Action]
    syndrome_names: dict[str, str]
    by_puskesmas: pd.DataFrame  # worst completeness first
    not_reported: pd.DataFrame
    desa: pd.DataFrame  # kode_desa, nama, kode_kec, geom_simple, status, event_now, event_open, map_no
    kecamatan: pd.DataFrame
    puskesmas_marks: pd.DataFrame  # no, lon, lat, now: Puskesmas-level events drawn at their Puskesmas
    sent: dt.datetime  # the Monday 08:00 the bulletin goes out; deadlines count from it
    min_completeness: float
    pws_month: str | None
    pws_counts: pd.DataFrame
    pws_lagging: dict[str, tuple[int, list[tuple[str, float]]]] = field(default_factory=dict)
    pws_targets: dict[str, float] = field(default_factory=dict)
    indicator_names: dict[str, str] = field(default_factory=dict)
    ontime_days: int = completeness.DEFAULT_ONTIME_DAYS

    @property
    def incomplete(self) -> bool:
        pct = self.completeness["completeness_pct"]
        return pct is None or pct < self.min_completeness


def kabupaten_codes(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [row[0] for row in con.execute(KABUPATEN_LIST_SQL).fetchall()]


def check_week(week: str) -> str:
    """Validated week label; a bad, impossible or future week raises ReportError."""
    try:
        parsed = periods.week(week)
    except PeriodError as exc:
        raise i18n.again(ReportError, exc) from exc
    if parsed.startdate() > today():
        raise i18n.error(ReportError, "pdf.week_not_started", week=periods.label(parsed), today=f"{today():%Y-%m-%d}")
    return periods.label(parsed)


def _kabupaten(con: duckdb.DuckDBPyConnection, kode_kab: str) -> tuple[str, str]:
    row = con.execute(KABUPATEN_SQL, {"kab": kode_kab}).fetchone()
    if row is None:
        known = kabupaten_codes(con)
        hint = ", ".join(known[:8]) + (" …" if len(known) > 8 else "")
        raise (i18n.error(ReportError, "pdf.kabupaten_unknown_hint", kab=kode_kab, codes=hint) if known else
               i18n.error(ReportError, "pdf.kabupaten_unknown", kab=kode_kab))
    _, nama, jenis = row
    if not nama.lower().startswith(("kabupaten", "kota", "kab.")):
        nama = f"{'Kota' if jenis == 'kota' else 'Kabupaten'} {nama}"
    return row[0], nama


def _pws_month(week_label: str) -> str:
    """The last complete month before the week ends (the month whose reports are due by now)."""
    end = periods.week(week_label).enddate()
    year, month_no = periods.previous_month(end.year, end.month)
    return periods.month_label(year, month_no)


def _lagging(status: pd.DataFrame) -> dict[str, tuple[int, list[tuple[str, float]]]]:
    """Per focus indicator: how many desa are below target and falling, and the lowest few (name, %)."""
    out = {}
    for code in PWS_FOCUS:
        rows = status[(status["kode_indikator"] == code) & (status["status"] == "bawah_turun")]
        if rows.empty:
            continue
        lowest = rows.sort_values(["cumulative_pct", "nama_desa"]).head(PWS_FOCUS_DESA)
        out[code] = (len(rows), list(zip(lowest["nama_desa"], lowest["cumulative_pct"], strict=True)))
    return out


def min_completeness() -> float:
    """The completeness (%) under which the headline calls the week incomplete (PWS_REPORT_MIN_COMPLETENESS)."""
    import os

    text = os.environ.get(MIN_COMPLETENESS_ENV, "")
    try:
        return float(text) if text else DEFAULT_MIN_COMPLETENESS
    except ValueError as exc:
        raise i18n.error(ReportError, "pdf.bad_min_completeness", name=MIN_COMPLETENESS_ENV, text=text) from exc


def _map_desa(con, kode_kab: str, week: str, events: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    desa = con.execute(DESA_GEOMETRY_SQL, {"kab": kode_kab}).df()
    # The one reporting status (etl.reporting via completeness.desa_reported): lapor | sebagian | tidak_lapor.
    status = completeness.desa_reported(con, kode_kab, week)
    desa["status"] = desa["kode_desa"].map(status.set_index("kode_desa")["status"]).fillna("tidak_lapor")
    now, opened, numbers = set(), set(), {}
    for row in events.itertuples():
        codes = [c for c in str(row.desa_peta or "").split(";") if c]
        (now if row.baru_minggu_ini else opened).update(codes)
        if codes:
            numbers.setdefault(codes[0], int(row.no))
    desa["event_now"] = desa["kode_desa"].isin(now)
    desa["event_open"] = desa["kode_desa"].isin(now | opened)
    desa["map_no"] = desa["kode_desa"].map(numbers)
    places = con.execute(PUSKESMAS_PLACE_SQL, {"kab": kode_kab}).df().set_index("kode_fasilitas")
    marks = []
    for row in events.itertuples():
        code = row.puskesmas_peta if isinstance(row.puskesmas_peta, str) else None
        if code and code in places.index and pd.notna(places.at[code, "lon"]):
            marks.append({"no": int(row.no), "lon": places.at[code, "lon"], "lat": places.at[code, "lat"],
                          "now": bool(row.baru_minggu_ini)})
    return desa, pd.DataFrame(marks, columns=["no", "lon", "lat", "now"])


def gather(con: duckdb.DuckDBPyConnection, kode_kab: str, week: str, lang: str = "id",
           ontime_days: int = completeness.DEFAULT_ONTIME_DAYS, as_of: dt.datetime | None = None,
           db_path=None) -> ReportData:
    """Run every metric the report needs for one kabupaten-week."""
    week = check_week(week)
    kode_kab, nama_kab = _kabupaten(con, kode_kab)
    stamp = con.execute(DATA_AS_OF_SQL).fetchone()[0]
    syndrome_table = con.execute(SYNDROME_SQL).df()
    name_col = "nama_en" if lang == "en" else "nama"
    syndrome_names = dict(zip(syndrome_table["kode"], syndrome_table[name_col], strict=True))
    try:
        actions = action_table.load(db_path, known=set(syndrome_table["kode"]))
    except action_table.ActionTableError as exc:
        raise i18n.again(ReportError, exc) from exc

    events, source = event_data.open_events(con, kode_kab, week, as_of=as_of)
    events = event_data.mark_names(con, events, syndrome_names)
    desa, marks = _map_desa(con, kode_kab, week, events)
    comp = completeness.summary(con, kode_kab, week, ontime_days)
    by_puskesmas = completeness.by_puskesmas(con, kode_kab, week, ontime_days)
    by_puskesmas = by_puskesmas.assign(_c=by_puskesmas["completeness_pct"].astype(float),
                                       _t=by_puskesmas["timeliness_pct"].astype(float))
    by_puskesmas = by_puskesmas.sort_values(["_c", "_t", "nama"], na_position="first").drop(columns=["_c", "_t"])
    sent = headline.report_day(periods.week(week).enddate())
    threshold = min_completeness()
    items = headline.items(events, comp, by_puskesmas, actions, week=week, sent=sent, lang=lang,
                           min_completeness=threshold)
    wanted_month = _pws_month(week)
    pws_month = con.execute(LATEST_MONTH_SQL, {"kab": kode_kab, "month": wanted_month}).fetchone()[0]
    catalog = pws.catalog(con)
    if pws_month:
        status = pws.status(con, kode_kab, pws_month)
        pws_counts = pws.summary(status)
        pws_lagging = _lagging(status)
        month_no = int(pws_month[5:7])
        targets = {k: round(t * month_no / 12.0, 1)
                   for k, t in zip(catalog["kode_indikator"], catalog["target_tahunan"], strict=True)}
    else:
        pws_counts, targets, pws_lagging = pd.DataFrame(), {}, {}
    report = ReportData(
        kode_kab=kode_kab, nama_kab=nama_kab, week=week,
        week_title=week_label_id(periods.week(week), lang), lang=lang,
        data_as_of=pd.Timestamp(stamp).to_pydatetime() if stamp is not None else None,
        completeness=comp, events=events, events_source=source, headline=items,
        syndromes=syndromes.table(con, kode_kab, week, lang), actions=actions,
        syndrome_names=syndrome_names, by_puskesmas=by_puskesmas.reset_index(drop=True),
        not_reported=completeness.not_reported(con, kode_kab, week),
        desa=desa, kecamatan=con.execute(KECAMATAN_SQL, {"kab": kode_kab}).df(),
        puskesmas_marks=marks, sent=sent, min_completeness=threshold,
        pws_month=pws_month or wanted_month, pws_counts=pws_counts, pws_targets=targets,
        pws_lagging=pws_lagging,
        indicator_names=dict(zip(catalog["kode_indikator"], catalog[name_col], strict=True)),
        ontime_days=ontime_days,
    )
    return report
