"""Event and alert lifecycle: the one home of the statuses, the active set and the 24-hour response limit.

Events (``kejadian``), as SKDR and WHO EWARS run them::

    baru -> diverifikasi -> penilaian_risiko -> direspons -> selesai
       \\-> bukan_klb (closed)  (also from diverifikasi and penilaian_risiko)

Every step needs a note and a user and is stored in the operational store (``etl.ops``: status, note, user,
time, KLB flag), not under the warehouse writer lock; the warehouse keeps a copy (``kejadian_riwayat``).
The same status again adds a note without moving the event: two people acting on one event at once both
keep their note (the second learns the status had already moved). ``klb=True`` declares the event a KLB
(Kejadian Luar Biasa) from penilaian_risiko on. SKDR expects a response within ``RESPONSE_HOURS`` of the
event's creation: the first step out of ``baru`` counts (``response_time``).

Detection takes one step itself: a closed event (``CLOSED``) that a new signal brings back is reopened to
``baru`` by ``SYSTEM_USER`` with a note saying why (``reopen_event``; ``etl.detect.events_reopen`` decides
when). The 24-hour clock then restarts from that step (``clock_start``): the event needs verifying again. The
KLB flag stays as people set it.

Signals (``alert`` rows) keep their older lifecycle (``ALERT_TRANSITIONS``, ``set_status``): people act on
events; ``alert_event`` stays readable as the history from before events.
"""

from __future__ import annotations

import datetime as dt

from etl import ops
from etl.messages import msg
from etl.ops import link

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
SYSTEM_USER = "sistem"            # the user of the steps detection takes (a reopening)
REOPEN_NOTE = "Dibuka kembali:"   # how a reopening's note starts

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
        raise LifecycleError(msg("life.status_unknown", status=status, known=", ".join(known)))
    if not (user or "").strip():
        raise LifecycleError(msg("life.user_missing"))
    return status, (note or "").strip()[:MAX_NOTE], user.strip()


def event_rule(kejadian_id: int, status: str, klb: bool | None):
    """The rule ``etl.ops.OpsStore.act`` applies to an event's current (status, KLB) inside its transaction."""
    def decide(current: str, flag: bool) -> tuple[str, bool, bool]:
        note_only = status == current
        if not note_only and status not in event_next(current):
            nxt = ", ".join(event_next(current)) or msg("life.final")
            raise LifecycleError(msg("life.event_step", id=kejadian_id, current=LABELS[current], status=LABELS[status],
                                     allowed=nxt))
        if klb and status not in KLB_FROM:
            raise LifecycleError(msg("life.klb_early", status=LABELS[status]))
        return status, bool(flag) if klb is None else bool(klb), note_only
    return decide


def _target(con, kind: str, obj_id: int) -> ops.Target:
    found = link.target(con, kind, obj_id)
    if found is None:
        raise LifecycleError(msg("life.event_missing" if kind == "kejadian" else "life.alert_missing", id=obj_id))
    return found


def _step(con, kind: str, obj_id: int, rule, note: str, user: str, at: dt.datetime | None, store) -> dict:
    """One step of an event or a signal, the one write route of both: looked up in the warehouse, written to
    the operational store (``rule`` decides inside its transaction), and on a writer connection copied into
    the warehouse at once (detection reads it there). Returns the store's {from, status, klb, note_only}."""
    target = _target(con, kind, obj_id)
    done = (store or ops.store_for(con)).act(target, rule, note, user, at or dt.datetime.now())
    if not link.read_only(con):
        ops.mirror(con, target.kode_kab)
    return done


def set_event_status(con, kejadian_id: int, status: str, note: str, user: str, *, klb: bool | None = None,
                     at: dt.datetime | None = None, store=None) -> dict:
    """Move event ``kejadian_id`` to ``status`` (a note is required), logging who, when and why.

    ``con`` is any connection to the warehouse (a read-only snapshot is enough: the event is only looked up
    there); the step is written to the operational store (``etl.ops``), never under the warehouse writer lock.
    ``status`` equal to the current one adds the note only (``{"note_only": True}``): the case of two people
    acting at once. ``klb`` True/False sets the KLB flag (True only from penilaian_risiko on). Raises
    LifecycleError for an unknown event or status, a missing note or user, or a step the lifecycle forbids.
    """
    status, note, user = _check_common(status, note, user, STATUSES)
    if not note:
        raise LifecycleError(msg("life.note_missing"))
    done = _step(con, "kejadian", kejadian_id, event_rule(kejadian_id, status, klb), note, user, at, store)
    return {"id": kejadian_id, "from": done["from"], "status": done["status"], "klb": done["klb"],
            "note_only": done["note_only"]}


def _history(con, kind: str, obj_id: int, store=None) -> list[dict]:
    target = link.target(con, kind, obj_id)
    if target is None:
        return []
    store = store or ops.store_for(con)
    if store.state(kind, target.obj_id, target.dibuat) is None:
        return link.warehouse_steps(con, kind, obj_id)   # nobody acted since the store exists
    return store.steps(kind, target.obj_id, target.dibuat)


def event_history(con, kejadian_id: int, *, store=None) -> list[dict]:
    """The steps of one event, oldest first: status, note, user, at, klb."""
    return _history(con, "kejadian", kejadian_id, store)


def _first_response(created: dt.datetime, steps: list[dict]) -> dt.datetime | None:
    times = [s["at"] for s in steps if s["status"] != "baru" and s["at"] >= created]
    return min(times) if times else None


def is_reopening(step: dict) -> bool:
    """A step detection took to reopen a closed event (``reopen_event``)."""
    return (step["status"] == "baru" and step["user"] == SYSTEM_USER
            and (step["note"] or "").startswith(REOPEN_NOTE))


def clock_start(created: dt.datetime, steps: list[dict]) -> dt.datetime:
    """When an event's 24-hour clock starts: its creation, or its latest reopening after it."""
    return max([created] + [s["at"] for s in steps if is_reopening(s) and s["at"] >= created])


def event_response_time(con, kejadian_id: int, *, now: dt.datetime | None = None, store=None) -> dict:
    """The 24-hour clock of an event (same keys as ``response_time``), from ``clock_start``."""
    target = _target(con, "kejadian", kejadian_id)
    steps = event_history(con, kejadian_id, store=store)
    start = clock_start(target.dibuat, steps)
    return clock(start, _first_response(start, steps), now=now)


class _NotClosed(Exception):
    """The event is no longer closed (a person or an earlier run moved it): nothing to reopen."""


def reopen_rule(current: str, flag: bool) -> tuple[str, bool, bool]:
    """A reopening: a closed event goes back to ``baru``, its KLB flag kept; any other status stays."""
    if current not in CLOSED:
        raise _NotClosed(current)
    return "baru", bool(flag), False


def reopen_event(con, kejadian_id: int, note: str, *, at: dt.datetime | None = None, store=None) -> bool:
    """Detection reopens closed event ``kejadian_id`` (``SYSTEM_USER``, ``note`` starting ``REOPEN_NOTE``),
    through the one write route of people's steps (``_step``): the store decides on its current status inside
    its transaction, so a person's step taken at the same time is kept before or after it, never lost. False
    (nothing written) when the event is not closed there any more."""
    try:
        _step(con, "kejadian", kejadian_id, reopen_rule, note, SYSTEM_USER, at, store)
    except _NotClosed:
        return False
    return True


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

def alert_rule(alert_id: int, status: str):
    """The same for a signal (alert): its older transitions, no KLB."""
    def decide(current: str, flag: bool) -> tuple[str, bool, bool]:
        if status not in allowed_next(current):
            nxt = ", ".join(allowed_next(current)) or msg("life.final")
            raise LifecycleError(msg("life.alert_step", id=alert_id, current=current, status=status, allowed=nxt))
        return status, False, False
    return decide


def set_status(con, alert_id: int, status: str, note: str, user: str, *, at: dt.datetime | None = None,
               store=None) -> None:
    """Move an alert to ``status``, logging who, when and why (in the operational store, like events);
    raises LifecycleError if not allowed."""
    status, note, user = _check_common(status, note, user, ALERT_STATUSES)
    _step(con, "alert", alert_id, alert_rule(alert_id, status), note, user, at, store)


def history(con, alert_id: int, *, store=None) -> list[dict]:
    """The audit log of one alert, oldest first."""
    return [{k: s[k] for k in ("status", "note", "user", "at")} for s in _history(con, "alert", alert_id, store)]


def response_time(con, alert_id: int, *, now: dt.datetime | None = None, store=None) -> dict:
    """created_at, first_response_at, hours (None while unanswered), within_24h (None while the 24 h run)."""
    target = _target(con, "alert", alert_id)
    return clock(target.dibuat, _first_response(target.dibuat, history(con, alert_id, store=store)), now=now)
