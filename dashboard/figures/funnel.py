"""Funnel plot: each kabupaten's rate against its population, with control limits around the overall rate.

A funnel plot compares units of very different size fairly (Spiegelhalter 2005): a small kabupaten's
rate varies more by chance, so its limits are wider. Limits are exact distribution quantiles with
Spiegelhalter's interpolation (so the curves are smooth instead of stepping at whole counts):

* ``poisson``: counts (cases, alerts) against a population; rate per ``per`` people;
* ``binomial``: proportions (completeness: reports received of those expected), in percent.

Levels 95 % (about 2 SD) and 99.8 % (about 3 SD). A point outside 99.8 % is unlikely to be chance.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from scipy import stats

LEVELS = (0.95, 0.998)
LIMIT_STYLE = {0.95: {"dash": "dash", "color": "#6b7280"}, 0.998: {"dash": "solid", "color": "#374151"}}
POINT_COLOURS = {"above_998": "#b91c1c", "above_95": "#f97316", "within": "#2563eb",
                 "below_95": "#0d9488", "below_998": "#065f46"}


def _interpolated(dist, p: float, ppf) -> np.ndarray:
    """Spiegelhalter's interpolated quantile: r - alpha where alpha places p between cdf(r-1) and cdf(r)."""
    r = ppf(p)
    upper = dist.cdf(r)
    lower = dist.cdf(r - 1)
    span = np.where(upper - lower > 0, upper - lower, 1.0)
    alpha = np.clip((upper - p) / span, 0.0, 1.0)
    return np.maximum(r - alpha, 0.0)


def poisson_limits(expected, level: float) -> tuple[np.ndarray, np.ndarray]:
    """(lower, upper) count limits for Poisson(expected) at two-sided ``level``."""
    expected = np.asarray(expected, dtype=float)
    dist = stats.poisson(np.maximum(expected, 1e-12))
    tail = (1 - level) / 2
    lo = _interpolated(dist, tail, dist.ppf)
    hi = _interpolated(dist, 1 - tail, dist.ppf)
    return lo, hi


def binomial_limits(p0: float, n, level: float) -> tuple[np.ndarray, np.ndarray]:
    """(lower, upper) proportion limits for Binomial(n, p0) at two-sided ``level``."""
    n = np.maximum(np.asarray(n, dtype=float).round(), 1)
    dist = stats.binom(n.astype(int), min(max(p0, 1e-12), 1 - 1e-12))
    tail = (1 - level) / 2
    lo = _interpolated(dist, tail, dist.ppf) / n
    hi = _interpolated(dist, 1 - tail, dist.ppf) / n
    return np.clip(lo, 0, 1), np.clip(hi, 0, 1)


def limits_frame(size_min: float, size_max: float, centre: float, kind: str = "poisson",
                 per: float = 100_000, points: int = 120) -> pd.DataFrame:
    """Limit curves over sizes (log-spaced): columns size, centre, lo95, hi95, lo998, hi998 in display
    units (rate per ``per`` for poisson, percent for binomial). ``centre`` is in the same units."""
    size_min = max(float(size_min), 1.0)
    size_max = max(float(size_max), size_min * 1.01)
    size = np.geomspace(size_min * 0.8, size_max * 1.2, points)
    out = pd.DataFrame({"size": size, "centre": centre})
    for level in LEVELS:
        tag = _tag(level)
        if kind == "poisson":
            lo, hi = poisson_limits(centre / per * size, level)
            out[f"lo{tag}"], out[f"hi{tag}"] = lo / size * per, hi / size * per
        elif kind == "binomial":
            lo, hi = binomial_limits(centre / 100.0, size, level)
            out[f"lo{tag}"], out[f"hi{tag}"] = lo * 100, hi * 100
        else:
            raise ValueError(f"unknown funnel kind {kind!r}")
    return out


def _tag(level: float) -> str:
    return "95" if level == 0.95 else "998"


def classify(values, sizes, centre: float, kind: str = "poisson", per: float = 100_000) -> list[str | None]:
    """Where each point falls: above_998 | above_95 | within | below_95 | below_998 (None: no value)."""
    values = np.asarray(values, dtype=float)
    sizes = np.asarray(sizes, dtype=float)
    out: list[str | None] = []
    bounds = {}
    for level in LEVELS:
        if kind == "poisson":
            lo, hi = poisson_limits(centre / per * np.maximum(sizes, 1), level)
            bounds[level] = (lo / np.maximum(sizes, 1) * per, hi / np.maximum(sizes, 1) * per)
        else:
            lo, hi = binomial_limits(centre / 100.0, sizes, level)
            bounds[level] = (lo * 100, hi * 100)
    for i, value in enumerate(values):
        if np.isnan(value) or sizes[i] <= 0 or np.isnan(sizes[i]):
            out.append(None)
        elif value > bounds[0.998][1][i]:
            out.append("above_998")
        elif value > bounds[0.95][1][i]:
            out.append("above_95")
        elif value < bounds[0.998][0][i]:
            out.append("below_998")
        elif value < bounds[0.95][0][i]:
            out.append("below_95")
        else:
            out.append("within")
    return out


ZONE_ORDER = ("above_998", "above_95", "within", "below_95", "below_998")
LABEL_ALL_UP_TO = 15   # label every point of a small funnel; a national one only its outliers
MAX_LABELS = 12


def _short(name: str) -> str:
    for prefix in ("Kabupaten ", "Kab. "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def _labelled(data: pd.DataFrame, zone: list, value: str, centre: float | None, highlight) -> np.ndarray:
    """Which points carry their name: all of a small funnel; else the highlighted ones and the outliers
    (outside 99.8 %) furthest from the centre, at most MAX_LABELS."""
    if len(data) <= LABEL_ALL_UP_TO:
        return np.ones(len(data), bool)
    # a copy: pandas 3 hands out read-only views (copy-on-write), and the outliers are added in place below
    show = data["kode_kab"].isin(list(highlight or ())).to_numpy(copy=True)
    outside = np.array([z in ("above_998", "below_998") for z in zone])
    if outside.any() and centre is not None:
        distance = np.abs(data[value].to_numpy(dtype=float) - centre) * outside
        show[np.argsort(-distance)[:MAX_LABELS]] |= outside[np.argsort(-distance)[:MAX_LABELS]]
    return show


def funnel_figure(frame: pd.DataFrame, *, value: str, size: str, centre: float | None, kind: str = "poisson",
                  per: float = 100_000, x_title: str = "", y_title: str = "", labels: dict | None = None,
                  target: float | None = None, as_dict: bool = False, lang: str = "id",
                  zone_labels: dict | None = None, highlight=(), references=()) -> go.Figure | dict:
    """Points ``frame[value]`` against ``frame[size]`` (hover: ``nama``, ``kode_kab``) with 95 % / 99.8 %
    limits around ``centre``; ``target`` draws a horizontal target line (e.g. the 80 % SKDR target).
    ``labels``: legend texts for 'centre', 'l95', 'l998', 'target'; ``zone_labels``: the legend text of
    each point colour (where the point falls); ``highlight``: kode_kab drawn larger and always named;
    ``references``: [(label, value)] dashed horizontal lines (an analyst's province and nation).
    Numbers follow ``lang`` (separators). ``as_dict``: the plain figure dict (what the national
    comparison callback sends: no plotly object, no copies)."""
    labels = {"centre": "rata-rata", "l95": "95%", "l998": "99,8%", "target": "target", **(labels or {})}
    zone_labels = {z: z for z in ZONE_ORDER} | (zone_labels or {})
    # Plain dicts and no validation: this figure is built on every national comparison request.
    traces: list[dict] = []
    shapes, annotations = [], []
    data = frame[frame[size].gt(0) & frame[value].notna()] if len(frame) else frame
    if centre is not None and len(data):
        curves = limits_frame(data[size].min(), data[size].max(), centre, kind, per)
        for level in LEVELS:
            tag = _tag(level)
            style = LIMIT_STYLE[level]
            name = labels["l95" if tag == "95" else "l998"]
            for side, show in (("hi", True), ("lo", False)):
                traces.append({"type": "scatter", "x": curves["size"].round(1).tolist(), "y": curves[f"{side}{tag}"].round(3).tolist(),
                               "mode": "lines", "line": {"color": style["color"], "dash": style["dash"], "width": 1},
                               "name": name, "legendgroup": tag, "showlegend": show, "hoverinfo": "skip",
                               "meta": "limit"})
        traces.append({"type": "scatter", "x": curves["size"].round(1).tolist(), "y": curves["centre"].tolist(),
                       "mode": "lines", "name": labels["centre"], "line": {"color": "#111827", "width": 1.5},
                       "hoverinfo": "skip", "meta": "centre"})
    for i, (label, level) in enumerate(references):
        if level is None:
            continue
        shapes.append({"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": level, "y1": level,
                       "line": {"color": "#7c3aed", "dash": "dashdot", "width": 1.2}})
        annotations.append({"xref": "paper", "x": 0 if i % 2 else 1, "yref": "y", "y": level, "text": label,
                            "showarrow": False, "xanchor": "left" if i % 2 else "right", "yanchor": "bottom",
                            "font": {"size": 11, "color": "#5b21b6"}})
    if target is not None:
        shapes.append({"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": target, "y1": target,
                       "line": {"color": "#16a34a", "dash": "dot"}})
        annotations.append({"xref": "paper", "x": 1, "yref": "y", "y": target, "text": labels["target"],
                            "showarrow": False, "xanchor": "right", "yanchor": "bottom"})
    if len(data):
        zone = classify(data[value], data[size], centre, kind, per) if centre is not None else ["within"] * len(data)
        zone = [z or "within" for z in zone]
        named = _labelled(data, zone, value, centre, highlight)
        big = data["kode_kab"].isin(list(highlight or ())).to_numpy()
        names = data["nama"].fillna("").astype(str)
        zone_text = np.array([zone_labels[z] for z in zone], dtype=object)
        custom = np.column_stack([names, data["kode_kab"], zone_text])
        text = np.where(named, names.map(_short).to_numpy(dtype=object), "")
        hover = (f"<b>%{{customdata[0]}}</b> (%{{customdata[1]}})<br>{x_title}: %{{x:,.0f}}<br>"
                 f"{y_title}: %{{y:,.1f}}<br>%{{customdata[2]}}<extra></extra>")
        zones = np.array(zone, dtype=object)
        for z in ZONE_ORDER:
            mask = zones == z
            if not mask.any():
                continue
            traces.append({
                "type": "scatter", "x": data.loc[mask, size].astype(float).tolist(),
                "y": data.loc[mask, value].astype(float).tolist(), "mode": "markers+text",
                "name": zone_labels[z], "meta": "points", "legendgroup": "zone",
                "text": text[mask].tolist(), "textposition": "top center", "textfont": {"size": 10},
                "cliponaxis": False,
                "marker": {"size": np.where(big[mask], 14, 9).tolist(), "color": POINT_COLOURS[z],
                           "symbol": np.where(big[mask], "diamond", "circle").tolist(),
                           "line": {"color": "#ffffff", "width": 1}},
                "customdata": custom[mask].tolist(), "hovertemplate": hover,
            })
    yaxis = {"title": {"text": y_title}, "gridcolor": "#eeeeee", "tickformat": ",~r"}
    if kind == "binomial":
        yaxis["range"] = [max(0.0, min([*data[value].dropna().tolist(), target or 100.0, 100.0]) - 10), 102]
    layout = {"xaxis": {"type": "log", "title": {"text": x_title}, "gridcolor": "#eeeeee", "tickformat": ",~r"},
              "yaxis": yaxis, "separators": ".," if lang == "en" else ",.",
              "margin": {"l": 60, "r": 10, "t": 10, "b": 40}, "height": 400,
              "legend": {"orientation": "h", "y": -0.22, "font": {"size": 11}},
              "paper_bgcolor": "#ffffff", "plot_bgcolor": "#ffffff", "shapes": shapes, "annotations": annotations}
    spec = {"data": traces, "layout": layout}
    return spec if as_dict else go.Figure(spec, _validate=False)
