"""Peringatan: the outbreak events of a kabupaten (one row each, with a weekly sparkline), the map of their
desa (Puskesmas-level events on their Puskesmas), and one event explained in a sentence with its numbers,
history and response clock; raw signals and parameters only behind "detail teknis"."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd

from dashboard import geo
from dashboard.figures import alerts as alert_fig
from dashboard.i18n import t
from dashboard.params import ParamError
from dashboard.queries import alerts as q
from dashboard.queries.common import desa_points
from dashboard.views import Env, detection_share, records
from etl.detect import events_text, lifecycle
from etl.messages_stored import in_language

GRID_COLUMNS = ["id", "prioritas", "sindrom", "lokasi", "minggu", "kasus_minggu_ini", "kasus_total", "tren_label",
                "grafik", "status", "status_label", "klb", "respons", "response_ok"]


def build_list(con, scope, view: dict, env: Env, lang: str, *, syndromes: dict | None = None):
    """(events frame, map figure) for the validated view; the selected event (view['kejadian']) is
    outlined and zoomed to."""
    kab = view["kab"]
    if view["kec"] and view["kec"] not in {k for k, _ in q.kecamatan(con, scope, kab)}:
        raise ParamError("err.choice", value=view["kec"], field="kec")
    frame = q.event_list(con, scope, kab, view["dari"], view["sampai"], sindrom=view["sindrom"],
                         status=view["status"], kec=view["kec"], method=view["metode"])
    desa = desa_points(con, scope, kab, env.cache)
    pkm = env.cache(("puskesmas-points", kab), lambda: q.puskesmas_points(con, scope, kab))
    labels = {s: t(f"status.{s}", lang) for s in lifecycle.STATUSES} | {"older": t("event.older", lang),
                                                                        "cases": t("nilai.kasus", lang).lower()}
    recent_from = str(view["sampai"] - 1)   # the label of the week before
    figure = alert_fig.events_map(
        desa, frame, pkm, geojson=env.geo_url(con, "desa", kab), labels=labels, selected=view.get("kejadian"),
        recent_from=recent_from, desa_weeks=q.event_desa_weeks(con, scope, kab, frame["id"]),
        view=env.cache(("fit", "alerts", kab), lambda: geo.fit(desa["centroid_lon"], desa["centroid_lat"], width=800,
                                                                 height=480, pad=1.3)), uirevision=kab)
    return frame, figure


def list_view(con, scope, view: dict, env: Env, lang: str, syndromes) -> dict:
    """The page's event list for the validated view: grid ``rows``, the ``summary`` sentence, ``empty``, and the
    ``notice`` of Puskesmas-weeks whose Puskesmas-level detection was skipped (None when none were).
    ``syndromes``: (kode, nama, nama_en)."""
    frame, _ = build_list(con, scope, view, env, lang)
    names = {kode: (en if lang == "en" else nama) for kode, nama, en in syndromes}
    desa = desa_points(con, scope, view["kab"], env.cache)
    rows = grid_rows(frame, lang, names, dict(zip(desa["kode_desa"], desa["nama_desa"], strict=True)))
    notice = detection_share.notice(con, scope, view["kab"], view["dari"] or view["sampai"], view["sampai"], lang, env)
    return {"rows": rows, "summary": summary(frame, lang), "empty": frame.empty, "notice": notice}


def kecamatan_options(con, scope, kode_kab: str, lang: str) -> list[dict]:
    """The kecamatan filter's options: every kecamatan ("" first), then the kabupaten's by name."""
    return [{"label": t("pages.all", lang), "value": ""}] + [
        {"label": nama, "value": kode} for kode, nama in q.kecamatan(con, scope, kode_kab)]


def act(db_path, scope, event_id, action: str, note: str, klb: bool | None, warehouse=None) -> dict:
    """A lifecycle step on an event from the page (``dashboard.queries.alerts.act_event``: role, kabupaten and
    note checked there)."""
    return q.act_event(db_path, scope, event_id, action, note, klb=klb, warehouse=warehouse)


def refusal(exc: Exception, lang: str) -> str:
    """The lifecycle's refusal of a step (LifecycleError, in the ETL's Indonesian) in the page's language."""
    return t("err.transition", lang, reason=in_language(str(exc), lang))


def summary(frame: pd.DataFrame, lang: str, now: dt.datetime | None = None) -> str:
    if frame.empty:
        return t("event.summary", lang, n=0, active=0, overdue=0, single=0)
    clocks = [lifecycle.clock(c, r if r is not None and not pd.isna(r) else None, now=now)
              for c, r in zip(frame["dibuat"], frame["direspons_pada"], strict=True)]
    return t("event.summary", lang, n=len(frame), active=int(frame["status"].isin(lifecycle.ACTIVE).sum()),
             overdue=sum(1 for c in clocks if c["within_24h"] is False and c["first_response_at"] is None),
             single=int(frame["satu_kasus"].sum()))


def grid_rows(frame: pd.DataFrame, lang: str, names: dict[str, str], desa_names: dict[str, str],
              now: dt.datetime | None = None) -> list[dict]:
    """One grid row per event: place in words, weeks, cases, trend, sparkline, status, response clock."""
    if frame.empty:
        return []
    out = frame.copy()
    out["sindrom"] = out["sindrom"].map(lambda c: names.get(c, c))
    out["lokasi"] = [_place(r, desa_names, lang) for r in out.to_dict("records")]
    out["minggu"] = [a if a == b else f"{a}–{b[-3:]}" if a[:4] == b[:4] else f"{a}–{b}"
                     for a, b in zip(out["minggu_awal"], out["minggu_akhir"], strict=True)]
    out["tren_label"] = out["tren"].map(lambda x: t(f"trend.{x}", lang) if isinstance(x, str) else "–")
    out["grafik"] = out["kasus_mingguan"].map(alert_fig.sparkline)
    out["status_label"] = out["status"].map(lambda s: t(f"status.{s}", lang))
    clocks = [lifecycle.clock(c, r if r is not None and not pd.isna(r) else None, now=now)
              for c, r in zip(out["dibuat"], out["direspons_pada"], strict=True)]
    out["respons"] = [t("event.hours", lang, hours=events_text.num(c["hours"], 1, lang)) if c["hours"] is not None
                      else t("event.hours_waiting", lang, hours=events_text.num(
                          ((now or dt.datetime.now()) - c["created_at"]).total_seconds() / 3600, 1, lang))
                      for c in clocks]
    out["response_ok"] = [c["within_24h"] for c in clocks]
    return records(out, GRID_COLUMNS)


def _place(row: dict, desa_names: dict[str, str], lang: str = "id") -> str:
    codes = [c for c in (row["desa"] or "").split(";") if c]
    kec = (row["kecamatan"] or "").split(";")[0]
    if row.get("tingkat") == "puskesmas":
        return f"Puskesmas {row['kode_puskesmas']} · Kec. {kec or '–'}"
    first = desa_names.get(codes[0], codes[0]) if codes else "–"
    more = t("event.more_desa", lang, n=len(codes) - 1) if len(codes) > 1 else ""
    return f"{first}{more} · Kec. {kec or '–'}"


def detail(con, scope, kejadian_id, view: dict, lang: str, now: dt.datetime | None = None) -> dict:
    """Everything the detail panel shows: event, its list row (numbers of the view's weeks), sentence,
    desa names, history, response clock, and the technical detail (signals, weak signals)."""
    found = q.event_detail(con, scope, kejadian_id)
    event = found["event"]
    rows = q.event_list(con, scope, event["kode_kab"], view["dari"], view["sampai"], lang=lang)
    match = rows[rows["id"] == event["id"]]
    if match.empty:   # outside the chosen weeks: its own weeks
        rows = q.event_list(con, scope, event["kode_kab"], event["minggu_awal"], event["minggu_akhir"], lang=lang)
        match = rows[rows["id"] == event["id"]]
    row = match.iloc[0].to_dict() if len(match) else {}
    row["tingkat"] = event["tingkat"]
    seen, usual, bound, week = _usual(found["signals"], found["weak"])
    start = lifecycle.clock_start(event["dibuat"], found["history"])   # a reopened event: from the reopening
    first = next((h["at"] for h in found["history"] if h["status"] != "baru" and h["at"] >= start), None)
    at = week if week and week != str(view.get("sampai")) else None
    # detection's own steps (a reopening) are stored in Indonesian: read in the reader's language; people's notes as written
    history = [{**h, "note": in_language(h["note"], lang)} if h["user"] == lifecycle.SYSTEM_USER else h
               for h in found["history"]]
    return {**found, "history": history, "row": row, "sentence": events_text.sentence(row, usual, bound, at, seen, lang) if row else "",
            "clock": {**panel_clock(lifecycle.clock(start, first, now=now), now), "reopened": start != event["dibuat"]}}


def panel_clock(clock: dict, now: dt.datetime | None = None) -> dict:
    """lifecycle.clock as the panel shows it: hours (to the response, or so far), done, ok."""
    if clock["first_response_at"] is not None:
        return {"hours": round(clock["hours"], 1), "done": True, "ok": clock["within_24h"]}
    waited = ((now or dt.datetime.now()) - clock["created_at"]).total_seconds() / 3600
    return {"hours": round(waited, 1), "done": False, "ok": clock["within_24h"]}


def _window(method: str, params) -> int:
    """The weeks a signal's cases cover: a pooled group's ``window_weeks`` (etl.detect.pooled), else 1."""
    if method != "pooled" or not params:
        return 1
    try:
        found = json.loads(params) if isinstance(params, str) else dict(params)
    except (ValueError, TypeError):
        return 1
    return int(found.get("window_weeks") or 1)


def _usual(signals: pd.DataFrame, weak: pd.DataFrame) -> tuple:
    """(observed, expected, bound, week) of the event's latest week with a bound, for 'di desa bersinyal X
    kasus, biasanya Y (batas atas Z)'. Each desa counts once that week (several methods alarm on the same
    cases: the highest bound is kept); a pooled-neighbourhood signal already sums its desa, so when one fired
    that week its group is the figure, never added to the desa it contains."""
    stat = signals[~signals["method"].isin(("scan_stp", "scan_poisson", "single_case"))]
    if "params" in stat.columns:   # a pooled group over 2 weeks holds 2 weeks' cases: not this week's figure
        # a boolean array, not a list: an empty list would select no *columns* (an event of scans only)
        one_week = [_window(m, p) == 1 for m, p in zip(stat["method"], stat["params"], strict=True)]
        stat = stat[np.array(one_week, dtype=bool)]
    if (stat["level"] == "desa").any():   # a Puskesmas series holds the same cases again
        stat = stat[stat["level"] == "desa"]
    cols = ["week", "place", "method", "observed", "expected", "threshold"]
    parts = [stat.assign(place=stat["unit_code"])[cols]]
    if len(weak):
        parts.append(weak.assign(place=weak["kode_desa"], method="weak")[cols])
    rows = pd.concat(parts, ignore_index=True).dropna(subset=["expected"])
    if rows.empty:
        scans = signals[signals["method"].isin(("scan_stp", "scan_poisson"))]
        if not len(scans):
            return None, None, None, None
        first = scans.iloc[0]
        return float(first["observed"]), float(first["expected"]), None, first["week"]
    week = rows["week"].max()
    last = rows[rows["week"] == week]
    pooled = last[last["method"] == "pooled"]
    if len(pooled):
        top = pooled.sort_values("observed", ascending=False).iloc[0]
        return float(top["observed"]), float(top["expected"]), float(top["threshold"]), week
    last = last.sort_values("threshold", ascending=False).drop_duplicates("place")
    return float(last["observed"].sum()), float(last["expected"].sum()), float(last["threshold"].sum()), week
