"""Everything one weekly report shows, gathered from the shared metrics (so the PDF and the dashboard
agree) into one plain value the layout code renders."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from dashboard.metrics import PeriodError, alerts, completeness, periods, pws, top
from dashboard.report.text import Facts
from etl.weeks import today, week_label_id

TOP_SYNDROMES = ("DIARE", "ILI", "DBD")  # diare akut, ILI, suspek demam dengue (issue 5)
PWS_FOCUS = ("K4", "PN", "KN1", "IDL", "D_S")  # PWS KIA and gizi: where the Sekda can push desa
PWS_FOCUS_DESA = 6
MAX_ALERT_ROWS = 18


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


@dataclass
class ReportData:
    kode_kab: str
    nama_kab: str
    week: str
    week_title: str
    lang: str
    data_as_of: dt.datetime | None
    completeness: dict
    alerts: dict
    alert_rows: pd.DataFrame
    top: dict[str, pd.DataFrame]  # kode_sindrom -> top.villages frame
    syndrome_names: dict[str, str]
    by_puskesmas: pd.DataFrame
    not_reported: pd.DataFrame
    desa: pd.DataFrame  # kode_desa, nama, kode_kec, geom_simple, reported, alert_now, alert_active
    kecamatan: pd.DataFrame
    pws_month: str | None
    pws_counts: pd.DataFrame
    pws_lagging: dict[str, tuple[int, list[tuple[str, float]]]] = field(default_factory=dict)
    pws_targets: dict[str, float] = field(default_factory=dict)
    indicator_names: dict[str, str] = field(default_factory=dict)
    ontime_days: int = completeness.DEFAULT_ONTIME_DAYS


def kabupaten_codes(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [row[0] for row in con.execute(KABUPATEN_LIST_SQL).fetchall()]


def check_week(week: str) -> str:
    """Validated week label; a bad, impossible or future week raises ReportError."""
    try:
        parsed = periods.week(week)
    except PeriodError as exc:
        raise ReportError(str(exc)) from exc
    if parsed.startdate() > today():
        raise ReportError(f"minggu {periods.label(parsed)} belum dimulai (hari ini {today():%Y-%m-%d})")
    return periods.label(parsed)


def _kabupaten(con: duckdb.DuckDBPyConnection, kode_kab: str) -> tuple[str, str]:
    row = con.execute(KABUPATEN_SQL, {"kab": kode_kab}).fetchone()
    if row is None:
        known = kabupaten_codes(con)
        hint = ", ".join(known[:8]) + (" …" if len(known) > 8 else "")
        raise ReportError(f"kabupaten '{kode_kab}' tidak ada di database" + (f" (ada: {hint})" if known else ""))
    _, nama, jenis = row
    if not nama.lower().startswith(("kabupaten", "kota", "kab.")):
        nama = f"{'Kota' if jenis == 'kota' else 'Kabupaten'} {nama}"
    return row[0], nama


def _pws_month(week_label: str) -> str:
    """The last complete month before the week ends (the month whose reports are due by now)."""
    end = periods.week(week_label).enddate()
    year, month_no = periods.previous_month(end.year, end.month)
    return periods.month_label(year, month_no)


def _table_order(rows: pd.DataFrame, week: str) -> pd.DataFrame:
    """This week's alerts first, then older active ones, then closed ones (most cases first within each);
    ``map_no`` numbers the desa
    (first desa of the alert) of the shown rows that are this week's or still active: the same number
    marks it on the map (closed alerts get none: their desa is not coloured either)."""
    rank = (rows["week"] != week).astype(int) * 2 + (~rows["active"].astype(bool)).astype(int)
    rows = rows.assign(_rank=rank).sort_values(["_rank", "week", "observed"], ascending=[True, False, False],
                                               kind="stable")
    rows = rows.drop(columns="_rank").reset_index(drop=True)
    on_map = ((rows.index < MAX_ALERT_ROWS) & ((rows["week"] == week) | rows["active"].astype(bool))
              & (rows["level"] != "puskesmas"))
    order = {code: i + 1 for i, code in enumerate(dict.fromkeys(rows.loc[on_map, "kode_desa"].dropna()))}
    rows["map_no"] = rows["kode_desa"].map(order).where(on_map)
    return rows


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


def facts(report: ReportData) -> Facts:
    """The plain numbers the narrative is written from."""
    comp, summ, rows = report.completeness, report.alerts, report.alert_rows
    new_rows = rows[rows["week"] == report.week]
    by_syndrome = []
    for code, count in summ["by_syndrome"].items():
        kecs = new_rows.loc[new_rows["kode_sindrom"] == code, "nama_kec"].dropna().tolist()
        by_syndrome.append((report.syndrome_names.get(code, code), count, kecs))
    top_village = None
    for code in TOP_SYNDROMES:
        frame = report.top.get(code)
        if frame is not None and not frame.empty:
            first = frame.iloc[0]
            if top_village is None or first["kasus"] > top_village[2]:
                top_village = (report.syndrome_names.get(code, code), first["nama_desa"], int(first["kasus"]))
    return Facts(
        expected=comp["expected"], received=comp["received"], on_time=comp["on_time"],
        completeness_pct=comp["completeness_pct"], timeliness_pct=comp["timeliness_pct"],
        prev_completeness_pct=comp["prev"]["completeness_pct"],
        new_alerts=summ["new"], active_alerts=summ["active"], new_by_syndrome=by_syndrome,
        overdue=summ["overdue"], not_reported=report.not_reported["nama"].tolist(), top_village=top_village,
    )


def gather(con: duckdb.DuckDBPyConnection, kode_kab: str, week: str, lang: str = "id",
           ontime_days: int = completeness.DEFAULT_ONTIME_DAYS, as_of: dt.datetime | None = None) -> ReportData:
    """Run every metric the report needs for one kabupaten-week."""
    week = check_week(week)
    kode_kab, nama_kab = _kabupaten(con, kode_kab)
    stamp = con.execute(DATA_AS_OF_SQL).fetchone()[0]
    syndromes = con.execute(SYNDROME_SQL).df()
    name_col = "nama_en" if lang == "en" else "nama"
    syndrome_names = dict(zip(syndromes["kode"], syndromes[name_col], strict=True))

    summ = alerts.summary(con, kode_kab, week, as_of=as_of)
    window_first = periods.previous(week, summ["window_weeks"] - 1)
    alert_rows = alerts.frame(con, kode_kab, window_first, week, as_of=as_of)
    alert_rows["nama_sindrom_lang"] = alert_rows["kode_sindrom"].map(syndrome_names).fillna(alert_rows["kode_sindrom"])
    alert_rows = _table_order(alert_rows, week)

    desa = con.execute(DESA_GEOMETRY_SQL, {"kab": kode_kab}).df()
    reported = completeness.desa_reported(con, kode_kab, week).set_index("kode_desa")["reported"]
    desa["reported"] = desa["kode_desa"].map(reported).fillna(False).astype(bool)

    def alert_desa(rows: pd.DataFrame) -> set[str]:
        # Puskesmas-level alerts name the whole wilayah kerja: colouring it all would point at no village.
        rows = rows[rows["level"] != "puskesmas"]
        return {code for codes in rows["desa_codes"] for code in str(codes).split(";") if code}

    desa["alert_now"] = desa["kode_desa"].isin(alert_desa(alert_rows[alert_rows["week"] == week]))
    desa["alert_active"] = desa["kode_desa"].isin(alert_desa(alert_rows[alert_rows["active"]]))
    numbers = alert_rows.dropna(subset=["map_no"]).drop_duplicates("kode_desa")
    desa["map_no"] = desa["kode_desa"].map(dict(zip(numbers["kode_desa"], numbers["map_no"], strict=True)))

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
        completeness=completeness.summary(con, kode_kab, week, ontime_days),
        alerts=summ, alert_rows=alert_rows,
        top={code: top.villages(con, kode_kab, week, code) for code in TOP_SYNDROMES},
        syndrome_names=syndrome_names,
        by_puskesmas=completeness.by_puskesmas(con, kode_kab, week, ontime_days),
        not_reported=completeness.not_reported(con, kode_kab, week),
        desa=desa, kecamatan=con.execute(KECAMATAN_SQL, {"kab": kode_kab}).df(),
        pws_month=pws_month or wanted_month, pws_counts=pws_counts, pws_targets=targets,
        pws_lagging=pws_lagging,
        indicator_names=dict(zip(catalog["kode_indikator"], catalog[name_col], strict=True)),
        ontime_days=ontime_days,
    )
    return report
