"""Signals -> events (issue 9): one event per outbreak, followed week to week.

``rebuild(con, kode_kab, cfg)`` runs after detection has written a kabupaten's signals (``alert`` rows) and weak
signals (``sinyal_lemah``), in the same transaction. It is incremental and idempotent:

* a signal already linked to an event (``alert.kejadian_id``) stays with it; re-running detection upserts
  the same alert rows, so no event is made twice;
* a new signal joins the open event of its syndrome whose places it overlaps or touches (same desa,
  neighbouring desa -- ``etl.detect.neighbours`` --, desa of the Puskesmas wilayah of a Puskesmas-level
  signal) and whose weeks it falls in: from ``close_after_weeks`` before its first week to
  ``close_after_weeks`` after its last one. Otherwise it starts a new event. An event without a supporting
  signal for ``close_after_weeks`` weeks is closed to new signals (``events_store`` marks it);
* for ``cooldown_weeks`` after it closed, an event's own desa open no new event of its syndrome: a signal on one
  of them (strong, or a group of weak ones) reopens that event -- the late cases or the second wave of the same
  outbreak show in its weekly series and its trend, under its id and history (a closed one is ``baru`` again,
  below), instead of a second event
  with a new 24-hour clock for the same villages. A signal only *touching* the closed event (a neighbour) starts
  its own event, as after the cooldown;
* an event stays a place an analyst can visit: a signal joins it only when one of its desa is at most
  ``max_hops`` neighbour steps from the event's *origin* (the desa of its first week's signals) and the event
  then has at most ``max_desa`` desa. Touching alone would chain: signals that move one desa a week, or a
  flood of signals at a lenient setting, grew single events over most of a kabupaten (275 of 300 desa);
* single-case signals (SKDR "1 kasus") group per syndrome and kecamatan within ``single_case_gap_weeks``;
* weak signals (under ``min_excess``) join a touching open event, or, when at least ``weak_min_desa``
  neighbouring desa have them for one syndrome in the same week with ``weak_min_excess`` cases over their
  bounds together, make an event of their own;
* two events of one syndrome that came to touch (a late report bridging them) are merged only when one of
  them was never acted on (status ``baru`` and no history); a person's status change is never undone.
Statuses are set by people (``etl.detect.lifecycle``), with one exception: an event a person closed (``selesai``,
``bukan_klb``) that a new signal of a later week joins -- the reopening above, or a signal within
``close_after_weeks`` -- goes back to ``baru`` with a history line by ``sistem`` saying why, and its 24-hour
clock restarts (``etl.detect.events_reopen``). An open event keeps its status; a rerun reopens nothing again.
"""

from __future__ import annotations

import datetime as dt

from etl.detect import events_reopen
from etl.detect import events_store as store
from etl.detect.events_store import Event
from etl.detect.neighbours import neighbours, wilayah
from etl.weeks import parse_week

DEFAULTS = {"close_after_weeks": 3, "single_case_gap_weeks": 3, "weak_min_desa": 2, "weak_min_excess": 4.0,
            "max_hops": 2, "max_desa": 30, "cooldown_weeks": 2}
KIND_ORDER = {"cluster": 0, "desa": 1, "puskesmas": 2}


def settings(cfg: dict) -> dict:
    """The ``[events]`` section of detection.toml over the defaults."""
    return {**DEFAULTS, **(cfg.get("events") or {})}


class Geography:
    """Neighbours and wilayah of one kabupaten, and the test of whether places touch an event."""

    def __init__(self, con, kode_kab: str):
        self.nb = neighbours(con, kode_kab)
        self.wilayah = wilayah(con, kode_kab)
        self.kec = dict(con.execute("SELECT kode_desa, kode_kec FROM desa WHERE kode_kab = ?", [kode_kab]).fetchall())
        self.max_hops, self.max_desa = 2, 30
        self._reach: dict[frozenset, set] = {}

    def bound(self, opts: dict) -> Geography:
        self.max_hops, self.max_desa = int(opts["max_hops"]), int(opts["max_desa"])
        return self

    def places(self, sig: dict) -> set:
        """A signal's desa: the wilayah of a Puskesmas-level one."""
        if sig.get("level") == "puskesmas":
            return set(self.wilayah.get(sig["unit"], set()))
        return set(sig["places"]) if "places" in sig else {sig["desa"]}

    def origin(self, event: Event) -> set:
        """The desa of the event's signals in its first week (strong and weak)."""
        weeks = [s["week_start"] for s in event.alerts] + [s["week_start"] for s in event.weak]
        if not weeks:
            return set(event.desa)
        first = min(weeks)
        out = set()
        for sig in [*event.alerts, *event.weak]:
            if sig["week_start"] == first:
                out |= self.places(sig)
        return out or set(event.desa)

    def reach(self, event: Event) -> set:
        """The desa at most ``max_hops`` neighbour steps from the event's origin."""
        start = frozenset(self.origin(event))
        if start not in self._reach:
            seen, ring = set(start), set(start)
            for _ in range(self.max_hops):
                ring = {o for d in ring for o in self.nb.get(d, ())} - seen
                seen |= ring
            self._reach[start] = seen
        return self._reach[start]

    def within_bound(self, places: set, event: Event, pkm: str | None = None) -> bool:
        """Joining keeps the event a place: places all among its desa already (they add none), or one of them
        within ``max_hops`` of its origin and at most ``max_desa`` desa after (a Puskesmas-level signal adds
        its Puskesmas, not desa)."""
        if places and places <= event.desa:
            return True
        if not places & self.reach(event):
            return False
        return pkm is not None or len(event.desa | places) <= self.max_desa

    def area(self, event: Event) -> set:
        """The desa an event covers: its desa, and the wilayah of its Puskesmas-level signals."""
        out = set(event.desa)
        for pkm in event.pkm_units:
            out |= self.wilayah.get(pkm, set())
        return out

    def touches(self, places: set, event: Event, pkm: str | None = None) -> bool:
        """A Puskesmas-level signal touches an event of the same Puskesmas or with desa in its wilayah; desa
        touch an event when they are, or neighbour, one of its desa, or lie in its Puskesmas' wilayah."""
        if pkm is not None:
            return pkm in event.pkm_units or bool(self.wilayah.get(pkm, set()) & event.desa)
        if places & self.area(event):
            return True
        return any(self.nb.get(p, set()) & event.desa for p in places)

    def events_touch(self, a: Event, b: Event) -> bool:
        if a.pkm_units & b.pkm_units:
            return True
        if any(self.touches(set(), a, pkm) for pkm in b.pkm_units):
            return True
        return bool(b.desa) and self.touches(b.desa, a)


def rebuild(con, kode_kab: str, cfg: dict, *, weeks: list[str] | None = None) -> dict:
    """Group the kabupaten's unlinked signals into events and refresh the events' summaries; counts.

    ``weeks``: the weeks detection recomputed. Only their signals changed, so only events with a signal since
    ``close_after_weeks`` + ``single_case_gap_weeks`` before the first of them can change: the rest is not read
    (a national run touches 514 kabupaten). None: every event of the kabupaten.
    """
    opts = settings(cfg)
    geo = Geography(con, kode_kab).bound(opts)
    since = None
    if weeks:
        reach = int(opts["close_after_weeks"]) + int(opts["single_case_gap_weeks"]) + int(opts["cooldown_weeks"]) + 1
        since = min(parse_week(w) for w in weeks).startdate() - dt.timedelta(weeks=reach)
    events = store.load_events(con, kode_kab, since)
    ids = [e.id for e in events]
    alerts = store.load_alerts(con, kode_kab, since, ids)
    weak = store.load_weak(con, kode_kab, since, ids)
    by_id = {e.id: e for e in events}
    for sig in alerts:
        if sig["kejadian_id"] in by_id:
            event = by_id[sig["kejadian_id"]]
            event.alerts.append(sig)
            _extend(event, sig, geo)
    close, gap = int(opts["close_after_weeks"]), int(opts["single_case_gap_weeks"])
    new = sorted((s for s in alerts if s["kejadian_id"] not in by_id),
                 key=lambda s: (s["week_start"], s["method"] == "single_case", KIND_ORDER.get(s["level"], 3), s["id"]))
    cooldown = int(opts["cooldown_weeks"])
    for sig in new:
        event = _match_alert(events, sig, geo, close, gap) or _reopened(events, sig, geo, close, cooldown)
        if event is None:
            event = Event(None, sig["sindrom"], "satu_kasus" if sig["method"] == "single_case" else "wabah",
                          kec=geo.kec.get(sig["places"][0]) if sig["method"] == "single_case" and sig["places"] else None)
            events.append(event)
        event.alerts.append(sig)
        _extend(event, sig, geo)
    _group_weak(events, weak, geo, opts)
    merged = _merge(events, geo, close, gap)
    kept = [e for e in events if e not in merged]
    written = store.write(con, kode_kab, kept, merged, geo, close)
    events_reopen.apply(con, kept, close, cooldown)   # closed events the new signals brought back: baru again
    return {"events": written, "merged": len(merged)}


def _extend(event: Event, sig: dict, geo: Geography) -> None:
    if sig["level"] == "puskesmas":
        event.add(set(), sig["week_start"], pkm=sig["unit"])  # drawn as its Puskesmas, not as every desa
    else:
        event.add(set(sig["places"]), sig["week_start"])


def _match_alert(events: list[Event], sig: dict, geo: Geography, close: int, gap: int) -> Event | None:
    if sig["method"] == "single_case":
        kec = geo.kec.get(sig["places"][0]) if sig["places"] else None
        found = [e for e in events if e.jenis == "satu_kasus" and e.sindrom == sig["sindrom"] and e.kec == kec
                 and e.within(sig["week_start"], gap, gap)]
    else:
        pkm = sig["unit"] if sig["level"] == "puskesmas" else None
        places = _places(sig, geo)
        found = [e for e in events if e.jenis == "wabah" and e.sindrom == sig["sindrom"]
                 and e.within(sig["week_start"], close, close) and geo.touches(places, e, pkm)
                 and geo.within_bound(places, e, pkm)]
    if not found:
        return None
    return min(found, key=lambda e: (not e.acted, e.id is None, e.id or 0, e.start))


def _places(sig: dict, geo: Geography) -> set[str]:
    """The desa an outbreak signal covers: a Puskesmas-level signal its wilayah kerja."""
    return geo.wilayah.get(sig["unit"], set()) if sig.get("level") == "puskesmas" else set(sig["places"])


def _reopened(events: list[Event], sig: dict, geo: Geography, close: int, cooldown: int) -> Event | None:
    """The closed event (no signal in its last ``close`` weeks) whose own desa the outbreak signal ``sig`` lies
    on, in the ``cooldown`` weeks after it closed; the earliest one (None for single cases: they have a gap)."""
    if sig.get("method") == "single_case" or cooldown <= 0:
        return None
    places = _places(sig, geo)
    found = [e for e in events if e.jenis == "wabah" and e.sindrom == sig["sindrom"] and e.end is not None
             and e.end + dt.timedelta(weeks=close) < sig["week_start"] <= e.end + dt.timedelta(weeks=close + cooldown)
             and places & geo.area(e)]
    return min(found, key=lambda e: (e.id is None, e.id or 0, e.start)) if found else None


def _group_weak(events: list[Event], weak: list[dict], geo: Geography, opts: dict) -> None:
    """Weak signals: one in an open event's own desa supports it; otherwise neighbouring ones of one week make
    a group, and a group with ``weak_min_desa`` desa and ``weak_min_excess`` cases over the bounds joins the
    open event it touches or becomes an event. (A lone weak signal next to an event does not join it: ILI's
    seasonal rise would otherwise grow one event over the whole kabupaten.)"""
    close = int(opts["close_after_weeks"])
    linked = {e.id: e for e in events if e.id is not None}
    loose: dict[tuple, list[dict]] = {}
    for sig in sorted(weak, key=lambda s: (s["week_start"], s["desa"])):
        event = linked.get(sig["kejadian_id"])
        if event is None:
            found = [e for e in events if e.jenis == "wabah" and e.sindrom == sig["sindrom"]
                     and e.within(sig["week_start"], 0, close) and sig["desa"] in geo.area(e)
                     and geo.within_bound({sig["desa"]}, e)]
            event = min(found, key=lambda e: (e.id is None, e.id or 0)) if found else None
        if event is not None:
            event.weak.append(sig)
            event.add({sig["desa"]}, sig["week_start"])
            continue
        loose.setdefault((sig["sindrom"], sig["week_start"]), []).append(sig)
    for (sindrom, week), sigs in sorted(loose.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        for part in _components(sigs, geo.nb):
            excess = sum(s["observed"] - s["threshold"] for s in part)
            if len(part) < int(opts["weak_min_desa"]) or excess < float(opts["weak_min_excess"]):
                continue
            places = {s["desa"] for s in part}
            found = [e for e in events if e.jenis == "wabah" and e.sindrom == sindrom and e.within(week, close, close)
                     and geo.touches(places, e) and geo.within_bound(places, e)]
            event = min(found, key=lambda e: (e.id is None, e.id or 0)) if found else _reopened(
                events, {"sindrom": sindrom, "week_start": week, "places": sorted(places)}, geo, close,
                int(opts["cooldown_weeks"]))
            if event is None:
                event = Event(None, sindrom, "wabah")
                events.append(event)
            for sig in part:
                sig["grouped"] = True   # a group: it may reopen a closed event (events_reopen), a lone one not
                event.weak.append(sig)
                event.add({sig["desa"]}, sig["week_start"])


def _components(sigs: list[dict], nb: dict[str, set]) -> list[list[dict]]:
    by_desa = {s["desa"]: s for s in sigs}
    seen, parts = set(), []
    for desa in sorted(by_desa):
        if desa in seen:
            continue
        stack, part = [desa], []
        seen.add(desa)
        while stack:
            cur = stack.pop()
            part.append(by_desa[cur])
            for other in sorted(nb.get(cur, set()) & by_desa.keys() - seen):
                seen.add(other)
                stack.append(other)
        parts.append(part)
    return parts


def _merge(events: list[Event], geo: Geography, close: int, gap: int) -> list[Event]:
    """Fold events that came to touch into one; only an event nobody acted on is folded into another."""
    gone: list[Event] = []
    changed = True
    while changed:
        changed = False
        live = sorted((e for e in events if e not in gone and e.start is not None),
                      key=lambda e: (not e.acted, e.id is None, e.id or 0, e.start))
        for i, keep in enumerate(live):
            for other in live[i + 1:]:
                if other.acted or other.sindrom != keep.sindrom or other.jenis != keep.jenis:
                    continue
                span = gap if keep.jenis == "satu_kasus" else close
                if not (other.start <= keep.end + dt.timedelta(weeks=span)
                        and keep.start <= other.end + dt.timedelta(weeks=span)):
                    continue
                if keep.jenis == "satu_kasus":
                    if keep.kec != other.kec:
                        continue
                elif not (geo.events_touch(keep, other) and geo.within_bound(geo.origin(other), keep)
                          and len(keep.desa | other.desa) <= geo.max_desa):
                    continue
                keep.alerts += other.alerts
                keep.weak += other.weak
                keep.desa |= other.desa
                keep.pkm_units |= other.pkm_units
                keep.start, keep.end = min(keep.start, other.start), max(keep.end, other.end)
                gone.append(other)
                changed = True
                break
            if changed:
                break
    return gone
