"""Peringatan map: the kabupaten's desa in pale grey, desa with alerts coloured by their most urgent
alert's status (baru red, diverifikasi orange, direspons blue, closed grey-green). Offline (white-bg)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

STATUS_ORDER = ("baru", "diverifikasi", "direspons", "selesai", "bukan_klb")
COLOURS = {"baru": "#dc2626", "diverifikasi": "#f97316", "direspons": "#2563eb", "selesai": "#84a98c",
           "bukan_klb": "#a3a3a3"}
BASE = "#f3f4f6"


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
                      uirevision=uirevision, paper_bgcolor="#ffffff")
    return fig

