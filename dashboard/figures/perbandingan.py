"""Perbandingan Kabupaten figures: the kabupaten choropleth and the side-by-side time series.

Maps draw offline (``map style white-bg``: no tiles, no style download). Kabupaten without geometry
(the national benchmark has centroids only) are drawn as points at their centroid so none disappears.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard import format as fmt

PALETTE = ["#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15"]
COVERAGE = ["#d7191c", "#fdae61", "#ffffbf", "#a6d96a", "#1a9641"]
MISSING = "#c4c4c4"
SERIES_COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"]


# Completeness and timeliness against the SKDR target of 80 %: red below the target, blue at or above
# it, whatever the other kabupaten do (relative classes made 86.5 % red).
TARGET_BREAKS = [50.0, 80.0, 90.0]
TARGET_COLOURS = ["#d7191c", "#fdae61", "#abd9e9", "#2c7bb6"]  # red-yellow-blue: colour-blind safe


def _classes(values: pd.Series, k: int = 5, lang: str = "id") -> tuple[np.ndarray, list[str]]:
    """Quantile classes of the known values: (class index per row, -1 unknown; labels from the smallest
    and largest value in each class, so two classes never share an edge)."""
    index = np.full(len(values), -1)
    known = values.notna().to_numpy()
    if not known.any():
        return index, []
    data = values[known].to_numpy(dtype=float)
    edges = np.unique(np.quantile(data, np.linspace(0, 1, k + 1)))
    if len(edges) < 2:
        index[known] = 0
        return index, [fmt.number(edges[0], lang, 1)]
    cls = np.clip(np.searchsorted(edges, data, side="right") - 1, 0, len(edges) - 2)
    used = sorted(set(cls.tolist()))
    remap = {c: i for i, c in enumerate(used)}
    index[known] = [remap[c] for c in cls.tolist()]
    labels = [fmt.range_label(data[cls == c].min(), data[cls == c].max(), lang, 1) for c in used]
    return index, labels


def _target_classes(values: pd.Series, lang: str, target_label: str) -> tuple[np.ndarray, list[str], list[str]]:
    """Fixed classes around the 80 % target: < 50 %, 50 – < 80 %, 80 – < 90 %, ≥ 90 %."""
    index = np.full(len(values), -1)
    known = values.notna().to_numpy()
    cls = np.digitize(values[known].to_numpy(dtype=float), TARGET_BREAKS)
    used = sorted(set(cls.tolist()))
    remap = {c: i for i, c in enumerate(used)}
    index[known] = [remap[c] for c in cls.tolist()]
    edges = [-np.inf, *TARGET_BREAKS, np.inf]
    names = []
    for c in range(len(TARGET_COLOURS)):
        lo, hi = edges[c], edges[c + 1]
        if np.isinf(lo):
            names.append(f"< {fmt.percent(hi, lang, 0)}")
        elif np.isinf(hi):
            names.append(f"≥ {fmt.percent(lo, lang, 0)}")
        else:
            names.append(f"{fmt.number(lo, lang)} – < {fmt.percent(hi, lang, 0)}")
    names[2] += f" ({target_label})"
    return index, [names[c] for c in used], [TARGET_COLOURS[c] for c in used]


def kabupaten_map(frame: pd.DataFrame, *, geojson, value: str, value_label: str, view: dict,
                  coverage: bool = False, missing_label: str = "–", uirevision: str = "",
                  as_dict: bool = False, lang: str = "id", target_label: str = "target") -> go.Figure | dict:
    """Choropleth of kabupaten by ``frame[value]`` (None drawn grey, never as 0): ``coverage``
    (completeness, timeliness) in fixed classes around the 80 % target, other measures in quantile
    classes. ``frame``: kode_kab, nama, has_geom, centroid_lon, centroid_lat, ``value``.
    Click -> location = kode_kab."""
    frame = frame.reset_index(drop=True)
    if coverage:
        index, labels, colours = _target_classes(frame[value], lang, target_label)
    else:
        index, labels = _classes(frame[value], lang=lang)
        colours = PALETTE[:len(labels)] if len(labels) < len(PALETTE) else PALETTE
    text = frame[value].map(lambda v: fmt.percent(v, lang) if coverage else fmt.number(v, lang, 2))
    custom = np.column_stack([frame["nama"].fillna(""), frame["kode_kab"], text]) if len(frame) else np.empty((0, 3))
    hover = f"<b>%{{customdata[0]}}</b> (%{{customdata[1]}})<br>{value_label}: %{{customdata[2]}}<extra></extra>"
    has_geom = frame["has_geom"].astype(bool).to_numpy() if len(frame) else np.zeros(0, bool)
    traces = []
    for i, (label, colour) in enumerate([*zip(labels, colours, strict=True), (missing_label, MISSING)]):
        mask = index == (i if i < len(labels) else -1)
        poly = mask & has_geom
        if poly.any():
            traces.append({
                "type": "choroplethmap", "geojson": geojson, "locations": frame.loc[poly, "kode_kab"].tolist(),
                "z": [0] * int(poly.sum()), "colorscale": [[0, colour], [1, colour]], "showscale": False,
                "name": label, "meta": "class", "showlegend": True,
                "marker": {"line": {"color": "#555555", "width": 0.8}, "opacity": 0.9},
                "customdata": custom[poly].tolist(), "hovertemplate": hover,
            })
        dots = mask & ~has_geom
        if dots.any():
            traces.append({
                "type": "scattermap", "lon": frame.loc[dots, "centroid_lon"].tolist(),
                "lat": frame.loc[dots, "centroid_lat"].tolist(), "mode": "markers",
                "marker": {"size": 7, "color": colour}, "name": label, "meta": "point", "customdata": custom[dots].tolist(),
                "hovertemplate": hover, "text": frame.loc[dots, "kode_kab"].tolist(),
            })
    layout = {"map": {"style": "white-bg", "center": view["center"], "zoom": view["zoom"]},
              "separators": fmt.plotly_separators(lang),
              "margin": {"l": 0, "r": 0, "t": 0, "b": 0}, "height": 460, "showlegend": True,
              "legend": {"title": {"text": value_label}, "x": 0.01, "y": 0.99, "bgcolor": "rgba(255,255,255,0.85)"},
              "uirevision": uirevision, "paper_bgcolor": "#ffffff",
              # what the zoom was fitted for: a phone's narrower map zooms out to match (pws_phone.js)
              "meta": {"fit_width": view.get("fit_width", 650), "fit_zoom": view["zoom"]}}
    # Plain dicts, no validation: built for 514 kabupaten on every national comparison request.
    spec = {"data": traces, "layout": layout}
    return spec if as_dict else go.Figure(spec, _validate=False)


def compare_series(frame: pd.DataFrame, *, names: dict[str, str], panels: list[tuple[str, str]],
                   target: float | None = None, lang: str = "id") -> go.Figure:
    """Side-by-side small multiples: one column per kabupaten (shared y per row), one row per measure.
    ``frame``: kode_kab, week, and the columns named in ``panels`` [(column, title)]. Gaps (None) stay gaps."""
    kabs = list(dict.fromkeys(frame["kode_kab"])) if len(frame) else []
    cols = max(len(kabs), 1)
    fig = make_subplots(rows=len(panels), cols=cols, shared_yaxes="rows", shared_xaxes=True,
                        column_titles=[names.get(k, k) for k in kabs] or None,
                        row_titles=[title for _, title in panels], horizontal_spacing=0.03, vertical_spacing=0.08)
    for c, kab in enumerate(kabs, start=1):
        rows = frame[frame["kode_kab"] == kab].sort_values("week")
        colour = SERIES_COLOURS[(c - 1) % len(SERIES_COLOURS)]
        for r, (column, title) in enumerate(panels, start=1):
            fig.add_trace(go.Scatter(x=rows["week"], y=rows[column], mode="lines+markers", name=names.get(kab, kab),
                                     legendgroup=kab, showlegend=(r == 1), connectgaps=False, meta=kab,
                                     line={"color": colour, "width": 2}, marker={"size": 4},
                                     hovertemplate=f"{names.get(kab, kab)}<br>%{{x}}<br>{title}: %{{y:,.1f}}<extra></extra>"),
                          row=r, col=c)
            if target is not None and column.endswith("_pct"):
                fig.add_hline(y=target, line={"color": "#16a34a", "dash": "dot", "width": 1}, row=r, col=c)
    fig.update_layout(height=220 * len(panels) + 60, margin={"l": 50, "r": 30, "t": 40, "b": 40},
                      separators=fmt.plotly_separators(lang),
                      paper_bgcolor="#ffffff", plot_bgcolor="#ffffff", legend={"orientation": "h", "y": -0.12})
    fig.update_xaxes(type="category", nticks=6, gridcolor="#eeeeee")
    fig.update_yaxes(gridcolor="#eeeeee", rangemode="tozero", tickformat=",~r")
    return fig

