"""PWS four-way status: colours, the status map of desa, and the count of desa per box.

The classic PWS KIA reading (Puskesmas spreadsheets colour it green/red; here blue/red, which colour-blind
readers tell apart):

============  =========================  ========  ==========================================
status        meaning                    colour    reading
============  =========================  ========  ==========================================
atas_naik     above target, rising       blue      good: keep going
atas_tetap    above target, no change    lt blue   good, flat
atas_turun    above target, falling      yellow    good so far, watch the trend
atas_tanpa_tren above, last month missing pale blue no trend: a missing month is not 0
bawah_naik    below target, rising       orange    behind, but catching up
bawah_tetap   below target, no change    lt orange behind and flat
bawah_turun   below target, falling      red       behind and slipping: act first here
bawah_tanpa_tren below, last month missing pale red no trend
(none)        no sasaran / not reported  grey      no data is not a status (never coloured as 0)
============  =========================  ========  ==========================================

The status itself comes from ``dashboard.metrics.pws.status`` (same numbers as the PDF).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import format as number

STATUS_ORDER = ("atas_naik", "atas_tetap", "atas_turun", "atas_tanpa_tren",
                "bawah_naik", "bawah_tetap", "bawah_turun", "bawah_tanpa_tren")
# Blue above the target, red below (not green/red: the eight stay apart for deuteranopes and protanopes,
# tests/unit/test_colour_blind.py)
COLOURS = {"atas_naik": "#2c7bb6", "atas_tetap": "#74add1", "atas_turun": "#ffd92f", "atas_tanpa_tren": "#c6dbef",
           "bawah_naik": "#f46d43", "bawah_tetap": "#fdae61", "bawah_turun": "#a50026", "bawah_tanpa_tren": "#fde0dd"}
NO_DATA = "#c4c4c4"
TEXT_ON = {"atas_naik": "#ffffff", "atas_tetap": "#1f2937", "atas_turun": "#1f2937", "atas_tanpa_tren": "#1f2937",
           "bawah_naik": "#1f2937", "bawah_tetap": "#1f2937", "bawah_turun": "#ffffff", "bawah_tanpa_tren": "#1f2937"}
BORDER = "#6b6b6b"


def status_colour(status: str | None) -> str:
    return COLOURS.get(status or "", NO_DATA)


def grid_cell_style() -> dict:
    """dash-ag-grid ``cellStyle`` rules colouring the status column by its (hidden) code."""
    rules = [{"condition": f"params.data.status === '{code}'",
              "style": {"backgroundColor": COLOURS[code], "color": TEXT_ON[code], "fontWeight": "600"}}
             for code in STATUS_ORDER]
    rules.append({"condition": "!params.data.status", "style": {"backgroundColor": NO_DATA, "color": "#1f2937"}})
    return {"styleConditions": rules}


def pws_map(frame: pd.DataFrame, *, geojson, view: dict, labels: dict[str, str], uirevision: str = "",
            lang: str = "id") -> go.Figure:
    """Desa coloured by PWS status. ``frame``: kode_desa, nama_desa, nama_kec, status, cumulative_pct,
    target_pct, this_month_pct, last_month_pct. ``geojson``: FeatureCollection (dict) or its URL.
    ``labels``: status code (and 'none') -> legend text."""
    frame = frame.reset_index(drop=True)
    traces = []
    status = frame["status"].fillna("none")

    def fmt(col):
        return frame[col].map(lambda v: number.percent(v, lang))

    custom = np.column_stack([frame["nama_desa"].fillna(""), frame["kode_desa"], frame["nama_kec"].fillna(""),
                              status.map(labels).fillna(""), fmt("cumulative_pct"), fmt("target_pct"),
                              fmt("this_month_pct"), fmt("last_month_pct")]) if len(frame) else np.empty((0, 8))
    hover = ("<b>%{customdata[0]}</b> (%{customdata[1]})<br>Kec. %{customdata[2]}<br><b>%{customdata[3]}</b>"
             "<br>%{customdata[4]} / target %{customdata[5]}<br>%{customdata[6]} ← %{customdata[7]}<extra></extra>")
    for code in (*STATUS_ORDER, "none"):
        mask = (status == code).to_numpy()
        if not mask.any():
            continue
        colour = COLOURS.get(code, NO_DATA)
        traces.append(go.Choroplethmap(
            geojson=geojson, locations=frame.loc[mask, "kode_desa"], z=np.zeros(int(mask.sum())),
            colorscale=[[0, colour], [1, colour]], showscale=False, name=labels.get(code, code), meta=code,
            marker={"line": {"color": BORDER, "width": 0.5}, "opacity": 0.9},
            customdata=custom[mask], hovertemplate=hover,
        ))
    fig = go.Figure(traces)
    fig.update_layout(map={"style": "white-bg", "center": view["center"], "zoom": view["zoom"]},
                      margin={"l": 0, "r": 0, "t": 0, "b": 0}, height=520, showlegend=False,
                      uirevision=uirevision, paper_bgcolor="#ffffff",
                      # what the zoom was fitted for: a phone's narrower map zooms out to match (pws_phone.js)
                      meta={"fit_width": view.get("fit_width", 1100), "fit_zoom": view["zoom"]})
    return fig


def status_counts(frame: pd.DataFrame) -> dict[str, int]:
    """Desa per status (and 'none'), in display order."""
    counts = frame["status"].fillna("none").value_counts()
    return {code: int(counts.get(code, 0)) for code in (*STATUS_ORDER, "none")}

