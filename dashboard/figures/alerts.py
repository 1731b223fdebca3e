"""Peringatan map: the kabupaten's desa in pale grey, desa with alerts coloured by their most urgent
alert's status (baru red, diverifikasi orange, direspons blue, closed grey-green). Offline (white-bg)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

STATUS_ORDER = ("baru", "diverifikasi", "penilaian_risiko", "direspons", "selesai", "bukan_klb")
COLOURS = {"baru": "#dc2626", "diverifikasi": "#fdba74", "penilaian_risiko": "#57534e", "direspons": "#2563eb",
           "selesai": "#84a98c", "bukan_klb": "#d4d4d4"}  # apart for deuteranopes and protanopes (test_colour_blind)
SELECTED = "#111827"
OLDER = "#fecaca"   # desa of events whose last signal is older than the last two weeks
BARS = "▁▂▃▄▅▆▇█"
BASE = "#f3f4f6"


FIT_WIDTH = 800  # the map width (px) the views fit the zoom for


def desa_status(alerts: pd.DataFrame) -> pd.DataFrame:
    """One row per desa named in the alerts' ``desa_codes``: kode_desa, status (most urgent), n (alerts),
    ids (alert ids, ';')."""
    if alerts.empty:
        return pd.DataFrame(columns=["kode_desa", "status", "n", "ids"])
    rows = alerts[["alert_id", "desa_codes", "status"]].copy()
    rows["kode_desa"] = rows["desa_codes"].fillna("").str.split(";")
    rows = rows.explode("kode_desa")
    rows = rows[rows["kode_desa"].str.len() > 0]
    rows["rank"] = rows["status"].map({s: i for i, s in enumerate(STATUS_ORDER)}).fillna(len(STATUS_ORDER))
    rows = rows.sort_values(["kode_desa", "rank", "alert_id"])
    grouped = rows.groupby("kode_desa", sort=True).agg(
        status=("status", "first"), n=("alert_id", "size"),
        ids=("alert_id", lambda s: ";".join(str(int(v)) for v in s)))
    return grouped.reset_index()


def alerts_map(desa: pd.DataFrame, per_desa: pd.DataFrame, *, geojson, view: dict, labels: dict[str, str],
               uirevision: str = "") -> go.Figure:
    """``desa``: every desa of the kabupaten (kode_desa, nama_desa, nama_kec); ``per_desa``: desa_status()."""
    merged = desa.merge(per_desa, on="kode_desa", how="left").reset_index(drop=True)
    custom = np.column_stack([merged["nama_desa"].fillna(""), merged["kode_desa"], merged["nama_kec"].fillna(""),
                              merged["status"].map(labels).fillna("–"), merged["n"].fillna(0).astype(int),
                              merged["ids"].fillna("")]) if len(merged) else np.empty((0, 6))
    hover = ("<b>%{customdata[0]}</b> (%{customdata[1]})<br>Kec. %{customdata[2]}<br>%{customdata[3]}"
             " · %{customdata[4]} × <extra></extra>")
    traces = []
    base = merged["status"].isna().to_numpy()
    if base.any():
        traces.append(go.Choroplethmap(
            geojson=geojson, locations=merged.loc[base, "kode_desa"], z=np.zeros(int(base.sum())),
            colorscale=[[0, BASE], [1, BASE]], showscale=False, name="–", meta="base",
            marker={"line": {"color": "#b0b0b0", "width": 0.4}}, customdata=custom[base], hovertemplate=hover))
    for status in STATUS_ORDER:
        mask = (merged["status"] == status).to_numpy()
        if not mask.any():
            continue
        traces.append(go.Choroplethmap(
            geojson=geojson, locations=merged.loc[mask, "kode_desa"], z=np.zeros(int(mask.sum())),
            colorscale=[[0, COLOURS[status]], [1, COLOURS[status]]], showscale=False, name=labels.get(status, status),
            meta="alert", showlegend=True, marker={"line": {"color": "#111111", "width": 1.2}, "opacity": 0.9},
            customdata=custom[mask], hovertemplate=hover))
    fig = go.Figure(traces)
    fig.update_layout(map={"style": "white-bg", "center": view["center"], "zoom": view["zoom"]},
                      margin={"l": 0, "r": 0, "t": 0, "b": 0}, height=480, showlegend=True,
                      legend={"x": 0.01, "y": 0.99, "bgcolor": "rgba(255,255,255,0.85)"},
                      uirevision=uirevision, paper_bgcolor="#ffffff",
                      # what the zoom was fitted for (views.peringatan: 800 px): a phone's narrower map zooms
                      # out to match (pws_phone.js); it cut the kabupaten off on both sides
                      meta={"fit_width": FIT_WIDTH, "fit_zoom": view["zoom"]})
    return fig


def sparkline(values) -> str:
    """Weekly cases as a text sparkline for a grid cell ('▁▂▅█▃'); '·' for a week nobody reported."""
    vals = [v for v in values if v is not None and v == v]
    top = max(vals) if vals else 0
    out = []
    for v in values:
        if v is None or v != v:
            out.append("·")
        else:
            out.append(BARS[0] if top <= 0 else BARS[min(len(BARS) - 1, int(round(v / top * (len(BARS) - 1))))])
    return "".join(out)


def events_map(desa: pd.DataFrame, events: pd.DataFrame, puskesmas: pd.DataFrame, *, geojson, view: dict,
               labels: dict[str, str], selected: int | None = None, uirevision: str = "",
               recent_from: str | None = None, desa_weeks: pd.DataFrame | None = None) -> go.Figure:
    """The events of the list (``labels``: status -> words, 'older', 'cases' in the page's language): desa with
    a signal of their own since ``recent_from`` (``desa_weeks``:
    kejadian_id, kode_desa, last_week) coloured by their event's status, the other desa of the events pale (so
    this week's cluster stands out), Puskesmas-level events as a circle on their Puskesmas (never painted over
    the wilayah), the selected event outlined and zoomed to."""
    shown = events[events["tingkat"] == "desa"]
    rows = shown.rename(columns={"id": "alert_id", "desa": "desa_codes"})[["alert_id", "desa_codes", "status"]]
    per = desa_status(rows) if len(rows) else desa_status(rows.iloc[0:0])
    if recent_from is not None and desa_weeks is not None and len(per):
        fresh = desa_weeks[desa_weeks["last_week"] >= recent_from]
        fresh = set(zip(fresh["kejadian_id"], fresh["kode_desa"], strict=True))
        rows = rows.assign(desa_codes=[";".join(c for c in (codes or "").split(";") if (kid, c) in fresh)
                                       for kid, codes in zip(rows["alert_id"], rows["desa_codes"], strict=True)])
        recent = desa_status(rows)
    else:
        recent = per
    fig = alerts_map(desa, recent, geojson=geojson, view=view, labels=labels, uirevision=uirevision)
    older = per[~per["kode_desa"].isin(recent["kode_desa"])]
    if len(older):
        fig.add_trace(go.Choroplethmap(
            geojson=geojson, locations=older["kode_desa"], z=np.zeros(len(older)), showscale=False, meta="older",
            colorscale=[[0, OLDER], [1, OLDER]], name=labels.get("older", "older"), showlegend=True,
            marker={"line": {"color": "#9ca3af", "width": 0.6}, "opacity": 0.8},
            customdata=older[["kode_desa", "ids"]].to_numpy(), hovertemplate="%{customdata[0]} · #%{customdata[1]}<extra></extra>"))
    pkm = events[events["tingkat"] == "puskesmas"]
    if len(pkm):
        rows = pkm.assign(kode_fasilitas=pkm["kode_puskesmas"].str.split(";")).explode("kode_fasilitas")
        rows = rows.merge(puskesmas, on="kode_fasilitas", how="inner")
        for status in STATUS_ORDER:
            part = rows[rows["status"] == status]
            if not len(part):
                continue
            cases = part["kasus_minggu_ini"].astype(float).fillna(0).to_numpy()
            fig.add_trace(go.Scattermap(
                lon=part["centroid_lon"], lat=part["centroid_lat"], mode="markers", meta="puskesmas-event",
                name=f"Puskesmas · {labels.get(status, status)}",
                marker={"size": 14 + 10 * np.sqrt(cases / max(cases.max(), 1.0)), "color": COLOURS[status],
                        "opacity": 0.85},
                customdata=np.column_stack([part["nama"], part["id"], part["kasus_minggu_ini"].astype(object)]),
                hovertemplate=("<b>%{customdata[0]}</b><br>#%{customdata[1]} · %{customdata[2]} "
                               + labels.get("cases", "kasus") + "<extra></extra>")))
    if selected is not None:
        chosen = events[events["id"] == selected]
        if len(chosen):
            _highlight(fig, desa, chosen.iloc[0], puskesmas, geojson)
    return fig


def _highlight(fig: go.Figure, desa: pd.DataFrame, event, puskesmas: pd.DataFrame, geojson) -> None:
    codes = [c for c in (event["desa"] or "").split(";") if c]
    if event["tingkat"] == "puskesmas":
        spots = puskesmas[puskesmas["kode_fasilitas"].isin((event["kode_puskesmas"] or "").split(";"))]
        lons, lats = spots["centroid_lon"], spots["centroid_lat"]
        fig.add_trace(go.Scattermap(lon=lons, lat=lats, mode="markers", meta="selected", name=f"#{event['id']}",
                                    marker={"size": 30, "color": SELECTED, "opacity": 0.35}, hoverinfo="skip"))
    else:
        fig.add_trace(go.Choroplethmap(
            geojson=geojson, locations=codes, z=np.zeros(len(codes)), colorscale=[[0, SELECTED], [1, SELECTED]],
            showscale=False, meta="selected", name=f"#{event['id']}", marker={"line": {"color": SELECTED, "width": 3.5},
                                                                             "opacity": 0.25}, hoverinfo="skip"))
        inside = desa[desa["kode_desa"].isin(codes)]
        lons, lats = inside["centroid_lon"], inside["centroid_lat"]
    from dashboard import geo

    if len(lons):
        zoom = geo.fit(lons, lats, width=800, height=480, pad=2.5)
        fig.update_layout(map={"center": zoom["center"], "zoom": min(zoom["zoom"], 12)},
                          meta={"fit_width": FIT_WIDTH, "fit_zoom": min(zoom["zoom"], 12)},
                          uirevision=f"event-{event['id']}")
