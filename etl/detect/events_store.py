"""Reads and writes of ``etl.detect.events_group``: events, their signals, and the summary kept per event."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from etl.weeks import week_label, week_of

EVENTS_SQL = """
SELECT k.kejadian_id, k.kode_sindrom, k.jenis, k.kode_kec, k.desa_codes, k.kode_puskesmas, k.tingkat,
       k.awal_mulai, k.akhir_mulai, k.minggu_awal, k.minggu_akhir, k.metode,
       k.status <> 'baru' OR k.klb OR EXISTS (SELECT 1 FROM kejadian_riwayat r WHERE r.kejadian_id = k.kejadian_id),
       k.status
FROM kejadian k WHERE k.kode_kab = ? AND (?::DATE IS NULL OR k.akhir_mulai >= ?::DATE) ORDER BY k.kejadian_id
"""
ALERTS_SQL = """
SELECT alert_id, method, level, unit_code, kode_sindrom, week_start, desa_codes, params, kejadian_id
FROM alert WHERE kode_kab = ? AND (?::DATE IS NULL OR week_start >= ?::DATE OR list_contains(?::INTEGER[], kejadian_id))
ORDER BY week_start, alert_id
"""
WEAK_SQL = """
SELECT kode_sindrom, week_start, kode_desa, methods, observed, threshold, kejadian_id
FROM sinyal_lemah
WHERE kode_kab = ? AND (?::DATE IS NULL OR week_start >= ?::DATE OR list_contains(?::INTEGER[], kejadian_id))
ORDER BY week_start, kode_desa, kode_sindrom
"""
INSERT_SQL = """
INSERT INTO kejadian (kejadian_id, kode_kab, kode_sindrom, jenis, tingkat, kode_kec, desa_codes, kode_puskesmas,
                      minggu_awal, minggu_akhir, awal_mulai, akhir_mulai, metode, dibuat, diperbarui)
VALUES (nextval('kejadian_seq'), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING kejadian_id
"""
SUMMARY = ("tingkat", "kode_kec", "desa_codes", "kode_puskesmas", "minggu_awal", "minggu_akhir", "awal_mulai",
           "akhir_mulai", "metode")
UPDATE_SQL = """
UPDATE kejadian SET tingkat = x.tingkat, kode_kec = x.kode_kec, desa_codes = x.desa_codes,
       kode_puskesmas = x.kode_puskesmas, minggu_awal = x.minggu_awal, minggu_akhir = x.minggu_akhir,
       awal_mulai = x.awal_mulai, akhir_mulai = x.akhir_mulai, metode = x.metode
FROM changed_events x WHERE kejadian.kejadian_id = x.kejadian_id
"""


@dataclass
class Event:
    id: int | None
    sindrom: str
    jenis: str                      # 'wabah' | 'satu_kasus'
    kec: str | None = None
    desa: set = field(default_factory=set)
    pkm_units: set = field(default_factory=set)   # Puskesmas of its Puskesmas-level signals
    start: dt.date | None = None
    end: dt.date | None = None
    acted: bool = False
    status: str = "baru"            # as the warehouse's copy holds it (etl.ops.mirror brought it up to date)
    alerts: list = field(default_factory=list)
    weak: list = field(default_factory=list)
    stored: tuple | None = None     # its summary as the kejadian row holds it (no write when unchanged)

    def add(self, places: set, week_start: dt.date, pkm: str | None = None) -> None:
        self.desa |= places if pkm is None else set()
        if pkm is not None:
            self.pkm_units.add(pkm)
        self.start = week_start if self.start is None else min(self.start, week_start)
        self.end = week_start if self.end is None else max(self.end, week_start)

    def within(self, week_start: dt.date, before: int, after: int) -> bool:
        if self.start is None:
            return False
        return self.start - dt.timedelta(weeks=before) <= week_start <= self.end + dt.timedelta(weeks=after)


def load_events(con, kode_kab: str, since=None) -> list:
    """The kabupaten's events (with ``since``: only those with a signal on or after that date)."""
    out = []
    for row in con.execute(EVENTS_SQL, [kode_kab, since, since]).fetchall():
        kid, sindrom, jenis, kec, desa, pkm, tingkat, start, end, first, last, metode, acted, status = row
        units = set(_split(pkm)) if tingkat == "puskesmas" else set()
        event = Event(kid, sindrom, jenis, kec=kec, desa=set(_split(desa)) if tingkat != "puskesmas" else set(),
                      pkm_units=units, start=start, end=end, acted=bool(acted), status=status)
        event.stored = (tingkat, kec, desa, pkm, first, last, start, end, metode)
        out.append(event)
    return out


def load_alerts(con, kode_kab: str, since=None, events=()) -> list[dict]:
    """The kabupaten's signals (with ``since``: those on or after it, and every signal of ``events``)."""
    out = []
    rows = con.execute(ALERTS_SQL, [kode_kab, since, since, list(events)]).fetchall()
    for (aid, method, level, unit, sindrom, start, desa, params, kid) in rows:
        out.append({"id": aid, "method": method, "level": level, "unit": unit, "sindrom": sindrom,
                    "week_start": start, "places": _split(desa), "methods": _methods(method, params),
                    "kejadian_id": kid})
    return out


def load_weak(con, kode_kab: str, since=None, events=()) -> list[dict]:
    cols = ("sindrom", "week_start", "desa", "methods", "observed", "threshold", "kejadian_id")
    rows = con.execute(WEAK_SQL, [kode_kab, since, since, list(events)]).fetchall()
    return [dict(zip(cols, r, strict=True)) for r in rows]


def _split(codes) -> list[str]:
    return [c for c in (codes or "").split(";") if c]


def _methods(method: str, params) -> list[str]:
    try:
        found = json.loads(params or "{}").get("methods")
    except (TypeError, ValueError):
        found = None
    return list(found) if isinstance(found, list) and found else [method]


def summary(event, geo) -> dict:
    """What the kejadian row keeps about an event, from its signals."""
    strong = event.alerts
    desa, pkm_units = set(), set()
    for sig in strong:
        if sig["level"] == "puskesmas":
            pkm_units.add(sig["unit"])
        else:
            desa |= set(sig["places"])
    for sig in event.weak:
        desa.add(sig["desa"])
    tingkat = "puskesmas" if strong and not desa and pkm_units else "desa"
    if tingkat == "puskesmas":
        desa = {d for s in strong for d in s["places"]}
    serving = {pkm for pkm, area in geo.wilayah.items() if area & desa} if tingkat == "desa" else set()
    weeks = [s["week_start"] for s in strong] + [s["week_start"] for s in event.weak]
    methods = {m for s in strong for m in s["methods"]} | {m for s in event.weak for m in s["methods"].split(";")}
    start, end = min(weeks), max(weeks)
    return {"tingkat": tingkat, "kode_kec": event.kec, "desa_codes": ";".join(sorted(desa)),
            "kode_puskesmas": ";".join(sorted(pkm_units | serving)), "minggu_awal": week_label(week_of(start)),
            "minggu_akhir": week_label(week_of(end)), "awal_mulai": start, "akhir_mulai": end,
            "metode": ";".join(sorted(methods))}


def write(con, kode_kab: str, events: list, merged: list, geo, close: int) -> int:
    """Insert new events, refresh summaries, link signals, drop merged and emptied events nobody acted on."""
    now = dt.datetime.now()
    for gone in merged:
        if gone.id is not None:
            con.execute("DELETE FROM kejadian WHERE kejadian_id = ?", [gone.id])
    links, weak_links, changed = [], [], []
    written = 0
    for event in events:
        if not event.alerts and not event.weak:
            if event.id is not None and not event.acted:
                con.execute("DELETE FROM kejadian WHERE kejadian_id = ?", [event.id])
            continue
        s = summary(event, geo)
        values = [s["tingkat"], s["kode_kec"], s["desa_codes"], s["kode_puskesmas"], s["minggu_awal"],
                  s["minggu_akhir"], s["awal_mulai"], s["akhir_mulai"], s["metode"]]
        if event.id is None:
            event.id = con.execute(INSERT_SQL, [kode_kab, event.sindrom, event.jenis, *values, now, now]).fetchone()[0]
            written += 1
        elif tuple(values) != getattr(event, "stored", None):
            changed.append([event.id, *values])
        links += [(sig["id"], event.id) for sig in event.alerts if sig["kejadian_id"] != event.id]
        weak_links += [(sig["sindrom"], sig["week_start"], sig["desa"], event.id) for sig in event.weak
                       if sig["kejadian_id"] != event.id]
    if changed:
        import pandas as pd

        con.register("changed_events", pd.DataFrame(changed, columns=["kejadian_id", *SUMMARY]))
        try:
            con.execute(UPDATE_SQL)
        finally:
            con.unregister("changed_events")
    if links:
        ids, kids = zip(*links, strict=True)
        con.execute("UPDATE alert SET kejadian_id = x.k FROM (SELECT unnest(?::INTEGER[]) AS a, unnest(?::INTEGER[]) AS k) x"
                    " WHERE alert.alert_id = x.a", [list(ids), list(kids)])
    if weak_links:
        cols = list(zip(*weak_links, strict=True))
        con.execute("UPDATE sinyal_lemah SET kejadian_id = x.k FROM (SELECT unnest(?::VARCHAR[]) AS s,"
                    " unnest(?::DATE[]) AS w, unnest(?::VARCHAR[]) AS d, unnest(?::INTEGER[]) AS k) x"
                    " WHERE sinyal_lemah.kode_kab = ? AND sinyal_lemah.kode_sindrom = x.s"
                    " AND sinyal_lemah.week_start = x.w AND sinyal_lemah.kode_desa = x.d",
                    [list(cols[0]), list(cols[1]), list(cols[2]), list(cols[3]), kode_kab])
    return written
