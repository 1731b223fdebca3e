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


def _exact_bounds(centre: float, sizes: np.ndarray, level: float, kind: str, per: float):
    """(lower, upper) exact quantile counts and the observed-count scale: a count above ``upper`` has
    P(X >= count) < tail, below ``lower`` P(X <= count) < tail (no interpolation: a test, not a curve)."""
    tail = (1 - level) / 2
    if kind == "poisson":
        dist = stats.poisson(np.maximum(centre / per * sizes, 1e-12))
        scale = sizes / per
    else:
        n = np.maximum(sizes.round(), 1)
        dist = stats.binom(n.astype(int), min(max(centre / 100.0, 1e-12), 1 - 1e-12))
        scale = n / 100.0
    return dist.ppf(tail), dist.ppf(1 - tail), scale


def classify(values, sizes, centre: float, kind: str = "poisson", per: float = 100_000) -> list[str | None]:
    """Where each point falls: above_998 | above_95 | within | below_95 | below_998 (None: no value).

    An exact test of the point's count against the distribution at ``centre`` (Poisson, or Binomial for
    percentages): the drawn curves are interpolated to be smooth, and on them 100 % completeness of 4
    facilities would read as 'above 99.8 %' although 4 of 4 happens 86 % of the time at a 96 % centre."""
    if kind not in ("poisson", "binomial"):
        raise ValueError(f"unknown funnel kind {kind!r}")
    values = np.asarray(values, dtype=float)
    sizes = np.asarray(sizes, dtype=float)
    safe = np.where(np.isnan(sizes) | (sizes <= 0), 1.0, sizes)
    out: list[str | None] = []
    bounds = {}
    for level in LEVELS:
        lo, hi, scale = _exact_bounds(centre, safe, level, kind, per)
        bounds[level] = (lo, hi, np.round(values * scale, 6))
    for i, value in enumerate(values):
        count = bounds[0.998][2][i]
        if np.isnan(value) or np.isnan(sizes[i]) or sizes[i] <= 0:
            out.append(None)
        elif count > bounds[0.998][1][i]:
            out.append("above_998")
        elif count > bounds[0.95][1][i]:
            out.append("above_95")
        elif count < bounds[0.998][0][i]:
            out.append("below_998")
        elif count < bounds[0.95][0][i]:
            out.append("below_95")
        else:
            out.append("within")
    return out


ZONE_ORDER = ("above_998", "above_95", "within", "below_95", "below_998")
LABEL_ALL_UP_TO = 15   # every point of a small funnel is a candidate for a name; a national one only its outliers
MAX_LABELS = 8
# The plot area the labels are placed for (px): a phone's (the 1366-px page gives the funnel about 600 x 230).
PLOT_PX = (280, 200)
CHAR_PX, LINE_PX, GAP_PX = 5.6, 12.0, 6.0   # a 10-px label: average character width, line height, offset
HALO = "1px 1px 1px #fff, -1px -1px 1px #fff, 1px -1px 1px #fff, -1px 1px 1px #fff"  # names readable over points


def _short(name: str) -> str:
    for prefix in ("Kabupaten ", "Kab. "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def _labelled(data: pd.DataFrame, zone: list, value: str, size: str, centre: float | None, highlight,
              names: list[str], y_range: tuple[float, float]) -> tuple[np.ndarray, list[str]]:
    """Which points carry their name, and where (text position): the highlighted kabupaten first, then
    the points outside 99.8 % furthest from the centre (every point of a small funnel), each only where
    its name does not run into one already placed (at most MAX_LABELS). Hover shows every point's name."""
    n = len(data)
    show = np.zeros(n, bool)
    position = ["top center"] * n
    if not n:
        return show, position
    own = data["kode_kab"].isin(list(highlight or ())).to_numpy()
    outside = np.array([z in ("above_998", "below_998") for z in zone])
    values = data[value].to_numpy(dtype=float)
    candidate = own | outside if n > LABEL_ALL_UP_TO else np.ones(n, bool)
    distance = np.abs(values - (centre if centre is not None else np.nanmean(values)))
    order = sorted(np.flatnonzero(candidate), key=lambda i: (not own[i], -distance[i]))
    sizes = np.log10(np.maximum(data[size].to_numpy(dtype=float), 1e-9))
    x_lo, x_hi = sizes.min() - 0.1, sizes.max() + 0.08   # the curves run from 0.8x to 1.2x the sizes
    x_px = (sizes - x_lo) / max(x_hi - x_lo, 1e-9) * PLOT_PX[0]
    y_px = (values - y_range[0]) / max(y_range[1] - y_range[0], 1e-9) * PLOT_PX[1]
    placed: list[tuple[float, float, float, float]] = []
    for i in order:
        if len(placed) >= MAX_LABELS:
            break
        width = len(names[i]) * CHAR_PX
        below = centre is not None and values[i] < centre
        vertical = "bottom" if below else "top"
        y0 = y_px[i] - GAP_PX - LINE_PX if below else y_px[i] + GAP_PX
        if x_px[i] - width / 2 < 0:
            x0, horizontal = x_px[i], "right"
        elif x_px[i] + width / 2 > PLOT_PX[0]:
            x0, horizontal = x_px[i] - width, "left"
        else:
            x0, horizontal = x_px[i] - width / 2, "center"
        box = (x0 - 2, y0 - 1, x0 + width + 2, y0 + LINE_PX + 1)
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
            continue
        placed.append(box)
        show[i] = True
        position[i] = f"{vertical} {horizontal}"
    return show, position


def log_ticks(low: float, high: float, lang: str = "id", px: float = PLOT_PX[0]) -> tuple[list[float], list[str]]:
    """Tick values and texts of a log axis from ``low`` to ``high``: 1-2-5, else 1-3, else powers of ten,
    whichever is the densest whose labels (in the language's format) do not touch in ``px`` pixels."""
    from dashboard import format as fmt

    low, high = max(float(low), 1e-9), max(float(high), float(low) * 1.01)
    span = np.log10(high) - np.log10(low)
    decades = range(int(np.floor(np.log10(low))), int(np.ceil(np.log10(high))) + 1)
    best: tuple[list[float], list[str]] = ([], [])
    for mantissas in ((1, 2, 5), (1, 3), (1,)):
        vals = [m * 10.0 ** d for d in decades for m in mantissas if low <= m * 10.0 ** d <= high]
        texts = [fmt.number(v, lang) for v in vals]
        if len(vals) < 2 and mantissas == (1, 2, 5):
            return [], []  # a narrow range: the automatic ticks do
        best = (vals, texts)
        pos = [(np.log10(v) - np.log10(low)) / span * px for v in vals]
        room = all(pos[k + 1] - pos[k] >= (len(texts[k]) + len(texts[k + 1])) / 2 * 7.0 + 10
                   for k in range(len(vals) - 1))
        if room and len(vals) >= 2:
            return best
    return best


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
    yaxis = {"title": {"text": y_title}, "gridcolor": "#eeeeee", "tickformat": ",~r"}
    known = data[value].dropna().astype(float).tolist() if len(data) else []
    if kind == "binomial":
        yaxis["range"] = [max(0.0, min([*known, target or 100.0, 100.0]) - 10), 102]
        y_range = tuple(yaxis["range"])
    else:
        ends = [*known, *(curves["lo998"].tolist() + curves["hi998"].tolist() if centre is not None and known else [])]
        y_range = (min(ends), max(ends)) if ends else (0.0, 1.0)
    if len(data):
        zone = classify(data[value], data[size], centre, kind, per) if centre is not None else ["within"] * len(data)
        zone = [z or "within" for z in zone]
        names = data["nama"].fillna("").astype(str)
        short = names.map(_short).tolist()
        named, position = _labelled(data, zone, value, size, centre, highlight, short, y_range)
        big = data["kode_kab"].isin(list(highlight or ())).to_numpy()
        zone_text = np.array([zone_labels[z] for z in zone], dtype=object)
        custom = np.column_stack([names, data["kode_kab"], zone_text])
        text = np.where(named, np.array(short, dtype=object), "")
        position = np.array(position, dtype=object)
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
                "name": zone_labels[z], "meta": "points",
                "text": text[mask].tolist(), "textposition": position[mask].tolist(),
                "textfont": {"size": 10, "color": "#111827", "shadow": HALO}, "cliponaxis": False,
                "marker": {"size": np.where(big[mask], 14, 9).tolist(), "color": POINT_COLOURS[z],
                           "symbol": np.where(big[mask], "diamond", "circle").tolist(),
                           "line": {"color": "#ffffff", "width": 1}},
                "customdata": custom[mask].tolist(), "hovertemplate": hover,
            })
    xaxis = {"type": "log", "title": {"text": x_title, "standoff": 6}, "automargin": True, "gridcolor": "#eeeeee",
             "tickformat": ",~r"}
    if len(data):  # a few round ticks in the language's format: the automatic ones overlap on a log axis
        sizes = data[size].astype(float)
        vals, texts = log_ticks(sizes.min() * 0.8, sizes.max() * 1.2, lang)
        if vals:
            xaxis.update(tickmode="array", tickvals=vals, ticktext=texts)
        else:
            xaxis["nticks"] = 4
    layout = {"xaxis": xaxis, "yaxis": yaxis, "separators": ".," if lang == "en" else ",.",
              "margin": {"l": 60, "r": 10, "t": 10, "b": 140}, "height": 450,
              # at the foot of the figure, in a bottom margin that holds the axis title and a phone's four
              # legend rows: a legend placed in plot units ran into the title on one screen size or another
              "legend": {"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "font": {"size": 11}},
              "paper_bgcolor": "#ffffff", "plot_bgcolor": "#ffffff", "shapes": shapes, "annotations": annotations}
    spec = {"data": traces, "layout": layout}
    return spec if as_dict else go.Figure(spec, _validate=False)
