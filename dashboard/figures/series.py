"""Small time-series figures: a desa's weekly cases this year against the range of earlier years."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.i18n import t


def profile_series(frame: pd.DataFrame, year: int, title: str, lang: str) -> go.Figure:
    """``frame``: week, year, week_no, kasus (NaN = not reported). Band = min-max of earlier years by week
    number; the line = ``year`` with gaps where the desa did not report (never drawn as zero)."""
    earlier = frame[(frame["year"] < year) & frame["kasus"].notna()]
    fig = go.Figure()
    if len(earlier):
        band = earlier.groupby("week_no")["kasus"].agg(["min", "max"]).reset_index()
        first, last = int(earlier["year"].min()), int(earlier["year"].max())
        fig.add_trace(go.Scatter(x=band["week_no"], y=band["max"], mode="lines", line={"width": 0},
                                 hoverinfo="skip", showlegend=False))
        fig.add_trace(go.Scatter(x=band["week_no"], y=band["min"], mode="lines", line={"width": 0},
                                 fill="tonexty", fillcolor="rgba(120,150,200,0.3)",
                                 name=t("profil.band", lang, first=first, last=last)))
    this = frame[frame["year"] == year].sort_values("week_no")
    fig.add_trace(go.Scatter(x=this["week_no"], y=this["kasus"], mode="lines+markers", connectgaps=False,
                             line={"color": "#c0392b", "width": 2}, marker={"size": 4},
                             name=t("profil.this_year", lang, year=year)))
    fig.update_layout(
        title={"text": title, "font": {"size": 12}}, height=230, margin={"l": 36, "r": 8, "t": 36, "b": 30},
        legend={"orientation": "h", "y": -0.25, "font": {"size": 10}}, plot_bgcolor="#ffffff",
        xaxis={"title": None, "range": [0.5, 53.5], "gridcolor": "#eee"},
        yaxis={"rangemode": "tozero", "gridcolor": "#eee"},
    )
    return fig
