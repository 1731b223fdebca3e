"""Alert lifecycle: baru -> diverifikasi -> direspons -> selesai, or bukan_klb from baru/diverifikasi.

Every change is an ``alert_event`` row (status, note, user, time): the audit log. SKDR expects a response
within 24 hours of an alert: ``response_time`` measures it as the time from ``alert.created_at`` to the
first event that moves the alert out of ``baru``.
"""

from __future__ import annotations

import datetime as dt

from etl.detect.db import transaction

STATUSES = ("baru", "diverifikasi", "direspons", "selesai", "bukan_klb")
ACTIVE = ("baru", "diverifikasi", "direspons")
TRANSITIONS = {
    "baru": ("diverifikasi", "bukan_klb"),
    "diverifikasi": ("direspons", "bukan_klb"),
    "direspons": ("selesai",),
    "selesai": (),
    "bukan_klb": (),
}
RESPONSE_HOURS = 24


class LifecycleError(ValueError):
    """A status change that is not allowed (message in Bahasa Indonesia, for the user)."""


def allowed_next(status: str) -> tuple[str, ...]:
    return TRANSITIONS.get(status, ())


def set_status(con, alert_id: int, status: str, note: str, user: str, *, at: dt.datetime | None = None) -> None:
    """Move an alert to ``status``, logging who, when and why; raises LifecycleError if not allowed."""
    status = (status or "").strip().lower()
    if status not in STATUSES:
        raise LifecycleError(f"status '{status}' tidak dikenal; pilih salah satu: {', '.join(STATUSES)}")
    if not (user or "").strip():
        raise LifecycleError("pengguna harus disebutkan")
    at = at or dt.datetime.now()
    with transaction(con):
        row = con.execute("SELECT status FROM alert WHERE alert_id = ?", [alert_id]).fetchone()
        if row is None:
            raise LifecycleError(f"peringatan {alert_id} tidak ada")
        current = row[0]
        if status not in allowed_next(current):
            nxt = ", ".join(allowed_next(current)) or "tidak ada (status akhir)"
            raise LifecycleError(f"peringatan {alert_id} berstatus '{current}': tidak bisa menjadi '{status}'"
                                 f" (yang boleh: {nxt})")
        con.execute("INSERT INTO alert_event (alert_id, status, note, user_name, event_at) VALUES (?, ?, ?, ?, ?)",
                    [alert_id, status, note or "", user.strip(), at])
        con.execute("UPDATE alert SET status = ?, updated_at = ? WHERE alert_id = ?", [status, at, alert_id])


HISTORY_SQL = """
SELECT status, note, user_name, event_at FROM alert_event WHERE alert_id = ? ORDER BY event_at, rowid
"""


def history(con, alert_id: int) -> list[dict]:
    """The audit log of one alert, oldest first."""
    cols = ("status", "note", "user", "at")
    return [dict(zip(cols, r, strict=True)) for r in con.execute(HISTORY_SQL, [alert_id]).fetchall()]


RESPONSE_SQL = """
SELECT a.created_at,
       (SELECT min(e.event_at) FROM alert_event e
        WHERE e.alert_id = a.alert_id AND e.status <> 'baru' AND e.event_at >= a.created_at) AS first_response
FROM alert a WHERE a.alert_id = ?
"""


def response_time(con, alert_id: int, *, now: dt.datetime | None = None) -> dict:
    """created_at, first_response_at, hours (None while unanswered), within_24h (None while the 24 h run)."""
    row = con.execute(RESPONSE_SQL, [alert_id]).fetchone()
    if row is None:
        raise LifecycleError(f"peringatan {alert_id} tidak ada")
    created, first = row
    now = now or dt.datetime.now()
    limit = dt.timedelta(hours=RESPONSE_HOURS)
    if first is not None:
        hours = (first - created).total_seconds() / 3600
        return {"created_at": created, "first_response_at": first, "hours": hours, "within_24h": first - created <= limit}
    return {"created_at": created, "first_response_at": None, "hours": None,
            "within_24h": False if now - created > limit else None}
