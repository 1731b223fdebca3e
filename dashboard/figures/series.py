"""Small time-series figures: a desa's weekly cases this year against the range of earlier years."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import format as fmt
from dashboard.i18n import t


def profile_series(frame: pd.DataFrame, year: int, title: str | None, lang: str) -> go.Figure:
    """``frame``: week, year, week_no, kasus (NaN = not reported). Band = min-max of earlier years by week
    number; the line = ``year`` with gaps where the desa did not report (never drawn as zero). ``title``
    None: the page shows it above the chart, where it can wrap (a plotly title is cut in a narrow panel)."""
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
        title={"text": title, "font": {"size": 12}} if title else None, height=260,
        margin={"l": 48, "r": 8, "t": 36 if title else 8, "b": 44}, separators=fmt.plotly_separators(lang),
        legend={"orientation": "h", "y": -0.32, "font": {"size": 10}}, plot_bgcolor="#ffffff",
        xaxis={"title": {"text": t("profil.axis_week", lang), "font": {"size": 11}}, "range": [0.5, 53.5],
               "gridcolor": "#eee"},
        yaxis={"title": {"text": t("profil.axis_cases", lang), "font": {"size": 11}}, "rangemode": "tozero",
               "gridcolor": "#eee", "tickformat": ",~r"},
    )
    return fig
