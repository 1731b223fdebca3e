"""Choropleth of desa values with classes, "tidak lapor" distinct, kecamatan borders, alert outlines.

The map draws offline: ``map_style="white-bg"`` (no tiles, no style download) and the geometry is a
*URL* on this app (``/geo/desa/<kab>.json``): plotly.js fetches it once and caches it, so a callback
only ships codes and class numbers. Kecamatan borders are a map layer sourced from the same kind of URL.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from dashboard.i18n import t

SEQUENTIAL = ["#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15"]
DIVERGING = ["#2166ac", "#92c5de", "#f7f7f7", "#f4a582", "#b2182b"]
COVERAGE = ["#d7191c", "#fdae61", "#ffffbf", "#a6d96a", "#1a9641"]  # low coverage is the problem
ZERO = "#e5f5e0"
MISSING = "#b8b8b8"
ALERT = "#7a0177"
BORDER = "#8a8a8a"
FIXED_BREAKS = {
    "kasus": [1, 5, 10, 20],          # 1-4, 5-9, 10-19, 20+ (0 has its own class)
    "rate": [0.5, 1, 2, 5],
    "eb": [0.5, 1, 2, 5],
    "perubahan": [-5, -1, 1, 5],
    "cakupan": [50, 70, 85, 100],
}
SCHEMES = ("quantile", "natural", "fixed")


@dataclasses.dataclass
class Classes:
    labels: list[str]         # legend labels, class order
    colors: list[str]
    index: np.ndarray         # class of each value; -1 = no value (tidak lapor / kosong)


def _fmt(x: float, integer: bool, lang: str) -> str:
    text = f"{x:,.0f}" if integer else f"{x:,.2f}".rstrip("0").rstrip(".")
    if lang == "id":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def _range_labels(lows: list[float], highs: list[float], integer: bool, lang: str,
                  open_top: bool = False) -> list[str]:
    labels = []
    for i, (lo, hi) in enumerate(zip(lows, highs, strict=True)):
        if open_top and i == len(lows) - 1:
            labels.append(f"≥ {_fmt(lo, integer, lang)}")
        elif integer and hi - lo < 1:
            labels.append(_fmt(hi, integer, lang))
        else:
            labels.append(f"{_fmt(lo, integer, lang)} – {_fmt(hi, integer, lang)}")
    return labels


def classify(values, scheme: str = "quantile", kind: str = "kasus", k: int = 5, lang: str = "id") -> Classes:
    """Classes for ``values`` (NaN = no value). ``kind`` picks palette, fixed breaks and whether zero is a
    class of its own (counts and rates: 0 is "no cases", drawn pale green, never as missing)."""
    values = pd.Series(values, dtype=float).reset_index(drop=True)
    index = np.full(len(values), -1)
    known = values.notna().to_numpy()
    palette = {"perubahan": DIVERGING, "cakupan": COVERAGE}.get(kind, SEQUENTIAL)
    separate_zero = kind in ("kasus", "rate", "eb")
    integer = kind in ("kasus", "perubahan") and bool((values[known] % 1 == 0).all())
    labels, colors = [], []
    if separate_zero and (known & (values.to_numpy() == 0)).any():
        labels.append("0")
        colors.append(ZERO)
        index[known & (values.to_numpy() == 0)] = 0
    rest = known & ~((values.to_numpy() == 0) if separate_zero else np.zeros(len(values), bool))
    data = values.to_numpy()[rest]
    if len(data):
        offset = len(labels)
        if scheme == "fixed":
            breaks = FIXED_BREAKS.get(kind, FIXED_BREAKS["kasus"])
            if separate_zero:
                cls = np.digitize(data, breaks[1:])
                edges = [breaks[0], *breaks[1:]]
                lows, highs = edges, [b - (1 if integer else 0) for b in breaks[1:]] + [np.inf]
            else:
                cls = np.digitize(data, breaks)
                lows = [-np.inf, *breaks]
                highs = [*breaks, np.inf]
            used = sorted(set(cls.tolist()))
            remap = {c: i for i, c in enumerate(used)}
            index[rest] = [offset + remap[c] for c in cls]
            for c in used:
                lo, hi = lows[c], highs[c]
                if np.isinf(hi):
                    labels.append(f"≥ {_fmt(lo, integer, lang)}")
                elif np.isinf(lo):
                    labels.append(f"< {_fmt(hi, integer, lang)}")
                else:
                    labels.append(f"{_fmt(lo, integer, lang)} – {_fmt(hi, integer, lang)}")
            colors.extend(_pick(palette, len(used), [c / max(len(lows) - 1, 1) for c in used]))
        else:
            unique = np.unique(data)
            kk = min(k, len(unique))
            if kk <= 1:
                cls, bins = np.zeros(len(data), int), np.array([unique.max()])
            elif len(unique) <= k:  # one class per distinct value
                cls = np.searchsorted(unique, data)
                index[rest] = offset + cls
                labels.extend(_fmt(v, integer, lang) for v in unique)
                colors.extend(_pick(palette, len(unique)))
                return Classes(labels=labels, colors=colors, index=index)
            else:
                bins = quantile_bins(data, kk) if scheme == "quantile" else natural_bins(data, kk)
                cls = np.searchsorted(bins, data, side="left")
            used = sorted(set(np.asarray(cls).tolist()))
            remap = {c: i for i, c in enumerate(used)}
            index[rest] = [offset + remap[c] for c in cls]
            lows = [float(data.min()) if c == 0 else float(bins[c - 1]) + (1 if integer else 0) for c in used]
            highs = [float(bins[c]) for c in used]
            lows = [min(lo, hi) for lo, hi in zip(lows, highs, strict=True)]
            labels.extend(_range_labels(lows, highs, integer, lang))
            colors.extend(_pick(palette, len(used)))
    return Classes(labels=labels, colors=colors, index=index)


def quantile_bins(data: np.ndarray, k: int) -> np.ndarray:
    """Upper bounds of k quantile classes (duplicates merged; the last bound is the maximum)."""
    bins = np.unique(np.quantile(data, np.linspace(0, 1, k + 1)[1:], method="inverted_cdf"))
    bins[-1] = data.max()
    return bins


def natural_bins(data: np.ndarray, k: int, max_points: int = 800) -> np.ndarray:
    """Upper bounds of Fisher-Jenks natural-breaks classes (exact optimal partition of the sorted values
    minimising the within-class sum of squares; large inputs are thinned to ``max_points`` quantiles).

    Our own dynamic programme (numpy, O(k n^2)) rather than mapclassify: importing mapclassify pulls in
    scikit-learn and numba and costs every app worker about ten seconds of start-up.
    """
    x = np.sort(np.asarray(data, float))
    if len(x) > max_points:
        x = np.quantile(x, np.linspace(0, 1, max_points))
    n = len(x)
    k = min(k, len(np.unique(x)))
    s1 = np.concatenate([[0.0], np.cumsum(x)])
    s2 = np.concatenate([[0.0], np.cumsum(x * x)])
    i = np.arange(n)[:, None]  # class start (0-based, inclusive)
    j = np.arange(n)[None, :]  # class end (inclusive)
    size = (j - i + 1).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ssd = (s2[j + 1] - s2[i]) - (s1[j + 1] - s1[i]) ** 2 / size
    ssd = np.where(j >= i, ssd, np.inf)
    cost = ssd[0].copy()                     # one class covering x[0..j]
    back = np.zeros((k, n), int)
    for level in range(1, k):
        # best split: previous classes end at i-1, the new class is x[i..j]
        total = np.full((n, n), np.inf)
        total[1:, :] = cost[:-1, None] + ssd[1:, :]
        back[level] = np.argmin(total, axis=0)
        cost = total[back[level], np.arange(n)]
    ends, end = [], n - 1
    for level in range(k - 1, 0, -1):
        start = back[level][end]
        ends.append(end)
        end = start - 1
    ends.append(end)
    bounds = np.unique(x[sorted(ends)])
    bounds[-1] = np.max(data)
    return bounds


def _pick(palette: list[str], n: int, positions: list[float] | None = None) -> list[str]:
    if positions is None:
        positions = [i / (n - 1) for i in range(n)] if n > 1 else [1.0]
    return [palette[int(round(p * (len(palette) - 1)))] for p in positions]


def value_text(frame: pd.DataFrame, value_label: str, lang: str) -> np.ndarray:
    """Hover text of the value: the number, or why there is none (vectorised: this runs per callback)."""
    if not len(frame):
        return np.array([], dtype=object)
    values = frame["nilai"].to_numpy(dtype=float)
    shown = np.array([_fmt(v, float(v).is_integer(), lang) if np.isfinite(v) else "–" for v in values], dtype=object)
    text = value_label + ": " + shown
    if value_label != t("nilai.kasus", lang) and "kasus" in frame:
        cases = frame["kasus"].to_numpy(dtype=float)
        word = t("nilai.kasus", lang).lower()
        extra = np.array([f" ({_fmt(c, True, lang)} {word})" if np.isfinite(c) else "" for c in cases], dtype=object)
        text = text + extra
    return np.where(frame["status"].to_numpy() == "tidak_lapor", t("peta.tidak_lapor", lang), text)


def desa_map(frame: pd.DataFrame, classes: Classes, *, geo_url: str, kec_url: str | None, view: dict,
             lang: str, value_label: str, uirevision: str = "") -> dict:
    """The Peta Desa figure (a plain plotly figure dict: building graph objects costs ~30 ms per callback
    in validation alone): one choropleth trace per class, one for "tidak lapor", one outlining active
    alerts. ``frame`` rows: kode_desa, nama_desa, nama_kec, puskesmas, nilai, status, alerts."""
    frame = frame.reset_index(drop=True)
    if "hover" not in frame:
        frame = frame.assign(hover="<b>" + frame["nama_desa"].fillna("").astype(str) + "</b> (" + frame["kode_desa"]
                             + ")<br>Kec. " + frame["nama_kec"].fillna("").astype(str) + "<br>Puskesmas: "
                             + frame["puskesmas"].fillna("–").astype(str) + "<br>")
    hover = frame["hover"].to_numpy(dtype=object) + value_text(frame, value_label, lang) if len(frame) \
        else np.array([], dtype=object)
    codes = frame["kode_desa"].to_numpy(dtype=object)
    traces = []

    def add(mask: np.ndarray, color: str, name: str, meta: str = "class"):
        if not mask.any():
            return
        traces.append({
            "type": "choroplethmap", "geojson": geo_url, "locations": codes[mask].tolist(),
            "z": [0] * int(mask.sum()), "colorscale": [[0, color], [1, color]], "showscale": False,
            "marker": {"line": {"color": BORDER, "width": 0.6}, "opacity": 0.9},
            "text": hover[mask].tolist(), "hovertemplate": "%{text}<extra></extra>", "name": name, "meta": meta,
        })

    idx = classes.index
    for i, (label, color) in enumerate(zip(classes.labels, classes.colors, strict=True)):
        add(idx == i, color, label)
    status = frame["status"].to_numpy()
    add((idx < 0) & (status == "tidak_lapor"), MISSING, t("peta.tidak_lapor", lang), meta="missing")
    add((idx < 0) & (status != "tidak_lapor"), "#e8e8e8", "–", meta="missing")
    alerted = (frame["alerts"] > 0).to_numpy()
    if alerted.any():
        traces.append({
            "type": "choroplethmap", "geojson": geo_url, "locations": codes[alerted].tolist(),
            "z": [0] * int(alerted.sum()), "colorscale": [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
            "showscale": False, "marker": {"line": {"color": ALERT, "width": 3}}, "hoverinfo": "skip",
            "name": t("peta.alert", lang), "meta": "alert",
        })
    layers = []
    if kec_url:
        layers.append({"sourcetype": "geojson", "source": kec_url, "type": "line", "color": "#333333",
                       "line": {"width": 1.8}, "below": ""})
    return {"data": traces, "layout": {
        "map": {"style": "white-bg", "center": view["center"], "zoom": view["zoom"], "layers": layers},
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0}, "height": 600, "showlegend": False, "uirevision": uirevision,
        "paper_bgcolor": "#ffffff", "hoverlabel": {"bgcolor": "#ffffff"},
    }}


def legend_items(classes: Classes) -> list[tuple[str, str]]:
    return list(zip(classes.labels, classes.colors, strict=True))


def feature_count(fig: dict) -> int:
    """Desa drawn (every desa is in exactly one class or missing trace; alert outlines not counted)."""
    return sum(len(tr["locations"]) for tr in fig["data"] if tr["meta"] in ("class", "missing"))
