"""Outbreak events (kejadian), as the CLI, the app and the weekly PDF list them.

``list_events(con, ...)`` reads a DuckDB connection (the writer or a read-only snapshot) and returns one
row per event, columns ``COLUMNS`` (a fixed interface: the weekly PDF builds on it):

* ``desa``, ``metode``: ';'-separated codes; ``kecamatan``: kecamatan names, ';'-separated;
* the reference week is ``last`` (else the kabupaten's newest week with a report): ``kasus_minggu_ini``
  = cases of the event's places that week (None when none of them reported -- never 0), ``tren`` against
  the week before (naik / tetap / turun, None when either is missing), ``kasus_total`` and ``kematian`` from
  ``minggu_awal`` to the reference week; ``kasus_mingguan``: weekly cases from 4 weeks before
  ``minggu_awal`` to the reference week (at most 26 weeks), None for weeks none of its desa reported;
* places: a desa-level event counts its desa; a Puskesmas-level event (only Puskesmas-level signals) the
  desa of the Puskesmas wilayah kerja;
* ``prioritas``: 1 = immediately notifiable single-case disease, declared KLB or deaths; 2 = several desa,
  Puskesmas level or rising; 3 = the rest. Rows are sorted by prioritas, then newest, then cases;
* ``dibuat``: when the 24-hour clock started -- the event's creation, or its latest reopening by detection
  (``lifecycle.clock_start``: a closed event a new signal brought back needs verifying again);
  ``direspons_pada``: the first step out of ``baru`` after ``dibuat`` (the 24-hour clock of lifecycle.py);
* events are listed when open at some time in from..to: ``minggu_awal`` <= to and the last supporting
  signal at most ``[events] close_after_weeks`` before from.
"""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd

from etl import listing, ops
from etl.detect import events_text
from etl.detect.config import load_config
from etl.detect.events_group import settings
from etl.detect.lifecycle import REOPEN_NOTE, STATUSES, SYSTEM_USER
from etl.messages import msg
from etl.weeks import parse_week, week_label

COLUMNS = ["id", "kode_kab", "sindrom", "status", "prioritas", "minggu_awal", "minggu_akhir", "desa", "kecamatan",
           "kasus_minggu_ini", "kasus_total", "kematian", "tren", "metode", "alasan", "kode_puskesmas", "dibuat",
           "direspons_pada", "klb", "satu_kasus", "kasus_mingguan"]
CLI_COLUMNS = COLUMNS[:15]
SERIES_BEFORE = 4
SERIES_MAX = 26

EVENTS_SQL = """
SELECT k.kejadian_id AS id, k.kode_kab, k.kode_sindrom AS sindrom, k.status, k.klb, k.jenis, k.tingkat,
       k.minggu_awal, k.minggu_akhir, k.awal_mulai, k.akhir_mulai, k.desa_codes AS desa, k.kode_puskesmas,
       k.metode, k.mulai AS dibuat,
       (SELECT min(r.waktu) FROM kejadian_riwayat r
        WHERE r.kejadian_id = k.kejadian_id AND r.status <> 'baru' AND r.waktu >= k.mulai) AS direspons_pada,
       (SELECT string_agg(DISTINCT kc.nama, ';' ORDER BY kc.nama) FROM kecamatan kc
        WHERE kc.kode_kec = k.kode_kec
           OR list_contains(list_transform(string_split(k.desa_codes, ';'), lambda c: c[1:8]), kc.kode_kec)) AS kecamatan
FROM (SELECT k.*, greatest(k.dibuat, (SELECT max(r.waktu) FROM kejadian_riwayat r     -- lifecycle.clock_start
          WHERE r.kejadian_id = k.kejadian_id AND r.status = 'baru' AND r.pengguna = ? AND starts_with(r.catatan, ?)))
          AS mulai
      FROM kejadian k) k
WHERE (?::VARCHAR IS NULL OR k.kode_kab = ?)
  AND (?::DATE IS NULL OR k.awal_mulai <= ?::DATE)
  AND (?::DATE IS NULL OR k.akhir_mulai >= ?::DATE)
  AND (NOT ? OR list_contains(?::VARCHAR[], k.status))
"""
NEWEST_SQL = """
SELECT kode_kab, max(week_start) FROM laporan_mingguan_kiriman WHERE is_current AND list_contains(?, kode_kab)
GROUP BY kode_kab
"""
PLACES_SQL = """
SELECT e.id AS kejadian_id, unnest(string_split(e.desa, ';')) AS kode_desa FROM ev e WHERE e.tingkat = 'desa'
UNION
SELECT e.id, w.kode_desa FROM ev e JOIN wilayah_kerja w ON list_contains(string_split(e.kode_puskesmas, ';'),
    w.kode_fasilitas) WHERE e.tingkat = 'puskesmas'
UNION
SELECT e.id, w.kode_desa FROM ev e JOIN fasilitas f ON list_contains(string_split(e.kode_puskesmas, ';'), f.kode_induk)
    JOIN wilayah_kerja w ON w.kode_fasilitas = f.kode_fasilitas WHERE e.tingkat = 'puskesmas'
"""
SERIES_SQL = f"""
WITH places AS ({PLACES_SQL})
SELECT p.kejadian_id AS id, l.week_start,
       sum(l.kasus) FILTER (WHERE l.kode_sindrom = e.sindrom) AS kasus,
       sum(l.kematian) FILTER (WHERE l.kode_sindrom = e.sindrom) AS kematian
FROM places p JOIN ev e ON e.id = p.kejadian_id
JOIN laporan_mingguan l ON l.kode_desa = p.kode_desa AND l.is_current AND l.week_start BETWEEN e.s_from AND e.s_to
GROUP BY ALL
"""  # noqa: S608 -- a constant
SIGNALS_SQL = """
SELECT alert_id AS id, kejadian_id, method, level, week, observed, expected, threshold, p_value, desa_codes, params
FROM alert WHERE list_contains(?::INTEGER[], kejadian_id)
"""
WEAK_SQL = """
SELECT kejadian_id, week, kode_desa, observed, threshold FROM sinyal_lemah WHERE list_contains(?::INTEGER[], kejadian_id)
"""


def _week_start(text) -> dt.date | None:
    return parse_week(text).startdate() if text else None


def list_events(con, *, kode_kab=None, first=None, last=None, status=None, lang: str = "id") -> pd.DataFrame:
    """The events of a kabupaten (or all) open at some time in first..last, one row each (module docstring);
    ``alasan`` in Bahasa Indonesia, or English when ``lang`` is 'en'."""
    return events_frame(con, kode_kab=kode_kab, first=first, last=last, status=status, lang=lang)[COLUMNS]


def events_frame(con, *, kode_kab=None, first=None, last=None, status=None, lang: str = "id") -> pd.DataFrame:
    """``list_events`` plus ``tingkat`` ('desa' | 'puskesmas': how the app draws the event)."""
    start, end = _week_start(first), _week_start(last)
    if start and end and start > end:
        raise ValueError(f"--from {week_label(parse_week(first))} is after --to {week_label(parse_week(last))}")
    wanted = [status] if isinstance(status, str) else list(status or [])
    unknown = sorted(set(wanted) - set(STATUSES))
    if unknown:
        raise ValueError(msg("life.statuses_unknown", unknown=", ".join(unknown), known=", ".join(STATUSES)))
    close = int(settings(load_config())["close_after_weeks"])
    since = start - dt.timedelta(weeks=close) if start else None
    ops.overlay(con)   # statuses and steps people took since the snapshot (etl.ops)
    frame = con.execute(EVENTS_SQL, [SYSTEM_USER, REOPEN_NOTE, kode_kab, kode_kab, end, end, since, since,
                                     bool(wanted), wanted]).df()
    if frame.empty:
        return pd.DataFrame(columns=[*COLUMNS, "tingkat"])
    for col in ("awal_mulai", "akhir_mulai"):
        frame[col] = pd.to_datetime(frame[col]).dt.date
    newest = dict(con.execute(NEWEST_SQL, [sorted(frame["kode_kab"].unique())]).fetchall())
    frame["ref"] = [end or newest.get(code) or latest for code, latest in zip(frame["kode_kab"], frame["akhir_mulai"],
                                                                             strict=True)]
    frame["ref"] = pd.to_datetime(frame["ref"]).dt.date
    frame["s_to"] = [max(r, a) for r, a in zip(frame["ref"], frame["awal_mulai"], strict=True)]
    frame["s_from"] = [max(a - dt.timedelta(weeks=SERIES_BEFORE), t - dt.timedelta(weeks=SERIES_MAX - 1))
                       for a, t in zip(frame["awal_mulai"], frame["s_to"], strict=True)]
    series = _series(con, frame)
    ids = [int(i) for i in frame["id"]]
    signals = con.execute(SIGNALS_SQL, [ids]).df().to_dict("records")
    weak = con.execute(WEAK_SQL, [ids]).df().to_dict("records")
    rows = [_row(ev, series.get(ev["id"], {}), [s for s in signals if s["kejadian_id"] == ev["id"]],
                 [w for w in weak if w["kejadian_id"] == ev["id"]], lang) for ev in frame.to_dict("records")]
    out = pd.DataFrame(rows, columns=[*COLUMNS, "tingkat"])
    for col in ("kasus_minggu_ini", "kasus_total", "kematian"):
        out[col] = out[col].astype("Int64")
    out = out.sort_values(["prioritas", "minggu_akhir", "kasus_minggu_ini", "id"], ascending=[True, False, False, True],
                          na_position="last", kind="stable")
    return out.reset_index(drop=True)


def _series(con, frame: pd.DataFrame) -> dict[int, dict]:
    ev = frame[["id", "sindrom", "tingkat", "desa", "kode_puskesmas", "s_from", "s_to"]].copy()
    con.register("ev", ev)
    try:
        rows = con.execute(SERIES_SQL).fetchall()
    finally:
        con.unregister("ev")
    out: dict[int, dict] = {}
    for kid, week_start, kasus, kematian in rows:
        out.setdefault(kid, {})[week_start] = (kasus, kematian)
    return out


def _row(ev: dict, weekly: dict, signals: list[dict], weak: list[dict], lang: str = "id") -> dict:
    weeks, day = [], ev["s_from"]
    while day <= ev["s_to"]:
        weeks.append(day)
        day += dt.timedelta(weeks=1)
    cases = [(int(weekly[w][0] or 0) if w in weekly else None) for w in weeks]
    deaths = [(int(weekly[w][1] or 0) if w in weekly else None) for w in weeks]
    ref = ev["ref"]
    this = cases[weeks.index(ref)] if ref in weeks else None
    prev_day = ref - dt.timedelta(weeks=1)
    prev = cases[weeks.index(prev_day)] if prev_day in weeks else None
    since = [i for i, w in enumerate(weeks) if ev["awal_mulai"] <= w <= ref]
    total = sum(cases[i] for i in since if cases[i] is not None) if since else None
    dead = sum(deaths[i] for i in since if deaths[i] is not None) if since else None
    tren = None if this is None or prev is None else ("naik" if this > prev else "turun" if this < prev else "tetap")
    n_desa = len([c for c in (ev["desa"] or "").split(";") if c])
    satu = ev["jenis"] == "satu_kasus"
    if satu or ev["klb"] or (dead or 0) > 0:
        prioritas = 1
    elif n_desa > 1 or ev["tingkat"] == "puskesmas" or tren == "naik":
        prioritas = 2
    else:
        prioritas = 3
    return {
        "id": int(ev["id"]), "kode_kab": ev["kode_kab"], "sindrom": ev["sindrom"], "status": ev["status"],
        "prioritas": prioritas, "minggu_awal": ev["minggu_awal"], "minggu_akhir": ev["minggu_akhir"],
        "desa": ev["desa"], "kecamatan": ev["kecamatan"] or "", "kasus_minggu_ini": this, "kasus_total": total,
        "kematian": dead, "tren": tren, "metode": ev["metode"], "alasan": events_text.reasons(signals, weak, lang),
        "kode_puskesmas": ev["kode_puskesmas"], "dibuat": ev["dibuat"],
        "direspons_pada": None if pd.isna(ev["direspons_pada"]) else ev["direspons_pada"],
        "klb": bool(ev["klb"]), "satu_kasus": satu, "kasus_mingguan": cases[-SERIES_MAX:], "tingkat": ev["tingkat"],
    }


def render(frame: pd.DataFrame, fmt: str) -> str:
    """``pws events``: table (aligned text), csv or json (a list of objects), the CLI columns."""
    shown = frame[CLI_COLUMNS] if len(frame.columns) else frame
    text = listing.machine_text(shown, fmt)
    if text is not None:
        return text
    if frame.empty:
        return "Tidak ada kejadian.\n"
    table = shown.drop(columns=["alasan"]).copy()
    table["desa"] = table["desa"].map(listing.short_codes)
    buf = io.StringIO()
    buf.write(table.to_string(index=False, na_rep="-", justify="left"))
    buf.write(f"\n{len(frame)} kejadian (alasan: --format csv atau json)\n")
    return buf.getvalue()

