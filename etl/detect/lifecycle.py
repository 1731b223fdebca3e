"""Event and alert lifecycle: the one home of the statuses, the active set and the 24-hour response limit.

Events (``kejadian``), as SKDR and WHO EWARS run them::

    baru -> diverifikasi -> penilaian_risiko -> direspons -> selesai
       \\-> bukan_klb (closed)  (also from diverifikasi and penilaian_risiko)

Every step needs a note and a user and is a ``kejadian_riwayat`` row (status, note, user, time, KLB flag).
The same status again adds a note without moving the event: two people acting on one event at once both
keep their note (the second learns the status had already moved). ``klb=True`` declares the event a KLB
(Kejadian Luar Biasa) from penilaian_risiko on. SKDR expects a response within ``RESPONSE_HOURS`` of the
event's creation: the first step out of ``baru`` counts (``response_time``).

Signals (``alert`` rows) keep their older lifecycle (``ALERT_TRANSITIONS``, ``set_status``): people act on
events; ``alert_event`` stays readable as the history from before events.
"""

from __future__ import annotations

import datetime as dt

from etl.transaction import transaction

STATUSES = ("baru", "diverifikasi", "penilaian_risiko", "direspons", "selesai", "bukan_klb")
ACTIVE = ("baru", "diverifikasi", "penilaian_risiko", "direspons")
CLOSED = ("selesai", "bukan_klb")
RESPONSE_HOURS = 24
KLB_FROM = ("penilaian_risiko", "direspons", "selesai")
TRANSITIONS = {
    "baru": ("diverifikasi", "bukan_klb"),
    "diverifikasi": ("penilaian_risiko", "bukan_klb"),
    "penilaian_risiko": ("direspons", "bukan_klb"),
    "direspons": ("selesai",),
    "selesai": (),
    "bukan_klb": (),
}
LABELS = {"baru": "baru", "diverifikasi": "diverifikasi", "penilaian_risiko": "penilaian risiko",
          "direspons": "direspons", "selesai": "selesai", "bukan_klb": "bukan KLB"}
MAX_NOTE = 2000

ALERT_STATUSES = ("baru", "diverifikasi", "direspons", "selesai", "bukan_klb")
ALERT_TRANSITIONS = {
    "baru": ("diverifikasi", "bukan_klb"),
    "diverifikasi": ("direspons", "bukan_klb"),
    "direspons": ("selesai",),
    "selesai": (),
    "bukan_klb": (),
}


class LifecycleError(ValueError):
    """A status change that is not allowed (message in Bahasa Indonesia, for the user)."""


def allowed_next(status: str) -> tuple[str, ...]:
    """The statuses a signal (alert) may move to from ``status``."""
    return ALERT_TRANSITIONS.get(status, ())


def event_next(status: str) -> tuple[str, ...]:
    """The statuses an event may move to from ``status``."""
    return TRANSITIONS.get(status, ())


def _check_common(status: str, note: str, user: str, known: tuple[str, ...]) -> tuple[str, str, str]:
    status = (status or "").strip().lower()
    if status not in known:
        raise LifecycleError(f"status '{status}' tidak dikenal; pilih salah satu: {', '.join(known)}")
    if not (user or "").strip():
        raise LifecycleError("pengguna harus disebutkan")
    return status, (note or "").strip()[:MAX_NOTE], user.strip()


EVENT_ROW_SQL = "SELECT status, klb FROM kejadian WHERE kejadian_id = ?"


def set_event_status(con, kejadian_id: int, status: str, note: str, user: str, *, klb: bool | None = None,
                     at: dt.datetime | None = None) -> dict:
    """Move event ``kejadian_id`` to ``status`` (a note is required), logging who, when and why.

    ``status`` equal to the current one adds the note only (``{"note_only": True}``): the case of two people
    acting at once. ``klb`` True/False sets the KLB flag (True only from penilaian_risiko on). Raises
    LifecycleError for an unknown event or status, a missing note or user, or a step the lifecycle forbids.
    """
    status, note, user = _check_common(status, note, user, STATUSES)
    if not note:
        raise LifecycleError("catatan wajib diisi untuk setiap langkah")
    at = at or dt.datetime.now()
    with transaction(con):
        row = con.execute(EVENT_ROW_SQL, [kejadian_id]).fetchone()
        if row is None:
            raise LifecycleError(f"kejadian {kejadian_id} tidak ada")
        current, flag = row
        note_only = status == current
        if not note_only and status not in event_next(current):
            nxt = ", ".join(event_next(current)) or "tidak ada (status akhir)"
            raise LifecycleError(f"kejadian {kejadian_id} berstatus '{LABELS[current]}': tidak bisa menjadi "
                                 f"'{LABELS[status]}' (yang boleh: {nxt})")
        if klb and status not in KLB_FROM:
            raise LifecycleError(f"KLB baru bisa ditetapkan setelah penilaian risiko (status sekarang '{LABELS[status]}')")
        flag = bool(flag) if klb is None else bool(klb)
        con.execute("INSERT INTO kejadian_riwayat (kejadian_id, status, catatan, pengguna, waktu, klb)"
                    " VALUES (?, ?, ?, ?, ?, ?)", [kejadian_id, status, note, user, at, flag])
        con.execute("UPDATE kejadian SET status = ?, klb = ?, diperbarui = ? WHERE kejadian_id = ?",
                    [status, flag, at, kejadian_id])
    return {"id": kejadian_id, "from": current, "status": status, "klb": flag, "note_only": note_only}


EVENT_HISTORY_SQL = """
SELECT status, catatan, pengguna, waktu, klb FROM kejadian_riwayat WHERE kejadian_id = ? ORDER BY waktu, rowid
"""


def event_history(con, kejadian_id: int) -> list[dict]:
    """The steps of one event, oldest first: status, note, user, at, klb."""
    cols = ("status", "note", "user", "at", "klb")
    return [dict(zip(cols, r, strict=True)) for r in con.execute(EVENT_HISTORY_SQL, [kejadian_id]).fetchall()]


EVENT_RESPONSE_SQL = """
SELECT k.dibuat,
       (SELECT min(r.waktu) FROM kejadian_riwayat r
        WHERE r.kejadian_id = k.kejadian_id AND r.status <> 'baru' AND r.waktu >= k.dibuat) AS first_response
FROM kejadian k WHERE k.kejadian_id = ?
"""


def event_response_time(con, kejadian_id: int, *, now: dt.datetime | None = None) -> dict:
    """The 24-hour clock of an event (same keys as ``response_time``)."""
    row = con.execute(EVENT_RESPONSE_SQL, [kejadian_id]).fetchone()
    if row is None:
        raise LifecycleError(f"kejadian {kejadian_id} tidak ada")
    return clock(row[0], row[1], now=now)


def clock(created: dt.datetime, first: dt.datetime | None, *, now: dt.datetime | None = None) -> dict:
    """created_at, first_response_at, hours (None while unanswered), within_24h (None while the 24 h run)."""
    now = now or dt.datetime.now()
    limit = dt.timedelta(hours=RESPONSE_HOURS)
    if first is not None:
        hours = (first - created).total_seconds() / 3600
        return {"created_at": created, "first_response_at": first, "hours": hours, "within_24h": first - created <= limit}
    return {"created_at": created, "first_response_at": None, "hours": None,
            "within_24h": False if now - created > limit else None}


# --- signals (alert rows): the lifecycle from before events ------------------------------------------------

def set_status(con, alert_id: int, status: str, note: str, user: str, *, at: dt.datetime | None = None) -> None:
    """Move an alert to ``status``, logging who, when and why; raises LifecycleError if not allowed."""
    status, note, user = _check_common(status, note, user, ALERT_STATUSES)
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
                    [alert_id, status, note, user, at])
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
    return clock(row[0], row[1], now=now)
