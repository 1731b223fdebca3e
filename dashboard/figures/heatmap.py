"""Facility x week heat map of weekly reporting: on time, late, not reported.

One cell per expected facility-week (``dashboard.metrics.completeness.facility_weeks``). Rows are
facilities grouped under their Puskesmas (the Puskesmas first, then its Pustu), so a Puskesmas whose
whole network is silent shows as one grey block.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import format as fmt

# cell codes -> colour; the colour scale below maps code/2 onto these three bands
MISSING, LATE, ON_TIME = 0, 1, 2
COLOURS = {MISSING: "#9ca3af", LATE: "#f59e0b", ON_TIME: "#16a34a"}


def cell_codes(frame: pd.DataFrame) -> pd.Series:
    """0 not reported, 1 reported late, 2 on time."""
    return pd.Series(np.where(frame["on_time"], ON_TIME, np.where(frame["reported"], LATE, MISSING)),
                     index=frame.index)


def facility_order(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per facility: kode_fasilitas, label, in display order (Puskesmas, then its Pustu)."""
    fac = frame.drop_duplicates("kode_fasilitas")[["kode_fasilitas", "nama", "jenis", "kode_induk"]].copy()
    fac["group"] = fac["kode_induk"].where(fac["jenis"] == "pustu", fac["kode_fasilitas"]).fillna(fac["kode_fasilitas"])
    fac["is_head"] = (fac["jenis"] != "pustu").astype(int)
    heads = fac[fac["jenis"] != "pustu"].set_index("kode_fasilitas")["nama"]
    fac["group_name"] = fac["group"].map(heads).fillna(fac["group"])
    fac = fac.sort_values(["group_name", "group", "is_head", "nama"], ascending=[True, True, False, True])
    fac["label"] = np.where(fac["jenis"] == "pustu", "· " + fac["nama"].astype(str),
                            "<b>" + fac["nama"].astype(str) + "</b>")
    return fac[["kode_fasilitas", "label", "jenis"]].reset_index(drop=True)


def heatmap_figure(frame: pd.DataFrame, *, legend: dict[int, str], lang: str = "id") -> go.Figure:
    """The heat map of ``frame`` (facility_weeks rows). ``legend`` maps the codes to names."""
    if frame.empty:
        fig = go.Figure()
        fig.update_layout(height=200, margin={"l": 10, "r": 10, "t": 10, "b": 10})
        return fig
    order = facility_order(frame)
    weeks = sorted(frame["week"].unique())
    codes = frame.assign(code=cell_codes(frame)).pivot(index="kode_fasilitas", columns="week", values="code")
    codes = codes.reindex(index=order["kode_fasilitas"], columns=weeks)
    received = frame.pivot(index="kode_fasilitas", columns="week", values="diterima").reindex(
        index=order["kode_fasilitas"], columns=weeks)
    received_text = received.apply(lambda col: col.map(lambda v: fmt.date_time(v, lang)))  # '21 Nov 2026 08:00'; '–'
    status_text = codes.replace(legend)
    custom = np.dstack([status_text.to_numpy(dtype=object), received_text.to_numpy(dtype=object),
                        np.repeat(order["kode_fasilitas"].to_numpy()[:, None], len(weeks), axis=1)])
    colours = [COLOURS[MISSING], COLOURS[LATE], COLOURS[ON_TIME]]
    scale = [[0.0, colours[0]], [0.333, colours[0]], [0.333, colours[1]], [0.666, colours[1]],
             [0.666, colours[2]], [1.0, colours[2]]]
    received_word = "diterima" if lang == "id" else "received"
    fig = go.Figure(go.Heatmap(
        z=codes.to_numpy(dtype=float), x=weeks, y=order["label"], zmin=-0.5, zmax=2.5, colorscale=scale,
        showscale=False, xgap=1, ygap=1, customdata=custom, meta="cells",
        hovertemplate=("<b>%{y}</b> (%{customdata[2]})<br>%{x}: %{customdata[0]}<br>"
                       f"{received_word}: %{{customdata[1]}}<extra></extra>"),
    ))
    for code in (ON_TIME, LATE, MISSING):  # legend entries (the heat map itself has none)
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=legend[code], meta="legend",
                                 marker={"symbol": "square", "size": 12, "color": COLOURS[code]}))
    height = max(260, 16 * len(order) + 120)
    fig.update_layout(height=height, margin={"l": 230, "r": 10, "t": 30, "b": 40}, plot_bgcolor="#ffffff",
                      paper_bgcolor="#ffffff", legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0},
                      xaxis={"side": "bottom", "type": "category", "tickangle": -45},
                      yaxis={"autorange": "reversed", "type": "category", "automargin": False,
                             "tickfont": {"size": 10}})
    return fig

