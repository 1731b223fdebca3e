"""Peringatan queries: the filtered alert list, one alert explained, and lifecycle actions.

Reads go through ``dashboard.metrics.alerts.frame`` (same response-time rules as the PDF) after
``scope.require``. Actions (diverifikasi, direspons, selesai, bukan_klb) are writes: only an analyst of
the alert's kabupaten or an admin may make them (``scope.require_write`` on the kabupaten the *writer*
database says the alert belongs to, whatever the browser sent), each with a note, stored with the user
and time by ``etl.detect.lifecycle.set_status`` in the operational store (``etl.ops``): an action never waits
for the warehouse writer lock (a load may hold it for minutes); the event is looked up in the current snapshot.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pandas as pd

from dashboard.access import AccessDenied, Scope
from dashboard.metrics import alerts as metrics
from dashboard.params import ParamError
from etl.detect import lifecycle
from etl.detect.config import ALL_METHODS

METHODS = ALL_METHODS  # the one method list: etl.detect.config
STATUSES = metrics.STATUSES
EVENT_STATUSES = lifecycle.STATUSES  # for the layouts (which import no etl)
ACTIONS = ("diverifikasi", "direspons", "selesai", "bukan_klb")
RESPONSE_HOURS = metrics.RESPONSE_HOURS
MAX_NOTE = 2000

KECAMATAN_SQL = "SELECT kode_kec, nama FROM kecamatan WHERE kode_kab = $kab ORDER BY kode_kec"
ALERT_SQL = """
SELECT a.alert_id, a.alert_key, a.method, a.level, a.unit_code, a.kode_kab, a.kode_sindrom, s.nama AS nama_sindrom,
       s.nama_en AS nama_sindrom_en, a.week, a.desa_codes, a.observed, a.expected, a.threshold, a.p_value,
       a.relative_risk, a.recurrence_days, a.params, a.sources, a.status, a.created_at, a.updated_at
FROM alert a LEFT JOIN sindrom s ON s.kode = a.kode_sindrom
WHERE a.alert_id = $id
"""
EVENTS_SQL = "SELECT status, note, user_name, event_at FROM alert_event WHERE alert_id = $id ORDER BY event_at, status"
DESA_NAMES_SQL = """
SELECT d.kode_desa, d.nama, k.nama AS nama_kec FROM desa d LEFT JOIN kecamatan k USING (kode_kec)
WHERE list_contains($codes::VARCHAR[], d.kode_desa)
"""
FILE_ROWS_SQL = "SELECT file_id, nama_file FROM ingest_file WHERE list_contains($ids::INTEGER[], file_id)"
ALERT_KAB_SQL = "SELECT kode_kab FROM alert WHERE alert_id = ?"


def kecamatan(con: duckdb.DuckDBPyConnection, scope: Scope, kode_kab: str) -> list[tuple[str, str]]:
    scope.require(kode_kab)
    return [tuple(r) for r in con.execute(KECAMATAN_SQL, {"kab": kode_kab}).fetchall()]


def alert_list(con: duckdb.DuckDBPyConnection, scope: Scope, kode_kab: str, first: str, last: str, *,
               sindrom: str | None = None, method: str | None = None, status: str | None = None,
               kec: str | None = None, as_of: dt.datetime | None = None) -> pd.DataFrame:
    """The kabupaten's alerts about weeks first..last (metrics.alerts.frame columns) matching the filters;
    plus ``waiting_hours`` (hours since creation while unanswered) for the response clock. A cluster
    matches a kecamatan when any of its desa lies in it."""
    scope.require(kode_kab)
    frame = metrics.frame(con, kode_kab, first, last, status=status or None, as_of=as_of)
    if sindrom:
        frame = frame[frame["kode_sindrom"] == sindrom]
    if method:
        frame = frame[frame["method"] == method]
    if kec:
        frame = frame[frame["desa_codes"].fillna("").map(
            lambda codes: any(c.startswith(kec + ".") for c in codes.split(";")))]
    now = pd.Timestamp(as_of or dt.datetime.now())
    frame = frame.copy()
    frame["waiting_hours"] = ((now - frame["created_at"]).dt.total_seconds() / 3600.0).where(
        frame["responded_at"].isna()).round(1)
    return frame.reset_index(drop=True)


def _json(text, default):
    if not text:
        return default
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return default


def sources_frame(con: duckdb.DuckDBPyConnection, sources) -> pd.DataFrame:
    """The reports behind an alert: file, row (and week/facility/desa/cases when detection recorded them)."""
    rows = sources if isinstance(sources, list) else []
    frame = pd.DataFrame([r for r in rows if isinstance(r, dict)])
    if frame.empty:
        return pd.DataFrame(columns=["file", "row"])
    if "file" not in frame.columns:
        frame["file"] = None
    if "file_id" in frame.columns:
        ids = [int(v) for v in frame["file_id"].dropna().unique()]
        names = dict(con.execute(FILE_ROWS_SQL, {"ids": ids}).fetchall()) if ids else {}
        frame["file"] = frame["file"].where(frame["file"].notna(), frame["file_id"].map(names))
    if "row" not in frame.columns:
        frame["row"] = None
    if "baris" in frame.columns:
        frame["row"] = frame["row"].where(frame["row"].notna(), frame["baris"])
    return frame


def _detail_row(con: duckdb.DuckDBPyConnection, scope: Scope, sql: str, raw_id) -> tuple[int, dict, list[str]]:
    """(id, row, its desa codes) of one alert or event; ParamError for a bad or unknown id, AccessDenied outside
    the scope."""
    try:
        obj_id = int(raw_id)
    except (TypeError, ValueError):
        raise ParamError("err.alert", value=raw_id) from None
    frame = con.execute(sql, {"id": obj_id}).df()
    if frame.empty:
        raise ParamError("err.alert", value=obj_id)
    row = frame.iloc[0].to_dict()
    scope.require(row["kode_kab"])
    return obj_id, row, [c for c in (row["desa_codes"] or "").split(";") if c]


def alert_detail(con: duckdb.DuckDBPyConnection, scope: Scope, alert_id) -> dict:
    """One alert with everything that explains it: the alert row, params (dict), sources (DataFrame),
    desa (DataFrame kode_desa, nama, nama_kec), events (DataFrame status, note, user_name, event_at)."""
    alert_id, row, codes = _detail_row(con, scope, ALERT_SQL, alert_id)
    return {
        "alert": row,
        "params": _json(row.get("params"), {}),
        "sources": sources_frame(con, _json(row.get("sources"), [])),
        "desa": con.execute(DESA_NAMES_SQL, {"codes": codes}).df(),
        "events": con.execute(EVENTS_SQL, {"id": alert_id}).df(),
    }


def response_clock(created_at, responded_at, now: dt.datetime | None = None) -> dict:
    """SKDR's 24-hour response clock: hours (to the response, or so far), done, ok (None while running)."""
    now = pd.Timestamp(now or dt.datetime.now())
    created = pd.Timestamp(created_at)
    if responded_at is not None and not pd.isna(responded_at):
        hours = (pd.Timestamp(responded_at) - created).total_seconds() / 3600.0
        return {"hours": round(hours, 1), "done": True, "ok": hours <= RESPONSE_HOURS}
    hours = (now - created).total_seconds() / 3600.0
    return {"hours": round(hours, 1), "done": False, "ok": False if hours > RESPONSE_HOURS else None}


def _checked_action(scope: Scope, status: str, allowed: tuple[str, ...], note: str, raw_id) -> tuple[int, str]:
    """(id, note) of a lifecycle action the user may try: ParamError for an action not in ``allowed``, an empty
    note or a bad id; AccessDenied for a read-only role (the kabupaten is checked once the row is read)."""
    if status not in allowed:
        raise ParamError("err.choice", value=status, field="status")
    note = (note or "").strip()
    if not note:
        raise ParamError("err.note")
    if not scope.can_write:
        raise AccessDenied("-", "read-only role")
    try:
        return int(raw_id), note
    except (TypeError, ValueError):
        raise ParamError("err.alert", value=raw_id) from None


def act(db_path: Path | str, scope: Scope, alert_id, status: str, note: str) -> None:
    """Record a lifecycle action. Raises ParamError (bad action, empty note, unknown alert), AccessDenied
    (reviewer, or another kabupaten's alert) and lets set_status's ValueError (bad transition) through."""
    alert_id, note = _checked_action(scope, status, ACTIONS, note, alert_id)
    from etl.detect.lifecycle import set_status
    from etl.warehouse import reader

    con = reader(db_path)   # the published snapshot: an alert's kabupaten never changes
    try:
        rows = con.execute(ALERT_KAB_SQL, [alert_id]).fetchall()
        if not rows:
            raise ParamError("err.alert", value=alert_id)
        scope.require_write(rows[0][0])
        set_status(con, alert_id, status, note[:MAX_NOTE], scope.user)
    finally:
        con.close()


COUNT_SQL = "SELECT count(*) FROM alert WHERE kode_kab = $kab"


def count_all(con: duckdb.DuckDBPyConnection, scope: Scope, kode_kab: str) -> int:
    """All alerts of the kabupaten, any week and status (0: detection has produced none)."""
    scope.require(kode_kab)
    return int(con.execute(COUNT_SQL, {"kab": kode_kab}).fetchone()[0])


# --- outbreak events (kejadian, issue 9): what the Peringatan page lists and acts on ---------------------

EVENT_ACTIONS = tuple(s for s in EVENT_STATUSES if s != "baru")
EVENT_SQL = """
SELECT k.kejadian_id AS id, k.kode_kab, k.kode_sindrom, s.nama AS nama_sindrom, s.nama_en AS nama_sindrom_en,
       k.status, k.klb, k.jenis, k.tingkat, k.minggu_awal, k.minggu_akhir, k.desa_codes, k.kode_puskesmas, k.dibuat
FROM kejadian k LEFT JOIN sindrom s ON s.kode = k.kode_sindrom WHERE k.kejadian_id = $id
"""
EVENT_SIGNALS_SQL = """
SELECT alert_id, method, level, unit_code, week, desa_codes, observed, expected, threshold, p_value, params
FROM alert WHERE kejadian_id = $id ORDER BY week_start DESC, alert_id
"""
EVENT_WEAK_SQL = """
SELECT week, kode_desa, methods, observed, expected, threshold FROM sinyal_lemah WHERE kejadian_id = $id
ORDER BY week DESC, kode_desa
"""
EVENT_DESA_WEEKS_SQL = """
SELECT kejadian_id, kode_desa, max(week) AS last_week FROM (
    SELECT kejadian_id, unnest(string_split(desa_codes, ';')) AS kode_desa, week FROM alert
    WHERE kode_kab = $kab AND level <> 'puskesmas' AND list_contains($ids::INTEGER[], kejadian_id)
    UNION ALL
    SELECT kejadian_id, kode_desa, week FROM sinyal_lemah WHERE kode_kab = $kab AND list_contains($ids::INTEGER[], kejadian_id)
) GROUP BY ALL
"""
PUSKESMAS_SQL = """
SELECT f.kode_fasilitas, f.nama, d.centroid_lon, d.centroid_lat
FROM fasilitas f LEFT JOIN desa d USING (kode_desa)
WHERE f.kode_kab = $kab AND f.kode_induk IS NULL
"""


def event_list(con: duckdb.DuckDBPyConnection, scope: Scope, kode_kab: str, first: str, last: str, *,
               sindrom: str | None = None, status: str | None = None, kec: str | None = None,
               method: str | None = None, lang: str = "id") -> pd.DataFrame:
    """The kabupaten's events open at some time in first..last (etl.detect.events.list_events columns, plus
    ``tingkat``; ``alasan`` in ``lang``), matching the filters; an event matches a kecamatan when one of its desa
    lies in it."""
    from etl.detect.events import events_frame

    scope.require(kode_kab)
    frame = events_frame(con, kode_kab=kode_kab, first=first, last=last, status=status or None, lang=lang)
    if sindrom:
        frame = frame[frame["sindrom"] == sindrom]
    if method:
        frame = frame[frame["metode"].map(lambda m: method in (m or "").split(";"))]
    if kec:
        frame = frame[frame["desa"].fillna("").map(lambda codes: any(c.startswith(kec + ".") for c in codes.split(";")))]
    return frame.reset_index(drop=True)


def event_desa_weeks(con: duckdb.DuckDBPyConnection, scope: Scope, kode_kab: str, ids) -> pd.DataFrame:
    """kejadian_id, kode_desa, last_week: the last week each desa of the events had a signal of its own (the map
    colours a desa by it, so this week's cluster stands out from the desa an event reached weeks ago)."""
    scope.require(kode_kab)
    return con.execute(EVENT_DESA_WEEKS_SQL, {"kab": kode_kab, "ids": [int(i) for i in ids]}).df()


def puskesmas_points(con: duckdb.DuckDBPyConnection, scope: Scope, kode_kab: str) -> pd.DataFrame:
    """The kabupaten's Puskesmas and where they stand (the centroid of their desa): Puskesmas-level events are
    drawn there."""
    scope.require(kode_kab)
    return con.execute(PUSKESMAS_SQL, {"kab": kode_kab}).df()


def event_detail(con: duckdb.DuckDBPyConnection, scope: Scope, kejadian_id) -> dict:
    """One event with what explains it: ``event`` (row), ``signals`` and ``weak`` (DataFrames), ``desa``
    (kode_desa, nama, nama_kec), ``history`` (list of dicts)."""
    kejadian_id, row, codes = _detail_row(con, scope, EVENT_SQL, kejadian_id)
    return {
        "event": row,
        "signals": con.execute(EVENT_SIGNALS_SQL, {"id": kejadian_id}).df(),
        "weak": con.execute(EVENT_WEAK_SQL, {"id": kejadian_id}).df(),
        "desa": con.execute(DESA_NAMES_SQL, {"codes": codes}).df(),
        "history": lifecycle.event_history(con, kejadian_id),
    }


def act_event(db_path: Path | str, scope: Scope, kejadian_id, status: str, note: str, klb: bool | None = None, *,
              warehouse=None) -> dict:
    """Record a lifecycle step of an event (in the operational store, without the warehouse writer lock). The
    kabupaten is read from the published snapshot (an event's never changes), whatever the browser sent: AccessDenied for a reviewer or another kabupaten's event; ParamError for a bad action, an
    empty note or an unknown event; LifecycleError (a ValueError) for a step the lifecycle forbids. ``warehouse``: the
    app's ``dashboard.db.Warehouse`` (a bare cursor on its open snapshot), else a reader of ``db_path``."""
    kejadian_id, note = _checked_action(scope, status, EVENT_ACTIONS, note, kejadian_id)
    from etl.ops.link import target
    from etl.warehouse import reader

    con = reader(db_path) if warehouse is None else warehouse.cursor(ops_overlay=False)
    try:
        found = target(con, "kejadian", kejadian_id)   # the snapshot's own row, past any overlay
        if found is None:
            raise ParamError("err.alert", value=kejadian_id)
        scope.require_write(found.kode_kab)
        return lifecycle.set_event_status(con, kejadian_id, status, note[:MAX_NOTE], scope.user, klb=klb)
    finally:
        con.close()
