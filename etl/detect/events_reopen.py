"""A closed event a new signal brings back goes back to ``baru`` (issue 9, the lifecycle under regrouping).

``events_group.rebuild`` attaches new signals to the events they belong to; some of those events were closed by
a person (``selesai``, or ``bukan_klb``: ``lifecycle.CLOSED``). When a new signal (strong, or weak) of a week
*after* the event's last supporting week joins such an event -- in the ``cooldown_weeks`` after it closed, on
one of its own desa, or still within ``close_after_weeks`` of its last signal -- the outbreak is back, and an
event shown as finished would hide it. ``apply`` then reopens it: status ``baru``, by ``lifecycle.SYSTEM_USER``,
with a note in plain Bahasa Indonesia naming the week and the desa ("Dibuka kembali: sinyal baru minggu
2026-W20 di desa Sukamaju (dalam 2 minggu setelah selesai)"). Its earlier history stays; the KLB flag stays;
the 24-hour verification clock restarts from the reopening (``lifecycle.clock_start``).

What is never done:

* an event still open keeps its status (a new signal only extends it);
* a rerun over the same weeks reopens nothing again: the signal is linked to the event by then (not new), and
  a week whose reopening is already in the history is not reopened twice -- so an event a person closed again
  after the reopening stays closed;
* a late signal for a week the event already covers reopens nothing (it is not "back");
* a lone weak signal (under ``min_excess``) on its desa reopens nothing: only a strong signal or a group of weak
  ones (``weak_min_desa`` neighbouring desa, ``weak_min_excess`` cases over their bounds) does, as it would make
  an event of its own -- an outbreak's tail would otherwise reopen an event a person just closed.

The step goes through ``lifecycle.reopen_event``, the write route of people's steps: the operational store
decides on the event's current status inside its own transaction (a person's step at the same moment lands
before or after it; neither note is lost), and the warehouse's copy is brought up to date (``etl.ops.mirror``)
inside detection's transaction, the one that writes the event and links its signals. A warehouse without a
store (in memory) gets the step in its own tables, in that same transaction. The store commits on its own: if
detection's transaction then rolls back, the event is ``baru`` with its line and the signal unlinked until the
next run links it -- which reopens nothing again (the event is no longer closed).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from etl.detect import lifecycle
from etl.messages import msg
from etl.weeks import week_label, week_of

MAX_NAMES = 5


@dataclass(frozen=True)
class Reopening:
    kejadian_id: int
    status: str          # the closed status it had
    week: dt.date        # week_start of the earliest new signal after the event's last week
    last: dt.date        # the event's last supporting week before it
    desa: tuple          # desa codes of that week's new signals
    single: bool = False  # a single-case event (no cooldown: its cases group within single_case_gap_weeks)


def candidates(events: list) -> list[Reopening]:
    """The stored, closed events that new signals of a later week than their last one have joined."""
    out = []
    for event in events:
        if event.id is None or event.status not in lifecycle.CLOSED or not event.stored:
            continue
        last = event.stored[7]   # akhir_mulai as stored, before this run's signals
        new = [(s["week_start"], tuple(s["places"])) for s in event.alerts
               if s["kejadian_id"] != event.id and s["week_start"] > last]
        new += [(s["week_start"], (s["desa"],)) for s in event.weak
                if s["kejadian_id"] != event.id and s["week_start"] > last and s.get("grouped")]
        if not new:
            continue
        week = min(w for w, _ in new)
        desa = tuple(sorted({d for w, places in new if w == week for d in places}))
        out.append(Reopening(event.id, event.status, week, last, desa, event.jenis == "satu_kasus"))
    return out


def note(con, found: Reopening, close: int, cooldown: int) -> str:
    """The history line, in Bahasa Indonesia."""
    names = dict(con.execute("SELECT kode_desa, nama FROM desa WHERE list_contains(?, kode_desa)",
                             [list(found.desa)]).fetchall())
    shown = [names.get(code, code) for code in found.desa[:MAX_NAMES]]
    desa = ", ".join(shown) + (msg("reopen.more", n=len(found.desa) - MAX_NAMES) if len(found.desa) > MAX_NAMES else "")
    closed = msg(f"reopen.closed.{found.status}")
    week = week_label(week_of(found.week))
    gap = (found.week - found.last).days // 7
    if gap > close and not found.single:
        return msg("reopen.cooldown", week=week, desa=desa or "-", n=cooldown, closed=closed)
    return msg("reopen.open", week=week, desa=desa or "-", n=gap, last=week_label(week_of(found.last)), closed=closed)


def apply(con, events: list, close: int, cooldown: int, *, at: dt.datetime | None = None) -> int:
    """Reopen the closed events new later signals joined (module docstring); the number reopened."""
    done = 0
    for found in candidates(events):
        text = note(con, found, close, cooldown)
        week = f"minggu {week_label(week_of(found.week))} "
        if _has_store(con):
            steps = lifecycle.event_history(con, found.kejadian_id)
            if any(lifecycle.is_reopening(s) and week in s["note"] for s in steps):
                continue   # this week's reopening is in the history already (a rerun): a person's later step stays
            done += lifecycle.reopen_event(con, found.kejadian_id, text, at=at)
        else:
            done += _in_warehouse(con, found.kejadian_id, text, week, at or dt.datetime.now())
    return done


def _has_store(con) -> bool:
    """As ``etl.ops``: a warehouse file has its store beside it; one in memory only with a server configured."""
    from etl.ops import ENV_URL, link

    return link.warehouse_path(con) is not None or bool(os.environ.get(ENV_URL, "").strip())


def _in_warehouse(con, kejadian_id: int, text: str, week: str, at: dt.datetime) -> bool:
    """A warehouse without an operational store: the step in its own tables (the caller's transaction)."""
    again = con.execute("SELECT count(*) FROM kejadian_riwayat WHERE kejadian_id = ? AND status = 'baru'"
                        " AND pengguna = ? AND starts_with(catatan, ?) AND contains(catatan, ?)",
                        [kejadian_id, lifecycle.SYSTEM_USER, lifecycle.REOPEN_NOTE, week]).fetchall()[0][0]
    if again:
        return False
    rows = con.execute("UPDATE kejadian SET status = 'baru', diperbarui = ? WHERE kejadian_id = ?"
                       " AND list_contains(?, status) RETURNING klb", [at, kejadian_id, list(lifecycle.CLOSED)]).fetchall()
    if not rows:
        return False
    con.execute("INSERT INTO kejadian_riwayat (kejadian_id, status, catatan, pengguna, waktu, klb)"
                " VALUES (?, 'baru', ?, ?, ?, ?)", [kejadian_id, text, lifecycle.SYSTEM_USER, at, rows[0][0]])
    return True
